/// `torrent-get`: one torrent, with the fields AutoArr asks for.
struct TransmissionTorrent: Decodable {
    static let fields = ["hashString", "name", "status", "percentDone", "sizeWhenDone", "leftUntilDone", "error", "errorString", "labels",
                         "rateDownload", "isPrivate", "metadataPercentComplete"]

    var hashString: String
    var name: String
    /// 0 stopped, 1 check wait, 2 checking, 3 download wait, 4 downloading, 5 seed wait, 6 seeding.
    var status: Int
    var percentDone: Double
    var sizeWhenDone: Int64?
    var leftUntilDone: Int64?
    /// 0 none, 1 tracker warning, 2 tracker error, 3 local error.
    var error: Int
    var errorString: String
    var labels: [String]?
    var rateDownload: Int64?
    var isPrivate: Bool?
    var metadataPercentComplete: Double?
}

/// `{"torrents":[…]}`.
struct TransmissionTorrents: Decodable {
    var torrents: [TransmissionTorrent]
}
