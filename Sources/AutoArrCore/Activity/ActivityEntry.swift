/// An event as stored in the activity log, with its row id.
public struct ActivityEntry: Sendable, Equatable {
    public var id: Int64
    public var event: Event

    public init(id: Int64, event: Event) {
        self.id = id
        self.event = event
    }
}
