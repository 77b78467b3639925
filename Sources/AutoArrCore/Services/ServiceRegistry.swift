import Foundation

/// The service-instance actions: list, add, replace and remove instances, with an event for each change.
public struct ServiceRegistry: Sendable {
    private let store: any ServiceInstanceStore
    private let bus: EventBus
    private let health: InstanceHealth

    public init(store: any ServiceInstanceStore, bus: EventBus, health: InstanceHealth) {
        self.store = store
        self.bus = bus
        self.health = health
    }

    public func list() async throws -> [ServiceInstance] {
        try await store.all()
    }

    /// - Throws: `AutoArrError.notFound`.
    public func instance(named name: String) async throws -> ServiceInstance {
        guard let instance = try await store.instance(named: name) else {
            throw AutoArrError(.notFound, "no service instance named \(name)")
        }
        return instance
    }

    /// Validates and adds an instance.
    /// - Throws: `AutoArrError` (`invalidInput` naming the field, `conflict` for a taken name).
    public func create(_ draft: ServiceDraft) async throws -> ServiceInstance {
        let instance = try Self.validate(draft)
        try await store.insert(instance)
        await bus.publish(Event(
            .serviceCreated, message: "Service \(instance.name) (\(instance.kind.rawValue)) added",
            instance: instance.name, kind: instance.kind, data: ["url": .string(instance.url.absoluteString)]))
        return instance
    }

    /// Replaces an instance. Secrets left out of the draft keep their stored values.
    /// - Throws: `AutoArrError` (`notFound`, `invalidInput`, or `conflict` for an instance defined in the config).
    public func replace(named name: String, with draft: ServiceDraft) async throws -> ServiceInstance {
        let existing = try await instance(named: name)
        try Self.requireEditable(existing)
        var draft = draft
        if let renamed = draft.name, renamed != name {
            throw AutoArrError(.invalidInput, "name: cannot be changed (was \(name))", field: "name")
        }
        draft.name = name
        for field in ServiceCredentials.Field.allCases where draft.credentials[field] == nil {
            draft.credentials[field] = existing.credentials[field]
        }
        let instance = try Self.validate(draft)
        try await store.update(instance)
        // A new URL or key deserves a fresh start, not the old backoff.
        await health.forget(name)
        await bus.publish(Event(
            .serviceUpdated, message: "Service \(instance.name) updated", instance: instance.name, kind: instance.kind))
        return instance
    }

    /// - Throws: `AutoArrError` (`notFound`, or `conflict` for an instance defined in the config).
    public func delete(named name: String) async throws {
        let existing = try await instance(named: name)
        try Self.requireEditable(existing)
        _ = try await store.delete(named: name)
        await health.forget(name)
        await bus.publish(Event(
            .serviceDeleted, message: "Service \(name) removed", instance: name, kind: existing.kind))
    }

    private static func validate(_ draft: ServiceDraft) throws -> ServiceInstance {
        do {
            return try draft.validated(source: .api)
        } catch let error as FieldError {
            throw AutoArrError(error)
        }
    }

    private static func requireEditable(_ instance: ServiceInstance) throws {
        guard instance.source == .api else {
            throw AutoArrError(.conflict, "\(instance.name) is defined in autoarr.yml or the environment; change it there")
        }
    }
}
