/// `mode=queue`: `{"queue":{"paused":…,"slots":[…]}}`. SABnzbd sends most numbers as strings.
struct SABnzbdQueueResponse: Decodable {
    struct Queue: Decodable {
        var paused: Bool
        var status: String?
        var slots: [SABnzbdQueueSlot]
    }
    var queue: Queue
}

struct SABnzbdQueueSlot: Decodable {
    var nzo_id: String
    var filename: String
    var cat: String?
    var status: String
    var percentage: String?
    var mb: String?
    var mbleft: String?
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
