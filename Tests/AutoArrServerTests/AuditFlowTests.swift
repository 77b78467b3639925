import AutoArrApp
import AutoArrCore
import AutoArrSimulator
import AutoArrTestSupport
import Foundation
import HummingbirdTesting
import Testing
@testable import AutoArrServer

/// The audit over the simulated Sonarr, Radarr, SABnzbd and Plex, through the REST API: run, recommendations,
/// dry run, apply, re-audit, rollback and its refusals, and an unreachable instance.
@Suite struct AuditFlowTests {
    static func run(_ body: @escaping @Sendable (any TestClientProtocol, AppComponents, Simulation, String) async throws -> Void) async throws {
        let simulation = Simulation()
        try await Simulator.with(simulation) { endpoints in
            try await TestApp().run { client, components in
                for draft in endpoints.drafts(keys: simulation.keys) { _ = try await components.services.create(draft) }
                try await body(client, components, simulation, try await components.auth.apiKey())
            }
        }
    }

    static func json(_ response: TestResponse) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))
    }

    /// The id of the failing finding of a rule on an instance, from a run's findings.
    static func finding(_ run: JSONValue, _ rule: String, _ instance: String) -> JSONValue? {
        run["findings"]?.arrayValue?.first { $0["ruleId"]?.stringValue == rule && $0["instance"]?.stringValue == instance }
    }

    /// The demo's stack: every SABnzbd fix the audit offers applies and reads back, the runs list counts what fails
    /// (the dashboard's number), and an applied fix is neither counted nor offered again.
    @Test func everySABnzbdFixAppliesInTheDemo() async throws {
        let simulation = Simulation()
        await simulation.seedDemo()
        try await Simulator.with(simulation) { endpoints in
            try await TestApp().run { client, components in
                for draft in endpoints.drafts(keys: simulation.keys) { _ = try await components.services.create(draft) }
                let key = try await components.auth.apiKey()
                let run = try Self.json(try await client.send(.post, "/api/v1/audit", as: .key(key)))
                let failing = run["findings"]?.arrayValue?.filter { $0["status"] == "fail" } ?? []
                let listed = try Self.json(try await client.send(.get, "/api/v1/audit/runs?limit=1", as: .key(key)))["items"]?.arrayValue?.first
                #expect(listed?["counts"]?["fail"]?.intValue == failing.count)
                let bySeverity = Dictionary(grouping: failing, by: { $0["severity"]?.stringValue ?? "" }).mapValues(\.count)
                #expect(listed?["failing"]?.objectValue?.compactMapValues(\.intValue) == bySeverity)

                let fixes = failing.filter { $0["instance"] == "sabnzbd" && $0["rule"]?["autoFixable"] == true }.compactMap { $0["id"]?.intValue }
                #expect(fixes.count >= 3, "\(fixes)")
                let applied = try Self.json(try await client.send(.post, "/api/v1/recommendations/apply", as: .key(key), json: #"{"ids":\#(fixes)}"#))
                for item in applied["items"]?.arrayValue ?? [] {
                    #expect(item["outcome"] == "applied", "\(item["ruleId"]?.stringValue ?? ""): \(item["message"]?.stringValue ?? "")")
                }
                let after = try Self.json(try await client.send(.get, "/api/v1/audit/runs?limit=1", as: .key(key)))["items"]?.arrayValue?.first
                #expect(after?["counts"]?["fail"]?.intValue == failing.count - fixes.count)
                #expect(after?["counts"]?["applied"]?.intValue == fixes.count)
                let offered = try Self.json(try await client.send(.get, "/api/v1/recommendations?instance=sabnzbd", as: .key(key)))["items"]?.arrayValue ?? []
                #expect(offered.allSatisfy { item in !fixes.contains(item["id"]?.intValue ?? -1) })
                // Trying one again is refused without a diff.
                let again = try Self.json(try await client.send(.post, "/api/v1/recommendations/apply", as: .key(key), json: #"{"ids":[\#(fixes[0])],"dryRun":true}"#))
                #expect(again["items"]?.arrayValue?.first?["outcome"] == "not_failing")
            }
        }
    }

    @Test func auditApplyVerifyAndRollBackThroughTheAPI() async throws {
        try await Self.run { client, components, simulation, key in
            let created = try await client.send(.post, "/api/v1/audit", as: .key(key))
            #expect(created.status == .created)
            let run = try Self.json(created)
            #expect(run["instances"]?.arrayValue?.count == 4)
            #expect(run["instances"]?.arrayValue?.allSatisfy { $0["reachable"] == true && $0["score"]?.intValue != nil } == true)
            // Fresh-install defaults the catalogue disagrees with, each with its reason.
            let rename = try #require(Self.finding(run, "sonarr.rename-episodes", "sonarr"))
            #expect(rename["status"] == "fail")
            #expect(rename["current"] == false)
            #expect(rename["rule"]?["rationale"]?.stringValue?.isEmpty == false)
            #expect(Self.finding(run, "plex.media-deletion-off", "plex")?["status"] == "fail")
            #expect(Self.finding(run, "arr.hardlinks", "radarr")?["status"] == "pass")
            // The simulated Plex has no partial-scan preference: not applicable, never a pass.
            #expect(Self.finding(run, "plex.partial-scan", "plex")?["status"] == "not_applicable")
            // Across services: Radarr's category "movies" exists in SABnzbd, and SABnzbd completes into /data, the
            // filesystem of Radarr's root folder.
            #expect(Self.finding(run, "stack.category-matches", "radarr")?["status"] == "pass")
            #expect(Self.finding(run, "stack.same-filesystem", "radarr")?["status"] == "pass")

            let listed = try Self.json(try await client.send(.get, "/api/v1/recommendations?severity=high&instance=plex", as: .key(key)))
            #expect(listed["items"]?.arrayValue?.map { $0["ruleId"]?.stringValue } == ["plex.media-deletion-off"])
            #expect(try await client.send(.get, "/api/v1/recommendations?severity=urgent", as: .key(key)).status == .badRequest)

            let renameId = try #require(rename["id"]?.intValue)
            let plexId = try #require(Self.finding(run, "plex.media-deletion-off", "plex")?["id"]?.intValue)
            let manualId = try #require(Self.finding(run, "plex.libraries", "plex")?["id"]?.intValue ?? Self.finding(run, "sab.server-ssl", "sabnzbd")?["id"]?.intValue)

            // A dry run shows the change per setting and changes nothing.
            let dry = try Self.json(try await client.send(.post, "/api/v1/recommendations/apply", as: .key(key), json: #"{"ids":[\#(renameId),\#(plexId)],"dryRun":true}"#))
            #expect(dry["items"]?.arrayValue?.map { $0["outcome"]?.stringValue } == ["would_change", "would_change"])
            #expect(dry["items"]?.arrayValue?.first?["current"] == false)
            #expect(dry["items"]?.arrayValue?.first?["new"] == true)
            #expect(await simulation.servarr(.sonarr, SimRequest(method: "GET", segments: ["config", "naming"])).json?["renameEpisodes"] == false)

            // Applying writes through the services' APIs, reads back, and records the before and after.
            let applied = try Self.json(try await client.send(.post, "/api/v1/recommendations/apply", as: .key(key), json: #"{"ids":[\#(renameId),\#(plexId),\#(manualId)]}"#))
            let outcomes = applied["items"]?.arrayValue?.map { $0["outcome"]?.stringValue }
            #expect(outcomes == ["applied", "applied", "manual"] || outcomes == ["applied", "applied", "not_failing"])
            #expect(await simulation.servarr(.sonarr, SimRequest(method: "GET", segments: ["config", "naming"])).json?["renameEpisodes"] == true)
            let history = try Self.json(try await client.send(.get, "/api/v1/config/history", as: .key(key)))
            #expect(history["items"]?.arrayValue?.count == 2)
            let renameChange = try #require(applied["items"]?.arrayValue?.first?["changeId"]?.intValue)

            // Re-audit: the fixed settings pass now.
            let again = try Self.json(try await client.send(.post, "/api/v1/audit", as: .key(key)))
            #expect(Self.finding(again, "sonarr.rename-episodes", "sonarr")?["status"] == "pass")
            #expect(Self.finding(again, "plex.media-deletion-off", "plex")?["status"] == "pass")
            #expect((again["score"]?.intValue ?? 0) > (run["score"]?.intValue ?? 100))

            // Rollback restores the before-value; a second rollback is refused.
            let rolled = try await client.send(.post, "/api/v1/config/history/\(renameChange)/rollback", as: .key(key))
            #expect(rolled.status == .ok)
            #expect(await simulation.servarr(.sonarr, SimRequest(method: "GET", segments: ["config", "naming"])).json?["renameEpisodes"] == false)
            #expect(try await client.send(.post, "/api/v1/config/history/\(renameChange)/rollback", as: .key(key)).status == .conflict)

            // A setting changed by someone else since is not rolled back: 409 naming both values.
            let plexChange = try #require(applied["items"]?.arrayValue?[1]["changeId"]?.intValue)
            _ = await simulation.plex(SimRequest(method: "PUT", segments: [":", "prefs"], query: ["allowMediaDeletion": ["1"]]), token: simulation.keys.plex)
            let refused = try await client.send(.post, "/api/v1/config/history/\(plexChange)/rollback", as: .key(key))
            #expect(refused.status == .conflict)
            let message = try Self.json(refused)["error"]?["message"]?.stringValue ?? ""
            #expect(message.contains("now true") && message.contains("AutoArr set false"), "\(message)")

            // Bad input names its field.
            let empty = try await client.send(.post, "/api/v1/recommendations/apply", as: .key(key), json: #"{"ids":[]}"#)
            #expect(empty.status == .badRequest)
            #expect(try Self.json(empty)["error"]?["field"] == "ids")
            #expect(try await client.send(.post, "/api/v1/recommendations/apply", as: .key(key), json: #"{"ids":[999999]}"#).status == .notFound)
            #expect(try await client.send(.post, "/api/v1/recommendations/apply", as: .key(key), json: #"{"dryRun":true}"#).status == .badRequest)
            #expect(try await client.send(.get, "/api/v1/audit/runs/abc", as: .key(key)).status == .badRequest)
            #expect(try await client.send(.get, "/api/v1/audit/runs/424242", as: .key(key)).status == .notFound)
            let runs = try Self.json(try await client.send(.get, "/api/v1/audit/runs?limit=5", as: .key(key)))
            #expect(runs["items"]?.arrayValue?.count == 2)
            #expect(try await client.send(.post, "/api/v1/audit", as: .none).status == .unauthorized)

            // Every step is in the activity log.
            var query = ActivityQuery()
            query.limit = 100
            let types = Set(try await components.database.activity.page(query).items.map(\.event.type))
            #expect(types.isSuperset(of: [.auditCompleted, .configApplied, .configRolledBack]))
        }
    }

    @Test func anUnreachableInstanceStillGivesARun() async throws {
        try await Self.run { client, components, _, key in
            _ = try await components.services.create(ServiceDraft(name: "qbit-down", kind: "qbittorrent", url: "http://127.0.0.1:\(try RealDaemon.freePort())",
                                                                  credentials: .init(username: "admin", password: "x")))
            let run = try Self.json(try await client.send(.post, "/api/v1/audit", as: .key(key)))
            let down = run["instances"]?.arrayValue?.first { $0["name"] == "qbit-down" }
            #expect(down?["reachable"] == false)
            #expect(down?["error"]?.stringValue?.isEmpty == false)
            #expect(down?["score"] == nil || down?["score"] == .null)
            #expect(run["instances"]?.arrayValue?.filter { $0["reachable"] == true }.count == 4)
            #expect(run["findings"]?.arrayValue?.contains { $0["instance"] == "qbit-down" } == false)
        }
    }
}
