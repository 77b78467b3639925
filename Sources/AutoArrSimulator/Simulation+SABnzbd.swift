import AutoArrCore
import Foundation

/// SABnzbd's `api?mode=…&output=json`, answered from the simulation's state.
extension Simulation {
    static let sabVersion = "4.3.3"

    public func sabnzbd(_ request: SimRequest) -> SimReply {
        let mode = request[query: "mode"] ?? ""
        if mode == "version" { return .ok(["version": .string(Self.sabVersion)]) }
        // SABnzbd answers a missing or wrong key with 403 and a line of text.
        guard let key = request[query: "apikey"] else { return .text("API Key Required", status: 403) }
        guard key == keys.sabnzbd else { return .text("API Key Incorrect", status: 403) }
        let ids = (request[query: "value"] ?? "").split(separator: ",").map(String.init)
        switch mode {
        case "queue":
            switch request[query: "name"] {
            case "pause"?, "resume"?:
                let pause = request[query: "name"] == "pause"
                for index in sab.queue.indices where ids.contains(sab.queue[index].nzoId) { sab.queue[index].paused = pause }
                return .ok(["status": true, "nzo_ids": .array(ids.map(JSONValue.string))])
            case "delete"?:
                sab.queue.removeAll { ids.contains($0.nzoId) || ids == ["all"] }
                return .ok(["status": true, "nzo_ids": .array(ids.map(JSONValue.string))])
            default:
                return .ok(["queue": queue(start: request.int("start") ?? 0, limit: request.int("limit") ?? 0)])
            }
        case "history":
            if request[query: "name"] == "delete" {
                sab.history.removeAll { ids.contains($0.job.nzoId) || ids == ["all"] || (ids == ["failed"] && $0.failMessage != nil) }
                return .ok(["status": true])
            }
            return .ok(["history": history(failedOnly: request.flag("failed_only"), limit: request.int("limit") ?? 0, category: request[query: "category"])])
        case "pause", "resume":
            sab.paused = mode == "pause"
            return .ok(["status": true])
        case "retry":
            guard let id = ids.first, let index = sab.history.firstIndex(where: { $0.job.nzoId == id && $0.failMessage != nil }) else {
                return .ok(["status": false])
            }
            var job = sab.history.remove(at: index).job
            job.doneBytes = 0
            job.stalled = false
            if job.fault?.isPermanent != true { job.fault = nil }
            job.added = now
            sab.queue.append(job)
            return .ok(["status": true, "nzo_id": .string(job.nzoId)])
        case "addfile", "addurl":
            let name = request[query: "nzbname"] ?? (mode == "addurl" ? URL(string: request[query: "name"] ?? "")?.lastPathComponent : Self.uploadedName(request.rawBody))
            guard let name, !name.isEmpty else { return .ok(["status": false, "error": "expects one parameter"]) }
            let release = name.hasSuffix(".nzb") ? String(name.dropLast(4)) : name
            var job = SABJob(nzoId: "SABnzbd_nzo_" + String(UUID().uuidString.lowercased().prefix(8)), name: release,
                             category: request[query: "cat"] ?? "*", totalBytes: 1_500_000_000, added: now)
            job.paused = request[query: "priority"] == "-2"
            job.fault = takeDownloadFault(release: release)
            sab.queue.append(job)
            return .ok(["status": true, "nzo_ids": [.string(job.nzoId)]])
        case "get_cats":
            guard case .array(let categories)? = sab.config["categories"] else { return .ok(["categories": ["*"]]) }
            return .ok(["categories": .array(categories.compactMap { $0["name"] })])
        case "warnings":
            if request[query: "name"] == "clear" { sab.warnings.removeAll(); return .ok(["status": true]) }
            return .ok(["warnings": .array(warnings)])
        case "get_config":
            guard let section = request[query: "section"] else { return .ok(["config": sab.config]) }
            guard let values = sab.config[section] else { return .ok(["status": false, "error": "not implemented"]) }
            if let keyword = request[query: "keyword"], case .array(let items) = values {
                return .ok(["config": .object([section: .array(items.filter { $0["name"]?.stringValue == keyword })])])
            }
            return .ok(["config": .object([section: values])])
        case "set_config":
            return setConfig(request)
        case "fullstatus":
            return .ok(["status": fullStatus()])
        default:
            return .ok(["status": false, "error": "not implemented"])
        }
    }

