import Foundation

/// The catalogue of actions, by name, in the order they are listed to clients.
public struct ActionRegistry: Sendable {
    public let entries: [RegisteredAction]
    private let byName: [String: RegisteredAction]
    let bus: EventBus?

    /// - Parameter bus: where calls made by a model (an MCP client, chat) are recorded as activity.
    public init(_ entries: [RegisteredAction], bus: EventBus? = nil) {
        self.entries = entries
        self.byName = Dictionary(entries.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.bus = bus
    }

    public subscript(name: String) -> RegisteredAction? { byName[name] }

    /// Runs an action by name on JSON arguments.
    /// - Parameter confirmed: for a destructive action, whether the caller confirmed; when false and the action has a
    ///   preview for this input, the preview is returned instead and nothing changes.
    /// - Throws: `AutoArrError` (`not_found` for an unknown name, `invalid_input` naming a field, or the action's own).
    public func call(_ name: String, arguments: JSONValue, by principal: Principal, confirmed: Bool = true,
                     ignoring: Set<String> = []) async throws -> ActionResult {
        guard let action = byName[name] else { throw AutoArrError(.notFound, "no action named \(name)", field: "name") }
        do {
            let result = try await action.call(arguments, principal, confirmed, ignoring)
            await record(action, principal, result.preview == nil ? "called \(name)" : "previewed \(name) (not confirmed)", severity: .info)
            return result
        } catch {
            await record(action, principal, "called \(name): \(error)", severity: .warning)
            throw error
        }
    }

    private func record(_ action: RegisteredAction, _ principal: Principal, _ message: String, severity: Severity) async {
        guard let bus else { return }
        switch principal {
        case .mcp, .chat:
            _ = await bus.publish(Event(.actionCalled, message: "\(principal.name) \(message)", severity: severity,
                                        data: ["action": .string(action.name), "actor": .string(principal.name),
                                               "readOnly": .bool(action.traits.readOnly)]))
        default:
            break
        }
    }
}

/// An action with its types erased: what a door lists and calls.
public struct RegisteredAction: Sendable {
    public let name: String
    public let title: String
    public let summary: String
    public let traits: ActionTraits
    public let inputSchema: JSONValue
    public let outputSchema: JSONValue
    let call: @Sendable (JSONValue, Principal, Bool, Set<String>) async throws -> ActionResult
    /// Reads arguments as the action would, running nothing. - Throws: `AutoArrError` naming the field at fault.
    public let check: @Sendable (JSONValue) throws -> Void

    public init<A: Action>(_ action: A) {
        name = A.name
        title = A.title
        summary = A.summary
        traits = A.traits
        inputSchema = A.Input.inputSchema
        outputSchema = OutputSchema.of(A.Output.self)
        check = { arguments in _ = try A.Input.read(arguments) }
        call = { arguments, principal, confirmed, ignoring in
            let input = try A.Input.read(arguments, ignoring: ignoring)
            if A.traits.destructive, !confirmed, let preview = try await action.preview(input, by: principal) {
                return ActionResult(output: nil, preview: preview)
            }
            return ActionResult(output: try await action.run(input, by: principal), preview: nil)
        }
    }
}

/// An action's answer: its output, or (for an unconfirmed destructive call) what it would do.
public struct ActionResult: Sendable {
    public let output: (any ActionOutput)?
    public let preview: ActionPreview?

    public var text: String {
        if let preview {
            return ([preview.summary] + preview.changes.map { "- \($0)" } + ["Nothing has changed yet: call again with confirm: true to do it."])
                .joined(separator: "\n")
        }
        return output?.text ?? ""
    }

    /// The output (or the preview) as JSON, keys sorted, times as ISO 8601.
    public func json() throws -> Data {
        if let output { return try ActionJSON.encoder.encode(output) }
        return try ActionJSON.encoder.encode(preview)
    }

    public func jsonValue() throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: json())
    }
}

public enum ActionJSON {
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISO8601Timestamp.format(date))
        }
        return encoder
    }()
}
