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
        config.monitor.dryRun = true
        let components = try await openComponents(config, logger: makeLogger(config))
        let report = await components.monitor.pass()
        for error in report.errors { FileHandle.standardError.write(Data("autoarr: \(error)\n".utf8)) }
        let queue = await components.monitor.queue
        // An empty queue is only news when every service answered; one that could not be asked fails the command.
        if queue.isEmpty { print(report.errors.isEmpty ? "Nothing in any queue." : "Nothing in the queues that answered.") }
        for download in queue {
            let item = download.item
            let progress = item.map { String(format: "%3.0f%%", $0.progress * 100) } ?? "   -"
            let arr = download.arr.map { " · \($0.instance): \($0.trackedDownloadState ?? $0.status)" } ?? ""
            let failure = download.failure.map { "  ✗ \($0.rawValue)" } ?? ""
            print("\(progress)  \(item?.state.rawValue ?? "-")  \(item?.title ?? download.arr?.title ?? download.downloadId)  [\(item?.instance ?? "-")\(arr)]\(failure)")
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
        config.monitor.dryRun = dryRun || config.monitor.dryRun
        let components = try await openComponents(config, logger: makeLogger(config))
        let report = await components.monitor.pass()
        for error in report.errors { FileHandle.standardError.write(Data("autoarr: \(error)\n".utf8)) }
        var query = ActivityQuery()
        query.typePrefix = "recovery."
        query.limit = 100
        let steps = try await components.database.activity.page(query).items.reversed()
        print("\(report.downloads) downloads, \(report.failures) failed\(config.monitor.dryRun ? " (dry run: nothing sent)" : "")")
        for step in steps { print("  \(step.event.message)") }
        if !report.errors.isEmpty { throw ExitCode.failure }
    }
}