    private func queue(start: Int, limit: Int) -> JSONValue {
        let left = sab.queue.reduce(Int64(0)) { $0 + $1.totalBytes - $1.doneBytes }
        let total = sab.queue.reduce(Int64(0)) { $0 + $1.totalBytes }
        let downloading = !sab.paused && sab.queue.contains { !$0.paused && !$0.stalled }
        let speed = downloading ? Double(sab.bytesPerSecond) / 1024 : 0
        let slots = sab.queue.enumerated().dropFirst(start).prefix(limit > 0 ? limit : Int.max).map { index, job -> JSONValue in
            let remaining = job.totalBytes - job.doneBytes
            let status = job.paused ? "Paused" : (sab.paused || job.doneBytes == 0 && index > 0) ? "Queued" : "Downloading"
            return [
                "index": .int(index), "nzo_id": .string(job.nzoId), "unpackopts": "3", "priority": "Normal", "script": "None",
                "filename": .string(job.name), "labels": [], "password": "", "cat": .string(job.category),
                "mbleft": .string(Self.mb(remaining)), "mb": .string(Self.mb(job.totalBytes)), "size": .string(Self.units(job.totalBytes)),
                "sizeleft": .string(Self.units(remaining)), "percentage": .string(String(job.percent)), "mbmissing": "0.00",
                "direct_unpack": .null, "status": .string(status),
                "timeleft": .string(job.stalled || job.paused || !downloading ? "0:00:00" : Self.clock(Int(Double(remaining) / Double(sab.bytesPerSecond)))),
                "avg_age": "12d",
            ]
        }
        var fields = statusFields()
        fields.merge([
            "kbpersec": .string(String(format: "%.2f", speed)), "speed": .string(speed > 0 ? Self.units(Int64(speed * 1024)).replacingOccurrences(of: "B", with: "") : "0 "),
            "mbleft": .string(Self.mb(left)), "mb": .string(Self.mb(total)), "sizeleft": .string(Self.units(left)), "size": .string(Self.units(total)),
            "noofslots_total": .int(sab.queue.count), "noofslots": .int(slots.count), "start": .int(start), "limit": .int(limit), "finish": 0,
            "status": .string(sab.paused ? "Paused" : downloading ? "Downloading" : "Idle"),
            "timeleft": .string(Self.clock(downloading ? Int(Double(left) / Double(sab.bytesPerSecond)) : 0)), "slots": .array(slots),
        ]) { $1 }
        return .object(fields)
    }

    private func history(failedOnly: Bool, limit: Int, category: String?) -> JSONValue {
        let entries = sab.history.filter { (!failedOnly || $0.failMessage != nil) && (category == nil || $0.job.category == category) }
        let slots = entries.prefix(limit > 0 ? limit : Int.max).map { entry -> JSONValue in
            let job = entry.job
            let folder = entry.failMessage == nil ? "/data/downloads/complete/\(job.category)/\(job.name)" : "/data/downloads/incomplete/\(job.name)"
            var stages: [JSONValue] = [
                ["name": "Source", "actions": [.string("\(job.name).nzb")]],
                ["name": "Download", "actions": [.string("Downloaded in \(entry.downloadSeconds) seconds at an average of \(Self.units(job.doneBytes / Int64(entry.downloadSeconds)))/s<br/>Age: 12d")]],
                ["name": "Servers", "actions": [.string("news.provider.example=\(Self.units(job.doneBytes))")]],
            ]
            if let message = entry.failMessage {
                stages.append(["name": .string(job.fault?.stageName ?? "Download"), "actions": [.string(message)]])
            } else {
                stages.append(["name": "Repair", "actions": [.string("[\(job.name)] Quick Check OK")]])
                stages.append(["name": "Unpack", "actions": [.string("[\(job.name)] Unpacked 1 files/folders in 4 seconds")]])
            }
            return [
                "id": .int(entry.id), "completed": .int(Int(entry.completed.timeIntervalSince1970)), "name": .string(job.name),
                "nzb_name": .string("\(job.name).nzb"), "category": .string(job.category), "pp": "D", "script": "None", "report": "", "url": .null,
                "status": .string(entry.failMessage == nil ? "Completed" : "Failed"), "nzo_id": .string(job.nzoId),
                "storage": .string(entry.failMessage == nil ? "\(folder)/\(job.name).mkv" : folder), "path": .string("/data/downloads/incomplete/\(job.name)"),
                "script_log": "", "script_line": "", "download_time": .int(entry.downloadSeconds), "postproc_time": 4, "stage_log": .array(stages),
                "downloaded": .int64(job.doneBytes), "completeness": .null, "fail_message": .string(entry.failMessage ?? ""), "url_info": "",
                "bytes": .int64(job.doneBytes), "meta": .null, "series": .null, "md5sum": "", "password": .null, "action_line": "",
                "size": .string(Self.units(job.doneBytes)), "loaded": false, "retry": .int(entry.failMessage == nil ? 0 : 1),
            ]
        }
        let total = Self.units(sab.history.reduce(Int64(0)) { $0 + $1.job.doneBytes })
        return ["total_size": .string(total), "month_size": .string(total), "week_size": .string(total), "day_size": .string(total),
                "slots": .array(slots), "noofslots": .int(entries.count), "last_history_update": .int(Int(now.timeIntervalSince1970)),
                "version": .string(Self.sabVersion)]
    }

