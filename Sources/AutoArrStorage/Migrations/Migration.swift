import GRDB

/// One numbered schema change. Each lives in its own file; `all` lists them in order.
struct Migration: Sendable {
    let identifier: String
    let apply: @Sendable (Database) throws -> Void

    /// Every migration, oldest first. Append; never edit or reorder a released one.
    static let all: [Migration] = [
        .v0001ActivityLog,
        .v0002ServiceInstances,
        .v0003Auth,
        .v0004Settings,
        .v0005ContentRequests,
        .v0006DownloadRecovery,
        .v0007Audit,
        .v0008RequestDetail,
        .v0009FailureCorrelation,
        .v0010ProfileRestore,
        .v0011AuditDetail,
        .v0012FailureWaiting,
        .v0013PersonActions,
    ]

    /// A migrator holding every migration.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in all {
            migrator.registerMigration(migration.identifier, migrate: migration.apply)
        }
        return migrator
    }
}
