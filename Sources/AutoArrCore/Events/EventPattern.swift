/// A subscription pattern: `*` for everything, `download.*` for a prefix, or an exact event name.
public struct EventPattern: Sendable, Equatable {
    private enum Match: Sendable, Equatable {
        case all, prefix(String), exact(String)
    }
    private let match: Match

    /// Parses a pattern.
    /// - Returns: nil when the text is not a valid pattern (empty, or `*` anywhere but the end).
    public init?(_ text: String) {
        if text == "*" { match = .all; return }
        let body = text.hasSuffix(".*") ? String(text.dropLast(1)) : text
        guard !body.isEmpty, !body.contains("*"),
              body.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "." || $0 == "_" }) else { return nil }
        match = text.hasSuffix(".*") ? .prefix(body) : .exact(body)
    }

    /// Whether the pattern selects the event type.
    public func matches(_ type: EventType) -> Bool {
        switch match {
        case .all: true
        case .prefix(let prefix): type.rawValue.hasPrefix(prefix)
        case .exact(let name): type.rawValue == name
        }
    }
}
