import Foundation

/// A path into a settings document: `misc.cache_limit`, `downloadClients[*].removeCompletedDownloads`.
/// `[*]` means every element of an array, each checked (and fixed) on its own.
public struct SettingPath: Sendable, Equatable, CustomStringConvertible {
    public enum Step: Sendable, Equatable {
        case key(String)
        case each
    }

    public var steps: [Step]
    public var description: String

    public init(_ text: String) {
        description = text
        steps = text.split(separator: ".").flatMap { part -> [Step] in
            part.hasSuffix("[*]") ? [.key(String(part.dropLast(3))), .each] : [.key(String(part))]
        }
    }

    public var hasEach: Bool { steps.contains(.each) }

    /// The value(s) at the path: one per element under `[*]`. - Returns: nil when a step is missing.
    public func values(in document: JSONValue) -> [JSONValue]? {
        var current: [JSONValue] = [document]
        for step in steps {
            switch step {
            case .key(let key):
                var next: [JSONValue] = []
                for value in current {
                    guard let member = value[key] else { return nil }
                    next.append(member)
                }
                current = next
            case .each:
                var next: [JSONValue] = []
                for value in current {
                    guard case .array(let elements) = value else { return nil }
                    next += elements
                }
                current = next
            }
        }
        return current
    }

    /// Values read at the path as one value: the list of them under `[*]`, else the one (null when there is none).
    public func combined(_ values: [JSONValue]) -> JSONValue {
        hasEach ? .array(values) : (values.first ?? .null)
    }

    /// Sets the value at the path (every element under `[*]`; element by element when `value` is an array of as many).
    public func set(_ value: JSONValue, in document: inout JSONValue, elementwise: Bool = false) {
        var remaining: [JSONValue] = []
        if elementwise, case .array(let values) = value { remaining = values }
        document = Self.assign(value, steps[...], in: document, elementwise: elementwise, remaining: &remaining)
    }

    private static func assign(_ value: JSONValue, _ steps: ArraySlice<Step>, in node: JSONValue, elementwise: Bool, remaining: inout [JSONValue]) -> JSONValue {
        guard let step = steps.first else {
            if elementwise, !remaining.isEmpty { return remaining.removeFirst() }
            return value
        }
        switch (step, node) {
        case (.key(let key), .object(var fields)):
            fields[key] = assign(value, steps.dropFirst(), in: fields[key] ?? .null, elementwise: elementwise, remaining: &remaining)
            return .object(fields)
        case (.each, .array(let elements)):
            return .array(elements.map { assign(value, steps.dropFirst(), in: $0, elementwise: elementwise, remaining: &remaining) })
        default:
            return node
        }
    }
}

/// Evaluates rules against one instance's settings document. Pure: the same settings give the same findings.
public enum RuleEngine {
    /// The outcome of one check of one value.
    public enum Verdict: Sendable, Equatable {
        case pass
        case fail(String)
        case notApplicable(String)
    }

    public static func evaluate(_ rule: AuditRule, settings: JSONValue, instance: String) -> AuditFinding {
        let path = SettingPath(rule.setting)
        var finding = AuditFinding(ruleId: rule.id, instance: instance, status: .notApplicable, recommended: rule.fix?.value ?? rule.value)
        guard let values = path.values(in: settings) else {
            finding.detail = "\(rule.setting) is not in this version's settings"
            return finding
        }
        // Only plain values are kept and shown: a rule over a whole section (SABnzbd's `misc`, NZBGet's configuration,
        // a list of servers) would otherwise store its keys and passwords.
        if rule.secret != true, values.allSatisfy(isPlain) { finding.current = path.combined(values) }
        if path.hasEach, values.isEmpty {
            finding.detail = "nothing to check: \(rule.setting) is empty"
            return finding
        }
        let verdicts = values.map { verdict(rule, $0) }
        if let failed = verdicts.first(where: { if case .fail = $0 { true } else { false } }), case .fail(let why) = failed {
            finding.status = .fail
            finding.detail = path.hasEach ? "\(why) (\(verdicts.filter { if case .fail = $0 { true } else { false } }.count) of \(values.count))" : why
        } else if let skipped = verdicts.first(where: { if case .notApplicable = $0 { true } else { false } }), case .notApplicable(let why) = skipped {
            finding.detail = why
        } else {
            finding.status = .pass
        }
        return finding
    }

