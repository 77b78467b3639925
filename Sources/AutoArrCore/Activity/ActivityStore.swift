import Foundation

/// Persists every event and answers filtered queries over them.
public protocol ActivityStore: Sendable {
    /// Stores an event. - Returns: the stored entry with its id.
    func append(_ event: Event) async throws -> ActivityEntry
    /// One page of entries matching the query, newest first.
    func page(_ query: ActivityQuery) async throws -> ActivityPage
    /// One entry by id, or nil.
    func entry(id: Int64) async throws -> ActivityEntry?
    /// Deletes entries older than the date. - Returns: how many were deleted.
    func prune(before date: Date) async throws -> Int
}
