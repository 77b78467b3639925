import Logging
import Testing
@testable import AutoArrCore

@Suite struct ConfigParserTests {
    static func map(_ pairs: KeyValuePairs<String, ConfigValue>) -> ConfigValue {
        .map(pairs.map { (key: $0.key, value: $0.value) })
    }

    static func service(_ pairs: KeyValuePairs<String, String>) -> ConfigValue {
        .map(pairs.map { (key: $0.key, value: .scalar($0.value)) })
    }

    static func parse(_ document: ConfigValue?, env: [String: String] = [:]) throws(ConfigError) -> AppConfig {
        try ConfigParser(dataDir: "/data", environment: env).parse(document)
    }

    @Test func defaultsWithoutAFile() throws {
        let config = try Self.parse(nil)
        #expect(config.server.host == "127.0.0.1")
        #expect(config.server.port == 8787)
        #expect(config.activity.retentionDays == 90)
        #expect(config.databasePath == "/data/autoarr.sqlite")
        #expect(config.services.isEmpty)
        #expect(config.logLevel == .info)
    }

    @Test func aFullFileParsesIntoTypedValues() throws {
        let config = try Self.parse(Self.map([
            "server": Self.map(["host": .scalar("0.0.0.0"), "port": .scalar("9000")]),
            "database": Self.map(["path": .scalar("/var/lib/autoarr.db")]),
            "activity": Self.map(["retentionDays": .scalar("30")]),
            "auth": Self.map(["sessionTTL": .scalar("12h"), "bcryptCost": .scalar("10")]),
            "logLevel": .scalar("DEBUG"),
            "services": .list([
                Self.service(["name": "sonarr", "kind": "sonarr", "url": "http://sonarr:8989", "apiKey": "abc", "timeout": "10s"]),
                Self.map(["name": .scalar("sonarr-4k"), "kind": .scalar("sonarr"), "url": .scalar("http://sonarr4k:8989"),
                          "apiKey": .scalar("def"), "tags": .list([.scalar("4k")])]),
                Self.service(["name": "nzbget", "kind": "nzbget", "url": "http://nzbget:6789", "username": "nzbget", "password": "p", "timeout": "1500ms"]),
            ]),
        ]))
        #expect(config.server.host == "0.0.0.0")
        #expect(config.server.port == 9000)
        #expect(config.databasePath == "/var/lib/autoarr.db")
        #expect(config.activity.retentionDays == 30)
        #expect(config.auth.sessionTTL == 12 * 3600)
        #expect(config.auth.bcryptCost == 10)
        #expect(config.logLevel == .debug)
        #expect(config.services.map(\.name) == ["sonarr", "sonarr-4k", "nzbget"])
        #expect(config.services[1].tags == ["4k"])
        #expect(config.services[2].timeout == 1.5)
        #expect(config.services[2].credentials.username == "nzbget")
        #expect(config.services.allSatisfy { $0.source == .config })
    }

