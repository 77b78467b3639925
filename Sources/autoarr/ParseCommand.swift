import ArgumentParser
import AutoArrCore
import Foundation

struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Show how AutoArr reads a plain-language request: type, title, year, season, episode, quality.")

    @Argument(help: "The request, e.g. \"add the new Dune movie in 4K\".")
    var text: String?

    @Flag(help: "Print one JSON object.")
    var json = false

    @Flag(help: "Read one request per line from stdin; write one JSON object per line, in order.")
    var jsonLines = false

    func validate() throws {
        if jsonLines, text != nil { throw ValidationError("--json-lines reads stdin; drop the request argument") }
        if !jsonLines, text == nil { throw ValidationError("give a request, e.g. autoarr parse \"add Dune in 4K\", or use --json-lines") }
    }

    func run() throws {
        let parser = RequestParser()
        if jsonLines {
            // One object per input line, errors included, so output lines match input lines.
            var output = ""
            while let line = readLine(strippingNewline: true) {
                let object: JSONValue
                do { object = try parser.parse(line).json } catch { object = ["error": .string(error.description), "type": .null, "title": .null,
                                                                             "year": .null, "season": .null, "episode": .null, "quality": .null] }
                output += Self.encode(object) + "\n"
                if output.utf8.count > 64 * 1024 { FileHandle.standardOutput.write(Data(output.utf8)); output = "" }
            }
            FileHandle.standardOutput.write(Data(output.utf8))
            return
        }
        let parsed: ParsedRequest
        do {
            parsed = try parser.parse(text ?? "")
        } catch {
            FileHandle.standardError.write(Data("autoarr: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
        if json {
            print(Self.encode(parsed.json))
            return
        }
        func show(_ value: Any?) -> String { value.map { "\($0)" } ?? "-" }
        print("""
            type     \(show(parsed.type?.rawValue))
            title    \(show(parsed.title))
            year     \(show(parsed.year))
            season   \(parsed.latestSeason ? "latest" : show(parsed.season))
            episode  \(show(parsed.episode))
            quality  \(show(parsed.quality?.rawValue))
            """)
    }

    static func encode(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "{}"
    }
}
