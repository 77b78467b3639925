import Foundation

extension AuditRule.Severity: InputChoice, OutputChoice {}
extension StoredFinding.Status: OutputChoice {}
extension AuditService.ApplyResult.Outcome: OutputChoice {}

public struct RuleResource: Codable, Sendable {
    public var id: String
    public var title: String
    public var rationale: String
    public var source: String
    public var autoFixable: Bool
    public var fix: String?
}

public struct FindingResource: ActionOutput {
    public var id: Int64
    public var runId: Int64
    public var instance: String
    public var rule: RuleResource?
    public var ruleId: String
    public var severity: AuditRule.Severity
    public var setting: String
    public var status: StoredFinding.Status
    public var current: JSONValue?
    public var recommended: JSONValue?
    public var detail: String?

    init(_ finding: StoredFinding, rule: AuditRule?) {
        id = finding.id
        runId = finding.runId
        instance = finding.instance
        ruleId = finding.ruleId
        self.rule = rule.map { RuleResource(id: $0.id, title: $0.title, rationale: $0.rationale, source: $0.source, autoFixable: $0.autoFixable,
                                             fix: $0.fix?.manual) }
        severity = finding.severity
        setting = finding.setting
        status = finding.status
        current = finding.current
        recommended = finding.recommended
        detail = finding.detail
    }

    public var text: String {
        "\(id). [\(severity.rawValue)] \(instance): \(rule?.title ?? ruleId) — \(status.rawValue)\(rule?.autoFixable == true ? " (auto-fixable)" : "")"
    }
}

public struct FindingList: ActionOutput {
    public var items: [FindingResource]
    public var text: String { items.isEmpty ? "No recommendations: every rule passes." : items.map(\.text).joined(separator: "\n") }
}

public struct RunResource: ActionOutput {
    public var id: Int64
    public var correlationId: String
    public var startedAt: String
    public var finishedAt: String
    public var score: Int?
    public var instances: [AuditRun.Instance]
    /// Findings by status now.
    public var counts: [String: Int]
    /// Failing findings by severity.
    public var failing: [String: Int]
    public var summary: String?
    public var findings: [FindingResource]?

    init(_ run: AuditRun, findings: Bool, audit: AuditService) {
        id = run.id
        correlationId = run.correlationId
        startedAt = ISO8601Timestamp.format(run.startedAt)
        finishedAt = ISO8601Timestamp.format(run.finishedAt)
        score = run.score
        instances = run.instances
        counts = run.counts
        failing = run.failing
        summary = run.summary
        self.findings = findings ? run.findings.map { FindingResource($0, rule: audit.rule($0.ruleId)) } : nil
    }

    public var text: String {
        var lines = ["audit run \(id): score \(score.map(String.init) ?? "n/a"), \(failing.values.reduce(0, +)) failing"]
        lines += instances.map { "  \($0.name): \($0.reachable ? "score \($0.score.map(String.init) ?? "n/a")" : "unreachable — \($0.error ?? "")")" }
        lines += (findings ?? []).filter { $0.status == .fail }.map { "  " + $0.text }
        return lines.joined(separator: "\n")
    }
}

public struct RunList: ActionOutput {
    public var items: [RunResource]
    public var text: String { items.isEmpty ? "No audit runs yet." : items.map(\.text).joined(separator: "\n") }
}

public struct ApplyResource: Codable, Sendable {
    public var recommendationId: Int64
    public var ruleId: String
    public var instance: String
    public var setting: String
    public var current: JSONValue?
    public var new: JSONValue?
    public var outcome: AuditService.ApplyResult.Outcome
    public var message: String?
    public var changeId: Int64?
}

public struct ApplyList: ActionOutput {
    public var dryRun: Bool
    public var items: [ApplyResource]

    public var text: String {
        items.map { item in
            "\(item.recommendationId). \(item.instance) \(item.setting): \(item.outcome.rawValue)"
                + (item.new.map { " → \(RuleEngine.describe($0))" } ?? "") + (item.message.map { " — \($0)" } ?? "")
        }.joined(separator: "\n") + (dryRun ? "\n(dry run: nothing changed)" : "")
    }
}

