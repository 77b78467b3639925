/// `GET /api/v3/queue` and friends: a page of records. Enums stay strings, so a value a newer *arr adds
/// never fails the whole response.
struct ServarrPage<Record: Decodable>: Decodable {
    var page: Int?
    var pageSize: Int?
    var totalRecords: Int?
    var records: [Record]
}

/// `QueueResource`, Sonarr's and Radarr's, the fields AutoArr reads.
struct ServarrQueueRecord: Decodable {
    struct StatusMessage: Decodable {
        var title: String?
        var messages: [String]?

        enum CodingKeys: String, CodingKey, CaseIterable { case title, messages }
    }
    var id: Int
    var seriesId: Int?
    var episodeId: Int?
    var movieId: Int?
    var title: String?
    var status: String?
    var trackedDownloadStatus: String?
    var trackedDownloadState: String?
    var statusMessages: [StatusMessage]?
    var errorMessage: String?
    var downloadId: String?
    var `protocol`: String?
    var downloadClient: String?
    var size: Double?
    var sizeleft: Double?

    // Listed so a test can check every key against the official specs.
    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, seriesId, episodeId, movieId, title, status, trackedDownloadStatus, trackedDownloadState, statusMessages
        case errorMessage, downloadId, `protocol`, downloadClient, size, sizeleft
    }
}

/// `HistoryResource`, the fields AutoArr reads.
struct ServarrHistoryRecord: Decodable, Sendable, Equatable {
    var id: Int
    var seriesId: Int?
    var episodeId: Int?
    var movieId: Int?
    var sourceTitle: String?
    var date: String?
    var downloadId: String?
    var eventType: String?
    var data: [String: String?]?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, seriesId, episodeId, movieId, sourceTitle, date, downloadId, eventType, data
    }
}

/// `CommandResource`, the fields AutoArr reads.
struct ServarrCommand: Decodable, Sendable, Equatable {
    var id: Int
    var name: String?
    var status: String?
    var message: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case id, name, status, message }
}

/// `HealthResource`.
struct ServarrHealth: Decodable, Sendable, Equatable {
    var source: String?
    var type: String?
    var message: String?
    var wikiUrl: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case source, type, message, wikiUrl }
}
