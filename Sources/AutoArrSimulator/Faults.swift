import Foundation

/// A fault the simulator injects at the HTTP layer.
public struct HTTPFault: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// 500 with a Servarr-style `{"message":…}` body.
        case serverError
        /// No answer until the client gives up (the simulator waits `seconds`, default 30).
        case timeout
        /// 200 with a truncated JSON body.
        case garbage
        /// The real answer, `seconds` late; the request is carried out at once.
        case slow
        /// 401, as for a wrong API key.
        case unauthorized
    }

    public var app: SimulatedApp
    public var kind: Kind
    /// Only requests whose path starts with this; every request when nil.
    public var path: String?
    /// How many requests it affects; forever when nil.
    public var count: Int?
    public var seconds: Double?

    public init(app: SimulatedApp, kind: Kind, path: String? = nil, count: Int? = nil, seconds: Double? = nil) {
        self.app = app
        self.kind = kind
        self.path = path
        self.count = count
        self.seconds = seconds
    }
}

/// What goes wrong with a download the simulated *arrs grab.
public enum DownloadFault: Sendable, Equatable {
    /// SABnzbd fails the job at this percentage with this `fail_message`.
    case fail(message: String, atPercent: Int)
    /// The job stops making progress at this percentage.
    case stall(atPercent: Int)
    /// The job completes, but the *arr will not import it: `importBlocked` with these status messages.
    case importBlocked(messages: [String])

    /// SABnzbd's own words (sabnzbd/postproc.py, sabnzbd/nzbstuff.py).
    public static let missingArticles = "Aborted, cannot be completed - https://sabnzbd.org/not-complete"
    public static let repairFailed = "Repair failed, not enough repair blocks (121 short)"
    public static let passwordProtected = "Unpacking failed, archive requires a password"
    public static let diskFull = "Unpacking failed, write error or disk is full?"
    public static let unwantedExtension = "Aborted, unwanted extension(s) found"
    public static let crcError = "Unpacking failed, CRC error"

    /// Sonarr's and Radarr's own import messages.
    public static let noEligibleFiles = "No files found are eligible for import in %path%"
    public static let notAnUpgrade = "Not an upgrade for existing movie file. Existing quality: Bluray-1080p. New Quality WEBDL-1080p."
    public static let sampleOnly = "Sample"
    public static let matchedById = "Found matching series via grab history, but release was matched to series by ID. Automatic import is not possible. See the FAQ for details."
    public static let pathInaccessible = "Import failed, path does not exist or is not accessible by Sonarr: %path%. Ensure the path exists and the user running Sonarr has the correct permissions to access this file/folder"

    /// The `stage_log` SABnzbd writes for a failure with this message.
    var stageName: String {
        guard case .fail(let message, _) = self else { return "Unpack" }
        if message.contains("Repair") { return "Repair" }
        if message.contains("Unpacking") { return "Unpack" }
        return "Download"
    }
}

/// Which grabs a download fault applies to, and how many times more.
public struct DownloadFaultRule: Sendable, Equatable {
    public var fault: DownloadFault
    /// Only releases whose title contains this (case-insensitive); any release when nil.
    public var titleContains: String?
    public var remaining: Int

    public init(_ fault: DownloadFault, titleContains: String? = nil, count: Int = 1) {
        self.fault = fault
        self.titleContains = titleContains
        self.remaining = count
    }
}
