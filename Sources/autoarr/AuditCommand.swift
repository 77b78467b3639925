import ArgumentParser
import AutoArrCore
import AutoArrApp
import Foundation

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit every connected service against the best-practice rules, apply fixes (--apply, with --dry-run), or roll one back.")

    @OptionGroup var common: CommonOptions

    @Option(name: .customLong("apply"), parsing: .upToNextOption, help: "Recommendation ids (from the last audit) to fix.")
    var apply: [Int64] = []

    @Flag(help: "With --apply: show what would change, change nothing.")
    var dryRun = false

    @Option(help: "Restore the before-value of this configuration change.")
    var rollback: Int64?

    @Flag(help: "List passing and not-applicable findings too.")
    var all = false

    func validate() throws {
        if dryRun, apply.isEmpty { throw ValidationError("--dry-run goes with --apply") }
        if rollback != nil, !apply.isEmpty { throw ValidationError("--rollback and --apply are separate steps") }
    }

    func run() async throws {
        var config = try common.loadConfig()
        config.logLevel = .warning
        let components = try await openComponents(config, logger: makeLogger(config))
        if let rollback {
            let change = try await components.run("rollback_change", ["id": .number(Double(rollback))], as: ChangeResource.self)
            print("rolled back #\(change.id): \(change.instance) \(change.setting) is \(RuleEngine.describe(change.before)) again")
            return
        }
        if !apply.isEmpty {
            var failed = false
            let applied = try await components.run("apply_recommendations", ["ids": .array(apply.map { .number(Double($0)) }), "dryRun": .bool(dryRun)],
                                                   as: ApplyList.self)
            for result in applied.items {
                let diff = "\(result.current.map(RuleEngine.describe) ?? "?") → \(result.new.map(RuleEngine.describe) ?? "?")"
                let line = switch result.outcome {
                case .wouldChange: "would set \(result.setting): \(diff)"
                case .applied: "set \(result.setting): \(diff) (change #\(result.changeId ?? 0); undo with --rollback \(result.changeId ?? 0))"
                default: "\(result.outcome.rawValue.replacingOccurrences(of: "_", with: " ")): \(result.message ?? "")"
                }
                failed = failed || result.outcome == .failed
                print("#\(result.recommendationId) \(result.instance) \(result.ruleId): \(line)")
            }
            if failed { throw ExitCode.failure }
            return
        }
        let run = try await components.run("run_audit", as: RunResource.self)
        print("Audit #\(run.id): score \(run.score.map { "\($0)/100" } ?? "n/a")")
        for instance in run.instances {
            print("  \(instance.name) (\(instance.kind.rawValue)): " + (instance.reachable ? "\(instance.score.map { "\($0)/100" } ?? "n/a")" : "unreachable — \(instance.error ?? "")"))
        }
        let shown = (run.findings ?? []).filter { all || $0.status == .fail }.sorted { ($0.severity, $1.id) > ($1.severity, $0.id) }
        let unreachable = run.instances.filter { !$0.reachable }
        if shown.isEmpty { print(unreachable.isEmpty ? "Nothing to fix." : "Nothing to fix in the services that answered.") }
        for finding in shown {
            let rule = finding.rule
            let fix = finding.status == .fail ? (rule?.autoFixable == true ? "  [--apply \(finding.id)]" : "  [manual: \(rule?.fix ?? "see the source")]") : ""
            print("#\(finding.id) \(finding.status.rawValue) \(finding.severity.rawValue) \(finding.instance): \(rule?.title ?? finding.ruleId)"
                  + (finding.detail.map { " — \($0)" } ?? "") + fix)
        }
        if let summary = run.summary { print("\n\(summary)") }
        if !unreachable.isEmpty {
            FileHandle.standardError.write(Data("autoarr: could not audit \(unreachable.map(\.name).joined(separator: ", ")): unreachable\n".utf8))
            throw ExitCode.failure
        }
    }
}
