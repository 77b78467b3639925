import AutoArrApp
import AutoArrCore
import AutoArrServer
import AutoArrSimulator
import Foundation
import HummingbirdTesting
import Testing

/// Plain-language requests end to end: the REST API, the request service, the real Sonarr/Radarr clients and the
/// simulated stack over loopback HTTP.
@Suite struct RequestTests {
    /// A server whose Sonarr and Radarr (and, when asked, a 4K Radarr) are the simulator's.
    static func run(fourK: Bool = false, requests: AppConfig.Requests = AppConfig.Requests(),
                    _ body: @escaping @Sendable (any TestClientProtocol, AppComponents, Simulation, String) async throws -> Void) async throws {
        let simulation = Simulation()
        var app = TestApp()
        app.config.requests = requests
        try await Simulator.with(simulation) { [app] endpoints in
            try await app.run { client, components in
                for draft in endpoints.drafts(keys: simulation.keys) where draft.kind == "radarr" || draft.kind == "sonarr" {
                    _ = try await components.services.create(draft)
                    if fourK, draft.kind == "radarr" {
                        var fourK = draft
                        fourK.name = "radarr-4k"
                        fourK.tags = ["4k"]
                        _ = try await components.services.create(fourK)
                    }
                }
                try await body(client, components, simulation, try await components.auth.apiKey())
            }
        }
    }

    static func create(_ client: any TestClientProtocol, _ key: String, _ query: String, autoConfirm: Bool = false) async throws -> [String: Any] {
        let body = try JSONSerialization.data(withJSONObject: ["query": query, "autoConfirm": autoConfirm])
        let response = try await client.send(.post, "/api/v1/requests", as: .key(key), json: String(decoding: body, as: UTF8.self))
        #expect(response.status == .created, "\(String(buffer: response.body))")
        return response.object
    }

    static func confirm(_ client: any TestClientProtocol, _ key: String, _ id: Any?, _ json: String = "{}") async throws -> TestResponse {
        try await client.send(.post, "/api/v1/requests/\(id ?? 0)/confirm", as: .key(key), json: json)
    }

    static func library(_ simulation: Simulation, _ flavor: String) async -> Int {
        (await simulation.summary())[flavor]?["library"]?.intValue ?? -1
    }

    @Test func aMovieIsFoundAddedInItsQualityAndTrackedToAvailable() async throws {
        try await Self.run { client, components, simulation, key in
            let created = try await Self.create(client, key, "add Inception in 4K please")
            #expect(created["status"] as? String == "awaiting_choice")
            let chosen = try #require(created["chosen"] as? [String: Any])
            #expect(chosen["tmdbId"] as? Int == 27205)
            #expect(chosen["posterURL"] as? String != nil)
            #expect((created["parsed"] as? [String: Any])?["quality"] as? String == "2160p")

            let confirmed = try await Self.confirm(client, key, created["id"])
            #expect(confirmed.status == .ok)
            #expect(confirmed.object["status"] as? String == "searching")
            #expect(confirmed.object["qualityProfileId"] as? Int == 5)  // Ultra-HD
            #expect(confirmed.object["rootFolderPath"] as? String == "/data/media/movies")
            #expect(await Self.library(simulation, "radarr") == 1)

            await simulation.advance(by: 30)
            await components.requests.trackAll()
            let id = try #require(created["id"] as? Int)
            #expect(try await components.requests.request(Int64(id)).status == .downloading)
            await simulation.advance(by: 7200)
            await components.requests.trackAll()
            let done = try await client.send(.get, "/api/v1/requests/\(id)", as: .key(key)).object
            #expect(done["status"] as? String == "available")
            let timeline = (done["timeline"] as? [[String: Any]])?.compactMap { $0["type"] as? String }
            #expect(timeline == ["request.created", "request.awaiting_choice", "request.added", "request.searching", "request.downloading", "request.available"])
        }
    }

    @Test func aSeriesMonitorsOnlyTheSeasonAskedFor() async throws {
        try await Self.run { client, _, simulation, key in
            let created = try await Self.create(client, key, "get me Breaking Bad season 2 in 1080p", autoConfirm: true)
            #expect(created["status"] as? String == "searching")
            #expect(created["instance"] as? String == "sonarr")
            let state = await simulation.summary()
            #expect(state["sonarr"]?["library"] == 1)
            #expect(state["sonarr"]?["queue"] == 1)  // one season pack: season 2 only
            #expect(state["sabnzbd"]?["queue"] == 1)
        }
    }

