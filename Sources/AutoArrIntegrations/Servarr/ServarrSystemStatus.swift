/// `GET /api/v3/system/status`, the fields AutoArr reads. Sonarr and Radarr share it.
struct ServarrSystemStatus: Decodable {
    var appName: String?
    var version: String

    enum CodingKeys: String, CodingKey, CaseIterable { case appName, version }
}
