import AutoArrCore
import Foundation
import Hummingbird

/// The unified download queue, failures, a person's actions on a download, and recovery attempts.
struct DownloadsController {
    let monitor: DownloadMonitor
    let controls: any DownloadControls & RecoveryActions
    let store: any RecoveryStore
    let bus: EventBus

    struct DownloadResource: Encodable {
        var downloadId: String
        var client: String?
        var title: String
        var state: String?
        var progress: Double?
        var sizeBytes: Int64?
        var remainingBytes: Int64?
        var clientStatus: String?
        var failureMessage: String?
        var arr: String?
        var arrQueueId: Int?
        var arrStatus: String?
        var trackedDownloadState: String?
        var arrMessages: [String]
        var failure: String?
        /// What a person can do to it in its state: `retry` (a failed Usenet job), `pause`, `resume`, `remove`, `blocklist`.
        var actions: [String]

        init(_ download: UnifiedDownload) {
            downloadId = download.item?.downloadId ?? download.arr?.downloadId ?? download.downloadId
            client = download.item?.instance
            title = download.item?.title ?? download.arr?.title ?? download.downloadId
            state = download.item?.state.rawValue
            progress = download.item?.progress
            sizeBytes = download.item?.sizeBytes ?? download.arr?.sizeBytes
            remainingBytes = download.item?.remainingBytes ?? download.arr?.remainingBytes
            clientStatus = download.item?.clientStatus
            failureMessage = download.item?.failureMessage
            arr = download.arr?.instance
            arrQueueId = download.arr?.id
            arrStatus = download.arr?.status
            trackedDownloadState = download.arr?.trackedDownloadState
            arrMessages = download.arr?.messages ?? []
            failure = download.failure?.rawValue
            actions = Self.actions(download)
        }

        static func actions(_ download: UnifiedDownload) -> [String] {
            var actions: [String] = []
            if let item = download.item {
                if item.state == .failed, item.signals.protocolName != "torrent" { actions.append("retry") }
                if item.state == .queued || item.state == .downloading { actions.append("pause") }
                if item.state == .paused { actions.append("resume") }
                actions.append("remove")
            }
            if download.arr != nil { actions.append("blocklist") }
            return actions
        }
    }

    struct DownloadList: ResponseEncodable {
        var items: [DownloadResource]
    }

    struct FailureResource: Encodable {
        var id: Int64
        var client: String
        var downloadId: String
        var title: String
        var kind: String
        var status: String
        var correlationId: String
        var firstSeen: String
        var lastSeen: String
        /// What it waits for, or what resolved it.
        var note: String?
        var waitingSince: String?
        var attempts: [AttemptResource]
    }

    struct AttemptResource: Encodable {
        var id: Int64
        var strategy: String
        var status: String
        var detail: String?
        var correlationId: String
        var createdAt: String
        var finishedAt: String?

        init(_ attempt: AttemptRecord) {
            id = attempt.id
            strategy = attempt.strategy.rawValue
            status = attempt.status.rawValue
            detail = attempt.detail
            correlationId = attempt.correlationId
            createdAt = ISO8601Timestamp.format(attempt.createdAt)
            finishedAt = attempt.finishedAt.map(ISO8601Timestamp.format)
        }
    }

