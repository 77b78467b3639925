import Foundation

/// One best-practice rule of the audit catalogue (`audit-rules.yaml`, ADR 0012). Rules are data: a setting path in a
/// service's settings document, a check, a recommended value, and how it can be fixed.
public struct AuditRule: Sendable, Equatable, Codable {
    public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
        case low, medium, high, critical

        /// How much a rule counts toward the health score.
        public var weight: Int {
            switch self {
            case .low: 1
            case .medium: 3
            case .high: 5
            case .critical: 10
            }
        }

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.weight < rhs.weight }
    }

    public enum Check: String, Sendable, Codable {
        case equals, notEquals, min, max, oneOf, regex
        /// Present, not null, and not an empty string, array or object.
        case exists
        /// A named check in `CustomChecks`, for what a comparison can't say.
        case custom
    }

    /// How a failing setting is fixed: set `setting` (the rule's own by default) to `value`.
    public struct Fix: Sendable, Equatable, Codable {
        public var setting: String?
        public var value: JSONValue?
        /// What a person has to do, when it can't be done automatically.
        public var manual: String?

        public init(setting: String? = nil, value: JSONValue? = nil, manual: String? = nil) {
            self.setting = setting
            self.value = value
            self.manual = manual
        }
    }

    /// A value of the setting that passes and one that fails: every rule carries both, and a test checks them.
    public struct Examples: Sendable, Equatable, Codable {
        public var pass: JSONValue
        public var fail: JSONValue

        public init(pass: JSONValue, fail: JSONValue) {
            self.pass = pass
            self.fail = fail
        }
    }

    public var id: String
    /// The service kinds it applies to, or `stack` for a check across services.
    public var services: [String]
    /// Where the setting is in the service's settings document: `misc.cache_limit`, `downloadClients[*].enable`.
    public var setting: String
    public var check: Check
    /// What `equals`, `min`, `oneOf`, … compare with; for `custom`, the check's argument.
    public var value: JSONValue?
    /// The name of a `custom` check.
    public var custom: String?
    public var severity: Severity
    public var title: String
    public var rationale: String
    public var source: String
    public var fix: Fix?
    /// The current value is a secret: it is never stored or shown.
    public var secret: Bool?
    public var examples: Examples

    public init(id: String, services: [String], setting: String, check: Check, value: JSONValue? = nil, custom: String? = nil, severity: Severity,
                title: String, rationale: String, source: String, fix: Fix?, secret: Bool? = nil, examples: Examples) {
        self.id = id
        self.services = services
        self.setting = setting
        self.check = check
        self.value = value
        self.custom = custom
        self.severity = severity
        self.title = title
        self.rationale = rationale
        self.source = source
        self.fix = fix
        self.secret = secret
        self.examples = examples
    }

    /// Whether applying it can be done through the service's API.
    public var autoFixable: Bool { fix?.value != nil }
}

/// What one rule found on one instance.
public struct AuditFinding: Sendable, Equatable {
    public enum Status: String, Sendable, Codable {
        case pass, fail
        /// The setting is missing (an older or newer version) or the check can't be made: never counted as a pass.
        case notApplicable = "not_applicable"
    }

    public var ruleId: String
    public var instance: String
    public var status: Status
    /// The value found, as JSON (nil when missing or secret).
    public var current: JSONValue?
    public var recommended: JSONValue?
    /// Why it failed or is not applicable, in a sentence.
    public var detail: String?

    public init(ruleId: String, instance: String, status: Status, current: JSONValue? = nil, recommended: JSONValue? = nil, detail: String? = nil) {
        self.ruleId = ruleId
        self.instance = instance
        self.status = status
        self.current = current
        self.recommended = recommended
        self.detail = detail
    }
}
