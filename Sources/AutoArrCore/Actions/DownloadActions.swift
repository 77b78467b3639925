import Foundation

extension DownloadItem.State: CaseIterable, InputChoice, OutputChoice {
    public static var allCases: [DownloadItem.State] { [.queued, .downloading, .paused, .postProcessing, .completed, .failed, .removed] }
}
extension FailureKind: OutputChoice {}
extension FailureRecord.Status: InputChoice {}

/// One download across its client and its *arr, as every door shows it. Names and messages come from the services.
public struct DownloadResource: ActionOutput {
    public var downloadId: String
    public var client: String?
    public var title: String
    public var state: DownloadItem.State?
    public var progress: Double?
    public var sizeBytes: Int64?
    public var remainingBytes: Int64?
    public var clientStatus: String?
    public var failureMessage: String?
    public var arr: String?
    public var arrQueueId: Int?
    public var arrStatus: String?
    public var trackedDownloadState: String?
    public var arrMessages: [String]
    public var failure: FailureKind?
    /// What a person can do to it in its state: `retry` (a failed Usenet job), `pause`, `resume`, `remove`, `blocklist`.
    public var actions: [String]

    public init(_ download: UnifiedDownload) {
        downloadId = download.item?.downloadId ?? download.arr?.downloadId ?? download.downloadId
        client = download.item?.instance
        title = download.item?.title ?? download.arr?.title ?? download.downloadId
        state = download.item?.state
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
        failure = download.failure
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

    public var text: String {
        let progress = progress.map { String(format: "%3.0f%%", $0 * 100) } ?? "   -"
        let arr = arr.map { " · \($0): \(trackedDownloadState ?? arrStatus ?? "-")" } ?? ""
        return "\(progress)  \(state?.rawValue ?? "-")  \(quoted(title))  [\(client ?? "-")\(arr)]\(failure.map { "  ✗ \($0.rawValue)" } ?? "")  id \(downloadId)"
    }
}

public struct DownloadList: ActionOutput {
    public var items: [DownloadResource]
    public init(items: [DownloadResource]) { self.items = items }
    public var text: String { items.isEmpty ? "No downloads." : items.map(\.text).joined(separator: "\n") }
}

public struct AttemptResource: ActionOutput {
    public var id: Int64
    public var strategy: RecoveryStrategy
    public var status: AttemptRecord.Status
    public var detail: String?
    public var correlationId: String
    public var createdAt: String
    public var finishedAt: String?
    /// Who asked for it, for a person's action; absent for the monitor's.
    public var actor: String?
    public var client: String?
    public var downloadId: String?

    public init(_ attempt: AttemptRecord) {
        id = attempt.id
        strategy = attempt.strategy
        status = attempt.status
        detail = attempt.detail
        correlationId = attempt.correlationId
        createdAt = ISO8601Timestamp.format(attempt.createdAt)
        finishedAt = attempt.finishedAt.map(ISO8601Timestamp.format)
        actor = attempt.actor
        client = attempt.instance
        downloadId = attempt.downloadId
    }

    public var text: String {
        "\(createdAt) \(strategy.rawValue): \(status.rawValue)\(actor.map { " (by \($0))" } ?? "")\(detail.map { " — \(quoted($0))" } ?? "")"
    }
}

public struct AttemptList: ActionOutput {
    public var items: [AttemptResource]
    public var text: String { items.isEmpty ? "No recovery attempts." : items.map(\.text).joined(separator: "\n") }
}

public struct FailureResource: ActionOutput {
    public var id: Int64
    public var client: String
    public var downloadId: String
    public var title: String
    public var kind: FailureKind
    public var status: FailureRecord.Status
    public var correlationId: String
    public var firstSeen: String
    public var lastSeen: String
    /// What it waits for, or what resolved it.
    public var note: String?
    public var waitingSince: String?
    public var attempts: [AttemptResource]

    init(_ failure: FailureRecord, attempts: [AttemptRecord]) {
        id = failure.id
        client = failure.instance
        downloadId = failure.downloadId
        title = failure.title
        kind = failure.kind
        status = failure.status
        correlationId = failure.correlationId
        firstSeen = ISO8601Timestamp.format(failure.firstSeen)
        lastSeen = ISO8601Timestamp.format(failure.lastSeen)
        note = failure.note
        waitingSince = failure.waitingSince.map(ISO8601Timestamp.format)
        self.attempts = attempts.map(AttemptResource.init)
    }

