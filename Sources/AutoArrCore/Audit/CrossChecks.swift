import Foundation

/// One instance's settings document, as the audit read it.
public struct InstanceSettings: Sendable, Equatable {
    public var name: String
    public var kind: ServiceKind
    public var settings: JSONValue

    public init(name: String, kind: ServiceKind, settings: JSONValue) {
        self.name = name
        self.kind = kind
        self.settings = settings
    }
}

/// Checks across services (`services: [stack]`): each *arr against the download clients it hands work to. Findings
/// are the *arr's; their detail names the client.
public enum CrossChecks {
    public typealias Check = @Sendable (_ arr: InstanceSettings, _ clients: [InstanceSettings]) -> RuleEngine.Verdict

    public static let all: [String: Check] = [
        "sameFilesystem": sameFilesystem,
        "categoryMatches": categoryMatches,
        "historyKeptForImport": historyKeptForImport,
        "downloadsOutsideLibrary": downloadsOutsideLibrary,
    ]

    public static func evaluate(_ rule: AuditRule, stack: [InstanceSettings]) -> [AuditFinding] {
        let arrs = stack.filter { $0.kind == .sonarr || $0.kind == .radarr }
        let clients = stack.filter { [.sabnzbd, .nzbget, .qbittorrent, .transmission].contains($0.kind) }
        return arrs.map { arr in
            var finding = AuditFinding(ruleId: rule.id, instance: arr.name, status: .notApplicable, recommended: rule.value)
            guard let check = rule.custom.flatMap({ all[$0] }) else {
                finding.detail = "unknown check \(rule.custom ?? "(none)")"
                return finding
            }
            guard !clients.isEmpty else {
                finding.detail = "no download client is connected to AutoArr"
                return finding
            }
            switch check(arr, clients) {
            case .pass: finding.status = .pass
            case .fail(let why): finding.status = .fail; finding.detail = why
            case .notApplicable(let why): finding.detail = why
            }
            return finding
        }
    }

    /// Root folders and every client's completed-download folder on one filesystem (the *arr's own mounts), so imports
    /// are hardlinks or instant moves rather than copies.
    static let sameFilesystem: Check = { arr, clients in
        let mounts = paths(arr.settings["diskspace"], key: "path")
        let roots = paths(arr.settings["rootFolders"], key: "path")
        guard !mounts.isEmpty, !roots.isEmpty else { return .notApplicable("the *arr reports no disks or no root folders") }
        var unknown: [String] = []
        for client in clients {
            for folder in completedFolders(client) {
                let local = mapped(folder, arr)
                guard let clientMount = mount(of: local, in: mounts) else { unknown.append(client.name); continue }
                for root in roots {
                    guard let rootMount = mount(of: root, in: mounts) else { continue }
                    if rootMount != clientMount {
                        return .fail("\(client.name) completes into \(local) on \(clientMount), but the root folder \(root) is on \(rootMount): imports are copies")
                    }
                }
            }
        }
        return unknown.isEmpty ? .pass : .notApplicable("the *arr can't see where \(unknown.joined(separator: ", ")) puts downloads")
    }

    /// The category each *arr download client sends to exists in that client.
    static let categoryMatches: Check = { arr, clients in
        var checked = 0
        for entry in arr.settings["downloadClients"]?.arrayValue ?? [] where entry["enable"] == .bool(true) {
            guard let kind = clientKind(entry["implementation"]?.stringValue), let category = field(entry, named: ["tvCategory", "movieCategory"]),
                  !category.isEmpty else { continue }
            let candidates = clients.filter { $0.kind == kind }
            guard !candidates.isEmpty else { continue }
            checked += 1
            if !candidates.contains(where: { categories($0).contains(category.lowercased()) }) {
                let names = candidates.map(\.name).joined(separator: ", ")
                return .fail("\(arr.name) sends to category \"\(category)\", which \(names) doesn't have")
            }
        }
        return checked == 0 ? .notApplicable("no enabled download client of the *arr is connected to AutoArr") : .pass
    }

    /// With completed download handling on, the Usenet client keeps finished jobs in its history long enough for the
    /// *arr to import them (SABnzbd: all or ≥ 14 days; NZBGet: `KeepHistory` ≥ 14).
    static let historyKeptForImport: Check = { arr, clients in
        guard arr.settings["downloadclient"]?["enableCompletedDownloadHandling"] == .bool(true) else {
            return .notApplicable("completed download handling is off")
        }
        let usenet = clients.filter { $0.kind == .sabnzbd || $0.kind == .nzbget }
        guard !usenet.isEmpty else { return .notApplicable("no Usenet client") }
        for client in usenet {
            if client.kind == .sabnzbd, let misc = client.settings["misc"], case .fail(let why) = CustomChecks.sabHistoryRetention(misc, 14) {
                return .fail("\(client.name) \(why)")
            }
            if client.kind == .nzbget, let days = client.settings["KeepHistory"].flatMap(RuleEngine.number), days < 14 {
                return .fail("\(client.name) keeps history for \(Int(days)) days; the *arr may not find finished jobs")
            }
        }
        return .pass
    }

