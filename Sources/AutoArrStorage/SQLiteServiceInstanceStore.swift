import AutoArrCore
import Foundation
import GRDB

struct SQLiteServiceInstanceStore: ServiceInstanceStore {
    let pool: DatabasePool
    let secrets: SecretBox

    func all() async throws -> [ServiceInstance] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM service_instances ORDER BY name").map(instance)
        }
    }

    func instance(named name: String) async throws -> ServiceInstance? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM service_instances WHERE name = ?", arguments: [name]).map(instance)
        }
    }

    func insert(_ instance: ServiceInstance) async throws {
        let arguments = try self.arguments(for: instance)
        do {
            try await pool.write { db in
                try db.execute(sql: "\(Self.insertSQL)", arguments: arguments)
            }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
            throw AutoArrError(.conflict, "a service instance named \(instance.name) already exists", field: "name")
        }
    }

    func update(_ instance: ServiceInstance) async throws {
        let arguments = try self.arguments(for: instance)
        let changed = try await pool.write { db in
            try db.execute(sql: """
                UPDATE service_instances SET kind = :kind, url = :url, timeout_seconds = :timeout, tags = :tags,
                    source = :source, secrets = :secrets, updated_at = :now
                WHERE name = :name
                """, arguments: arguments)
            return db.changesCount
        }
        guard changed == 1 else { throw AutoArrError(.notFound, "no service instance named \(instance.name)") }
    }

    func delete(named name: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM service_instances WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }

    func replaceConfigInstances(_ instances: [ServiceInstance]) async throws {
        let rows = try instances.map(arguments)
        let names = instances.map(\.name)
        try await pool.write { db in
            try db.execute(
                sql: "DELETE FROM service_instances WHERE source = 'config' AND name NOT IN (SELECT value FROM json_each(?))",
                arguments: [String(decoding: try JSONEncoder().encode(names), as: UTF8.self)])
            for arguments in rows {
                try db.execute(sql: """
                    \(Self.insertSQL)
                    ON CONFLICT(name) DO UPDATE SET kind = :kind, url = :url, timeout_seconds = :timeout, tags = :tags,
                        source = :source, secrets = :secrets, updated_at = :now
                    """, arguments: arguments)
            }
        }
    }

    private static let insertSQL = """
        INSERT INTO service_instances (name, kind, url, timeout_seconds, tags, source, secrets, created_at, updated_at)
        VALUES (:name, :kind, :url, :timeout, :tags, :source, :secrets, :now, :now)
        """

    private func arguments(for instance: ServiceInstance) throws -> StatementArguments {
        let encoder = JSONEncoder()
        return [
            "name": instance.name,
            "kind": instance.kind.rawValue,
            "url": instance.url.absoluteString,
            "timeout": instance.timeout,
            "tags": String(decoding: try encoder.encode(instance.tags), as: UTF8.self),
            "source": instance.source.rawValue,
            "secrets": try secrets.seal(encoder.encode(instance.credentials)),
            "now": Date().milliseconds,
        ]
    }

    private func instance(_ row: Row) throws -> ServiceInstance {
        let name: String = row["name"]
        let decoder = JSONDecoder()
        guard let kind = ServiceKind(rawValue: row["kind"]), let url = URL(string: row["url"]),
              let source = ServiceInstance.Source(rawValue: row["source"]) else {
            throw StorageError("service_instances row \(name) is malformed")
        }
        let tags: String = row["tags"]
        return ServiceInstance(
            name: name, kind: kind, url: url,
            credentials: try decoder.decode(ServiceCredentials.self, from: secrets.open(row["secrets"])),
            timeout: row["timeout_seconds"],
            tags: try decoder.decode([String].self, from: Data(tags.utf8)),
            source: source)
    }
}