    public var text: String {
        "\(quoted(title)) in \(client): \(kind.rawValue), \(status.rawValue)\(note.map { " — \($0)" } ?? "") (\(attempts.count) attempt\(attempts.count == 1 ? "" : "s"))"
    }
}

public struct FailureList: ActionOutput {
    public var items: [FailureResource]
    public var text: String { items.isEmpty ? "No failed downloads." : items.map(\.text).joined(separator: "\n") }
}

/// What a person's action on a download did.
public struct DownloadOutcome: ActionOutput {
    public var downloadId: String
    public var done: String
    public var text: String { done }
}

/// Finds the download a reference names in the monitor's queue.
struct DownloadFinder {
    let deps: ActionDependencies

    func find(_ reference: Reference, field: String = "id") async throws -> UnifiedDownload {
        let queue = await deps.monitor.queue
        return try reference.resolve(in: queue, field: field, what: "download",
                                     id: { [$0.downloadId, $0.item?.downloadId, $0.arr?.downloadId].compactMap { $0 } },
                                     title: { $0.item?.title ?? $0.arr?.title ?? $0.downloadId },
                                     label: { "\($0.item?.downloadId ?? $0.downloadId) \(quoted($0.item?.title ?? $0.arr?.title ?? ""))" })
    }
}

struct ListDownloads: Action {
    struct Input: ActionInput {
        var client: String?
        var state: DownloadItem.State?
        static var fields: [InputField<Self>] {
            [.optional("client", \.client, "Only this download client instance."),
             .optional("state", \.state, "Only downloads in this state.")]
        }
    }

    static let name = "list_downloads"
    static let title = "What is downloading"
    static let summary = """
        The unified download queue as the monitor last saw it: every job in the download clients and every *arr queue record, joined, \
        with progress, state, the *arr's status and messages, a failure's classification and the actions possible. Finished jobs are in download_history.
        """
    static let traits = ActionTraits.read
    let deps: ActionDependencies

    func run(_ input: Input, by principal: Principal) async throws -> DownloadList {
        let finished: [DownloadItem.State] = [.completed, .failed, .removed]
        let queue = await deps.monitor.queue.filter { !finished.contains($0.item?.state ?? .queued) || $0.arr != nil }
            .filter { input.client == nil || $0.item?.instance == input.client }
            .filter { input.state == nil || $0.item?.state == input.state }
        return DownloadList(items: queue.map(DownloadResource.init))
    }
}

struct DownloadHistory: Action {
    struct Input: ActionInput {
        var client: String?
        static var fields: [InputField<Self>] { [.optional("client", \.client, "Only this download client instance.")] }
    }

    static let name = "download_history"
    static let title = "Finished downloads"
    static let summary = "Jobs the download clients list as completed, failed or removed, as the monitor last saw them."
    static let traits = ActionTraits.read
    let deps: ActionDependencies

    func run(_ input: Input, by principal: Principal) async throws -> DownloadList {
        let finished: [DownloadItem.State] = [.completed, .failed, .removed]
        return DownloadList(items: await deps.monitor.queue.filter { finished.contains($0.item?.state ?? .queued) }
            .filter { input.client == nil || $0.item?.instance == input.client }.map(DownloadResource.init))
    }
}

struct ListFailedDownloads: Action {
    struct Input: ActionInput {
        var status: [FailureRecord.Status] = []
        var limit = 200
        static var fields: [InputField<Self>] {
            [.optional("status", \.status, "Only failures in these states: open, waiting (for the *arr), resolved, gave_up."),
             .optional("limit", \.limit, "At most this many, newest first.", .range(1...500))]
        }
    }

    static let name = "list_failed_downloads"
    static let title = "Failed downloads"
    static let summary = "Every failure the monitor recorded, with its classification, its state (open, waiting, resolved, gave up) and its recovery attempts."
    static let traits = ActionTraits.read
    let deps: ActionDependencies

    func run(_ input: Input, by principal: Principal) async throws -> FailureList {
        var items: [FailureResource] = []
        for failure in try await deps.recoveryStore.failures(statuses: input.status, limit: input.limit) {
            items.append(FailureResource(failure, attempts: try await deps.recoveryStore.attempts(failureId: failure.id)))
        }
        return FailureList(items: items)
    }
}

/// Why a download failed, in plain words and in structure.
public struct DownloadExplanation: ActionOutput {
    public var downloadId: String
    public var title: String
    public var client: String?
    public var arr: String?
    /// The monitor's classification.
    public var classification: FailureKind?
    /// What the classification means, in words.
    public var meaning: String?
    public var status: FailureRecord.Status?
    public var note: String?
    public var clientMessage: String?
    public var arrMessages: [String]
    public var attempts: [AttemptResource]
    public var activity: [ActivityItem]
    public var correlationId: String?
    /// The whole explanation, in words.
    public var summary: String

