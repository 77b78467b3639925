import AutoArrCore
import Foundation
import Hummingbird
import Testing
@testable import AutoArrIntegrations
import AutoArrTestSupport

/// Each kind's probe against a fake that answers with recorded responses and checks credentials as the real service does.
@Suite struct ProbeTests {
    static let probe = IntegrationProbe(transport: HTTPTransport(retryBase: .milliseconds(1)))

    static func instance(_ kind: ServiceKind, _ url: URL, _ credentials: ServiceCredentials = .init()) -> ServiceInstance {
        ServiceInstance(name: "\(kind.rawValue)-test", kind: kind, url: url, credentials: credentials, timeout: 10)
    }

    static func code(_ work: () async throws -> Void) async -> IntegrationError.Code? {
        do { try await work(); return nil } catch let error as IntegrationError { return error.code } catch { return nil }
    }

    @Test func sonarrSystemStatusWithTheAPIKey() async throws {
        try await FakeService.run({ router in
            router.get("api/v3/system/status") { request, _ in
                request.headers[.init("X-Api-Key")!] == "key" ? FakeService.json(FakeService.fixture("sonarr/pyarr_system_status.json"))
                    : FakeService.json(#"{"error":"Unauthorized"}"#, status: .unauthorized)
            }
        }) { url in
            let answer1 = try await Self.probe.version(of: Self.instance(.sonarr, url, .init(apiKey: "key")))
            #expect(answer1 == "3.0.8.1507")
            #expect(await Self.code { _ = try await Self.probe.version(of: Self.instance(.sonarr, url, .init(apiKey: "wrong"))) } == .unauthorized)
            // A radarr instance pointed at Sonarr says so.
            await #expect(throws: IntegrationError.self) { try await Self.probe.version(of: Self.instance(.radarr, url, .init(apiKey: "key"))) }
        }
    }

    @Test func servarrUnderAURLBase() async throws {
        try await FakeService.run({ router in
            router.get("sonarr/api/v3/system/status") { _, _ in FakeService.json(FakeService.fixture("sonarr/pyarr_system_status.json")) }
        }) { url in
            let answer2 = try await Self.probe.version(of: Self.instance(.sonarr, url.appendingPathComponent("sonarr"), .init(apiKey: "k")))
            #expect(answer2 == "3.0.8.1507")
        }
    }

    @Test func sabnzbdWithOrWithoutItsURLBase() async throws {
        try await FakeService.run({ router in
            router.get("sabnzbd/api") { request, _ in
                let query = request.uri.queryParameters
                guard query["output"] == "json" else { return FakeService.text("xml") }
                switch query["mode"] {
                case "version": return FakeService.json(FakeService.fixture("sabnzbd/local371_version.json"))
                case "queue":
                    // SABnzbd 3.7.1 answers a wrong key with 403 text/html.
                    guard query["apikey"] == "0123456789abcdef0123456789abcdef" else { return FakeService.text("API Key Incorrect", status: .forbidden) }
                    return FakeService.json(FakeService.fixture("sabnzbd/local371_queue_downloading.json"))
                default: return FakeService.json(#"{"status":false,"error":"not implemented"}"#)
                }
            }
        }) { url in
            let key = ServiceCredentials(apiKey: "0123456789abcdef0123456789abcdef")
            let answer3 = try await Self.probe.version(of: Self.instance(.sabnzbd, url, key))
            #expect(answer3 == "3.7.1")
            let answer4 = try await Self.probe.version(of: Self.instance(.sabnzbd, url.appendingPathComponent("sabnzbd"), key))
            #expect(answer4 == "3.7.1")
            #expect(await Self.code { _ = try await Self.probe.version(of: Self.instance(.sabnzbd, url, .init(apiKey: "wrong"))) } == .unauthorized)
        }
    }

    @Test func nzbgetJSONRPCOverPOSTWithBasicAuth() async throws {
        try await FakeService.run({ router in
            router.post("jsonrpc") { request, _ in
                guard FakeService.hasBasicAuth(request, "nzbget", "testpass") else { return FakeService.text("", status: .unauthorized) }
                let body = String(buffer: try await request.body.collect(upTo: 1 << 16))
                return body.contains(#""method":"version""#) ? FakeService.json(FakeService.fixture("nzbget/local210_version.json"))
                    : FakeService.json(#"{"version":"1.1","error":{"name":"JSONRPCError","code":1,"message":"Invalid procedure"},"id":1}"#)
            }
        }) { url in
            let answer5 = try await Self.probe.version(of: Self.instance(.nzbget, url, .init(username: "nzbget", password: "testpass")))
            #expect(answer5 == "21.0")
            #expect(await Self.code { _ = try await Self.probe.version(of: Self.instance(.nzbget, url, .init(username: "nzbget", password: "no"))) } == .unauthorized)
        }
    }

    /// qBittorrent 4.x: 200 `Ok.` with `SID`; a wrong password is 200 `Fails.`.
    @Test func qbittorrent4Login() async throws {
        try await FakeService.run({ router in
            router.post("api/v2/auth/login") { request, _ in
                let form = String(buffer: try await request.body.collect(upTo: 1 << 16))
                guard form == "username=admin&password=p%2Bss%26word" else { return FakeService.text("Fails.") }
                return FakeService.text("Ok.", headers: [.setCookie: "SID=abc123; HttpOnly; path=/; SameSite=Strict"])
            }
            router.get("api/v2/app/version") { request, _ in
                request.headers[.cookie] == "SID=abc123" ? FakeService.text("v4.5.2") : FakeService.text("Forbidden", status: .forbidden)
            }
        }) { url in
            let answer6 = try await Self.probe.version(of: Self.instance(.qbittorrent, url, .init(username: "admin", password: "p+ss&word")))
            #expect(answer6 == "v4.5.2")
            #expect(await Self.code { _ = try await Self.probe.version(of: Self.instance(.qbittorrent, url, .init(username: "admin", password: "x"))) } == .unauthorized)
        }
    }

    /// qBittorrent 5.x: 204 with a `QBT_SID_<port>` cookie.
    @Test func qbittorrent5Login() async throws {
        try await FakeService.run({ router in
            router.post("api/v2/auth/login") { _, _ in
                Response(status: .noContent, headers: [.setCookie: "QBT_SID_8080=xyz; HttpOnly; path=/"])
            }
            router.get("api/v2/app/version") { request, _ in
                request.headers[.cookie] == "QBT_SID_8080=xyz" ? FakeService.text("v5.0.2") : FakeService.text("Forbidden", status: .forbidden)
            }
        }) { url in
            let answer7 = try await Self.probe.version(of: Self.instance(.qbittorrent, url, .init(username: "admin", password: "pw")))
            #expect(answer7 == "v5.0.2")
        }
    }

    @Test func transmissionSessionIdDance() async throws {
        let calls = CallCounter()
        try await FakeService.run({ router in
            router.post("transmission/rpc") { request, _ in
                calls.increment()
                guard FakeService.hasBasicAuth(request, "transmission", "testpass123") else { return FakeService.text("", status: .unauthorized) }
                guard request.headers[.init("X-Transmission-Session-Id")!] == "sess-1" else {
                    return FakeService.text("", status: .conflict, headers: [.init("X-Transmission-Session-Id")!: "sess-1"])
                }
                return FakeService.json(FakeService.fixture("transmission/local300_session-get.json"))
            }
        }) { url in
            let version = try await Self.probe.version(of: Self.instance(.transmission, url, .init(username: "transmission", password: "testpass123")))
            #expect(version.hasPrefix("3.00"))
            #expect(calls.value == 2)
            let rpcURL = url.appendingPathComponent("transmission/rpc")
            let answer8 = try await Self.probe.version(of: Self.instance(.transmission, rpcURL, .init(username: "transmission", password: "testpass123")))
            #expect(answer8.hasPrefix("3.00"))
            #expect(await Self.code { _ = try await Self.probe.version(of: Self.instance(.transmission, url, .init(username: "transmission", password: "x"))) } == .unauthorized)
        }
    }

    @Test func plexRootNeedsTheToken() async throws {
        try await FakeService.run({ router in
            router.get("/") { request, _ in
                guard request.headers[.init("X-Plex-Token")!] == "tok" else { return FakeService.text("Unauthorized", status: .unauthorized) }
                guard request.headers[.accept] == "application/json" else { return FakeService.text("<MediaContainer/>") }
                return FakeService.json(#"{"MediaContainer":{"size":25,"friendlyName":"nas","version":"1.40.1.8227-c0dd5a73e","machineIdentifier":"abc"}}"#)
            }
        }) { url in
            let answer9 = try await Self.probe.version(of: Self.instance(.plex, url, .init(token: "tok")))
            #expect(answer9 == "1.40.1.8227-c0dd5a73e")
            #expect(await Self.code { _ = try await Self.probe.version(of: Self.instance(.plex, url, .init(token: "bad"))) } == .unauthorized)
        }
    }

    @Test func jellyfinSystemInfoWithTheKey() async throws {
        try await FakeService.run({ router in
            router.get("System/Info") { request, _ in
                request.headers[.init("X-Emby-Token")!] == "jk" ? FakeService.json(#"{"ServerName":"nas","Version":"10.8.13","Id":"x"}"#)
                    : FakeService.text("", status: .unauthorized)
            }
        }) { url in
            let answer10 = try await Self.probe.version(of: Self.instance(.jellyfin, url, .init(apiKey: "jk")))
            #expect(answer10 == "10.8.13")
        }
    }
}
