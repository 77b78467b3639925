import AutoArrCore
import Foundation
import GRDB
import Testing
@testable import AutoArrStorage

/// A fresh directory, removed with all the others when the test process exits.
func temporaryDataDir() -> String {
    let url = URL(fileURLWithPath: temporaryRoot).appendingPathComponent(UUID().uuidString)
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
}

private func rootPath(for pid: Int32) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("autoarr-storage-tests-\(pid)").path
}

private let temporaryRoot: String = {
    atexit { try? FileManager.default.removeItem(atPath: rootPath(for: getpid())) }
    return rootPath(for: getpid())
}()

func openDatabase(_ dataDir: String) throws -> AppDatabase {
    try AppDatabase(path: "\(dataDir)/autoarr.sqlite", dataDir: dataDir)
}

@Suite struct StorageTests {
    @Test func theDatabaseIsWALAndFullyMigrated() async throws {
        let database = try openDatabase(temporaryDataDir())
        let mode = try await database.pool.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        #expect(try await database.system.schemaVersion() == Migration.all.count)
        let counts = try await database.system.rowCounts()
        #expect(counts.keys.contains("configuration_history"))
    }

    @Test func theKeyFileIsPrivateAndSecretsAreNotStoredInClear() async throws {
        let dataDir = temporaryDataDir()
        let database = try openDatabase(dataDir)
        let attributes = try FileManager.default.attributesOfItem(atPath: "\(dataDir)/\(SecretBox.keyFileName)")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let secret = "very-secret-api-key-0123456789"
        try await database.services.insert(ServiceInstance(
            name: "sonarr", kind: .sonarr, url: URL(string: "http://s:8989")!, credentials: .init(apiKey: secret)))
        try await database.auth.setAPIKey("autoarr-key-abcdef0123456789")
        try await database.pool.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        let raw = try Data(contentsOf: URL(fileURLWithPath: "\(dataDir)/autoarr.sqlite"))
        #expect(raw.range(of: Data(secret.utf8)) == nil)
        #expect(raw.range(of: Data("autoarr-key-abcdef0123456789".utf8)) == nil)
        #expect(try await database.services.instance(named: "sonarr")?.credentials.apiKey == secret)
    }

    @Test func dataSurvivesReopening() async throws {
        let dataDir = temporaryDataDir()
        do {
            let database = try openDatabase(dataDir)
            try await database.services.insert(ServiceInstance(
                name: "radarr", kind: .radarr, url: URL(string: "http://r:7878")!, credentials: .init(apiKey: "k"), tags: ["4k"]))
            _ = try await database.activity.append(Event(.serviceCreated, message: "added"))
        }
        let reopened = try openDatabase(dataDir)
        let radarr = try #require(try await reopened.services.instance(named: "radarr"))
        #expect(radarr.credentials.apiKey == "k")
        #expect(radarr.tags == ["4k"])
        #expect(try await reopened.activity.page(ActivityQuery()).items.map(\.event.message) == ["added"])
    }

    @Test func aReplacedKeyFileIsAClearError() async throws {
        let dataDir = temporaryDataDir()
        let database = try openDatabase(dataDir)
        try await database.services.insert(ServiceInstance(
            name: "radarr", kind: .radarr, url: URL(string: "http://r:7878")!, credentials: .init(apiKey: "k")))
        try FileManager.default.removeItem(atPath: "\(dataDir)/\(SecretBox.keyFileName)")
        let reopened = try openDatabase(dataDir)
        await #expect(throws: StorageError.self) { try await reopened.services.all() }

        try Data("short".utf8).write(to: URL(fileURLWithPath: "\(dataDir)/\(SecretBox.keyFileName)"))
        #expect(throws: StorageError.self) { try openDatabase(dataDir) }
    }

    @Test func configInstancesAreReplacedButAPIInstancesKept() async throws {
        let database = try openDatabase(temporaryDataDir())
        func instance(_ name: String, _ source: ServiceInstance.Source) -> ServiceInstance {
            ServiceInstance(name: name, kind: .nzbget, url: URL(string: "http://n:6789")!, source: source)
        }
        try await database.services.insert(instance("by-api", .api))
        try await database.services.replaceConfigInstances([instance("a", .config), instance("b", .config)])
        try await database.services.replaceConfigInstances([instance("b", .config)])
        #expect(try await database.services.all().map(\.name) == ["b", "by-api"])
    }
}
