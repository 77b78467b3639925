/// `GET /api/v3/queue` and friends: a page of records. Enums stay strings, so a value a newer *arr adds
/// never fails the whole response.
struct ServarrPage<Record> {
    var page: Int?
    var pageSize: Int?
    var totalRecords: Int?
    var records: [Record]

    enum CodingKeys: String, CodingKey, CaseIterable { case page, pageSize, totalRecords, records }
}

extension ServarrPage: Decodable where Record: Decodable {}

/// The queue's pages are read, not decoded: 1,000 records a page, polled every pass (ADR 0011).
extension ServarrPage: JSONReadable where Record: JSONReadable {
    // A generic type can't have a stored static; the page's four keys are cheap to list once a page.
    private static var keys: JSONKeys<CodingKeys> { JSONKeys() }

    init(reading reader: inout JSONReader) throws {
        var records: [Record]?
        let keys = Self.keys
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch keys[key] {
            case .page: page = try reader.int()
            case .pageSize: pageSize = try reader.int()
            case .totalRecords: totalRecords = try reader.int()
            case .records: records = try reader.array(of: Record.self)
            case nil: try reader.skipValue()
            }
        }
        guard let records else { throw JSONReader.Failure.missing("records") }
        self.records = records
    }
}

/// `QueueResource`, Sonarr's and Radarr's, the fields AutoArr reads.
struct ServarrQueueRecord {
    struct StatusMessage {
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

extension ServarrQueueRecord: JSONReadable {
    private static let keys = JSONKeys<CodingKeys>()

    init(reading reader: inout JSONReader) throws {
        var id: Int?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch Self.keys[key] {
            case .id: id = try reader.int()
            case .seriesId: seriesId = try reader.int()
            case .episodeId: episodeId = try reader.int()
            case .movieId: movieId = try reader.int()
            case .title: title = try reader.string()
            case .status: status = try reader.string()
            case .trackedDownloadStatus: trackedDownloadStatus = try reader.string()
            case .trackedDownloadState: trackedDownloadState = try reader.string()
            case .statusMessages: statusMessages = try reader.array(of: StatusMessage.self)
            case .errorMessage: errorMessage = try reader.string()
            case .downloadId: downloadId = try reader.string()
            case .protocol: `protocol` = try reader.string()
            case .downloadClient: downloadClient = try reader.string()
            case .size: size = try reader.double()
            case .sizeleft: sizeleft = try reader.double()
            case nil: try reader.skipValue()
            }
        }
        guard let id else { throw JSONReader.Failure.missing("a queue record's id") }
        self.id = id
    }
}

extension ServarrQueueRecord.StatusMessage: JSONReadable {
    private static let keys = JSONKeys<CodingKeys>()

    init(reading reader: inout JSONReader) throws {
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch Self.keys[key] {
            case .title: title = try reader.string()
            case .messages: messages = try reader.strings()
            case nil: try reader.skipValue()
            }
        }
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