    /// No client downloads inside a library root folder (nor the other way round).
    static let downloadsOutsideLibrary: Check = { arr, clients in
        let roots = paths(arr.settings["rootFolders"], key: "path")
        guard !roots.isEmpty else { return .notApplicable("no root folders") }
        var checked = 0
        for client in clients {
            for folder in completedFolders(client) + incompleteFolders(client) {
                checked += 1
                let local = mapped(folder, arr)
                if let root = roots.first(where: { isInside(local, $0) || isInside($0, local) }) {
                    return .fail("\(client.name) downloads into \(local), which overlaps the library root \(root)")
                }
            }
        }
        return checked == 0 ? .notApplicable("no client reports an absolute download folder") : .pass
    }

    // MARK: Reading the documents

    static func completedFolders(_ client: InstanceSettings) -> [String] {
        let settings = client.settings
        let folder: String? = switch client.kind {
        case .sabnzbd: settings["misc"]?["complete_dir"]?.stringValue
        case .nzbget: expand(settings["DestDir"]?.stringValue, settings)
        case .qbittorrent: settings["save_path"]?.stringValue
        case .transmission: settings["download-dir"]?.stringValue
        default: nil
        }
        return [folder].compactMap { $0 }.filter { $0.hasPrefix("/") }
    }

    static func incompleteFolders(_ client: InstanceSettings) -> [String] {
        let settings = client.settings
        let folder: String? = switch client.kind {
        case .sabnzbd: settings["misc"]?["download_dir"]?.stringValue
        case .nzbget: expand(settings["InterDir"]?.stringValue, settings)
        case .qbittorrent: settings["temp_path_enabled"] == .bool(true) ? settings["temp_path"]?.stringValue : nil
        case .transmission: settings["incomplete-dir-enabled"] == .bool(true) ? settings["incomplete-dir"]?.stringValue : nil
        default: nil
        }
        return [folder].compactMap { $0 }.filter { $0.hasPrefix("/") }
    }

    /// A client's category names, lower-cased.
    static func categories(_ client: InstanceSettings) -> Set<String> {
        switch client.kind {
        case .sabnzbd: Set((client.settings["categories"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue?.lowercased() })
        case .qbittorrent: Set((client.settings["categories"]?.objectValue ?? [:]).keys.map { $0.lowercased() })
        case .nzbget: Set((client.settings.objectValue ?? [:]).filter { $0.key.hasPrefix("Category") }.compactMap { $0.value["Name"]?.stringValue?.lowercased() })
        default: []
        }
    }

    static func clientKind(_ implementation: String?) -> ServiceKind? {
        switch implementation?.lowercased() {
        case "sabnzbd": .sabnzbd
        case "nzbget": .nzbget
        case "qbittorrent": .qbittorrent
        case "transmission": .transmission
        default: nil
        }
    }

    /// A download client resource's field value (`fields: [{name, value}]`).
    static func field(_ client: JSONValue, named names: [String]) -> String? {
        (client["fields"]?.arrayValue ?? []).first { names.contains($0["name"]?.stringValue ?? "") }?["value"]?.stringValue
    }

    /// A client-side path as the *arr sees it, through its remote path mappings.
    static func mapped(_ path: String, _ arr: InstanceSettings) -> String {
        for mapping in arr.settings["remotePathMappings"]?.arrayValue ?? [] {
            guard let remote = mapping["remotePath"]?.stringValue, let local = mapping["localPath"]?.stringValue, isInside(path, remote) else { continue }
            return CustomChecks.normalize(local) + String(CustomChecks.normalize(path).dropFirst(CustomChecks.normalize(remote).count))
        }
        return path
    }

    /// The longest mount that holds the path.
    static func mount(of path: String, in mounts: [String]) -> String? {
        mounts.filter { isInside(path, $0) }.max { $0.count < $1.count }
    }

    static func isInside(_ path: String, _ folder: String) -> Bool {
        let (path, folder) = (CustomChecks.normalize(path), CustomChecks.normalize(folder))
        return folder == "/" || path == folder || path.hasPrefix(folder + "/")
    }

    static func paths(_ list: JSONValue?, key: String) -> [String] {
        (list?.arrayValue ?? []).compactMap { $0[key]?.stringValue }
    }

    /// NZBGet's `${MainDir}/dst` style paths.
    static func expand(_ path: String?, _ settings: JSONValue) -> String? {
        guard var path else { return nil }
        if let main = settings["MainDir"]?.stringValue { path = path.replacingOccurrences(of: "${MainDir}", with: main) }
        return path
    }
}