    @Test func fourKRequestsGoToTheFourKInstance() async throws {
        try await Self.run(fourK: true) { client, _, _, key in
            let uhd = try await Self.create(client, key, "add Arrival in 4K")
            #expect((uhd["chosen"] as? [String: Any])?["instance"] as? String == "radarr-4k")
            let hd = try await Self.create(client, key, "add Arrival in 1080p")
            #expect((hd["chosen"] as? [String: Any])?["instance"] as? String == "radarr")
        }
    }

    @Test func anAmbiguousTitleWaitsForAChoice() async throws {
        try await Self.run { client, _, simulation, key in
            let created = try await Self.create(client, key, "add Dune movie", autoConfirm: true)
            #expect(created["status"] as? String == "awaiting_choice")
            #expect(created["chosen"] == nil)
            let candidates = try #require(created["candidates"] as? [[String: Any]])
            #expect(candidates.count >= 2 && candidates.count <= 5)
            #expect(Set(candidates.prefix(2).compactMap { $0["year"] as? Int }) == [2021, 1984])
            #expect(await Self.library(simulation, "radarr") == 0)

            let wrong = try await Self.confirm(client, key, created["id"], #"{"tmdbId":603}"#)
            #expect(wrong.status == .badRequest)
            let picked = try await Self.confirm(client, key, created["id"], #"{"tmdbId":841}"#)
            #expect((picked.object["chosen"] as? [String: Any])?["year"] as? Int == 1984)

            // "the new Dune movie" means the newest one.
            let newest = try await Self.create(client, key, "add the new Dune movie in 4K")
            #expect((newest["chosen"] as? [String: Any])?["title"] as? String == "Dune: Part Two")
        }
    }

    /// Nothing found under the words typed: other spellings are looked up and offered, never added without a choice.
    @Test(arguments: [("Star Wars Episode IV", "Star Wars"), ("Oppenhiemer", "Oppenheimer"), ("brekaing bad", "Breaking Bad"), ("Interstelar", "Interstellar")])
    func nothingFoundOffersWhatItMightHaveMeant(query: String, meant: String) async throws {
        try await Self.run { client, _, simulation, key in
            let created = try await Self.create(client, key, query, autoConfirm: true)
            #expect(created["status"] as? String == "awaiting_choice", "\(created)")
            let candidates = created["candidates"] as? [[String: Any]] ?? []
            #expect(candidates.first?["title"] as? String == meant, "\(candidates.map { $0["title"] ?? "" })")
            #expect((created["note"] as? String)?.contains("did you mean \(meant)") == true, "\(created["note"] ?? "")")
            let added = await Self.library(simulation, "radarr") + Self.library(simulation, "sonarr")
            #expect(added == 0)
            let confirmed = try await Self.confirm(client, key, created["id"], #"{"candidateId":"\#(candidates.first?["id"] ?? "")"}"#)
            #expect(confirmed.object["status"] as? String == "searching", "\(confirmed.object)")
        }
    }

    @Test func aFailedRequestCanBeTriedAgain() async throws {
        try await Self.run { client, _, _, key in
            let created = try await Self.create(client, key, "add Qwxyzzq Plorb")
            #expect(created["status"] as? String == "failed")
            #expect((created["error"] as? String)?.contains("nothing found") == true)
            let again = try await client.send(.post, "/api/v1/requests/\(created["id"] ?? 0)/retry", as: .key(key))
            #expect(again.status == .ok)
            #expect(again.object["status"] as? String == "failed")
            let searching = try await Self.create(client, key, "add Whiplash", autoConfirm: true)
            let refused = try await client.send(.post, "/api/v1/requests/\(searching["id"] ?? 0)/retry", as: .key(key))
            #expect(refused.status == .conflict)
        }
    }

    @Test func seasonsASeriesDoesNotHaveAreSaidSo() async throws {
        try await Self.run { client, _, simulation, key in
            let created = try await Self.create(client, key, "Breaking Bad season 9", autoConfirm: true)
            #expect(created["status"] as? String == "failed")
            #expect(created["error"] as? String == "Breaking Bad has 5 seasons; there is no season 9")
            #expect(await Self.library(simulation, "sonarr") == 0)
            let several = try await Self.create(client, key, "Breaking Bad seasons 2 and 3", autoConfirm: true)
            #expect(several["status"] as? String == "searching")
            #expect((await simulation.summary())["sonarr"]?["queue"] == 2)  // two season packs
        }
    }

    @Test func aHigherQualityForATitleInTheLibraryIsAnUpgradeToConfirm() async throws {
        try await Self.run { client, _, simulation, key in
            _ = try await Self.create(client, key, "add Oppenheimer in 1080p", autoConfirm: true)
            await simulation.advance(by: 7200)
            let created = try await Self.create(client, key, "Oppenheimer in 4K", autoConfirm: true)
            #expect(created["status"] as? String == "awaiting_choice")
            #expect(created["upgradeProfileId"] as? Int == 5)
            #expect((created["note"] as? String)?.contains("confirm to switch it to Ultra-HD") == true, "\(created["note"] ?? "")")
            let confirmed = try await Self.confirm(client, key, created["id"])
            #expect(confirmed.object["status"] as? String == "searching", "\(confirmed.object)")
            #expect(confirmed.object["qualityProfileId"] as? Int == 5)
            let movie = await simulation.servarr(.radarr, SimRequest(method: "GET", segments: ["movie"])).json?.arrayValue?.first
            #expect(movie?["qualityProfileId"]?.intValue == 5)
            #expect((await simulation.summary())["radarr"]?["queue"] == 1)  // the 4K search grabbed
        }
    }

    @Test func aTitleInTheLibraryIsNeverAddedTwice() async throws {
        try await Self.run { client, _, simulation, key in
            let first = try await Self.create(client, key, "add The Matrix", autoConfirm: true)
            #expect(first["status"] as? String == "searching")
            await simulation.advance(by: 7200)
            let again = try await Self.create(client, key, "get the matrix 1999")
            let chosen = try #require(again["chosen"] as? [String: Any])
            #expect(chosen["libraryId"] as? Int != nil)
            #expect(chosen["hasFile"] as? Bool == true)
            let confirmed = try await Self.confirm(client, key, again["id"])
            #expect(confirmed.object["status"] as? String == "available")
            #expect(await Self.library(simulation, "radarr") == 1)
        }
    }

    @Test func radarrsValidationErrorFailsTheRequestWithItsMessage() async throws {
        try await Self.run { client, _, simulation, key in
            let created = try await Self.create(client, key, "add Parasite")
            // Someone adds it in Radarr meanwhile: Radarr answers 400 "already been added".
            _ = await simulation.servarr(.radarr, SimRequest(method: "POST", segments: ["movie"], body: [
                "tmdbId": 496243, "qualityProfileId": 4, "rootFolderPath": "/data/media/movies"]))
            let confirmed = try await Self.confirm(client, key, created["id"])
            #expect(confirmed.object["status"] as? String == "failed")
            #expect((confirmed.object["error"] as? String)?.contains("This movie has already been added") == true)
        }
    }

    @Test func anUnreachableRadarrKeepsTheRequestRetryable() async throws {
        try await Self.run { client, _, simulation, key in
            let created = try await Self.create(client, key, "add Whiplash")
            await simulation.inject(HTTPFault(app: .radarr, kind: .serverError, path: "/api/v3/qualityprofile"))
            let failed = try await Self.confirm(client, key, created["id"])
            #expect(failed.status == .serviceUnavailable)
            #expect(String(buffer: failed.body).contains("radarr"))
            let kept = try await client.send(.get, "/api/v1/requests/\(created["id"] ?? 0)", as: .key(key)).object
            #expect(kept["status"] as? String == "awaiting_choice")
            #expect(kept["error"] as? String != nil)

            await simulation.clearFaults()  // Radarr is back
            let retried = try await Self.confirm(client, key, created["id"])
            #expect(retried.object["status"] as? String == "searching")
        }
    }

    @Test func aSecondConfirmationNeverAddsTwice() async throws {
        try await Self.run { client, _, simulation, key in
            let id = try #require(try await Self.create(client, key, "add Moonlight")["id"] as? Int)
            async let first = Self.confirm(client, key, id)
            async let second = Self.confirm(client, key, id)
            let statuses = [try await first.status, try await second.status]
            #expect(statuses.filter { $0 == .ok }.count == 1)
            #expect(statuses.filter { $0 == .conflict }.count == 1)
            #expect(try await Self.confirm(client, key, id).status == .conflict)
            #expect(await Self.library(simulation, "radarr") == 1)
        }
    }

    @Test func cancellingWithRemoveTakesItOutOfTheArr() async throws {
        try await Self.run { client, _, simulation, key in
            let created = try await Self.create(client, key, "add Heat 1995", autoConfirm: true)
            #expect(await Self.library(simulation, "radarr") == 1)
            let unclear = try await client.send(.delete, "/api/v1/requests/\(created["id"] ?? 0)?remove=maybe", as: .key(key))
            #expect(unclear.status == .badRequest)
            #expect(String(buffer: unclear.body).contains(#""field":"remove""#))
            #expect(await Self.library(simulation, "radarr") == 1)
            let cancelled = try await client.send(.delete, "/api/v1/requests/\(created["id"] ?? 0)?remove=true", as: .key(key))
            #expect(cancelled.object["status"] as? String == "cancelled")
            #expect(await Self.library(simulation, "radarr") == 0)
            // Removal is claimed only when something was removed.
            let messages = try await client.send(.get, "/api/v1/activity?type=request.cancelled", as: .key(key)).object["items"] as? [[String: Any]]
            #expect(messages?.first?["message"] as? String == "cancelled and removed Heat from radarr")
            let waiting = try await Self.create(client, key, "add Whiplash")
            _ = try await client.send(.delete, "/api/v1/requests/\(waiting["id"] ?? 0)?remove=true", as: .key(key))
            let latest = try await client.send(.get, "/api/v1/activity?type=request.cancelled", as: .key(key)).object["items"] as? [[String: Any]]
            #expect(latest?.first?["message"] as? String == "cancelled; nothing had been added, so nothing was removed")
            let listed = try await client.send(.get, "/api/v1/requests?status=cancelled", as: .key(key)).object["items"] as? [[String: Any]]
            #expect(listed?.count == 2)
        }
    }

    @Test func badInputIsA400NamingTheField() async throws {
        try await Self.run { client, _, _, key in
            let empty = try await client.send(.post, "/api/v1/requests", as: .key(key), json: #"{"query":"  "}"#)
            #expect(empty.status == .badRequest)
            #expect(String(buffer: empty.body).contains(#""field":"query""#))
            let noQuery = try await client.send(.post, "/api/v1/requests", as: .key(key), json: #"{"instance":"radarr"}"#)
            #expect(noQuery.status == .badRequest)
            let badInstance = try await client.send(.post, "/api/v1/requests", as: .key(key), json: #"{"query":"Dune","instance":"nope"}"#)
            #expect(String(buffer: badInstance.body).contains(#""field":"instance""#))
            let badStatus = try await client.send(.get, "/api/v1/requests?status=done", as: .key(key))
            #expect(badStatus.status == .badRequest)
            #expect(String(buffer: badStatus.body).contains(#""field":"status""#))
            #expect(try await client.send(.get, "/api/v1/requests/999", as: .key(key)).status == .notFound)
            // A quality profile the instance does not have is refused, never swapped for another.
            let created = try await Self.create(client, key, "add Whiplash")
            let badProfile = try await Self.confirm(client, key, created["id"], #"{"qualityProfileId":999}"#)
            #expect(badProfile.status == .badRequest)
            #expect(String(buffer: badProfile.body).contains(#""field":"qualityProfileId""#))
            #expect(String(buffer: badProfile.body).contains("no quality profile 999"))
            #expect(try await client.send(.get, "/api/v1/requests").status == .unauthorized)
        }
    }

    /// A stand-in for the language model the LLM issue plugs in.
    struct Reader: RequestInterpreter {
        var answer: ParsedRequest
        func interpret(_ query: String, parsed: ParsedRequest) async throws -> ParsedRequest? { answer }
    }

    @Test func anUnsureParseAsksTheInterpreterAndChecksItsAnswer() async throws {
        try await Self.run { client, components, _, key in
            let query = "the one where a thief steals secrets from people in their dreams"
            await components.requests.setInterpreter(Reader(answer: ParsedRequest(type: .movie, title: "Inception", year: 2010)))
            let read = try await Self.create(client, key, query)
            #expect((read["chosen"] as? [String: Any])?["tmdbId"] as? Int == 27205)
            // An unsound answer (no title) is ignored: the parser's reading stands.
            await components.requests.setInterpreter(Reader(answer: ParsedRequest(type: .movie, title: " ", year: 3000)))
            let ignored = try await Self.create(client, key, query)
            #expect((ignored["parsed"] as? [String: Any])?["title"] as? String == query)
        }
    }

    @Test func configuredProfilesAndRootFoldersWin() async throws {
        var settings = AppConfig.Requests()
        var radarr = AppConfig.Requests.InstanceDefaults()
        radarr.qualityProfiles[.uhd] = "HD - 720p/1080p"
        radarr.rootFolder = "/data/media/movies"
        settings.instances["radarr"] = radarr
        try await Self.run(requests: settings) { client, _, _, key in
            let added = try await Self.create(client, key, "add Drive in 4K", autoConfirm: true)
            #expect(added["qualityProfileId"] as? Int == 6)
            #expect(added["rootFolderPath"] as? String == "/data/media/movies")
            let other = try await Self.create(client, key, "add Prisoners in 720p")
            let refused = try await Self.confirm(client, key, other["id"], #"{"rootFolderPath":"/nowhere"}"#)
            #expect(refused.status == .badRequest)
            #expect(String(buffer: refused.body).contains(#""field":"rootFolderPath""#))
        }
    }
}
