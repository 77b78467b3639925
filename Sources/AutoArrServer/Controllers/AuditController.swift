import AutoArrCore
import Foundation
import Hummingbird

/// `POST /audit`, its runs, the recommendations, applying them (with a dry run) and rolling changes back.
struct AuditController {
    let audit: AuditService

    struct RuleResource: Encodable {
        var id: String
        var title: String
        var rationale: String
        var source: String
        var autoFixable: Bool
        var fix: String?
    }

    struct FindingResource: Encodable {
        var id: Int64
        var runId: Int64
        var instance: String
        var rule: RuleResource?
        var ruleId: String
        var severity: String
        var setting: String
        var status: String
        var current: JSONValue?
        var recommended: JSONValue?
        var detail: String?

        init(_ finding: StoredFinding, rule: AuditRule?) {
            id = finding.id
            runId = finding.runId
            instance = finding.instance
            ruleId = finding.ruleId
            self.rule = rule.map { RuleResource(id: $0.id, title: $0.title, rationale: $0.rationale, source: $0.source, autoFixable: $0.autoFixable,
                                                 fix: $0.fix?.manual) }
            severity = finding.severity.rawValue
            setting = finding.setting
            status = finding.status.rawValue
            current = finding.current
            recommended = finding.recommended
            detail = finding.detail
        }
    }

    struct RunResource: ResponseEncodable {
        var id: Int64
        var correlationId: String
        var startedAt: String
        var finishedAt: String
        var score: Int?
        var instances: [AuditRun.Instance]
        /// Findings by status now.
        var counts: [String: Int]
        /// Failing findings by severity.
        var failing: [String: Int]
        var summary: String?
        var findings: [FindingResource]?
    }

    struct RunList: ResponseEncodable { var items: [RunResource] }
    struct FindingList: ResponseEncodable { var items: [FindingResource] }

    struct ApplyBody: Decodable {
        var ids: [Int64]
        var dryRun: Bool?
    }

    struct ApplyResource: Encodable {
        var recommendationId: Int64
        var ruleId: String
        var instance: String
        var setting: String
        var current: JSONValue?
        var new: JSONValue?
        var outcome: String
        var message: String?
        var changeId: Int64?
    }

    struct ApplyList: ResponseEncodable {
        var dryRun: Bool
        var items: [ApplyResource]
    }

    struct ChangeResource: ResponseEncodable {
        var id: Int64
        var correlationId: String
        var instance: String
        var recommendationId: Int64?
        var setting: String
        var before: JSONValue
        var after: JSONValue
        var appliedAt: String
        var rolledBackAt: String?

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
    }

    struct ChangeList: ResponseEncodable { var items: [ChangeResource] }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("audit") { _, _ in
            let run = try await audit.run()
            return EditedResponse(status: .created, response: resource(run, findings: true))
        }
        group.get("audit/runs") { request, _ in
            let limit = try Self.limit(request)
            return RunList(items: try await audit.store.runs(limit: limit).map { resource($0, findings: false) })
        }
        group.get("audit/runs/{id}") { _, context in
            let id = try Self.id(context)
            guard let run = try await audit.store.run(id: id) else { throw AutoArrError(.notFound, "audit run \(id) does not exist") }
            return resource(run, findings: true)
        }
        group.get("recommendations") { request, _ in
            let query = request.uri.queryParameters
            var severity: AuditRule.Severity?
            if let text = query["severity"] {
                guard let value = AuditRule.Severity(rawValue: String(text)) else {
                    throw AutoArrError(.invalidInput, "severity must be one of critical, high, medium, low", field: "severity")
                }
                severity = value
            }
            let found = try await audit.store.recommendations(severity: severity, instance: query["instance"].map(String.init))
            return FindingList(items: found.map { FindingResource($0, rule: audit.rule($0.ruleId)) })
        }
        group.post("recommendations/apply") { request, context in
            let body = try await request.decodeJSON(ApplyBody.self, context: context)
            let dryRun = body.dryRun ?? false
            let results = try await audit.apply(ids: body.ids, dryRun: dryRun)
            return ApplyList(dryRun: dryRun, items: results.map {
                ApplyResource(recommendationId: $0.recommendationId, ruleId: $0.ruleId, instance: $0.instance, setting: $0.setting, current: $0.current,
                              new: $0.new, outcome: $0.outcome.rawValue, message: $0.message, changeId: $0.changeId)
            })
        }
        group.get("config/history") { request, _ in
            ChangeList(items: try await audit.store.changes(limit: try Self.limit(request)).map(ChangeResource.init))
        }
        group.post("config/history/{id}/rollback") { _, context in
            ChangeResource(try await audit.rollback(changeId: try Self.id(context)))
        }
    }

    private func resource(_ run: AuditRun, findings: Bool) -> RunResource {
        RunResource(id: run.id, correlationId: run.correlationId, startedAt: ISO8601Timestamp.format(run.startedAt),
                           finishedAt: ISO8601Timestamp.format(run.finishedAt), score: run.score, instances: run.instances,
                           counts: run.counts, failing: run.failing, summary: run.summary,
                           findings: findings ? run.findings.map { FindingResource($0, rule: audit.rule($0.ruleId)) } : nil)
    }

    private static func id(_ context: AppRequestContext) throws -> Int64 {
        let text = try context.parameters.require("id")
        guard let id = Int64(text), id > 0 else { throw AutoArrError(.invalidInput, "id must be a positive whole number", field: "id") }
        return id
    }

    private static func limit(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters["limit"] else { return 50 }
        guard let limit = Int(text), (1...500).contains(limit) else { throw AutoArrError(.invalidInput, "limit must be between 1 and 500", field: "limit") }
        return limit
    }
}
