import Foundation

/// What the catalogue's actions act on: the app's services and stores.
public struct ActionDependencies: Sendable {
    public var requests: RequestService
    public var activity: any ActivityStore
    public var monitor: DownloadMonitor
    public var recovery: RecoveryEngine
    public var recoveryStore: any RecoveryStore
    public var audit: AuditService
    public var services: ServiceRegistry
    public var connections: ConnectionChecker
    public var system: any SystemStore
    public var library: any LibraryBrowser
    public var bus: EventBus
    public var version: String
    public var dataDir: String
    public var startedAt: Date

    public init(requests: RequestService, activity: any ActivityStore, monitor: DownloadMonitor, recovery: RecoveryEngine, recoveryStore: any RecoveryStore,
                audit: AuditService, services: ServiceRegistry, connections: ConnectionChecker, system: any SystemStore, library: any LibraryBrowser,
                bus: EventBus, version: String, dataDir: String, startedAt: Date = Date()) {
        self.requests = requests
        self.activity = activity
        self.monitor = monitor
        self.recovery = recovery
        self.recoveryStore = recoveryStore
        self.audit = audit
        self.services = services
        self.connections = connections
        self.system = system
        self.library = library
        self.bus = bus
        self.version = version
        self.dataDir = dataDir
        self.startedAt = startedAt
    }
}

extension ActionRegistry {
    /// Every action, in the order clients list them. Their names are a public contract (MCP clients, chat).
    public static func catalogue(_ deps: ActionDependencies) -> ActionRegistry {
        ActionRegistry([
            RegisteredAction(RequestMedia(deps: deps)), RegisteredAction(ConfirmRequest(deps: deps)), RegisteredAction(ListRequests(deps: deps)),
            RegisteredAction(GetRequest(deps: deps)), RegisteredAction(CancelRequest(deps: deps)), RegisteredAction(RetryRequest(deps: deps)),
            RegisteredAction(SearchLibrary(deps: deps)), RegisteredAction(Upcoming(deps: deps)), RegisteredAction(ListWanted(deps: deps)),
            RegisteredAction(ListDownloads(deps: deps)), RegisteredAction(ListFailedDownloads(deps: deps)), RegisteredAction(DownloadHistory(deps: deps)),
            RegisteredAction(ExplainDownload(deps: deps)), RegisteredAction(RetryDownload(deps: deps)), RegisteredAction(PauseDownload(deps: deps)),
            RegisteredAction(ResumeDownload(deps: deps)), RegisteredAction(RemoveDownload(deps: deps)),
            RegisteredAction(RunRecovery(deps: deps)), RegisteredAction(ListRecoveryAttempts(deps: deps)),
            RegisteredAction(RunAudit(deps: deps)), RegisteredAction(ListAuditRuns(deps: deps)), RegisteredAction(GetAuditRun(deps: deps)),
            RegisteredAction(ListRecommendations(deps: deps)), RegisteredAction(ApplyRecommendations(deps: deps)),
            RegisteredAction(ListConfigChanges(deps: deps)), RegisteredAction(RollbackChange(deps: deps)),
            RegisteredAction(SearchActivity(deps: deps)), RegisteredAction(GetCorrelation(deps: deps)),
            RegisteredAction(ListServices(deps: deps)), RegisteredAction(TestService(deps: deps)), RegisteredAction(SystemStatus(deps: deps)),
        ], bus: deps.bus)
    }
}

/// A request or download named by its id, or by a fragment of its title that matches exactly one.
public struct Reference: InputValue, Equatable {
    public var text: String

    public init(_ text: String) { self.text = text }

    public static var schema: JSONValue { ["anyOf": [["type": "integer"], ["type": "string", "pattern": "\\S"]]] }

    public init(input: JSONValue, field: String) throws {
        switch input {
        case .number(let number) where number.rounded() == number: text = String(Int64(number))
        case .string(let value) where !value.trimmingCharacters(in: .whitespaces).isEmpty: text = value.trimmingCharacters(in: .whitespaces)
        default: throw FieldError(field, expected: "an id, or some words of the title")
        }
    }

    public var json: JSONValue { .string(text) }

    /// The one item the reference names: by id first, then by the words in its title.
    /// - Throws: `not_found` for none, `invalid_input` listing them for several.
    func resolve<Item>(in items: [Item], field: String = "id", what: String, id: (Item) -> [String], title: (Item) -> String,
                       label: (Item) -> String) throws -> Item {
        if let exact = items.first(where: { id($0).contains { $0.caseInsensitiveCompare(text) == .orderedSame } }) { return exact }
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        let matches = words.isEmpty ? [] : items.filter { item in
            let haystack = title(item).lowercased()
            return words.allSatisfy { haystack.contains($0) }
        }
        switch matches.count {
        case 1: return matches[0]
        case 0: throw AutoArrError(.notFound, "no \(what) matches \"\(text)\"", field: field)
        default:
            let listed = matches.prefix(10).map(label).joined(separator: "; ")
            throw AutoArrError(.invalidInput, "\"\(text)\" matches \(matches.count) \(what)s: \(listed). Name one by its id", field: field)
        }
    }
}

/// No input.
public struct NoInput: ActionInput {
    public init() {}
    public static var fields: [InputField<NoInput>] { [] }
}

/// The paging and limits every list takes.
enum Paging {
    static let limit = InputLimit.range(1...500)
}

extension Array where Element: CustomStringConvertible {
    /// "a, b and c".
    var spoken: String {
        let items = map(\.description)
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}

/// Quotes text from outside (release names, services' messages) so a reader takes it as data.
func quoted(_ text: String) -> String {
    "\"" + text.replacingOccurrences(of: "\"", with: "'").replacingOccurrences(of: "\n", with: " ") + "\""
}
