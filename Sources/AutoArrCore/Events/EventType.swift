/// Every event name AutoArr emits. Names are dotted and lowercase; subscribers match them by prefix (`service.*`).
public enum EventType: String, Sendable, Codable, CaseIterable {
    case systemStarted = "system.started"
    case serviceCreated = "service.created"
    case serviceUpdated = "service.updated"
    case serviceDeleted = "service.deleted"
    /// An instance answered its connection test after failing (or on its first test).
    case serviceReachable = "service.reachable"
    /// An instance failed its connection test after answering (or on its first test).
    case serviceUnreachable = "service.unreachable"
    case authSetup = "auth.setup"
    case authLogin = "auth.login"
    case authLoginFailed = "auth.login.failed"
    case authLogout = "auth.logout"
    case userCreated = "user.created"
    case apiKeyRotated = "apikey.rotated"
    case activityPruned = "activity.pruned"
    case requestCreated = "request.created"
    case requestAwaitingChoice = "request.awaiting_choice"
    case requestAdded = "request.added"
    case requestSearching = "request.searching"
    case requestDownloading = "request.downloading"
    case requestAvailable = "request.available"
    case requestFailed = "request.failed"
    case requestCancelled = "request.cancelled"
    case downloadAdded = "download.added"
    case downloadCompleted = "download.completed"
    case downloadRemoved = "download.removed"
    case downloadFailed = "download.failed"
    /// A person acted on a download through AutoArr: retry, pause, resume, remove or blocklist.
    case downloadAction = "download.action"
    case recoveryPlanned = "recovery.planned"
    case recoveryPerformed = "recovery.performed"
    case recoveryFailed = "recovery.failed"
    case recoveryGaveUp = "recovery.gave_up"
    /// Waiting for the *arr to grab another release or import, before it is called resolved.
    case recoveryWaiting = "recovery.waiting"
    case recoveryResolved = "recovery.resolved"
    case auditCompleted = "audit.completed"
    case configApplied = "config.applied"
    case configRolledBack = "config.rolled_back"
    /// A model (an MCP client, chat) called an action.
    case actionCalled = "action.called"
}
