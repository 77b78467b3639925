import Foundation

/// A person who can log in to AutoArr.
public struct User: Sendable, Equatable {
    public var id: Int64
    public var username: String
    public var createdAt: Date

    public init(id: Int64, username: String, createdAt: Date) {
        self.id = id
        self.username = username
        self.createdAt = createdAt
    }
}
