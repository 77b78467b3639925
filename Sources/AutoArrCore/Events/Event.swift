import Foundation

/// Something that happened, published on the `EventBus` and persisted to the activity log.
public struct Event: Sendable, Equatable {
    public var type: EventType
    /// Ties together every step of one request, recovery or audit.
    public var correlationId: String
    public var timestamp: Date
    public var severity: Severity
    /// The service instance the event concerns, if any, and its kind.
    public var instance: String?
    public var kind: ServiceKind?
    /// One line for a person.
    public var message: String
    public var data: [String: JSONValue]

    public init(
        _ type: EventType, message: String, correlationId: String = Event.newCorrelationId(), severity: Severity = .info,
        instance: String? = nil, kind: ServiceKind? = nil, data: [String: JSONValue] = [:], timestamp: Date = Date()
    ) {
        self.type = type
        self.correlationId = correlationId
        self.timestamp = timestamp
        self.severity = severity
        self.instance = instance
        self.kind = kind
        self.message = message
        self.data = data
    }

    /// A fresh correlation id.
    public static func newCorrelationId() -> String { UUID().uuidString.lowercased() }
}