public struct ChangeResource: ActionOutput {
    public var id: Int64
    public var correlationId: String
    public var instance: String
    public var recommendationId: Int64?
    public var setting: String
    public var before: JSONValue
    public var after: JSONValue
    public var appliedAt: String
    public var rolledBackAt: String?

    init(_ change: ConfigChange) {
        id = change.id
        correlationId = change.correlationId
        instance = change.instance
        recommendationId = change.recommendationId
        setting = change.setting
        before = change.before
        after = change.after
        appliedAt = ISO8601Timestamp.format(change.appliedAt)
        rolledBackAt = change.rolledBackAt.map(ISO8601Timestamp.format)
    }

    public var text: String {
        "\(id). \(instance) \(setting): \(RuleEngine.describe(before)) → \(RuleEngine.describe(after)) at \(appliedAt)"
            + (rolledBackAt.map { ", rolled back at \($0)" } ?? "")
    }
}

public struct ChangeList: ActionOutput {
    public var items: [ChangeResource]
    public var text: String { items.isEmpty ? "No configuration changes." : items.map(\.text).joined(separator: "\n") }
}

struct RunAudit: Action {
    struct Input: ActionInput {
        var instance: String?
        static var fields: [InputField<Self>] { [.optional("instance", \.instance, "Audit this instance alone; every instance when left out.")] }
    }

    static let name = "run_audit"
    static let title = "Audit the configuration"
    static let summary = """
        Reads the live settings of every service (or one instance), checks them against the best-practice rules and keeps the run: \
        a score, and a recommendation per failing rule to pass to apply_recommendations.
        """
    static let traits = ActionTraits.write.role(.admin)
    let deps: ActionDependencies

    func run(_ input: Input, by principal: Principal) async throws -> RunResource {
        RunResource(try await deps.audit.run(only: input.instance), findings: true, audit: deps.audit)
    }
}

struct ListAuditRuns: Action {
    struct Input: ActionInput {
        var limit = 50
        static var fields: [InputField<Self>] { [.optional("limit", \.limit, "At most this many, newest first.", Paging.limit)] }
    }

    static let name = "list_audit_runs"
    static let title = "Past audits"
    static let summary = "The audit runs kept, newest first, with their scores and counts (without findings)."
    static let traits = ActionTraits.read
    let deps: ActionDependencies

    func run(_ input: Input, by principal: Principal) async throws -> RunList {
        RunList(items: try await deps.audit.store.runs(limit: input.limit).map { RunResource($0, findings: false, audit: deps.audit) })
    }
}

struct GetAuditRun: Action {
    struct Input: ActionInput {
        var id: Int64 = 0
        static var fields: [InputField<Self>] { [.required("id", \.id, "The run's id.", .range(1...Int.max))] }
    }

    static let name = "get_audit_run"
    static let title = "One audit run"
    static let summary = "One audit run with all its findings."
    static let traits = ActionTraits.read
    let deps: ActionDependencies

    func run(_ input: Input, by principal: Principal) async throws -> RunResource {
        guard let run = try await deps.audit.store.run(id: input.id) else { throw AutoArrError(.notFound, "audit run \(input.id) does not exist") }
        return RunResource(run, findings: true, audit: deps.audit)
    }
}

struct ListRecommendations: Action {
    struct Input: ActionInput {
        var severity: AuditRule.Severity?
        var instance: String?
        static var fields: [InputField<Self>] {
            [.optional("severity", \.severity, "Only this severity."), .optional("instance", \.instance, "Only this instance.")]
        }
    }

    static let name = "list_recommendations"
    static let title = "Audit recommendations"
    static let summary = "The latest audit's recommendations: each failing rule with why it matters, the current and recommended value, and whether AutoArr can fix it."
    static let traits = ActionTraits.read
    let deps: ActionDependencies

