import Foundation

/// Runs the configuration audit over every connected service, applies the fixes a person accepts, and rolls them back.
/// Every write goes through the service's own API and is read back to verify it; every applied change is kept with
/// its before-value (ADR 0012).
public actor AuditService {
    /// One recommendation's outcome in an apply (or what a dry run would do).
    public struct ApplyResult: Sendable, Equatable {
        public enum Outcome: String, Sendable, Codable, CaseIterable {
            case wouldChange = "would_change", applied, failed, manual
            case notFailing = "not_failing", notApplicable = "not_applicable"
        }

        public var recommendationId: Int64
        public var ruleId: String
        public var instance: String
        public var setting: String
        public var current: JSONValue?
        public var new: JSONValue?
        public var outcome: Outcome
        public var message: String?
        public var changeId: Int64?
    }

    public let rules: [AuditRule]
    let byId: [String: AuditRule]
    public let store: any AuditStore
    let gateway: any SettingsGateway
    let services: ServiceRegistry
    let bus: EventBus
    /// Writes a plain-language summary of a run; nil when no model is configured.
    let summarize: (@Sendable ([AuditRule], [StoredFinding]) async -> String?)?

    public static let auditedKinds: Set<ServiceKind> = [.sonarr, .radarr, .sabnzbd, .nzbget, .qbittorrent, .transmission, .plex]

    public init(rules: [AuditRule], store: any AuditStore, gateway: any SettingsGateway, services: ServiceRegistry, bus: EventBus,
                summarize: (@Sendable ([AuditRule], [StoredFinding]) async -> String?)? = nil) {
        self.rules = rules
        byId = Dictionary(rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.store = store
        self.gateway = gateway
        self.services = services
        self.bus = bus
        self.summarize = summarize
    }

    public nonisolated func rule(_ id: String) -> AuditRule? { byId[id] }

    /// Problems in a catalogue: duplicate ids, unknown services or custom checks, missing values. Empty when sound.
    public static func problems(in rules: [AuditRule]) -> [String] {
        var problems: [String] = []
        var seen: Set<String> = []
        let kinds = Set(auditedKinds.map(\.rawValue) + ["stack"])
        for rule in rules {
            if !seen.insert(rule.id).inserted { problems.append("\(rule.id): duplicate id") }
            if rule.services.isEmpty || !Set(rule.services).isSubset(of: kinds) { problems.append("\(rule.id): unknown service in \(rule.services)") }
            let stack = rule.services == ["stack"]
            switch rule.check {
            case .custom:
                let known = stack ? CrossChecks.all[rule.custom ?? ""] != nil : CustomChecks.all[rule.custom ?? ""] != nil
                if !known { problems.append("\(rule.id): unknown custom check \(rule.custom ?? "(none)")") }
            case .exists: break
            default: if rule.value == nil { problems.append("\(rule.id): \(rule.check.rawValue) needs a value") }
            }
            if stack, rule.check != .custom { problems.append("\(rule.id): a stack rule must be a custom check") }
            if rule.fix == nil { problems.append("\(rule.id): no fix, not even a manual one") }
        }
        return problems
    }

    // MARK: Audit

    /// Reads every audited instance concurrently, evaluates the catalogue, scores and keeps the run. An instance that
    /// can't be read is marked unreachable; the run still completes.
    /// - Parameter only: audit this instance alone (its own rules; the rules across the stack need all of it).
    /// - Throws: `invalidInput` naming `instance` when no audited instance has that name.
    public func run(only: String? = nil, now: Date = Date()) async throws -> AuditRun {
        let correlationId = Event.newCorrelationId()
        var instances = try await services.list().filter { Self.auditedKinds.contains($0.kind) }
        if let only {
            guard instances.contains(where: { $0.name == only }) else {
                throw AutoArrError(.invalidInput, "no audited instance named \(only); there are: \(instances.map(\.name).joined(separator: ", "))", field: "instance")
            }
            instances = instances.filter { $0.name == only }
        }
        let gateway = gateway
        let read = await withTaskGroup(of: (ServiceInstance, Result<JSONValue, any Error>).self) { group in
            for instance in instances {
                group.addTask {
                    do { return (instance, .success(try await gateway.read(instance))) } catch { return (instance, .failure(error)) }
                }
            }
            var results: [(ServiceInstance, Result<JSONValue, any Error>)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0.name < $1.0.name }
        }
        var stack: [InstanceSettings] = []
        var summaries: [AuditRun.Instance] = []
        var findings: [AuditFinding] = []
        for (instance, result) in read {
            switch result {
            case .success(let settings):
                stack.append(InstanceSettings(name: instance.name, kind: instance.kind, settings: settings))
                findings += rules.filter { $0.services.contains(instance.kind.rawValue) }
                    .map { RuleEngine.evaluate($0, settings: settings, instance: instance.name) }
                summaries.append(AuditRun.Instance(name: instance.name, kind: instance.kind, reachable: true))
            case .failure(let error):
                summaries.append(AuditRun.Instance(name: instance.name, kind: instance.kind, reachable: false, error: Self.describe(error)))
            }
        }
        for rule in rules where rule.services == ["stack"] && only == nil { findings += CrossChecks.evaluate(rule, stack: stack) }
        for index in summaries.indices where summaries[index].reachable {
            summaries[index].score = RuleEngine.score(findings.filter { $0.instance == summaries[index].name }, rules: byId)
        }
        let stored = findings.map { StoredFinding($0, rule: byId[$0.ruleId]) }
        var run = AuditRun(correlationId: correlationId, startedAt: now, finishedAt: Date(), score: RuleEngine.score(findings, rules: byId),
                           instances: summaries, findings: stored)
        if let summarize { run.summary = await summarize(rules, stored) }
        run = try await store.save(run)
        let failing = stored.filter { $0.status == .fail }.count
        let unreachable = summaries.filter { !$0.reachable }.map(\.name)
        _ = await bus.publish(Event(.auditCompleted, message: "audit: score \(run.score.map(String.init) ?? "n/a"), \(failing) recommendation\(failing == 1 ? "" : "s")"
                                    + (unreachable.isEmpty ? "" : "; unreachable: \(unreachable.joined(separator: ", "))"),
                                    correlationId: correlationId, severity: unreachable.isEmpty ? .info : .warning,
                                    data: ["run": .number(Double(run.id)), "score": run.score.map { .number(Double($0)) } ?? .null, "recommendations": .number(Double(failing))]))
        return run
    }

    // MARK: Apply and rollback

    /// Applies the fixes of these recommendations, or with `dryRun` only says what would change.
    /// - Throws: `invalidInput` for no ids, `notFound` for an unknown one.
    public func apply(ids: [Int64], dryRun: Bool) async throws -> [ApplyResult] {
        guard !ids.isEmpty else { throw AutoArrError(.invalidInput, "name at least one recommendation id", field: "ids") }
        var findings: [StoredFinding] = []
        for id in ids {
            guard let finding = try await store.finding(id: id) else { throw AutoArrError(.notFound, "recommendation \(id) does not exist", field: "ids") }
            findings.append(finding)
        }
        let correlationId = Event.newCorrelationId()
        var results: [ApplyResult] = []
        for finding in findings {
            results.append(await apply(finding, dryRun: dryRun, correlationId: correlationId))
        }
        return results
    }

    private func apply(_ finding: StoredFinding, dryRun: Bool, correlationId: String) async -> ApplyResult {
        let rule = byId[finding.ruleId]
        let setting = rule?.fix?.setting ?? finding.setting
        var result = ApplyResult(recommendationId: finding.id, ruleId: finding.ruleId, instance: finding.instance, setting: setting,
                                 current: finding.current, new: rule?.fix?.value, outcome: .manual)
        guard finding.status == .fail else {
            result.outcome = .notFailing
            result.message = finding.status == .applied ? "already applied" : "this setting already follows the recommendation"
            return result
        }
        guard let rule, let value = rule.fix?.value, !rule.services.contains("stack") else {
            result.message = rule?.fix?.manual ?? "this one needs a person"
            return result
        }
        do {
            let instance = try await services.instance(named: finding.instance)
            let path = SettingPath(setting)
            guard let before = path.values(in: try await gateway.read(instance)) else {
                result.outcome = .notApplicable
                result.message = "\(setting) is not in this version's settings"
                return result
            }
            let current = path.combined(before)
            result.current = rule.secret == true ? nil : current
            if before.allSatisfy({ RuleEngine.looselyEqual($0, value) }) {
                result.outcome = .notFailing
                result.message = "already \(RuleEngine.describe(value)) (changed since the audit); nothing to change"
                return result
            }
            if dryRun {
                result.outcome = .wouldChange
                return result
            }
            try await gateway.write(instance, setting: setting, value: value, elementwise: false)
            // Read back: the service may refuse a value silently, or store it in its own form.
            let after = path.values(in: try await gateway.read(instance)) ?? []
            guard !after.isEmpty, after.allSatisfy({ RuleEngine.looselyEqual($0, value) }) else {
                result.outcome = .failed
                result.message = "written, but \(finding.instance) reads back \(RuleEngine.describe(path.combined(after)))"
                return result
            }
            let stored = path.combined(after)
            let change = try await store.record(ConfigChange(correlationId: correlationId, instance: finding.instance, recommendationId: finding.id,
                                                             setting: setting, before: current, after: stored, appliedAt: Date()))
            try await store.mark(findingId: finding.id, status: .applied)
            result.outcome = .applied
            result.changeId = change.id
            _ = await bus.publish(Event(.configApplied, message: "\(finding.instance): \(rule.title) — \(setting) set to \(RuleEngine.describe(value))",
                                        correlationId: correlationId, instance: finding.instance,
                                        data: ["change": .number(Double(change.id)), "rule": .string(rule.id), "setting": .string(setting)]))
        } catch {
            result.outcome = .failed
            result.message = Self.describe(error)
        }
        return result
    }

    /// Restores a change's before-value.
    /// - Throws: `notFound`; `conflict` when it was rolled back already or the setting changed since (naming both values).
    public func rollback(changeId: Int64) async throws -> ConfigChange {
        guard var change = try await store.change(id: changeId) else { throw AutoArrError(.notFound, "configuration change \(changeId) does not exist") }
        guard change.rolledBackAt == nil else { throw AutoArrError(.conflict, "configuration change \(changeId) was already rolled back") }
        let instance = try await services.instance(named: change.instance)
        let path = SettingPath(change.setting)
        let now = path.combined(path.values(in: try await gateway.read(instance)) ?? [])
        guard RuleEngine.looselyEqual(now, change.after) else {
            throw AutoArrError(.conflict, "\(change.setting) on \(change.instance) changed since it was applied: it is now \(RuleEngine.describe(now)), "
                               + "AutoArr set \(RuleEngine.describe(change.after)); not rolled back to \(RuleEngine.describe(change.before))")
        }
        try await gateway.write(instance, setting: change.setting, value: change.before, elementwise: path.hasEach)
        let back = path.combined(path.values(in: try await gateway.read(instance)) ?? [])
        guard RuleEngine.looselyEqual(back, change.before) else {
            throw AutoArrError(.unavailable, "\(change.instance) reads back \(RuleEngine.describe(back)) after restoring \(RuleEngine.describe(change.before))")
        }
        change.rolledBackAt = Date()
        try await store.rolledBack(changeId: change.id, at: change.rolledBackAt!)
        if let id = change.recommendationId { try await store.mark(findingId: id, status: .fail) }
        _ = await bus.publish(Event(.configRolledBack, message: "\(change.instance): \(change.setting) back to \(RuleEngine.describe(change.before))",
                                    correlationId: change.correlationId, instance: change.instance, data: ["change": .number(Double(change.id))]))
        return change
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? IntegrationError { return error.message }
        if let error = error as? AutoArrError { return error.message }
        return "\(error)"
    }
}

extension AuditService {
    /// A summarizer that asks the language model chain for two or three plain sentences about a run's failing
    /// findings. The rules provider writes no prose, so its answer (and any failure) means no summary.
    public static func summarizer(_ chain: LLMChain) -> @Sendable ([AuditRule], [StoredFinding]) async -> String? {
        { rules, findings in
            let titles = Dictionary(rules.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
            let failing = findings.filter { $0.status == .fail }.sorted { $0.severity > $1.severity }.prefix(20)
            guard !failing.isEmpty else { return nil }
            let lines = failing.map { "- \($0.severity.rawValue) · \($0.instance): \(titles[$0.ruleId] ?? $0.ruleId) (\($0.detail ?? "fails"))" }
            let messages = [
                ChatMessage(.system, "You summarise a home media server configuration audit for its owner in two or three plain sentences. "
                            + "Name the most severe problems first and what they cause. No lists, no markdown, no greeting."),
                ChatMessage(.user, "Findings:\n" + lines.joined(separator: "\n")),
            ]
            guard let (completion, provider) = try? await chain.complete(messages, options: CompletionOptions(maxTokens: 160)), provider != "rules" else {
                return nil
            }
            let text = completion.text.trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? nil : text
        }
    }
}