    private var warnings: [JSONValue] {
        sab.warnings.map { ["type": .string($0.type), "text": .string($0.text), "time": .int(Int($0.time.timeIntervalSince1970)), "origin": "simulator"] }
    }

    /// The fields `queue` and `fullstatus` share.
    private func statusFields() -> [String: JSONValue] {
        [
            "version": .string(Self.sabVersion), "paused": .bool(sab.paused), "pause_int": "0", "paused_all": .bool(sab.paused),
            "diskspace1": "812.40", "diskspace2": "3271.00", "diskspace1_norm": "812.4 G", "diskspace2_norm": "3.3 T",
            "diskspacetotal1": "1862.00", "diskspacetotal2": "7451.00", "speedlimit": "100", "speedlimit_abs": "",
            "have_warnings": .string(String(sab.warnings.count)), "finishaction": .null, "quota": "0 ", "have_quota": false, "left_quota": "0 ",
            "cache_art": "0", "cache_size": "0 B",
        ]
    }

    private func fullStatus() -> JSONValue {
        var fields = statusFields()
        fields.merge([
            "uptime": .string("\(Int(now.timeIntervalSince(sonarr.started)) / 60)m"), "color_scheme": "Auto", "helpuri": "https://sabnzbd.org/wiki/",
            "pid": 1, "active_lang": "en", "rtl": false, "my_lcldata": "/config", "my_home": "/config", "url_base": "/sabnzbd",
            "windows": false, "macos": false, "power_options": true, "pp_pause_event": false, "new_release": .null, "new_rel_url": .null,
            "logfile": "/config/logs/sabnzbd.log", "weblogfile": .null, "loglevel": "1", "folders": [], "configfn": "/config/sabnzbd.ini",
            "warnings": .array(warnings), "delayed_decoder": 0, "delayed_assembler": 0, "loadavg": "0.41 | 0.38 | 0.30 | V=310M R=96M",
            "pystone": 0, "downloaddir": "/data/downloads/incomplete", "downloaddirspeed": 0, "completedir": "/data/downloads/complete",
            "completedirspeed": 0, "internetbandwidth": 0,
            "servers": [["servername": "news.provider.example", "serveractiveconn": 0, "servertotalconn": 30, "serverconnections": [],
                         "serverssl": 0, "serversslinfo": "", "serveractive": true, "servererror": "", "serverpriority": 0,
                         "serveroptional": 0, "serverbps": "0 "]],
        ]) { $1 }
        return .object(fields)
    }

