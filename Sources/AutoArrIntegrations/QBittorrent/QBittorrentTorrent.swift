/// `GET /api/v2/torrents/info`: one torrent, the fields AutoArr reads.
struct QBittorrentTorrent: Decodable {
    var hash: String
    var name: String
    var state: String
    var progress: Double
    var size: Int64?
    var amount_left: Int64?
    var category: String?
    var dlspeed: Int64?
    var tags: String?
}
