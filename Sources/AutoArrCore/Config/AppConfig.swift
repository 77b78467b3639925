import Foundation
import Logging

/// The whole configuration, parsed once at startup from `autoarr.yml` and the environment.
public struct AppConfig: Sendable, Equatable {
    /// `server:` — where the HTTP server listens.
    /// - `host`: interface to bind (default `127.0.0.1`).
    /// - `port`: TCP port, 1–65535 (default `8787`).
    public struct Server: Sendable, Equatable {
        public var host = "127.0.0.1"
        public var port = 8787
        public init() {}
    }

    public struct MCP: Sendable, Equatable {
        public var readOnly = false
        public init() {}
    }

    /// `database:` — the SQLite file.
    /// - `path`: file path; relative paths are under the data dir (default `autoarr.sqlite`).
    public struct Database: Sendable, Equatable {
        public var path = "autoarr.sqlite"
        public init() {}
    }

    /// `activity:` — the activity log.
    /// - `retentionDays`: rows older than this are pruned, 1–3650 (default `90`).
    public struct Activity: Sendable, Equatable {
        public var retentionDays = 90
        public init() {}
    }

    /// `auth:` — logins and sessions.
    /// - `sessionTTL`: how long a login lasts, as a duration (default `7d`).
    /// - `bcryptCost`: bcrypt work factor for password hashes, 4–31 (default `12`).
    public struct Auth: Sendable, Equatable {
        public var sessionTTL: Double = 7 * 86400
        public var bcryptCost = 12
        public init() {}
    }

    /// `requests:` — how plain-language requests are added.
    /// - `minimumAvailability`: Radarr's for added movies: announced, inCinemas or released (default `released`).
    /// - `instances.<name>.qualityProfiles`: quality (2160p, 1080p, 720p, 480p) → profile name or id in that instance.
    /// - `instances.<name>.rootFolder`: the root folder to add to (default: the one with the most free space).
    public struct Requests: Sendable, Equatable {
        public struct InstanceDefaults: Sendable, Equatable {
            public var qualityProfiles: [ParsedRequest.Quality: String] = [:]
            public var rootFolder: String?
            public init() {}
        }
        public var minimumAvailability = "released"
        public var instances: [String: InstanceDefaults] = [:]
        public init() {}
    }

    /// `llm:` — optional language model providers, asked in `chain` order; the built-in `rules` provider is always last.
    public struct LLM: Sendable, Equatable {
        public struct Provider: Sendable, Equatable {
            public enum Kind: String, Sendable, CaseIterable { case rules, ollama, openai, anthropic }
            public var name: String
            public var kind: Kind
            public var url: URL?
            public var model: String
            public var apiKey: String?
            /// Seconds.
            public var timeout: Double
            /// Ollama: pull the model when it is missing.
            public var autoPull: Bool

            public init(name: String, kind: Kind, url: URL? = nil, model: String = "", apiKey: String? = nil, timeout: Double = 30, autoPull: Bool = false) {
                self.name = name
                self.kind = kind
                self.url = url
                self.model = model
                self.apiKey = apiKey
                self.timeout = timeout
                self.autoPull = autoPull
            }
        }
        public var providers: [Provider] = []
        /// Provider names, in the order they are asked.
        public var chain: [String] = []
        public init() {}

        /// The providers in chain order (all of them, in file order, when no chain is given).
        public var ordered: [Provider] {
            chain.isEmpty ? providers : chain.compactMap { name in providers.first { $0.name == name } }
        }
    }

    /// `monitor:` — download monitoring and automatic recovery.
    public struct Monitor: Sendable, Equatable {
        /// Whether the server runs the monitor in the background.
        public var enabled = true
        /// Seconds between passes, and between passes for a while after something changed.
        public var interval: Double = 30
        public var fastInterval: Double = 5
        public var stall = StallDetector.Settings()
        public var recovery = RecoveryPlanner.Settings()
        /// Jobs with one of these tags or categories are never touched.
        public var protectTags: [String] = ["keep"]
        /// *arr instance → the quality profile (name or id) a quality fallback switches to. Without one, the profile
        /// whose best quality is the next resolution down.
        public var fallbackProfiles: [String: String] = [:]
        /// Plan and log, but send nothing.
        public var dryRun = false
        /// A webhook told (POST, JSON) when recovery gives up on a download.
        public var notifyURL: URL?
        public init() {}
    }

    /// The directory holding the database, the secret key and `autoarr.yml`.
    public var dataDir: String
    public var server = Server()
    /// `mcp:` — the MCP server (`autoarr mcp` and `/mcp`).
    /// - `readOnly`: list and allow only the read-only tools (default false).
    public var mcp = MCP()
    public var database = Database()
    public var activity = Activity()
    public var auth = Auth()
    public var requests = Requests()
    public var llm = LLM()
    public var monitor = Monitor()
    /// `logLevel:` — trace, debug, info, notice, warning, error or critical (default `info`).
    public var logLevel: Logger.Level = .info
    /// `services:` — the named service instances.
    public var services: [ServiceInstance] = []

    public init(dataDir: String) {
        self.dataDir = dataDir
    }

    /// The database file's absolute or data-dir-relative path resolved against the data dir.
    public var databasePath: String {
        database.path.hasPrefix("/") ? database.path : "\(dataDir)/\(database.path)"
    }
}
