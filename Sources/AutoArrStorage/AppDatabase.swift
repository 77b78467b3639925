import AutoArrCore
import Foundation
import GRDB

/// The SQLite database: one WAL-mode file, migrated at open, plus the key that seals its secrets.
public final class AppDatabase: Sendable {
    let pool: DatabasePool
    let secrets: SecretBox

    /// Opens (creating if needed) the database and applies pending migrations.
    /// - Parameters:
    ///   - path: the SQLite file.
    ///   - dataDir: where the secret key file lives.
    /// - Throws: `StorageError` when the file or key cannot be opened, or a migration fails.
    public init(path: String, dataDir: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            secrets = try SecretBox.loadOrCreate(dataDir: dataDir)
            var configuration = Configuration()
            configuration.foreignKeysEnabled = true
            configuration.busyMode = .timeout(5)
            pool = try DatabasePool(path: path, configuration: configuration)
            try Migration.migrator.migrate(pool)
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError("\(path): cannot open the database: \(error)")
        }
    }

    public var activity: some ActivityStore { SQLiteActivityStore(pool: pool) }
    public var services: some ServiceInstanceStore { SQLiteServiceInstanceStore(pool: pool, secrets: secrets) }
    public var auth: some AuthStore { SQLiteAuthStore(pool: pool, secrets: secrets) }
    public var system: some SystemStore { SQLiteSystemStore(pool: pool) }
}

extension Date {
    var milliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
    init(milliseconds: Int64) { self.init(timeIntervalSince1970: Double(milliseconds) / 1000) }
}
