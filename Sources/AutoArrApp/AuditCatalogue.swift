import AutoArrCore
import Foundation
import Yams

/// The bundled rule catalogue, `Resources/audit-rules.yaml` (ADR 0012).
public enum AuditCatalogue {
    /// The bundled rules. - Throws: `StartupError` naming a rule that can't be read or is unsound.
    public static func bundled() throws -> [AuditRule] {
        guard let url = Bundle.module.url(forResource: "audit-rules", withExtension: "yaml", subdirectory: "Resources"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw StartupError("audit-rules.yaml is missing from the build")
        }
        return try parse(text)
    }

    /// Rules from YAML text. Plain scalars are read as YAML 1.2's core schema (true/false, numbers, null); quoted
    /// scalars are always text, so `"yes"` stays a string.
    public static func parse(_ text: String) throws -> [AuditRule] {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch { throw StartupError("audit-rules.yaml: \(error)") }
        let document = node.map(json) ?? .array([])
        let rules: [AuditRule]
        do {
            rules = try JSONDecoder().decode([AuditRule].self, from: JSONEncoder().encode(document))
        } catch let DecodingError.keyNotFound(key, context) {
            throw StartupError("audit-rules.yaml: rule \(context.codingPath.first?.intValue.map { $0 + 1 } ?? 0) lacks \(key.stringValue)")
        } catch {
            throw StartupError("audit-rules.yaml: \(error)")
        }
        let problems = AuditService.problems(in: rules)
        guard problems.isEmpty else { throw StartupError("audit-rules.yaml: \(problems.joined(separator: "; "))") }
        return rules
    }

    static func json(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            guard scalar.style == .plain else { return .string(scalar.string) }
            switch scalar.string {
            case "true": return .bool(true)
            case "false": return .bool(false)
            case "null", "~", "": return .null
            default: return Double(scalar.string).map(JSONValue.number) ?? .string(scalar.string)
            }
        case .mapping(let mapping):
            return .object(Dictionary(mapping.map { ($0.key.string ?? "\($0.key)", json($0.value)) }, uniquingKeysWith: { $1 }))
        case .sequence(let sequence):
            return .array(sequence.map(json))
        case .alias:
            return .null
        }
    }
}