    public var text: String { summary }
}

struct ExplainDownload: Action {
    struct Input: ActionInput {
        var id = Reference("")
        static var fields: [InputField<Self>] {
            [.required("id", \.id, "The download: its id, or words of its title (a failure recorded earlier counts too).")]
        }
    }

    static let name = "explain_download"
    static let title = "Why did a download fail"
    static let summary = """
        Explains one download: the monitor's classification of its failure, the client's and the *arr's own messages, each recovery \
        attempt and the correlated activity chain, in plain words plus structure. Use it for "why did X fail".
        """
    static let traits = ActionTraits.read
    let deps: ActionDependencies

    func run(_ input: Input, by principal: Principal) async throws -> DownloadExplanation {
        let queue = await deps.monitor.queue
        let failures = try await deps.recoveryStore.failures(statuses: [], limit: 500)
        // A download is found in the queue, or among the failures recorded (it may have left the queue since).
        enum Found { case download(UnifiedDownload), failure(FailureRecord) }
        var candidates = queue.map(Found.download)
        let queued = Set(queue.flatMap { [$0.downloadId.uppercased(), $0.item?.downloadId.uppercased()].compactMap { $0 } })
        candidates += failures.filter { !queued.contains($0.downloadId.uppercased()) }.map(Found.failure)
        let found = try input.id.resolve(in: candidates, what: "download", id: { found in
            switch found {
            case .download(let download): [download.downloadId, download.item?.downloadId, download.arr?.downloadId].compactMap { $0 }
            case .failure(let failure): [failure.downloadId]
            }
        }, title: { found in
            switch found {
            case .download(let download): download.item?.title ?? download.arr?.title ?? download.downloadId
            case .failure(let failure): failure.title
            }
        }, label: { found in
            switch found {
            case .download(let download): "\(download.item?.downloadId ?? download.downloadId) \(quoted(download.item?.title ?? download.arr?.title ?? ""))"
            case .failure(let failure): "\(failure.downloadId) \(quoted(failure.title))"
            }
        })
        let download: UnifiedDownload?
        let failure: FailureRecord?
        switch found {
        case .download(let queued):
            download = queued
            let id = queued.item?.downloadId ?? queued.downloadId
            failure = failures.first { $0.downloadId.caseInsensitiveCompare(id) == .orderedSame }
        case .failure(let record):
            download = nil
            failure = record
        }
        let downloadId = download?.item?.downloadId ?? download?.downloadId ?? failure?.downloadId ?? input.id.text
        let client = download?.item?.instance ?? failure?.instance
        var attempts: [AttemptRecord] = []
        if let client { attempts = try await deps.recoveryStore.attempts(instance: client, downloadId: downloadId) }
        if attempts.isEmpty, let failure { attempts = try await deps.recoveryStore.attempts(failureId: failure.id) }
        var activity: [ActivityEntry] = []
        if let correlationId = failure?.correlationId {
            var query = ActivityQuery()
            query.correlationId = correlationId
            query.limit = 100
            activity = try await deps.activity.page(query).items.reversed()
        }
        let kind = failure?.kind ?? download?.failure
        let title = download?.item?.title ?? download?.arr?.title ?? failure?.title ?? downloadId
        var words: [String] = []
        if let kind {
            words.append("\(quoted(title)) failed: \(FailureKind.meaning(kind)).")
        } else if let state = download?.item?.state {
            words.append("\(quoted(title)) has not failed: it is \(state.rawValue) in \(client ?? "its client").")
        } else {
            words.append("\(quoted(title)) has not failed; \(download?.arr?.instance ?? "the *arr") tracks it as \(download?.arr?.trackedDownloadState ?? "queued").")
        }
        if let message = download?.item?.failureMessage, !message.isEmpty { words.append("\(client ?? "The client") says \(quoted(message)).") }
        let arrMessages = download?.arr?.messages ?? []
        if !arrMessages.isEmpty { words.append("\(download?.arr?.instance ?? "The *arr") says \(arrMessages.map(quoted).joined(separator: "; ")).") }
        if !attempts.isEmpty {
            words.append("Recovery so far: " + attempts.map { "\($0.strategy.rawValue) \($0.status.rawValue)\($0.actor.map { " (by \($0))" } ?? "")" }.joined(separator: ", ") + ".")
        }
        if let failure {
            switch failure.status {
            case .open: words.append("It is open: the monitor has not finished with it.")
            case .waiting: words.append("Now: \(failure.note ?? "waiting for the *arr").")
            case .resolved: words.append("Resolved: \(failure.note ?? "settled").")
            case .gaveUp: words.append("AutoArr gave up on it; a person has to look at it.")
            }
        }
        return DownloadExplanation(
            downloadId: downloadId, title: title, client: client, arr: download?.arr?.instance ?? failure?.arrInstance, classification: kind,
            meaning: kind.map(FailureKind.meaning), status: failure?.status, note: failure?.note, clientMessage: download?.item?.failureMessage,
            arrMessages: arrMessages, attempts: attempts.map(AttemptResource.init), activity: activity.map(ActivityItem.init),
            correlationId: failure?.correlationId, summary: words.joined(separator: " "))
    }
}

extension FailureKind {
    /// What the classification means, for a person.
    public static func meaning(_ kind: FailureKind) -> String {
        switch kind {
        case .missingArticles: "the Usenet server no longer has all of its articles (often a takedown)"
        case .repairFailed: "par2 repair could not rebuild the damaged files"
        case .encrypted: "the release is password-protected"
        case .unwantedExtension: "it holds a file type the client is set to refuse (often a fake)"
        case .diskFull: "the download disk is full"
        case .connection: "the client could not reach its news server or trackers"
        case .stalled: "it stopped making progress"
        case .slow: "it is far too slow to finish in reasonable time"
        case .metadataStuck: "the torrent never got its metadata from peers"
        case .trackerError: "the tracker refused the torrent"
        case .importBlocked: "the *arr will not import it by itself"
        case .importPending: "the *arr has not imported it yet"
        case .noVideoFiles: "it has no video file the *arr can import"
        default: kind.rawValue
        }
    }
}

/// A person's action on one download, through the recovery engine's durable attempt log.
struct DownloadCommand {
    let deps: ActionDependencies

