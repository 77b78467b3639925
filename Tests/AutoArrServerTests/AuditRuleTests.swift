import AutoArrApp
import AutoArrCore
import Foundation
import Testing
@testable import AutoArrServer

/// The bundled catalogue, every rule's passing and failing example, and the checks across services.
@Suite struct AuditRuleTests {
    static let rules = try! AuditCatalogue.bundled()

    /// A settings document holding `value` at `path` (one element under `[*]`).
    static func document(_ path: String, _ value: JSONValue) -> JSONValue {
        func build(_ steps: ArraySlice<SettingPath.Step>) -> JSONValue {
            guard let step = steps.first else { return value }
            switch step {
            case .key(let key): return .object([key: build(steps.dropFirst())])
            case .each: return .array([build(steps.dropFirst())])
            }
        }
        let steps = SettingPath(path).steps
        return steps.isEmpty ? value : build(steps[...])
    }

    @Test func theCatalogueCoversEveryServiceWithSixtyRulesOrMore() {
        #expect(Self.rules.count >= 60)
        let kinds = Set(Self.rules.flatMap(\.services))
        #expect(kinds == ["sabnzbd", "nzbget", "sonarr", "radarr", "qbittorrent", "transmission", "plex", "stack"])
        for kind in kinds { #expect(Self.rules.filter { $0.services.contains(kind) }.count >= 4, "\(kind)") }
        #expect(AuditService.problems(in: Self.rules).isEmpty)
        #expect(Self.rules.allSatisfy { $0.source.hasPrefix("https://") && !$0.rationale.isEmpty && !$0.title.isEmpty })
    }

    @Test(arguments: rules.filter { $0.services != ["stack"] }.map(\.id))
    func eachRulePassesItsGoodExampleAndFailsItsBadOne(id: String) throws {
        let rule = try #require(Self.rules.first { $0.id == id })
        let pass = RuleEngine.evaluate(rule, settings: Self.document(rule.setting, rule.examples.pass), instance: "i")
        let fail = RuleEngine.evaluate(rule, settings: Self.document(rule.setting, rule.examples.fail), instance: "i")
        #expect(pass.status == .pass, "\(id) pass: \(pass.detail ?? "")")
        #expect(fail.status == .fail, "\(id) fail: \(fail.detail ?? "")")
        #expect(fail.detail?.isEmpty == false)
        if rule.secret == true { #expect(fail.current == nil && !(fail.detail ?? "").contains(rule.examples.fail.stringValue ?? "\u{0}")) }
        // A fix, when there is one, makes the rule pass.
        if let value = rule.fix?.value, rule.fix?.setting == nil {
            #expect(RuleEngine.evaluate(rule, settings: Self.document(rule.setting, value), instance: "i").status == .pass, "\(id) fix")
        }
    }

    @Test func aMissingSettingIsNotApplicableNeverAPass() throws {
        let rule = try #require(Self.rules.first { $0.id == "sab.sorters-off" })
        let finding = RuleEngine.evaluate(rule, settings: ["misc": [:]], instance: "sab")
        #expect(finding.status == .notApplicable)
        #expect(finding.detail?.contains("not in this version") == true)
        let empty = try #require(Self.rules.first { $0.id == "arr.remove-completed" })
        #expect(RuleEngine.evaluate(empty, settings: ["downloadClients": []], instance: "sonarr").status == .notApplicable)
    }

    /// A rule over a whole section keeps none of it: SABnzbd's `misc` holds its API keys.
    @Test func sectionsAreNeverStoredAsTheCurrentValue() throws {
        let misc: JSONValue = ["api_key": "0123456789abcdef", "nzb_key": "fedcba", "history_retention": "50", "download_dir": "/a", "complete_dir": "/a"]
        for id in ["sab.history-retention", "sab.incomplete-not-complete"] {
            let rule = try #require(Self.rules.first { $0.id == id })
            let finding = RuleEngine.evaluate(rule, settings: ["misc": misc], instance: "sab")
            #expect(finding.status == .fail)
            #expect(finding.current == nil)
            #expect(!(finding.detail ?? "").contains("0123456789abcdef"))
        }
        let servers = try #require(Self.rules.first { $0.id == "sab.server-present" })
        #expect(RuleEngine.evaluate(servers, settings: ["servers": [["name": "a", "password": "hunter2", "enable": 0]]], instance: "sab").current == nil)
    }

    @Test func servicesMixNumbersTextAndBooleans() {
        #expect(RuleEngine.looselyEqual("1", 1))
        #expect(RuleEngine.looselyEqual(true, 1))
        #expect(RuleEngine.looselyEqual("Delete", "delete"))
        #expect(!RuleEngine.looselyEqual("yes", true))
        #expect(CustomChecks.bytes("1G") == 1_073_741_824)
        #expect(CustomChecks.bytes("500") == 524_288_000)
        #expect(CustomChecks.bytes("") == nil)
    }

    @Test func scoresWeighSeverityAndSkipNotApplicable() {
        let rules = Dictionary(uniqueKeysWithValues: Self.rules.map { ($0.id, $0) })
        let findings = [
            AuditFinding(ruleId: "arr.completed-download-handling", instance: "s", status: .pass),  // critical: 10
            AuditFinding(ruleId: "arr.hardlinks", instance: "s", status: .fail),  // high: 5
            AuditFinding(ruleId: "arr.media-info", instance: "s", status: .notApplicable),
        ]
        #expect(RuleEngine.score(findings, rules: rules) == 67)
        #expect(RuleEngine.score([findings[2]], rules: rules) == nil)
    }

    @Test func aBrokenCatalogueIsRefusedNamingTheRule() {
        let duplicate = """
            - {id: a, services: [sabnzbd], setting: misc.x, check: equals, value: 1, severity: low, title: t, rationale: r, source: https://x, fix: {value: 1}, examples: {pass: 1, fail: 0}}
            - {id: a, services: [sabnzbd], setting: misc.x, check: custom, custom: nope, severity: low, title: t, rationale: r, source: https://x, fix: {manual: m}, examples: {pass: 1, fail: 0}}
            """
        #expect { try AuditCatalogue.parse(duplicate) } throws: { "\($0)".contains("a: duplicate id") && "\($0)".contains("unknown custom check nope") }
        #expect { try AuditCatalogue.parse("- {id: b, services: [plex]}") } throws: { "\($0)".contains("lacks") }
        // Quoted scalars stay text: NZBGet's "yes" is not YAML 1.1's boolean.
        let quoted = try? AuditCatalogue.parse("""
            - {id: c, services: [nzbget], setting: Unpack, check: equals, value: "yes", severity: low, title: t, rationale: r, source: https://x, fix: {value: "yes"}, examples: {pass: "yes", fail: "no"}}
            """)
        #expect(quoted?.first?.value == "yes")
    }

    // MARK: Across services

    static let arr = InstanceSettings(name: "radarr", kind: .radarr, settings: [
        "diskspace": [["path": "/"], ["path": "/data"], ["path": "/downloads"]],
        "rootFolders": [["path": "/data/media/movies"]],
        "remotePathMappings": [],
        "downloadclient": ["enableCompletedDownloadHandling": true],
        "downloadClients": [["enable": true, "implementation": "Sabnzbd", "fields": [["name": "movieCategory", "value": "movies"]]]],
    ])

    static func sab(complete: String, categories: [String] = ["movies"], retention: String = "0", incomplete: String = "/data/usenet/incomplete") -> InstanceSettings {
        InstanceSettings(name: "sabnzbd", kind: .sabnzbd, settings: [
            "misc": ["complete_dir": .string(complete), "download_dir": .string(incomplete), "history_retention": .string(retention)],
            "categories": .array(categories.map { ["name": .string($0)] }),
        ])
    }

    static func verdict(_ id: String, _ stack: [InstanceSettings]) throws -> AuditFinding.Status {
        let rule = try #require(rules.first { $0.id == id })
        return try #require(CrossChecks.evaluate(rule, stack: stack).first).status
    }

    @Test func downloadsAndLibraryOnOneFilesystem() throws {
        #expect(try Self.verdict("stack.same-filesystem", [Self.arr, Self.sab(complete: "/data/usenet/complete")]) == .pass)
        #expect(try Self.verdict("stack.same-filesystem", [Self.arr, Self.sab(complete: "/downloads/complete")]) == .fail)
        // Through a remote path mapping: the client's /mnt/usenet is the *arr's /data/usenet.
        var mapped = Self.arr
        mapped.settings = .object((mapped.settings.objectValue ?? [:]).merging(["remotePathMappings": [["remotePath": "/mnt/usenet", "localPath": "/data/usenet"]]]) { $1 })
        #expect(try Self.verdict("stack.same-filesystem", [mapped, Self.sab(complete: "/mnt/usenet/complete")]) == .pass)
        #expect(try Self.verdict("stack.same-filesystem", [Self.arr]) == .notApplicable)
    }

    @Test func theArrsCategoryExistsInTheClient() throws {
        #expect(try Self.verdict("stack.category-matches", [Self.arr, Self.sab(complete: "/data/usenet/complete")]) == .pass)
        #expect(try Self.verdict("stack.category-matches", [Self.arr, Self.sab(complete: "/data/usenet/complete", categories: ["tv"])]) == .fail)
    }

    @Test func theClientKeepsHistoryForCompletedDownloadHandling() throws {
        #expect(try Self.verdict("stack.history-kept-for-import", [Self.arr, Self.sab(complete: "/data/usenet/complete", retention: "30d")]) == .pass)
        #expect(try Self.verdict("stack.history-kept-for-import", [Self.arr, Self.sab(complete: "/data/usenet/complete", retention: "10")]) == .fail)
    }

    @Test func noClientDownloadsIntoTheLibrary() throws {
        #expect(try Self.verdict("stack.downloads-outside-library", [Self.arr, Self.sab(complete: "/data/usenet/complete")]) == .pass)
        #expect(try Self.verdict("stack.downloads-outside-library", [Self.arr, Self.sab(complete: "/data/media/movies/new")]) == .fail)
    }
}
