/// How much an event matters to a person, lowest first.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case debug, info, warning, error

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
