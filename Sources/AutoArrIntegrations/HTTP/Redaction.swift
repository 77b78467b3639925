import Foundation

/// Removes secrets from what is logged or shown: `apikey`-style query parameters and URL credentials.
enum Redaction {
    private static let secretParameters: Set = ["apikey", "api_key", "token", "x-plex-token", "password", "pass", "ma_password"]

    /// The URL with secret query values and any user:password replaced by `***`.
    static func redact(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return "<url>" }
        if components.user != nil { components.user = "***" }
        if components.password != nil { components.password = "***" }
        components.queryItems = components.queryItems?.map { item in
            secretParameters.contains(item.name.lowercased()) ? URLQueryItem(name: item.name, value: "***") : item
        }
        return components.string ?? "<url>"
    }
}
