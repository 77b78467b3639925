/// Persists service instances, secrets encrypted.
public protocol ServiceInstanceStore: Sendable {
    func all() async throws -> [ServiceInstance]
    func instance(named name: String) async throws -> ServiceInstance?
    /// - Throws: `AutoArrError.conflict` when the name is taken.
    func insert(_ instance: ServiceInstance) async throws
    /// - Throws: `AutoArrError.notFound` when there is no such instance.
    func update(_ instance: ServiceInstance) async throws
    /// - Returns: whether an instance was deleted.
    func delete(named name: String) async throws -> Bool
    /// Makes the config-sourced rows exactly `instances`: adds, replaces and removes as needed.
    func replaceConfigInstances(_ instances: [ServiceInstance]) async throws
}
