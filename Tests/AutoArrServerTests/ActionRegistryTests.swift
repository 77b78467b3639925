import AutoArrApp
import AutoArrCore
import AutoArrServer
import AutoArrTestSupport
import Foundation
import Testing

/// The catalogue's schemas against Python's `jsonschema`: every schema is valid Draft 2020-12, and each action's input
/// schema accepts exactly the arguments the action accepts, its refusals naming the field.
@Suite struct ActionRegistryTests {
    static let contract = [
        "request_media", "confirm_request", "list_requests", "get_request", "cancel_request", "search_library", "upcoming", "list_wanted",
        "list_downloads", "list_failed_downloads", "download_history", "explain_download", "retry_download", "pause_download", "resume_download",
        "remove_download", "run_recovery", "list_recovery_attempts", "run_audit", "list_recommendations", "apply_recommendations",
        "list_config_changes", "rollback_change", "search_activity", "get_correlation", "list_services", "test_service", "system_status",
    ]

    @Test func theContractNamesAreAllThere() async throws {
        let components = try await AppComponents.open(TestApp().config, logger: .init(label: "test"))
        let names = components.actions.entries.map(\.name)
        #expect(Self.contract.allSatisfy(names.contains), "missing: \(Self.contract.filter { !names.contains($0) })")
        #expect(Set(names).count == names.count, "duplicate names")
        for action in components.actions.entries {
            #expect(action.name.allSatisfy { $0.isLowercase || $0 == "_" }, "\(action.name) is snake_case")
            #expect(!action.summary.isEmpty && !action.title.isEmpty)
            #expect(!(action.traits.readOnly && action.traits.destructive), "\(action.name) is read-only and destructive")
            // Every output schema describes its fields (a broken read would leave an empty object).
            #expect(action.outputSchema["type"] == "object" && !(action.outputSchema["properties"]?.objectValue ?? [:]).isEmpty,
                    "\(action.name)'s output schema: \(action.outputSchema)")
        }
        // Every REST action route names an action of the registry.
        for route in ActionRoute.all { #expect(components.actions[route.action] != nil, "\(route.path) names \(route.action)") }
    }

    /// Generated cases per action: nothing, an unknown field, each field with a good value and with bad ones.
    @Test func inputSchemasAcceptExactlyWhatTheActionsAccept() async throws {
        let components = try await AppComponents.open(TestApp().config, logger: .init(label: "test"))
        let actions = components.actions.entries
        var schemas: [JSONValue] = []
        var cases: [(action: Int, instance: JSONValue, field: String?)] = []
        for (index, action) in actions.enumerated() {
            schemas.append(action.inputSchema)
            schemas.append(action.outputSchema)
            let properties = action.inputSchema["properties"]?.objectValue ?? [:]
            let required = Set((action.inputSchema["required"]?.arrayValue ?? []).compactMap(\.stringValue))
            var minimal: [String: JSONValue] = [:]
            for name in required { minimal[name] = Self.good(properties[name]!) }
            cases.append((index, .object(minimal), nil))
            cases.append((index, [:], required.sorted().first))
            cases.append((index, .object(minimal.merging(["zzz": 1]) { $1 }), "zzz"))
            for (name, schema) in properties {
                cases.append((index, .object(minimal.merging([name: Self.good(schema)]) { $1 }), nil))
                for bad in Self.bad(schema) { cases.append((index, .object(minimal.merging([name: bad]) { $1 }), name)) }
            }
        }
        let request: JSONValue = ["schemas": .array(schemas),
                                  "cases": .array(cases.map { ["schema": .number(Double($0.action * 2)), "instance": $0.instance] })]
        let answer = try JSONDecoder().decode(JSONValue.self, from: try await SchemaChecker.run(try JSONEncoder().encode(request)))
        #expect(answer["invalid"]?.arrayValue?.isEmpty == true, "invalid schemas: \(answer["invalid"] ?? .null)")
        let valid = answer["valid"]?.arrayValue?.compactMap(\.boolValue) ?? []
        try #require(valid.count == cases.count)
        for (number, testCase) in cases.enumerated() {
            let action = actions[testCase.action]
            var refusal: AutoArrError?
            do { try action.check(testCase.instance) } catch let error as AutoArrError { refusal = error }
            #expect(valid[number] == (refusal == nil),
                    "\(action.name) \(testCase.instance): schema says \(valid[number] ? "valid" : "invalid"), the action \(refusal.map { "refuses: \($0.message)" } ?? "accepts")")
            if let refusal, let field = testCase.field {
                #expect(refusal.field == field, "\(action.name) \(testCase.instance): names \(refusal.field ?? "no field"), not \(field)")
            }
        }
        #expect(cases.count > 150)
    }

    /// A value the schema allows.
    static func good(_ schema: JSONValue) -> JSONValue {
        if case .array(let options)? = schema["anyOf"] { return good(options[0]) }
        if case .array(let values)? = schema["enum"] { return values[0] }
        switch schema["type"]?.stringValue {
        case "integer": return .number(schema["minimum"].flatMap { if case .number(let n) = $0 { n } else { nil } } ?? 1)
        case "number": return .number(1.5)
        case "boolean": return true
        case "array":
            let count = schema["minItems"]?.intValue ?? 1
            return .array(Array(repeating: good(schema["items"] ?? ["type": "string"]), count: max(1, count)))
        case "string" where schema["format"] == "date-time": return "2026-01-31T12:00:00Z"
        default: return "x"
        }
    }

    /// Values the schema refuses.
    static func bad(_ schema: JSONValue) -> [JSONValue] {
        if schema["anyOf"] != nil { return [[:], true, "  "] }
        var values: [JSONValue] = [["an": "object"]]
        if schema["enum"] != nil { values.append("no-such-choice") }
        switch schema["type"]?.stringValue {
        case "integer":
            values += ["7", .number(1.5)]
            if case .number(let max)? = schema["maximum"], max < 1e15 { values.append(.number(max + 1)) }
            if case .number(let min)? = schema["minimum"] { values.append(.number(min - 1)) }
        case "boolean": values += ["yes", 1]
        case "array": values += ["x", .array([[:]])]
        case "string":
            values.append(5)
            if schema["pattern"] != nil { values.append("   ") }
            if schema["format"] == "date-time" { values.append("yesterday") }
        default: break
        }
        return values
    }
}
