import AutoArrCore
import Foundation

/// Plex Media Server's JSON API (`Accept: application/json`), answered from the simulation's state.
extension Simulation {
    static let plexVersion = "1.41.3.9314-a0bfb8370"

    public func plex(_ request: SimRequest, token: String?) -> SimReply {
        if request.method == "GET", request.segments == ["identity"] {
            return container(["size": 0, "claimed": true, "machineIdentifier": .string(plex.machineIdentifier), "version": .string(Self.plexVersion)])
        }
        // Plex answers a missing or wrong token with 401 and a small HTML page.
        guard token == keys.plex else {
            return SimReply(status: 401, text: "<html><head><title>Unauthorized</title></head><body><h1>401 Unauthorized</h1></body></html>",
                            contentType: "text/html")
        }
        if let key = request.match("GET", "library/sections/*/refresh")?.first {
            guard let index = plex.sections.firstIndex(where: { $0.key == key }) else { return SimReply(status: 404) }
            plex.sections[index].scannedAt = now
            return SimReply(status: 200)
        }
        if let key = request.match("GET", "library/sections/*/all")?.first {
            guard let section = plex.sections.first(where: { $0.key == key }) else { return SimReply(status: 404) }
            return container(["size": .int(section.items.count), "librarySectionID": .int(Int(key) ?? 0), "title1": .string(section.title),
                              "Metadata": .array(section.items.map { item(section, $0) })])
        }
        switch (request.method, request.segments) {
        case ("GET", []):
            return container([
                "size": 0, "allowCameraUpload": false, "allowSync": true, "friendlyName": plex.preferences.first { $0.id == "FriendlyName" }?.value ?? "Plex",
                "machineIdentifier": .string(plex.machineIdentifier), "myPlex": true, "platform": "Linux", "platformVersion": "12",
                "transcoderActiveVideoSessions": .int(plex.sessions.count), "updatedAt": .int(Int(now.timeIntervalSince1970)),
                "version": .string(Self.plexVersion),
            ])
        case ("GET", ["library", "sections"]):
            return container(["size": .int(plex.sections.count), "allowSync": true, "title1": "Plex Library",
                              "Directory": .array(plex.sections.map(section))])
        case ("GET", [":", "prefs"]):
            return container(["size": .int(plex.preferences.count), "Setting": .array(plex.preferences.map { setting in
                ["id": .string(setting.id), "label": .string(setting.label), "summary": "", "type": .string(setting.type),
                 "default": setting.value, "value": setting.value, "hidden": false, "advanced": false, "group": "general"]
            })])
        case ("PUT", [":", "prefs"]):
            for (id, values) in request.query {
                guard let index = plex.preferences.firstIndex(where: { $0.id == id }), let text = values.first else { continue }
                plex.preferences[index].value = switch plex.preferences[index].type {
                case "bool": .bool(text == "1" || text == "true")
                case "int": Int(text).map(JSONValue.int) ?? .string(text)
                default: .string(text)
                }
            }
            return SimReply(status: 200)
        case ("GET", ["status", "sessions"]):
            return container(["size": .int(plex.sessions.count), "Metadata": .array(plex.sessions.map { session in
                ["title": .string(session.title), "type": .string(session.type), "User": ["id": "1", "title": .string(session.user)],
                 "Player": ["state": "playing", "product": "Plex Web"]]
            })])
        default:
            return SimReply(status: 404, text: "<html><head><title>Not Found</title></head><body><h1>404 Not Found</h1></body></html>", contentType: "text/html")
        }
    }

    private func item(_ section: PlexState.Section, _ item: CatalogueTitle) -> JSONValue {
        let guid = item.kind == .movie ? "plex://movie/\(item.tmdbId)" : "plex://show/\(item.tvdbId ?? 0)"
        return ["ratingKey": .string(String(item.tmdbId)), "title": .string(item.title), "year": .int(item.year),
                "type": .string(section.type), "guid": .string(guid)]
    }

    private func section(_ section: PlexState.Section) -> JSONValue {
        [
            "allowSync": true, "key": .string(section.key), "type": .string(section.type), "title": .string(section.title),
            "agent": .string(section.type == "movie" ? "tv.plex.agents.movie" : "tv.plex.agents.series"),
            "scanner": .string(section.type == "movie" ? "Plex Movie" : "Plex TV Series"), "language": "en-US",
            "uuid": .string("\(plex.machineIdentifier.prefix(8))-000\(section.key)"), "refreshing": false,
            "scannedAt": .int(Int((section.scannedAt ?? sonarr.started).timeIntervalSince1970)),
            "Location": [["id": .int(Int(section.key) ?? 0), "path": .string(section.path)]],
        ]
    }

    private func container(_ fields: [String: JSONValue]) -> SimReply { .ok(["MediaContainer": .object(fields)]) }
}