    /// `mode=set_config`, as SABnzbd 3.7.1 takes it (checked against the real daemon): `section=misc&keyword=K&value=V`
    /// sets one option and answers `{"config":{"misc":{"K":V}}}`; a section of named items (servers, categories)
    /// takes `keyword=NAME&field=V…` and answers with that item. A section or keyword it does not have, or
    /// `section=misc&K=V` without a keyword, is `{"status":false,"error":"Config item does not exist"}`. A missing
    /// `value` changes nothing.
    private func setConfig(_ request: SimRequest) -> SimReply {
        let missing = SimReply.ok(["status": false, "error": "Config item does not exist"])
        guard let section = request[query: "section"], let keyword = request[query: "keyword"], case .object(var config) = sab.config,
              let current = config[section] else { return missing }
        if case .array(let items) = current {
            let reserved: Set<String> = ["mode", "output", "apikey", "section", "keyword", "name"]
            let changes = request.query.filter { !reserved.contains($0.key) }.compactMapValues(\.first)
            guard let index = items.firstIndex(where: { $0["name"]?.stringValue == keyword }), case .object(var fields) = items[index] else { return missing }
            for (key, text) in changes where fields[key] != nil { fields[key] = Self.option(text, like: fields[key]) }
            var updated = items
            updated[index] = .object(fields)
            config[section] = .array(updated)
            sab.config = .object(config)
            return .ok(["config": .object([section: [.object(fields)]])])
        }
        guard case .object(var fields) = current, let old = fields[keyword] else { return missing }
        if let text = request[query: "value"] { fields[keyword] = Self.option(text, like: old) }
        config[section] = .object(fields)
        sab.config = .object(config)
        return .ok(["config": .object([section: .object([keyword: fields[keyword] ?? old])])])
    }

    /// A value as SABnzbd's option types convert it: numbers with int_conv (anything else is 0), lists split at commas.
    private static func option(_ text: String, like old: JSONValue?) -> JSONValue {
        switch old {
        case .number?: .int(Int(text.trimmingCharacters(in: .whitespaces)) ?? 0)
        case .array?: .array(text.split(separator: ",").map { .string(String($0).trimmingCharacters(in: .whitespaces)) })
        default: .string(text)
        }
    }

    /// The file name in a multipart upload's `Content-Disposition`.
    static func uploadedName(_ body: [UInt8]) -> String? {
        let text = String(decoding: body.prefix(4096), as: UTF8.self)
        guard let range = text.range(of: "filename=\"") else { return nil }
        return text[range.upperBound...].split(separator: "\"", maxSplits: 1).first.map(String.init)
    }

    static func mb(_ bytes: Int64) -> String { String(format: "%.2f", Double(bytes) / 1_048_576) }

    /// SABnzbd's `to_units`: "601 KB", "4.2 GB".
    static func units(_ bytes: Int64) -> String {
        var value = Double(bytes), unit = 0
        let names = ["B", "KB", "MB", "GB", "TB"]
        while value >= 1024, unit < names.count - 1 { value /= 1024; unit += 1 }
        return unit < 2 ? "\(Int(value)) \(names[unit])" : String(format: "%.1f %@", value, names[unit])
    }

    static func clock(_ seconds: Int) -> String { String(format: "%d:%02d:%02d", seconds / 3600, seconds % 3600 / 60, seconds % 60) }
}

extension DownloadFault {
    /// Whether retrying the same release fails again (missing articles stay missing; a full disk may have been cleared).
    var isPermanent: Bool {
        guard case .fail(let message, _) = self else { return false }
        return ![DownloadFault.diskFull, DownloadFault.crcError].contains(message)
    }
}

/// SABnzbd's settings, from a real 3.7.1's `get_config` with the simulator's paths, port and key.
enum SABnzbdDefaults {
    static func config(apiKey: String, port: Int) -> JSONValue {
        guard let url = Bundle.module.url(forResource: "sabnzbd-config", withExtension: "json", subdirectory: "Resources"),
              let data = try? Data(contentsOf: url), var config = try? JSONDecoder().decode(JSONValue.self, from: data),
              case .object(var fields) = config, case .object(var misc)? = fields["misc"] else { return ["misc": [:]] }
        misc["api_key"] = .string(apiKey)
        misc["port"] = .string(String(port))
        fields["misc"] = .object(misc)
        config = .object(fields)
        return config
    }
}
