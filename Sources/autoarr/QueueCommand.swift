import ArgumentParser
import AutoArrCore
import AutoArrApp
import Foundation

struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue", abstract: "Show every download across the clients and the *arrs, with failures classified. Changes nothing.")

    @OptionGroup var common: CommonOptions

    func run() async throws {
        var config = try common.loadConfig()
        config.logLevel = .warning
        let components = try await openComponents(config, logger: makeLogger(config))
        let report = await components.monitor.pass(recover: false)
        for error in report.errors { FileHandle.standardError.write(Data("autoarr: \(error)\n".utf8)) }
        let active = try await components.run("list_downloads", as: DownloadList.self).items
        let finished = try await components.run("download_history", as: DownloadList.self).items
        let queue = active + finished.filter { done in !active.contains { $0.downloadId == done.downloadId } }
        // An empty queue is only news when every service answered; one that could not be asked fails the command.
        if queue.isEmpty { print(report.errors.isEmpty ? "Nothing in any queue." : "Nothing in the queues that answered.") }
        for download in queue {
            let progress = download.progress.map { String(format: "%3.0f%%", $0 * 100) } ?? "   -"
            let arr = download.arr.map { " · \($0): \(download.trackedDownloadState ?? download.arrStatus ?? "-")" } ?? ""
            let failure = download.failure.map { "  ✗ \($0.rawValue)" } ?? ""
            print("\(progress)  \(download.state?.rawValue ?? "-")  \(download.title)  [\(download.client ?? "-")\(arr)]\(failure)")
        }
        if !report.errors.isEmpty { throw ExitCode.failure }
    }
}

struct RecoverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover", abstract: "Run one monitor pass and recover failed downloads (plan only with --dry-run).")

    @OptionGroup var common: CommonOptions

    @Flag(help: "Plan and show, but send nothing.")
    var dryRun = false

    func run() async throws {
        var config = try common.loadConfig()
        config.logLevel = .warning
        let components = try await openComponents(config, logger: makeLogger(config))
        let pass = try await components.run("run_recovery", ["dryRun": .bool(dryRun || config.monitor.dryRun)], as: RecoveryPassResult.self)
        for error in pass.errors { FileHandle.standardError.write(Data("autoarr: \(error)\n".utf8)) }
        print("\(pass.downloads) downloads, \(pass.failures) failed\(pass.dryRun ? " (dry run: nothing sent)" : "")")
        for step in pass.steps { print("  \(step.message)") }
        if !pass.errors.isEmpty { throw ExitCode.failure }
    }
}