    func perform(_ strategy: RecoveryStrategy, _ reference: Reference, by principal: Principal,
                 needs: (UnifiedDownload) throws -> Void = { _ in }) async throws -> DownloadOutcome {
        let download = try await DownloadFinder(deps: deps).find(reference)
        try needs(download)
        do {
            let done = try await deps.recovery.act(strategy, on: download, by: principal.name)
            return DownloadOutcome(downloadId: download.item?.downloadId ?? download.downloadId, done: done)
        } catch let error as IntegrationError {
            // A service's refusal is the caller's problem (its words); an unreachable service is unavailable.
            throw AutoArrError(error.code == .rejected ? .invalidInput : .unavailable, "\(error.instance): \(error.message)",
                               field: error.code == .rejected ? "id" : nil)
        }
    }

    static func clientJob(_ download: UnifiedDownload) throws {
        guard download.item != nil else { throw AutoArrError(.invalidInput, "no client job for this download", field: "id") }
    }
}

struct IdInput: ActionInput {
    var id = Reference("")
    static var fields: [InputField<Self>] { [.required("id", \.id, "The download: its id, or words of its title that match one download.")] }
}

struct RetryDownload: Action {
    static let name = "retry_download"
    static let title = "Retry a download"
    static let summary = "Retries a failed Usenet job at its client, or asks a torrent's trackers for peers again. Recorded as a recovery attempt."
    static let traits = ActionTraits.write
    let deps: ActionDependencies

    func run(_ input: IdInput, by principal: Principal) async throws -> DownloadOutcome {
        let download = try await DownloadFinder(deps: deps).find(input.id)
        try DownloadCommand.clientJob(download)
        let torrent = download.item?.signals.protocolName == "torrent"
        return try await DownloadCommand(deps: deps).perform(torrent ? .reannounce : .retryAtClient, input.id, by: principal)
    }
}

struct PauseDownload: Action {
    static let name = "pause_download"
    static let title = "Pause a download"
    static let summary = "Pauses one job in its download client."
    static let traits = ActionTraits.idempotentWrite
    let deps: ActionDependencies

    func run(_ input: IdInput, by principal: Principal) async throws -> DownloadOutcome {
        try await DownloadCommand(deps: deps).perform(.pause, input.id, by: principal, needs: DownloadCommand.clientJob)
    }
}

struct ResumeDownload: Action {
    static let name = "resume_download"
    static let title = "Resume a download"
    static let summary = "Resumes one paused job in its download client."
    static let traits = ActionTraits.idempotentWrite
    let deps: ActionDependencies

