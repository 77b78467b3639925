/// Plex wraps every answer in `MediaContainer`, with Plex's own capitalisation.
struct PlexContainer<Content: Decodable>: Decodable {
    var MediaContainer: Content
}

/// `GET /identity`.
struct PlexIdentity: Decodable, Sendable, Equatable {
    var machineIdentifier: String
    var version: String
    var claimed: Bool?
}

/// `GET /library/sections`: one library.
struct PlexSection: Decodable, Sendable, Equatable {
    struct Location: Decodable, Sendable, Equatable {
        var id: Int
        var path: String
    }
    var key: String
    var type: String
    var title: String
    var Location: [Location]?
}

/// `GET /:/prefs`: one server preference.
struct PlexSetting: Decodable, Sendable, Equatable {
    var id: String
    var value: PlexValue
}

/// Plex preference values are booleans, numbers or text.
enum PlexValue: Decodable, Sendable, Equatable, CustomStringConvertible {
    case bool(Bool), number(Double), text(String)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) { self = .bool(flag) }
        else if let number = try? container.decode(Double.self) { self = .number(number) }
        else { self = .text(try container.decode(String.self)) }
    }

    var description: String {
        switch self {
        case .bool(let flag): flag ? "1" : "0"
        case .number(let number): number.rounded() == number ? String(Int(number)) : String(number)
        case .text(let text): text
        }
    }
}

/// `GET /status/sessions`: one playback in progress.
struct PlexSession: Decodable, Sendable, Equatable {
    struct Account: Decodable, Sendable, Equatable { var title: String? }
    var title: String
    var type: String
    var User: Account?
}