    struct FailureList: ResponseEncodable { var items: [FailureResource] }
    struct AttemptList: ResponseEncodable { var items: [AttemptResource] }
    struct Outcome: ResponseEncodable { var downloadId: String; var done: String }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("downloads") { _, _ in
            DownloadList(items: await monitor.queue.filter { ![.completed, .failed, .removed].contains($0.item?.state ?? .queued) || $0.arr != nil }
                .map(DownloadResource.init))
        }
        group.get("downloads/history") { _, _ in
            DownloadList(items: await monitor.queue.filter { [.completed, .failed, .removed].contains($0.item?.state ?? .queued) }.map(DownloadResource.init))
        }
        group.get("downloads/failed") { _, _ in
            let failures = try await store.failures(statuses: [], limit: 200)
            var items: [FailureResource] = []
            for failure in failures {
                let attempts = try await store.attempts(failureId: failure.id)
                items.append(FailureResource(
                    id: failure.id, client: failure.instance, downloadId: failure.downloadId, title: failure.title, kind: failure.kind.rawValue,
                    status: failure.status.rawValue, correlationId: failure.correlationId, firstSeen: ISO8601Timestamp.format(failure.firstSeen),
                    lastSeen: ISO8601Timestamp.format(failure.lastSeen), note: failure.note, waitingSince: failure.waitingSince.map(ISO8601Timestamp.format),
                    attempts: attempts.map(AttemptResource.init)))
            }
            return FailureList(items: items)
        }
        group.post("downloads/{id}/retry") { _, context in
            let download = try await find(context)
            guard let item = download.item else { throw AutoArrError(.invalidInput, "no client job for this download", field: "id") }
            let torrent = item.signals.protocolName == "torrent"
            let detail = try await act { try await controls.perform(torrent ? .reannounce : .retryAtClient, item: item, arr: download.arr, removeFromClient: false) }
            return await done("retry", detail.message, item.instance, item.downloadId, context)
        }
        group.post("downloads/{id}/pause") { _, context in
            let item = try await clientItem(context)
            try await act { try await controls.pause(item) }
            return await done("pause", "paused \(item.title) in \(item.instance)", item.instance, item.downloadId, context)
        }
        group.post("downloads/{id}/resume") { _, context in
            let item = try await clientItem(context)
            try await act { try await controls.resume(item) }
            return await done("resume", "resumed \(item.title) in \(item.instance)", item.instance, item.downloadId, context)
        }
        group.delete("downloads/{id}") { request, context in
            // Anything but a clear yes or no is refused: a misspelt `blocklist=True` must not just delete the data.
            let blocklist: Bool
            switch request.uri.queryParameters["blocklist"].map({ $0.lowercased() }) {
            case nil, "false"?, "0"?: blocklist = false
            case "true"?, "1"?: blocklist = true
            case let other?: throw AutoArrError(.invalidInput, "blocklist must be true or false, not \(other)", field: "blocklist")
            }
            let download = try await find(context)
            if blocklist {
                guard let arr = download.arr else { throw AutoArrError(.invalidInput, "blocklisting needs the *arr's record; none tracks this download", field: "blocklist") }
                let detail = try await act { try await controls.perform(.blocklistAndSearch, item: download.item, arr: arr, removeFromClient: true) }
                return await done("blocklist", detail.message, arr.instance, download.downloadId, context)
            }
            guard let item = download.item else { throw AutoArrError(.invalidInput, "no client job for this download", field: "id") }
            try await act { try await controls.remove(item, deleteData: true) }
            return await done("remove", "removed \(item.title) and its data from \(item.instance)", item.instance, item.downloadId, context)
        }
        group.get("recovery/attempts") { request, _ in
            let correlation = request.uri.queryParameters["correlationId"].map(String.init)
            return AttemptList(items: try await store.attempts(correlationId: correlation, limit: 200).map(AttemptResource.init))
        }
    }

    private func find(_ context: AppRequestContext) async throws -> UnifiedDownload {
        let id = try context.parameters.require("id")
        guard let download = await monitor.queue.first(where: { $0.downloadId.caseInsensitiveCompare(id) == .orderedSame || $0.item?.downloadId == id }) else {
            throw AutoArrError(.notFound, "no download \(id) in the queue")
        }
        return download
    }

    /// Records a person's action in the activity log, saying who, and answers with what was done.
    private func done(_ action: String, _ message: String, _ instance: String, _ downloadId: String, _ context: AppRequestContext) async -> Outcome {
        let who = if case .session(let user, _) = context.principal { user.username } else { "the API key" }
        _ = await bus.publish(Event(.downloadAction, message: "\(message) (by \(who))", instance: instance,
                                    data: ["action": .string(action), "downloadId": .string(downloadId)]))
        return Outcome(downloadId: downloadId, done: message)
    }

    private func clientItem(_ context: AppRequestContext) async throws -> DownloadItem {
        guard let item = try await find(context).item else { throw AutoArrError(.invalidInput, "no client job for this download", field: "id") }
        return item
    }

    /// A service's refusal is the caller's problem (400 with its words); an unreachable service is a 503.
    @discardableResult
    private func act<T: Sendable>(_ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch let error as IntegrationError {
            throw AutoArrError(error.code == .rejected ? .invalidInput : .unavailable, "\(error.instance): \(error.message)", field: error.code == .rejected ? "id" : nil)
        }
    }
}
