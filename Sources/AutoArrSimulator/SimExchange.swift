import AutoArrCore
import Foundation

/// A request as the simulation sees it: method, path segments, query and JSON body.
public struct SimRequest: Sendable {
    public var method: String
    public var segments: [String]
    public var query: [String: [String]]
    public var body: JSONValue?
    /// A raw body the JSON decoder refused (so the answer can say the body was bad).
    public var bodyIsInvalid = false
    public var rawBody: [UInt8] = []

    public init(method: String, segments: [String], query: [String: [String]] = [:], body: JSONValue? = nil) {
        self.method = method
        self.segments = segments
        self.query = query
        self.body = body
    }

    public subscript(query name: String) -> String? {
        query.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value.first
    }

    /// The wildcard values when the method matches and the path segments match `pattern` ("series/*/refresh").
    func match(_ method: String, _ pattern: String) -> [String]? {
        let parts = pattern.split(separator: "/").map(String.init)
        guard self.method == method, parts.count == segments.count else { return nil }
        var values: [String] = []
        for (part, segment) in zip(parts, segments) {
            if part == "*" { values.append(segment) } else if part != segment { return nil }
        }
        return values
    }

    func int(_ name: String) -> Int? { self[query: name].flatMap { Int($0) } }

    func flag(_ name: String, default value: Bool = false) -> Bool {
        self[query: name].map { ["true", "1", "yes"].contains($0.lowercased()) } ?? value
    }

    /// Query values that may repeat or be comma-separated: `eventType=1&eventType=4`, `movieIds=1,2`.
    func ints(_ name: String) -> [Int] {
        query.filter { $0.key.caseInsensitiveCompare(name) == .orderedSame }.values.joined()
            .flatMap { $0.split(separator: ",") }.compactMap { Int($0) }
    }
}

/// What the simulation answers: a status, and JSON or text.
public struct SimReply: Sendable {
    public var status: Int
    public var json: JSONValue?
    public var text: String?
    public var contentType = "application/json; charset=utf-8"

    public static func ok(_ json: JSONValue) -> SimReply { SimReply(status: 200, json: json) }
    /// 200 with no body, as the *arrs answer DELETEs.
    public static let empty = SimReply(status: 200)

    public static func text(_ text: String, status: Int = 200) -> SimReply {
        SimReply(status: status, text: text, contentType: "text/plain; charset=utf-8")
    }

    /// Servarr's 404: `{"message":"NotFound"}`.
    static func notFound(_ what: String = "NotFound") -> SimReply { SimReply(status: 404, json: ["message": .string(what)]) }

    /// Servarr's FluentValidation answer: 400 with `[{"propertyName","errorMessage","attemptedValue","severity",…}]`.
    static func invalid(_ property: String, _ message: String, attempted: JSONValue = .null) -> SimReply {
        SimReply(status: 400, json: [[
            "propertyName": .string(property), "errorMessage": .string(message), "attemptedValue": attempted, "severity": "error",
            "errorCode": "PredicateValidator", "formattedMessagePlaceholderValues": ["PropertyName": .string(property), "PropertyValue": attempted],
        ]])
    }

    public var bytes: [UInt8] {
        if let text { return Array(text.utf8) }
        guard let json, let data = try? JSONEncoder().encode(json) else { return [] }
        return Array(data)
    }
}
