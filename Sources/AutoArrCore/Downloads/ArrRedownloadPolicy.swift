import Foundation

/// Whether an *arr searches again by itself after it marks a download failed (`/config/downloadclient`).
public struct ArrRedownloadPolicy: Sendable, Equatable {
    /// `autoRedownloadFailed`.
    public var automatic: Bool
    /// `autoRedownloadFailedFromInteractiveSearch`: the same, for releases a person picked by hand.
    public var fromInteractiveSearch: Bool

    public init(automatic: Bool, fromInteractiveSearch: Bool) {
        self.automatic = automatic
        self.fromInteractiveSearch = fromInteractiveSearch
    }

    /// Whether the *arr redownloads a failed release grabbed this way.
    public func redownloads(interactive: Bool) -> Bool { automatic && (!interactive || fromInteractiveSearch) }
}
