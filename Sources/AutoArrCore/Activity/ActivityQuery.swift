import Foundation

/// A filtered, newest-first page request over the activity log.
public struct ActivityQuery: Sendable, Equatable {
    public var instance: String?
    public var kind: ServiceKind?
    /// Matches event types starting with this text (`download.` or `service.created`).
    public var typePrefix: String?
    /// Any of these severities; empty means all.
    public var severities: [Severity] = []
    public var correlationId: String?
    /// Entries whose message contains every one of these words (any case).
    public var text: String?
    public var since: Date?
    public var until: Date?
    /// Only entries older than this id: the previous page's `nextCursor`.
    public var before: Int64?
    public var limit: Int = ActivityQuery.defaultLimit

    public static let defaultLimit = 50
    public static let maxLimit = 500

    public init() {}
}

/// One page of activity, newest first.
public struct ActivityPage: Sendable, Equatable {
    public var items: [ActivityEntry]
    /// Pass as `before` to get the next page; nil on the last page.
    public var nextCursor: Int64?

    public init(items: [ActivityEntry], nextCursor: Int64?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}
