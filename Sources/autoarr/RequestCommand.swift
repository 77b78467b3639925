import ArgumentParser
import AutoArrCore
import AutoArrApp
import Foundation

struct RequestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Ask for a movie or show in plain language: look it up, then add it to Sonarr or Radarr.")

    @OptionGroup var common: CommonOptions

    @Argument(help: "The request, e.g. \"add the new Dune movie in 4K\".")
    var text: String

    @Flag(help: "Add the best match without asking, when it is clearly the one meant.")
    var yes = false

    @Option(help: "Add the Nth candidate listed.")
    var pick: Int?

    @Option(help: "The Sonarr or Radarr instance to use (default: chosen by type and quality).")
    var instance: String?

    func validate() throws {
        if let pick, pick < 1 { throw ValidationError("--pick: expected a candidate number from 1, got \(pick)") }
    }

    func run() async throws {
        let config = try common.loadConfig()
        var quiet = config
        quiet.logLevel = .warning
        let components = try await openComponents(quiet, logger: makeLogger(quiet))
        var arguments: JSONValue = ["query": .string(text), "autoConfirm": .bool(yes && pick == nil)]
        if let instance { arguments["instance"] = .string(instance) }
        var request = try await components.run("request_media", arguments, as: RequestResource.self)
        if request.status == .awaitingChoice {
            Self.show(request)
            if let pick {
                request = try await components.run("confirm_request", ["id": .number(Double(request.id)), "position": .number(Double(pick))],
                                                   as: RequestResource.self)
            } else if yes, request.chosen == nil {
                print("No clear match: run again with --pick N.")
                throw ExitCode(3)
            }
        }
        print("request \(request.id): \(request.status.rawValue)\(request.chosen.map { " — \($0.title)\($0.year.map { " (\($0))" } ?? "") in \($0.instance)" } ?? "")")
        if let error = request.error { print("error: \(error)") }
        if request.status == .failed { throw ExitCode.failure }
    }

    static func show(_ request: RequestResource) {
        for (index, candidate) in request.candidates.enumerated() {
            let marks = [candidate.libraryId != nil ? "in library" : nil, candidate.id == request.chosen?.id ? "best match" : nil].compactMap { $0 }
            print("\(index + 1). \(candidate.title)\(candidate.year.map { " (\($0))" } ?? "")  \(candidate.company ?? "")  [\(candidate.id), \(candidate.instance)]"
                  + (marks.isEmpty ? "" : "  — " + marks.joined(separator: ", ")))
        }
    }
}
