import AutoArrCore
import Foundation

/// The simulator's own API, for scripting it from outside (`autoarr simulate`):
/// `GET /state`, `POST /advance {"seconds":60}`, `POST /faults` (an `HTTPFault`),
/// `POST /download-faults {"kind":"fail|stall|importBlocked","message":…,"atPercent":…,"titleContains":…,"count":…}`,
/// `POST /seed-queue {"count":5000}`, `POST /fail-first {"message":…}` (fails SABnzbd's first job now), `DELETE /faults`.
struct ControlAPI {
    let simulation: Simulation

    func answer(path: String, request: SimRequest) async -> SimReply {
        switch (request.method, path) {
        case ("GET", "/state"):
            return .ok(await simulation.summary())
        case ("POST", "/advance"):
            guard let seconds = request.body?["seconds"]?.intValue, seconds > 0, seconds <= 86400 else {
                return SimReply(status: 400, json: ["error": "seconds: a whole number from 1 to 86400 is required"])
            }
            await simulation.advance(by: Double(seconds))
            return .ok(await simulation.summary())
        case ("POST", "/faults"):
            guard let data = try? JSONEncoder().encode(request.body), let fault = try? JSONDecoder().decode(HTTPFault.self, from: data) else {
                return SimReply(status: 400, json: ["error": "body: expected {\"app\":\"sonarr|radarr|sabnzbd|plex\",\"kind\":\"serverError|timeout|garbage|slow|unauthorized\",\"path\"?,\"count\"?,\"seconds\"?}"])
            }
            await simulation.inject(fault)
            return SimReply(status: 201, json: ["status": "injected"])
        case ("POST", "/download-faults"):
            guard let body = request.body, let rule = Self.rule(body) else {
                return SimReply(status: 400, json: ["error": "kind: one of fail, stall, importBlocked is required"])
            }
            await simulation.inject(rule)
            return SimReply(status: 201, json: ["status": "injected"])
        case ("POST", "/seed-queue"):
            guard let count = request.body?["count"]?.intValue, (1...50_000).contains(count) else {
                return SimReply(status: 400, json: ["error": "count: a number from 1 to 50000 is required"])
            }
            await simulation.seedQueue(count: count)
            return .ok(await simulation.summary())
        case ("POST", "/fail-first"):
            guard let id = await simulation.failFirstJob(message: request.body?["message"]?.stringValue ?? DownloadFault.missingArticles) else {
                return SimReply(status: 404, json: ["error": "SABnzbd's queue is empty"])
            }
            return .ok(["nzo_id": .string(id)])
        case ("DELETE", "/faults"):
            await simulation.clearFaults()
            return SimReply(status: 204)
        default:
            return SimReply(status: 404, json: ["error": .string("no control endpoint \(request.method) \(path)")])
        }
    }

    static func rule(_ body: JSONValue) -> DownloadFaultRule? {
        let percent = body["atPercent"]?.intValue ?? 40
        let fault: DownloadFault
        switch body["kind"]?.stringValue {
        case "fail"?: fault = .fail(message: body["message"]?.stringValue ?? DownloadFault.missingArticles, atPercent: percent)
        case "stall"?: fault = .stall(atPercent: percent)
        case "importBlocked"?:
            let messages = if case .array(let values)? = body["messages"] { values.compactMap(\.stringValue) } else { [DownloadFault.noEligibleFiles] }
            fault = .importBlocked(messages: messages)
        default: return nil
        }
        return DownloadFaultRule(fault, titleContains: body["titleContains"]?.stringValue, count: body["count"]?.intValue ?? 1)
    }
}

extension Simulation {
    /// Counts for the control API and logs.
    public func summary() -> JSONValue {
        func servarr(_ state: ServarrState) -> JSONValue {
            ["library": .int(state.media.count), "queue": .int(state.downloads.count), "history": .int(state.history.count),
             "blocklist": .int(state.blocklist.count)]
        }
        return ["now": .date(now), "sonarr": servarr(sonarr), "radarr": servarr(radarr),
                "sabnzbd": ["queue": .int(sab.queue.count), "history": .int(sab.history.count), "paused": .bool(sab.paused)],
                "plex": ["items": .int(plex.sections.reduce(0) { $0 + $1.items.count })],
                "faults": ["http": .int(httpFaults.count), "downloads": .int(downloadFaults.count)]]
    }

    /// Fails SABnzbd's first queued job at once, as a missing-articles abort would. - Returns: its nzo_id.
    func failFirstJob(message: String) -> String? {
        guard !sab.queue.isEmpty else { return nil }
        let job = sab.queue.removeFirst()
        sab.history.insert(SABHistoryEntry(id: sab.nextHistoryId, job: job, failMessage: message, completed: now, downloadSeconds: 1), at: 0)
        sab.nextHistoryId += 1
        for flavor in ServarrFlavor.allCases {
            if let index = self[flavor].downloads.firstIndex(where: { $0.downloadId == job.nzoId }) { self[flavor].downloads[index].state = .failedPending(message) }
        }
        return job.nzoId
    }

    /// Points both *arrs' download client at the port SABnzbd really got.
    func attach(sabPort: Int) {
        for flavor in ServarrFlavor.allCases {
            guard case .object(var client) = self[flavor].downloadClient, case .array(let fields)? = client["fields"] else { continue }
            client["fields"] = .array(fields.map { field in
                guard field["name"] == "port", case .object(var values) = field else { return field }
                values["value"] = .int(sabPort)
                return .object(values)
            })
            self[flavor].downloadClient = .object(client)
        }
        if case .object(var config) = sab.config, case .object(var misc)? = config["misc"] {
            misc["port"] = .string(String(sabPort))
            config["misc"] = .object(misc)
            sab.config = .object(config)
        }
    }
}
