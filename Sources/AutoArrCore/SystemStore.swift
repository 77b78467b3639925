/// Facts about the database itself, for health and status.
public protocol SystemStore: Sendable {
    /// Runs a trivial query. - Throws: when the database is unreachable.
    func ping() async throws
    /// The number of migrations applied.
    func schemaVersion() async throws -> Int
    /// Rows per table.
    func rowCounts() async throws -> [String: Int]
}