    @Test(arguments: [
        (service(["name": "s", "kind": "sonarr", "url": "sonarr:8989", "apiKey": "k"]), "services[0].url"),
        (service(["name": "s", "kind": "sonarr", "url": "http://", "apiKey": "k"]), "services[0].url"),
        (service(["name": "s", "kind": "emby", "url": "http://e:8096"]), "services[0].kind"),
        (service(["name": "s", "kind": "nzbget", "url": "http://n:6789", "timeout": "-5s"]), "services[0].timeout"),
        (service(["name": "s", "kind": "nzbget", "url": "http://n:6789", "timeout": "0"]), "services[0].timeout"),
        (service(["name": "s", "kind": "sonarr", "url": "http://s:8989"]), "services[0].apiKey"),
        (service(["name": "S 1", "kind": "nzbget", "url": "http://n:6789"]), "services[0].name"),
        (service(["name": "s", "kind": "nzbget", "url": "http://n:6789", "colour": "red"]), "services[0].colour"),
    ])
    func badServiceValuesNameTheirKey(service: ConfigValue, key: String) {
        #expect { try Self.parse(Self.map(["services": .list([service])])) } throws: { error in
            (error as? ConfigError)?.key == key
        }
    }

    @Test func duplicateNamesAreRejected() {
        let sonarr = Self.service(["name": "sonarr", "kind": "sonarr", "url": "http://s:8989", "apiKey": "k"])
        #expect(throws: ConfigError(key: "services[1].name", expected: "a unique name", got: "sonarr")) {
            try Self.parse(Self.map(["services": .list([sonarr, sonarr])]))
        }
    }

    @Test(arguments: [
        (map(["server": map(["port": .scalar("0")])]), "server.port"),
        (map(["server": map(["port": .scalar("http")])]), "server.port"),
        (map(["server": .scalar("x")]), "server"),
        (map(["activity": map(["retentionDays": .scalar("-1")])]), "activity.retentionDays"),
        (map(["auth": map(["sessionTTL": .scalar("forever")])]), "auth.sessionTTL"),
        (map(["logLevel": .scalar("loud")]), "logLevel"),
        (map(["services": .scalar("sonarr")]), "services"),
        (map(["monitors": map([:])]), "monitors"),
    ])
    func badTopLevelValuesNameTheirKey(document: ConfigValue, key: String) {
        #expect { try Self.parse(document) } throws: { error in (error as? ConfigError)?.key == key }
    }

    @Test func errorsAreOneLineAndNeverEchoSecrets() {
        do {
            _ = try Self.parse(nil, env: ["SONARR_URL": "not a url", "SONARR_API_KEY": "super-secret"])
            Issue.record("expected an error")
        } catch {
            #expect(error.key == "SONARR_URL")
            #expect(!error.description.contains("\n"))
            #expect(!error.description.contains("super-secret"))
        }
    }

    @Test func legacyEnvironmentNamesCreateInstances() throws {
        let config = try Self.parse(nil, env: [
            "SONARR_URL": "http://sonarr:8989", "SONARR_API_KEY": "s",
            "RADARR_URL": "http://radarr:7878", "RADARR_API_KEY": "r",
            "SABNZBD_URL": "http://sab:8080/sabnzbd", "SABNZBD_API_KEY": "b",
            "PLEX_URL": "http://plex:32400", "PLEX_TOKEN": "t",
            "LOG_LEVEL": "WARNING", "DATABASE_PATH": "sqlite:////srv/autoarr.db",
        ])
        #expect(Set(config.services.map(\.name)) == ["sonarr", "radarr", "sabnzbd", "plex"])
        #expect(config.services.first { $0.kind == .plex }?.credentials.token == "t")
        #expect(config.logLevel == .warning)
        #expect(config.databasePath == "/srv/autoarr.db")
    }

    @Test func environmentOverridesTheFileAndAutoArrNamesWin() throws {
        let file = Self.map(["services": .list([Self.service(["name": "sonarr", "kind": "sonarr", "url": "http://file:8989", "apiKey": "file"])])])
        let config = try Self.parse(file, env: [
            "SONARR_API_KEY": "legacy", "AUTOARR_SONARR_API_KEY": "new", "SONARR_URL": "http://legacy:8989",
            "AUTOARR_PORT": "9999", "AUTOARR_HOST": "0.0.0.0",
        ])
        #expect(config.services.count == 1)
        #expect(config.services[0].credentials.apiKey == "new")
        #expect(config.services[0].url.absoluteString == "http://legacy:8989")
        #expect(config.server.port == 9999)
        #expect(config.server.host == "0.0.0.0")
    }

    @Test func anEnvironmentKeyWithoutAURLIsAnError() {
        #expect { try Self.parse(nil, env: ["RADARR_API_KEY": "r"]) } throws: { error in
            (error as? ConfigError)?.key == "RADARR_API_KEY"
        }
        #expect { try Self.parse(nil, env: ["AUTOARR_PORT": "-1"]) } throws: { error in
            (error as? ConfigError)?.key == "AUTOARR_PORT"
        }
    }

    @Test func requestDefaultsPerInstance() throws {
        let config = try Self.parse(Self.map([
            "requests": Self.map([
                "minimumAvailability": .scalar("inCinemas"),
                "instances": Self.map(["radarr": Self.map([
                    "qualityProfiles": Self.map(["2160p": .scalar("Remux 4K"), "1080p": .scalar("7")]),
                    "rootFolder": .scalar("/movies"),
                ])]),
            ]),
        ]))
        #expect(config.requests.minimumAvailability == "inCinemas")
        #expect(config.requests.instances["radarr"]?.qualityProfiles[.uhd] == "Remux 4K")
        #expect(config.requests.instances["radarr"]?.qualityProfiles[.fullHD] == "7")
        #expect(config.requests.instances["radarr"]?.rootFolder == "/movies")

        let badAvailability = #expect(throws: ConfigError.self) {
            try Self.parse(Self.map(["requests": Self.map(["minimumAvailability": .scalar("soon")])]))
        }
        #expect(badAvailability?.description.contains("requests.minimumAvailability") == true)
        let badQuality = #expect(throws: ConfigError.self) {
            try Self.parse(Self.map(["requests": Self.map(["instances": Self.map(["radarr": Self.map(["qualityProfiles": Self.map(["4k": .scalar("x")])])])])]))
        }
        #expect(badQuality?.description.contains("requests.instances.radarr.qualityProfiles.4k") == true)
    }

    @Test func monitorSettings() throws {
        let config = try Self.parse(Self.map([
            "monitor": Self.map([
                "interval": .scalar("1m"), "fastInterval": .scalar("2s"), "stallAfter": .scalar("20m"), "strikes": .scalar("4"),
                "minimumSpeedKB": .scalar("250"), "slowChecks": .scalar("5"), "maxAttempts": .scalar("5"), "backoffBase": .scalar("30s"),
                "backoffCap": .scalar("2h"), "qualityFallback": .scalar("no"), "fallbackAfter": .scalar("3"),
                "fallbackProfiles": Self.map(["radarr": .scalar("HD-720p"), "sonarr": .scalar("3")]), "protectTags": .list([.scalar("keep"), .scalar("seed")]),
                "deletePrivateTorrentData": .scalar("true"), "dryRun": .scalar("yes"), "notifyURL": .scalar("https://ntfy.example/autoarr"),
                "grabGrace": .scalar("20m"),
            ]),
        ]))
        let monitor = config.monitor
        #expect(monitor.interval == 60)
        #expect(monitor.fastInterval == 2)
        #expect(monitor.stall.stallAfter == 1200)
        #expect(monitor.stall.strikes == 4)
        #expect(monitor.stall.minimumSpeed == 250 * 1024)
        #expect(monitor.stall.slowChecks == 5)
        #expect(monitor.recovery.maxAttempts == 5)
        #expect(monitor.recovery.backoffBase == 30)
        #expect(monitor.recovery.backoffCap == 7200)
        #expect(monitor.recovery.grabGrace == 1200)
        #expect(monitor.recovery.qualityFallback == false)
        #expect(monitor.recovery.qualityFallbackAfter == 3)
        #expect(monitor.fallbackProfiles == ["radarr": "HD-720p", "sonarr": "3"])
        #expect(monitor.protectTags == ["keep", "seed"])
        #expect(monitor.recovery.deletePrivateTorrentData)
        #expect(monitor.dryRun)
        #expect(monitor.notifyURL?.host == "ntfy.example")
        #expect(try Self.parse(nil).monitor == AppConfig.Monitor())
    }

    @Test(arguments: [
        ("interval", .scalar("1s"), "monitor.interval"),
        ("stallAfter", .scalar("soon"), "monitor.stallAfter"),
        ("grabGrace", .scalar("10s"), "monitor.grabGrace"),
        ("strikes", .scalar("0"), "monitor.strikes"),
        ("dryRun", .scalar("maybe"), "monitor.dryRun"),
        ("notifyURL", .scalar("ftp://x"), "monitor.notifyURL"),
        ("fallbackProfiles", .scalar("HD-720p"), "monitor.fallbackProfiles"),
        ("fallbackProfiles", map(["radarr": .list([.scalar("a")])]), "monitor.fallbackProfiles.radarr"),
        ("protectTags", .scalar("keep"), "monitor.protectTags"),
        ("retries", .scalar("3"), "monitor.retries"),
    ] as [(String, ConfigValue, String)])
    func badMonitorValuesNameTheirKey(field: String, value: ConfigValue, key: String) {
        #expect { try Self.parse(Self.map(["monitor": .map([(key: field, value: value)])])) } throws: { error in (error as? ConfigError)?.key == key }
    }

    @Test func llmProvidersChainAndEnvironmentShortcuts() throws {
        let config = try Self.parse(Self.map([
            "llm": Self.map([
                "providers": .list([
                    Self.service(["name": "nas", "kind": "ollama", "url": "http://nas:11434", "model": "llama3.2", "timeout": "20s", "autoPull": "true"]),
                    Self.service(["name": "claude", "kind": "anthropic", "model": "claude-3-5-haiku-latest", "apiKey": "sk-ant-x"]),
                ]),
                "chain": .list([.scalar("claude"), .scalar("nas"), .scalar("rules")]),
            ]),
        ]), env: ["OPENAI_BASE_URL": "http://127.0.0.1:8080/v1", "OPENAI_MODEL": "smollm2"])
        #expect(config.llm.ordered.map(\.name) == ["claude", "nas", "openai"])
        #expect(config.llm.providers[0].timeout == 20 && config.llm.providers[0].autoPull)
        #expect(config.llm.providers.first { $0.name == "openai" }?.url?.absoluteString == "http://127.0.0.1:8080/v1")

        let noModel = #expect(throws: ConfigError.self) { try Self.parse(nil, env: ["OLLAMA_URL": "http://nas:11434"]) }
        #expect(noModel?.description.contains("OLLAMA_MODEL") == true)
        let badKind = #expect(throws: ConfigError.self) {
            try Self.parse(Self.map(["llm": Self.map(["providers": .list([Self.service(["name": "x", "kind": "gpt"])])])]))
        }
        #expect(badKind?.description.contains("llm.providers[0].kind") == true)
        let noKey = #expect(throws: ConfigError.self) {
            try Self.parse(Self.map(["llm": Self.map(["providers": .list([Self.service(["name": "c", "kind": "anthropic", "model": "m"])])])]))
        }
        #expect(noKey?.description.contains("llm.providers[0].apiKey") == true)
        #expect(noKey?.description.contains("sk-") == false)
        let unknown = #expect(throws: ConfigError.self) { try Self.parse(Self.map(["llm": Self.map(["chain": .list([.scalar("nope")])])])) }
        #expect(unknown?.description.contains("llm.chain[0]") == true)
    }
}