    func run(_ input: IdInput, by principal: Principal) async throws -> DownloadOutcome {
        try await DownloadCommand(deps: deps).perform(.resume, input.id, by: principal, needs: DownloadCommand.clientJob)
    }
}

struct RemoveDownload: Action {
    struct Input: ActionInput {
        var id = Reference("")
        var blocklist = false
        static var fields: [InputField<Self>] {
            [.required("id", \.id, "The download: its id, or words of its title that match one download."),
             .optional("blocklist", \.blocklist, "Blocklist the release in its *arr and search for another, instead of only deleting the job.")]
        }
    }

    static let name = "remove_download"
    static let title = "Remove a download"
    static let summary = """
        Deletes a job and its data from its download client; with blocklist, blocklists the release in its *arr (removing the job) and \
        searches for another. Asks for confirmation.
        """
    static let traits = ActionTraits.destructive.role(.member)
    let deps: ActionDependencies

    func run(_ input: Input, by principal: Principal) async throws -> DownloadOutcome {
        let command = DownloadCommand(deps: deps)
        if input.blocklist {
            return try await command.perform(.blocklistAndSearch, input.id, by: principal) { download in
                guard download.arr != nil else {
                    throw AutoArrError(.invalidInput, "blocklisting needs the *arr's record; none tracks this download", field: "blocklist")
                }
            }
        }
        return try await command.perform(.removeJob, input.id, by: principal, needs: DownloadCommand.clientJob)
    }

    func preview(_ input: Input, by principal: Principal) async throws -> ActionPreview? {
        let download = try await DownloadFinder(deps: deps).find(input.id)
        let title = quoted(download.item?.title ?? download.arr?.title ?? download.downloadId)
        let changes = input.blocklist
            ? ["blocklist \(title) in \(download.arr?.instance ?? "its *arr")", "remove it from \(download.item?.instance ?? "its client")",
               "ask \(download.arr?.instance ?? "the *arr") to search for another release"]
            : ["delete \(title) and its data from \(download.item?.instance ?? "its client")"]
        return ActionPreview(summary: "Would remove \(title).", changes: changes,
                             details: ["downloadId": .string(download.item?.downloadId ?? download.downloadId), "blocklist": .bool(input.blocklist)])
    }
}

public struct RecoveryPassResult: ActionOutput {
    public var dryRun: Bool
    public var downloads: Int
    public var failures: Int
    public var errors: [String]
    /// What recovery planned or did in this pass.
    public var steps: [ActivityItem]

    public var text: String {
        (["\(downloads) downloads, \(failures) failed\(dryRun ? " (dry run: nothing sent)" : "")"] + steps.map { "  \($0.message)" }
            + errors.map { "error: \($0)" }).joined(separator: "\n")
    }
}

struct RunRecovery: Action {
    struct Input: ActionInput {
        var dryRun = false
        static var fields: [InputField<Self>] { [.optional("dryRun", \.dryRun, "Plan and log only; send nothing to any service.")] }
    }

    static let name = "run_recovery"
    static let title = "Run a recovery pass now"
    static let summary = "Reads every client and *arr now, classifies failures and recovers them (with dryRun, only says what it would do)."
    static let traits = ActionTraits.write
    let deps: ActionDependencies

    func run(_ input: Input, by principal: Principal) async throws -> RecoveryPassResult {
        var before = ActivityQuery()
        before.limit = 1
        let last = try await deps.activity.page(before).items.first?.id ?? 0
        let report = await deps.monitor.pass(planOnly: input.dryRun)
        var query = ActivityQuery()
        query.typePrefix = "recovery."
        query.limit = 200
        let steps = try await deps.activity.page(query).items.filter { $0.id > last }.reversed()
        return RecoveryPassResult(dryRun: input.dryRun, downloads: report.downloads, failures: report.failures, errors: report.errors,
                                  steps: steps.map(ActivityItem.init))
    }
}

struct ListRecoveryAttempts: Action {
    struct Input: ActionInput {
        var correlationId: String?
        var limit = 200
        static var fields: [InputField<Self>] {
            [.optional("correlationId", \.correlationId, "Only the attempts of one failure or action."),
             .optional("limit", \.limit, "At most this many, newest first.", Paging.limit)]
        }
    }

    static let name = "list_recovery_attempts"
    static let title = "Recovery attempts"
    static let summary = "Every recovery step, the monitor's and people's: retries, blocklists, searches, imports, pauses, removals, with outcome and who asked."
    static let traits = ActionTraits.read
    let deps: ActionDependencies

    func run(_ input: Input, by principal: Principal) async throws -> AttemptList {
        AttemptList(items: try await deps.recoveryStore.attempts(correlationId: input.correlationId, limit: input.limit).map(AttemptResource.init))
    }
}