    /// One value against the rule's check.
    public static func verdict(_ rule: AuditRule, _ value: JSONValue) -> Verdict {
        let expected = rule.value ?? .null
        let shown = describe(rule.secret == true ? "(secret)" : value)
        switch rule.check {
        case .equals:
            return looselyEqual(value, expected) ? .pass : .fail("is \(shown), recommended \(describe(expected))")
        case .notEquals:
            return looselyEqual(value, expected) ? .fail("is \(shown), which should be changed") : .pass
        case .oneOf:
            guard case .array(let options) = expected else { return .notApplicable("the rule lists no values") }
            return options.contains { looselyEqual(value, $0) } ? .pass : .fail("is \(shown), recommended one of \(describe(expected))")
        case .min, .max:
            guard let found = number(value), let bound = number(expected) else { return .notApplicable("\(shown) is not a number") }
            let ok = rule.check == .min ? found >= bound : found <= bound
            return ok ? .pass : .fail("is \(shown), recommended \(rule.check == .min ? "at least" : "at most") \(describe(expected))")
        case .regex:
            guard let pattern = expected.stringValue, let regex = try? NSRegularExpression(pattern: pattern) else { return .notApplicable("the rule's pattern is invalid") }
            let text = value.stringValue ?? describe(value)
            return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil ? .pass : .fail("\(shown) does not fit the recommendation")
        case .exists:
            return isEmpty(value) ? .fail("is not set") : .pass
        case .custom:
            guard let name = rule.custom, let check = CustomChecks.all[name] else { return .notApplicable("unknown check \(rule.custom ?? "(none)")") }
            return check(value, expected)
        }
    }

    /// Equal, reading `1`, `"1"` and `true` alike, and numbers in text as numbers (services mix them).
    public static func looselyEqual(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        if lhs == rhs { return true }
        if let left = number(lhs), let right = number(rhs) { return left == right }
        if case .string(let left) = lhs, case .string(let right) = rhs { return left.caseInsensitiveCompare(right) == .orderedSame }
        if case .array(let left) = lhs, case .array(let right) = rhs {
            return left.count == right.count && zip(left, right).allSatisfy { looselyEqual($0, $1) }
        }
        return false
    }

    /// A number, a numeric string, or a boolean as 1/0.
    public static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .number(let number): number
        case .string(let text): Double(text.trimmingCharacters(in: .whitespaces))
        case .bool(let flag): flag ? 1 : 0
        default: nil
        }
    }

    /// A scalar, or a list of scalars.
    static func isPlain(_ value: JSONValue) -> Bool {
        switch value {
        case .object: false
        case .array(let elements): elements.allSatisfy { if case .object = $0 { false } else if case .array = $0 { false } else { true } }
        default: true
        }
    }

    public static func isEmpty(_ value: JSONValue) -> Bool {
        switch value {
        case .null: true
        case .string(let text): text.trimmingCharacters(in: .whitespaces).isEmpty
        case .array(let elements): elements.isEmpty
        case .object(let fields): fields.isEmpty
        default: false
        }
    }

    public static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): "\"\(text)\""
        case .number(let number): number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .bool(let flag): String(flag)
        case .null: "unset"
        default: (try? String(decoding: JSONEncoder().encode(value), as: UTF8.self)) ?? "?"
        }
    }

    /// A health score from 0 to 100: passed weight over evaluated weight; not-applicable findings don't count.
    public static func score(_ findings: [AuditFinding], rules: [String: AuditRule]) -> Int? {
        var passed = 0
        var total = 0
        for finding in findings where finding.status != .notApplicable {
            let weight = rules[finding.ruleId]?.severity.weight ?? 1
            total += weight
            if finding.status == .pass { passed += weight }
        }
        return total == 0 ? nil : Int((Double(passed) * 100 / Double(total)).rounded())
    }
}
