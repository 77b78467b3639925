/// `mode=queue`: `{"queue":{"paused":…,"slots":[…]}}`. SABnzbd sends most numbers as strings. Read, not decoded:
/// a queue can hold thousands of slots and is polled every pass (ADR 0011).
struct SABnzbdQueueResponse: JSONReadable {
    struct Queue: JSONReadable {
        var paused = false
        var status: String?
        var slots: [SABnzbdQueueSlot] = []

        enum CodingKeys: String, CodingKey, CaseIterable { case paused, status, slots }
        private static let keys = JSONKeys<CodingKeys>()

        init(reading reader: inout JSONReader) throws {
            try reader.beginObject()
            while let key = try reader.nextKey() {
                switch Self.keys[key] {
                case .paused: paused = try reader.bool() ?? false
                case .status: status = try reader.string()
                case .slots: slots = try reader.array(of: SABnzbdQueueSlot.self) ?? []
                case nil: try reader.skipValue()
                }
            }
        }
    }
    var queue: Queue

    init(reading reader: inout JSONReader) throws {
        var queue: Queue?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key.elementsEqual("queue".utf8) { queue = try Queue(reading: &reader) } else { try reader.skipValue() }
        }
        guard let queue else { throw JSONReader.Failure.missing("queue") }
        self.queue = queue
    }
}

struct SABnzbdQueueSlot: JSONReadable {
    var nzo_id: String
    var filename: String
    var cat: String?
    var status: String
    var percentage: String?
    var mb: String?
    var mbleft: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case nzo_id, filename, cat, status, percentage, mb, mbleft }
    private static let keys = JSONKeys<CodingKeys>()

    init(reading reader: inout JSONReader) throws {
        var (id, filename, status): (String?, String?, String?)
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch Self.keys[key] {
            case .nzo_id: id = try reader.string()
            case .filename: filename = try reader.string()
            case .cat: cat = try reader.string()
            case .status: status = try reader.string()
            case .percentage: percentage = try reader.string()
            case .mb: mb = try reader.string()
            case .mbleft: mbleft = try reader.string()
            case nil: try reader.skipValue()
            }
        }
        guard let id, let filename, let status else { throw JSONReader.Failure.missing("a slot's nzo_id, filename and status") }
        (nzo_id, self.filename, self.status) = (id, filename, status)
    }
}

/// `mode=history`: `{"history":{"slots":[…]}}`.
struct SABnzbdHistoryResponse: Decodable {
    struct History: Decodable {
        var slots: [SABnzbdHistorySlot]
    }
    var history: History
}

struct SABnzbdHistorySlot: Decodable {
    struct Stage: Decodable {
        var name: String
        var actions: [String]
    }
    var nzo_id: String
    var name: String
    var category: String?
    var status: String
    var fail_message: String?
    var bytes: Int64?
    var stage_log: [Stage]?
}
