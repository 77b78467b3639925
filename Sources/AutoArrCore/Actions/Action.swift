import Foundation

/// One capability, behind every door: REST, the CLI, MCP and chat call it and nothing else. It owns its validation,
/// its errors, its events and who they are attributed to.
public protocol Action: Sendable {
    associatedtype Input: ActionInput
    associatedtype Output: ActionOutput

    /// Stable snake_case: a public contract for MCP clients and chat.
    static var name: String { get }
    /// One line.
    static var title: String { get }
    /// Written for a model choosing a tool: what it does, when to use it, what it returns.
    static var summary: String { get }
    static var traits: ActionTraits { get }

    func run(_ input: Input, by principal: Principal) async throws -> Output
    /// For a destructive call: what it would change, without changing anything; nil when this input changes nothing
    /// that needs confirming (a cancel that removes nothing).
    func preview(_ input: Input, by principal: Principal) async throws -> ActionPreview?
}

extension Action {
    public func preview(_ input: Input, by principal: Principal) async throws -> ActionPreview? { nil }
}

public struct ActionTraits: Sendable, Equatable {
    public var readOnly: Bool
    public var destructive: Bool
    public var idempotent: Bool
    public var role: Role

    public static let read = ActionTraits(readOnly: true, destructive: false, idempotent: true, role: .viewer)
    /// Changes something; calling it twice does it twice.
    public static let write = ActionTraits(readOnly: false, destructive: false, idempotent: false, role: .member)
    /// Changes something; calling it twice is the same as once.
    public static let idempotentWrite = ActionTraits(readOnly: false, destructive: false, idempotent: true, role: .member)
    /// Deletes or overwrites; doors that act for a model ask for `confirm` first.
    public static let destructive = ActionTraits(readOnly: false, destructive: true, idempotent: false, role: .admin)

    public init(readOnly: Bool, destructive: Bool, idempotent: Bool, role: Role) {
        self.readOnly = readOnly
        self.destructive = destructive
        self.idempotent = idempotent
        self.role = role
    }

    public func role(_ role: Role) -> ActionTraits {
        var traits = self
        traits.role = role
        return traits
    }
}

/// The least a caller must be to run an action (every principal is an admin until there are several users).
public enum Role: String, Sendable, Codable, Comparable {
    case viewer, member, admin

    public static func < (lhs: Role, rhs: Role) -> Bool {
        let order: [Role] = [.viewer, .member, .admin]
        return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
    }
}

/// Who acted: recorded on every event an action publishes.
public enum Principal: Sendable, Equatable {
    case user(String)
    case apiKey
    /// An MCP client, by the name it gave in `initialize`.
    case mcp(client: String)
    /// The chat assistant acting for a person.
    case chat(user: String?)
    /// AutoArr itself (the monitor, a CLI command run on this machine).
    case system

    public var role: Role { .admin }

    /// For activity messages: "alice", "the API key", "MCP client Claude".
    public var name: String {
        switch self {
        case .user(let name): name
        case .apiKey: "the API key"
        case .mcp(let client): "MCP client \(client)"
        case .chat(let user): user.map { "chat for \($0)" } ?? "chat"
        case .system: "AutoArr"
        }
    }
}

/// What a destructive call would do, for a person or a model to confirm.
public struct ActionPreview: Sendable, Codable, Equatable {
    public var summary: String
    public var changes: [String]
    public var details: JSONValue?

    public init(summary: String, changes: [String], details: JSONValue? = nil) {
        self.summary = summary
        self.changes = changes
        self.details = details
    }
}
