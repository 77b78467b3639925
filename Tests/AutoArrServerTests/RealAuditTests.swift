import AutoArrApp
import AutoArrCore
import AutoArrIntegrations
import AutoArrTestSupport
import Foundation
import Testing
@testable import AutoArrServer

/// The audit against the real download clients from Debian, configured with a bad value: it is found, fixed through
/// the daemon's own API and verified by a re-audit, then rolled back to the old value.
@Suite(.serialized) struct RealAuditTests {
    struct Case: Sendable, CustomStringConvertible {
        var kind: RealDaemon.Kind
        var serviceKind: ServiceKind
        var rule: String
        var setting: String
        var bad: JSONValue
        var description: String { rule }
    }

    static let cases = [
        Case(kind: .sabnzbd, serviceKind: .sabnzbd, rule: "sab.fail-hopeless-jobs", setting: "misc.fail_hopeless_jobs", bad: 0),
        Case(kind: .nzbget, serviceKind: .nzbget, rule: "nzbget.unpack", setting: "Unpack", bad: "no"),
        Case(kind: .qbittorrent, serviceKind: .qbittorrent, rule: "qbit.upnp-off", setting: "upnp", bad: true),
        Case(kind: .transmission, serviceKind: .transmission, rule: "tr.rename-partial-files", setting: "rename-partial-files", bad: false),
    ]

    @Test(arguments: cases)
    func aBadSettingIsFoundFixedVerifiedAndRolledBack(_ test: Case) async throws {
        try await RealDaemon.with(test.kind) { daemon in
            let credentials: ServiceCredentials = test.kind == .sabnzbd ? .init(apiKey: daemon.apiKey)
                : .init(username: daemon.username, password: daemon.password)
            let instance = ServiceInstance(name: test.serviceKind.rawValue, kind: test.serviceKind, url: daemon.url, credentials: credentials, timeout: 10)
            let gateway = ServiceSettingsGateway(transport: HTTPTransport(retryBase: .milliseconds(200)))
            let path = SettingPath(test.setting)
            try await gateway.write(instance, setting: test.setting, value: test.bad, elementwise: false)
            #expect(RuleEngine.looselyEqual(path.values(in: try await gateway.read(instance))?.first ?? .null, test.bad))

            try await TestApp(services: [instance]).run { _, components in
                let run = try await components.audit.run()
                #expect(run.instances.map(\.reachable) == [true])
                let finding = try #require(run.findings.first { $0.ruleId == test.rule })
                #expect(finding.status == .fail, "\(finding.detail ?? "")")
                // Every rule of this kind was evaluated, and none that needs a missing setting passed.
                #expect(run.findings.count >= 6)

                let results = try await components.audit.apply(ids: [finding.id], dryRun: false)
                #expect(results.map(\.outcome) == [.applied], "\(results.map { $0.message ?? "" })")
                let fixed = path.values(in: try await gateway.read(instance))?.first ?? .null
                #expect(!RuleEngine.looselyEqual(fixed, test.bad))

                let again = try await components.audit.run()
                #expect(again.findings.first { $0.ruleId == test.rule }?.status == .pass)

                let change = try #require(results.first?.changeId)
                _ = try await components.audit.rollback(changeId: change)
                #expect(RuleEngine.looselyEqual(path.values(in: try await gateway.read(instance))?.first ?? .null, test.bad))
                let history = try await components.database.audit.changes(limit: 5)
                #expect(history.first?.rolledBackAt != nil)
                #expect(RuleEngine.looselyEqual(history.first?.before ?? .null, test.bad))
            }
        }
    }
}
