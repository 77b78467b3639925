import ArgumentParser
import AutoArrCore
import AutoArrApp

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the version.")

    func run() {
        print("autoarr \(AutoArrVersion.current)")
    }
}