    func run(_ input: Input, by principal: Principal) async throws -> FindingList {
        let found = try await deps.audit.store.recommendations(severity: input.severity, instance: input.instance)
        return FindingList(items: found.map { FindingResource($0, rule: deps.audit.rule($0.ruleId)) })
    }
}

struct ApplyRecommendations: Action {
    struct Input: ActionInput {
        var ids: [Int64] = []
        var dryRun = false
        static var fields: [InputField<Self>] {
            [.required("ids", \.ids, "The recommendations' ids, from list_recommendations or run_audit.", .count(1...200)),
             .optional("dryRun", \.dryRun, "Only say what would change.")]
        }
    }

    static let name = "apply_recommendations"
    static let title = "Apply audit fixes"
    static let summary = """
        Changes the services' settings as the recommendations say, reading each back to check, and records every change for \
        rollback_change. With dryRun it only says what would change. Asks for confirmation.
        """
    static let traits = ActionTraits.destructive
    let deps: ActionDependencies

    func run(_ input: Input, by principal: Principal) async throws -> ApplyList {
        let results = try await deps.audit.apply(ids: input.ids, dryRun: input.dryRun)
        return ApplyList(dryRun: input.dryRun, items: results.map {
            ApplyResource(recommendationId: $0.recommendationId, ruleId: $0.ruleId, instance: $0.instance, setting: $0.setting, current: $0.current,
                          new: $0.new, outcome: $0.outcome, message: $0.message, changeId: $0.changeId)
        })
    }

    func preview(_ input: Input, by principal: Principal) async throws -> ActionPreview? {
        guard !input.dryRun else { return nil }
        var dry = input
        dry.dryRun = true
        let plan = try await run(dry, by: principal)
        return ActionPreview(summary: "Would change \(plan.items.filter { $0.outcome == .wouldChange }.count) setting(s).",
                             changes: plan.items.map { "\($0.instance) \($0.setting): \($0.current.map(RuleEngine.describe) ?? "?") → \($0.new.map(RuleEngine.describe) ?? "?") (\($0.outcome.rawValue))" },
                             details: .array(try plan.items.map { try JSONDecoder().decode(JSONValue.self, from: ActionJSON.encoder.encode($0)) }))
    }
}

struct ListConfigChanges: Action {
    struct Input: ActionInput {
        var limit = 50
        static var fields: [InputField<Self>] { [.optional("limit", \.limit, "At most this many, newest first.", Paging.limit)] }
    }

    static let name = "list_config_changes"
    static let title = "Configuration changes"
    static let summary = "Every setting AutoArr changed, with the value before and after, and whether it was rolled back."
    static let traits = ActionTraits.read
    let deps: ActionDependencies

    func run(_ input: Input, by principal: Principal) async throws -> ChangeList {
        ChangeList(items: try await deps.audit.store.changes(limit: input.limit).map(ChangeResource.init))
    }
}

struct RollbackChange: Action {
    struct Input: ActionInput {
        var id: Int64 = 0
        static var fields: [InputField<Self>] { [.required("id", \.id, "The change's id, from list_config_changes.", .range(1...Int.max))] }
    }

    static let name = "rollback_change"
    static let title = "Roll back a configuration change"
    static let summary = "Puts a setting AutoArr changed back to its value before, if nobody changed it since. Asks for confirmation."
    static let traits = ActionTraits.destructive
    let deps: ActionDependencies

    func run(_ input: Input, by principal: Principal) async throws -> ChangeResource {
        ChangeResource(try await deps.audit.rollback(changeId: input.id))
    }

    func preview(_ input: Input, by principal: Principal) async throws -> ActionPreview? {
        guard let change = try await deps.audit.store.change(id: input.id) else {
            throw AutoArrError(.notFound, "configuration change \(input.id) does not exist")
        }
        return ActionPreview(summary: "Would roll back change \(change.id) on \(change.instance).",
                             changes: ["\(change.setting): \(RuleEngine.describe(change.after)) → \(RuleEngine.describe(change.before))"])
    }
}
