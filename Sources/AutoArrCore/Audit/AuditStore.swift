import Foundation

/// Reads and writes a service's settings through its own API (the integrations implement it).
public protocol SettingsGateway: Sendable {
    /// The instance's settings as one document, the shape `audit-rules.yaml` paths address.
    func read(_ instance: ServiceInstance) async throws -> JSONValue
    /// Sets one setting; under `[*]`, every element, or element by element when `elementwise` and `value` is an array.
    func write(_ instance: ServiceInstance, setting: String, value: JSONValue, elementwise: Bool) async throws
}

/// One audit run with its findings.
public struct AuditRun: Sendable, Equatable {
    public struct Instance: Sendable, Equatable, Codable {
        public var name: String
        public var kind: ServiceKind
        public var reachable: Bool
        public var error: String?
        public var score: Int?
    }

    public var id: Int64
    public var correlationId: String
    public var startedAt: Date
    public var finishedAt: Date
    public var score: Int?
    public var instances: [Instance]
    public var findings: [StoredFinding]
    /// A plain-language summary from a language model, when one is configured.
    public var summary: String?
    /// How many of its findings have each status now (`fail`, `pass`, `not_applicable`, `applied`).
    public var counts: [String: Int] = [:]
    /// How many of its findings still fail, by severity.
    public var failing: [String: Int] = [:]

    public init(id: Int64 = 0, correlationId: String, startedAt: Date, finishedAt: Date, score: Int?, instances: [Instance], findings: [StoredFinding],
                summary: String? = nil) {
        self.id = id
        self.correlationId = correlationId
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.score = score
        self.instances = instances
        self.findings = findings
        self.summary = summary
    }
}

/// A finding as kept: a recommendation when it failed.
public struct StoredFinding: Sendable, Equatable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case pass, fail, notApplicable = "not_applicable", applied
    }

    public var id: Int64
    public var runId: Int64
    public var ruleId: String
    public var instance: String
    public var severity: AuditRule.Severity
    public var setting: String
    public var status: Status
    public var current: JSONValue?
    public var recommended: JSONValue?
    public var detail: String?

    public init(id: Int64 = 0, runId: Int64 = 0, _ finding: AuditFinding, rule: AuditRule?) {
        self.id = id
        self.runId = runId
        ruleId = finding.ruleId
        instance = finding.instance
        severity = rule?.severity ?? .low
        setting = rule?.setting ?? ""
        status = Status(rawValue: finding.status.rawValue) ?? .notApplicable
        current = finding.current
        recommended = finding.recommended
        detail = finding.detail
    }
}

/// One applied setting change, with what it was before, for rollback.
public struct ConfigChange: Sendable, Equatable {
    public var id: Int64
    public var correlationId: String
    public var instance: String
    public var recommendationId: Int64?
    public var setting: String
    public var before: JSONValue
    public var after: JSONValue
    public var appliedAt: Date
    public var rolledBackAt: Date?

    public init(id: Int64 = 0, correlationId: String, instance: String, recommendationId: Int64?, setting: String, before: JSONValue, after: JSONValue,
                appliedAt: Date, rolledBackAt: Date? = nil) {
        self.id = id
        self.correlationId = correlationId
        self.instance = instance
        self.recommendationId = recommendationId
        self.setting = setting
        self.before = before
        self.after = after
        self.appliedAt = appliedAt
        self.rolledBackAt = rolledBackAt
    }
}

/// Where audit runs, recommendations and configuration history are kept.
public protocol AuditStore: Sendable {
    /// Saves a run and its findings. - Returns: it with its id and its findings' ids.
    func save(_ run: AuditRun) async throws -> AuditRun
    /// Runs, newest first, without their findings.
    func runs(limit: Int) async throws -> [AuditRun]
    func run(id: Int64) async throws -> AuditRun?
    /// The failing findings of each instance's latest run, most severe first.
    func recommendations(severity: AuditRule.Severity?, instance: String?) async throws -> [StoredFinding]
    func finding(id: Int64) async throws -> StoredFinding?
    func mark(findingId: Int64, status: StoredFinding.Status) async throws
    func record(_ change: ConfigChange) async throws -> ConfigChange
    func change(id: Int64) async throws -> ConfigChange?
    func changes(limit: Int) async throws -> [ConfigChange]
    func rolledBack(changeId: Int64, at: Date) async throws
}
