import Foundation

extension Severity: InputChoice, OutputChoice {}
extension ServiceKind: InputChoice, OutputChoice {}

/// One activity entry as every door shows it (the REST API writes the same shape by hand, for speed).
public struct ActivityItem: Codable, Sendable {
    public var id: Int64
    public var type: String
    public var correlationId: String
    public var timestamp: String
    public var severity: Severity
    public var instance: String?
    public var kind: ServiceKind?
    public var message: String
    public var data: [String: JSONValue]

    public init(_ entry: ActivityEntry) {
        id = entry.id
        type = entry.event.type.rawValue
        correlationId = entry.event.correlationId
        timestamp = ISO8601Timestamp.format(entry.event.timestamp)
        severity = entry.event.severity
        instance = entry.event.instance
        kind = entry.event.kind
        message = entry.event.message
        data = entry.event.data
    }
}

public struct ActivityList: ActionOutput {
    public var items: [ActivityItem]
    public var nextCursor: String?

    public init(_ page: ActivityPage) {
        items = page.items.map(ActivityItem.init)
        nextCursor = page.nextCursor.map(String.init)
    }

    public var text: String {
        items.isEmpty ? "No activity." : items.map { "\($0.timestamp) [\($0.severity.rawValue)] \($0.type): \($0.message)" }.joined(separator: "\n")
    }
}

struct SearchActivity: Action {
    struct Input: ActionInput {
        var text: String?
        var type: String?
        var instance: String?
        var kind: ServiceKind?
        var severity: [Severity] = []
        var correlationId: String?
        var since: Date?
        var until: Date?
        var cursor: Int64?
        var limit = ActivityQuery.defaultLimit
        static var fields: [InputField<Self>] {
            [.optional("text", \.text, "Only entries whose message contains these words.", .nonEmpty),
             .optional("type", \.type, "An event type or its prefix: download.failed, recovery. (or recovery.*).", .nonEmpty),
             .optional("instance", \.instance, "Only entries about this service instance."),
             .optional("kind", \.kind, "Only entries about services of this kind."),
             .optional("severity", \.severity, "Only these severities."),
             .optional("correlationId", \.correlationId, "Only the steps of one request, recovery or audit."),
             .optional("since", \.since, "Only entries at or after this time."),
             .optional("until", \.until, "Only entries before this time."),
             .optional("cursor", \.cursor, "The nextCursor of the previous page.", .range(1...Int.max)),
             .optional("limit", \.limit, "At most this many, newest first.", .range(1...ActivityQuery.maxLimit))]
        }
    }

    static let name = "search_activity"
    static let title = "Search the activity log"
    static let summary = """
        The activity log, newest first: every request step, download failure, recovery attempt, audit and change, filtered by text, \
        type, instance, severity and time. Page with nextCursor.
        """
    static let traits = ActionTraits.read
    let deps: ActionDependencies

    func run(_ input: Input, by principal: Principal) async throws -> ActivityList {
        var query = ActivityQuery()
        query.text = input.text
        query.typePrefix = input.type.map { $0.hasSuffix("*") ? String($0.dropLast()) : $0 }
        query.instance = input.instance
        query.kind = input.kind
        query.severities = input.severity
        query.correlationId = input.correlationId
        query.since = input.since
        query.until = input.until
        query.before = input.cursor
        query.limit = input.limit
        return ActivityList(try await deps.activity.page(query))
    }
}

struct GetCorrelation: Action {
    struct Input: ActionInput {
        var correlationId = ""
        static var fields: [InputField<Self>] {
            [.required("correlationId", \.correlationId, "The correlation id of a request, failure, recovery or audit.", .nonEmpty)]
        }
    }

    static let name = "get_correlation"
    static let title = "Everything that happened to one thing"
    static let summary = "Every activity entry with one correlation id, oldest first: the whole story of a request, a failed download's recovery, or an audit."
    static let traits = ActionTraits.read
    let deps: ActionDependencies

    func run(_ input: Input, by principal: Principal) async throws -> ActivityList {
        var query = ActivityQuery()
        query.correlationId = input.correlationId
        query.limit = ActivityQuery.maxLimit
        let page = try await deps.activity.page(query)
        guard !page.items.isEmpty else { throw AutoArrError(.notFound, "nothing has correlation id \(input.correlationId)", field: "correlationId") }
        return ActivityList(ActivityPage(items: page.items.reversed(), nextCursor: nil))
    }
}
