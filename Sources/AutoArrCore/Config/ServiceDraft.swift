import Foundation

/// An unvalidated service instance as a user wrote it, in `autoarr.yml`, the environment or a request body.
///
/// `validated()` is the one place that decides what a valid instance is, so the config file and the
/// API can't disagree.
public struct ServiceDraft: Sendable, Equatable {
    public var name: String?
    public var kind: String?
    public var url: String?
    public var credentials: ServiceCredentials
    /// A duration such as `10s`, `1500ms` or `1m`; a bare number means seconds.
    public var timeout: String?
    public var tags: [String]?

    public init(
        name: String? = nil, kind: String? = nil, url: String? = nil, credentials: ServiceCredentials = .init(),
        timeout: String? = nil, tags: [String]? = nil
    ) {
        self.name = name
        self.kind = kind
        self.url = url
        self.credentials = credentials
        self.timeout = timeout
        self.tags = tags
    }

    /// The longest timeout accepted, in seconds.
    static let maxTimeout: Double = 600

    /// Checks every field and builds the instance.
    /// - Parameter source: where the draft came from.
    /// - Returns: the validated instance.
    /// - Throws: `FieldError` naming the first bad field and what was expected.
    public func validated(source: ServiceInstance.Source) throws -> ServiceInstance {
        guard let name, !name.isEmpty else { throw FieldError("name", expected: "a non-empty name") }
        guard Self.isValidName(name) else {
            throw FieldError("name", expected: "lowercase letters, digits, '-' or '_', starting with a letter or digit, at most 64 characters", got: name)
        }
        guard let kindText = kind else { throw FieldError("kind", expected: ServiceKind.expectedList) }
        guard let kind = ServiceKind(rawValue: kindText.lowercased()) else {
            throw FieldError("kind", expected: ServiceKind.expectedList, got: kindText)
        }
        guard let urlText = url else { throw FieldError("url", expected: "an http(s) URL such as http://sonarr:8989") }
        guard let url = Self.parseURL(urlText) else {
            throw FieldError("url", expected: "an http(s) URL with a host, such as http://sonarr:8989", got: urlText)
        }
        var seconds = ServiceInstance.defaultTimeout
        if let timeout {
            guard let parsed = DurationText.seconds(timeout), parsed > 0, parsed <= Self.maxTimeout else {
                throw FieldError("timeout", expected: "a positive duration up to 600s, such as 10s or 1500ms", got: timeout)
            }
            seconds = parsed
        }
        var credentials = self.credentials
        for field in ServiceCredentials.Field.allCases where credentials[field]?.isEmpty == true {
            credentials[field] = nil
        }
        for field in kind.requiredCredentials where credentials[field] == nil {
            throw FieldError(field.rawValue, expected: "a value: \(kind.rawValue) needs one")
        }
        let tags = self.tags ?? []
        if let bad = tags.first(where: { $0.isEmpty || $0.count > 64 }) {
            throw FieldError("tags", expected: "tags of 1 to 64 characters", got: bad)
        }
        return ServiceInstance(
            name: name, kind: kind, url: url, credentials: credentials, timeout: seconds, tags: tags, source: source)
    }

    static func isValidName(_ name: String) -> Bool {
        guard (1...64).contains(name.count), let first = name.unicodeScalars.first,
              Self.lowerAlnum.contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { Self.lowerAlnum.contains($0) || $0 == "-" || $0 == "_" }
    }

    private static let lowerAlnum = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789")

    static func parseURL(_ text: String) -> URL? {
        guard let components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty,
              components.port.map({ (1...65535).contains($0) }) ?? true,
              let url = components.url else { return nil }
        return url
    }
}
