/// Every event name AutoArr emits. Names are dotted and lowercase; subscribers match them by prefix (`service.*`).
public enum EventType: String, Sendable, Codable, CaseIterable {
    case systemStarted = "system.started"
    case serviceCreated = "service.created"
    case serviceUpdated = "service.updated"
    case serviceDeleted = "service.deleted"
    case authSetup = "auth.setup"
    case authLogin = "auth.login"
    case authLoginFailed = "auth.login.failed"
    case authLogout = "auth.logout"
    case userCreated = "user.created"
    case apiKeyRotated = "apikey.rotated"
    case activityPruned = "activity.pruned"
}
