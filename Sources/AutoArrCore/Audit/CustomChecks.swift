import Foundation

/// Checks a comparison can't express, by name (`check: custom`, `custom: minSize`). Each gets the value at the rule's
/// setting and the rule's `value` as its argument.
public enum CustomChecks {
    public typealias Check = @Sendable (_ value: JSONValue, _ argument: JSONValue) -> RuleEngine.Verdict

    public static let all: [String: Check] = [
        "minSize": minSize,
        "sabHistoryRetention": sabHistoryRetention,
        "sabSortersDisabled": sabSortersDisabled,
        "differentPaths": differentPaths,
        "anyEnabled": anyEnabled,
        "healthClear": healthClear,
        "nzbgetServersEncrypted": nzbgetServersEncrypted,
        "qbitCategoryPaths": qbitCategoryPaths,
    ]

    /// A size such as `1G`, `500M` or `1024` (megabytes when bare), at least the argument.
    static let minSize: Check = { value, argument in
        guard let minimum = bytes(argument) else { return .notApplicable("the rule's size is invalid") }
        let text = value.stringValue ?? RuleEngine.describe(value)
        guard let size = bytes(value) else { return text.isEmpty ? .fail("is not set") : .notApplicable("\(text) is not a size") }
        return size >= minimum ? .pass : .fail("is \(text.isEmpty ? "0" : text), recommended at least \(argument.stringValue ?? "")")
    }

    /// SABnzbd's history must keep completed jobs (all, or at least 14 days) for the *arrs to import them and to see
    /// failures. 4.x: `history_retention_option` + `history_retention_number`; 3.x: `history_retention` ("0" = all).
    static let sabHistoryRetention: Check = { misc, argument in
        let days = RuleEngine.number(argument) ?? 14
        if let option = misc["history_retention_option"]?.stringValue {
            let number = misc["history_retention_number"].flatMap(RuleEngine.number) ?? 0
            if option == "all" { return .pass }
            if option.hasPrefix("days"), number >= days { return .pass }
            return .fail("keeps \(option.replacingOccurrences(of: "-", with: " then ")) \(option == "all-delete" || option == "all-archive" ? "" : "\(Int(number)) ")— the *arr may not see a job before it is gone")
        }
        guard let retention = misc["history_retention"] else { return .notApplicable("no history retention setting in this version") }
        let text = (retention.stringValue ?? RuleEngine.describe(retention)).trimmingCharacters(in: .whitespaces)
        if text.isEmpty || text == "0" { return .pass }
        if text.hasSuffix("d"), let kept = Double(text.dropLast()), kept >= days { return .pass }
        return .fail("keeps only \(text) (a bare number is jobs, \"Nd\" days); recommended all, or at least \(Int(days)) days")
    }

    /// SABnzbd 4.x sorters: none active.
    static let sabSortersDisabled: Check = { sorters, _ in
        guard case .array(let list) = sorters else { return .notApplicable("no sorters in this version") }
        let active = list.filter { RuleEngine.number($0["is_active"] ?? .null) == 1 }.compactMap { $0["name"]?.stringValue }
        return active.isEmpty ? .pass : .fail("sorters active: \(active.joined(separator: ", "))")
    }

    /// Two path settings of one object, both set and not the same folder (argument: the two keys).
    static let differentPaths: Check = { object, argument in
        guard case .array(let keys) = argument, keys.count == 2, let first = keys[0].stringValue, let second = keys[1].stringValue else {
            return .notApplicable("the rule names no two settings")
        }
        guard let one = object[first]?.stringValue, let two = object[second]?.stringValue else { return .notApplicable("\(first) or \(second) is missing") }
        guard !one.isEmpty, !two.isEmpty else { return .fail("\(one.isEmpty ? first : second) is not set") }
        return normalize(one) == normalize(two) ? .fail("\(first) and \(second) are the same folder: \(one)") : .pass
    }

    /// At least one element of a list has the argument's field true.
    static let anyEnabled: Check = { list, argument in
        guard case .array(let elements) = list else { return .notApplicable("not a list") }
        let field = argument.stringValue ?? "enable"
        return elements.contains { $0[field] == .bool(true) || RuleEngine.number($0[field] ?? .null) == 1 } ? .pass
            : .fail(elements.isEmpty ? "none configured" : "none of \(elements.count) enabled")
    }

    /// The *arr's own health check raises none of the argument's sources.
    static let healthClear: Check = { health, argument in
        guard case .array(let items) = health else { return .notApplicable("no health list") }
        let sources: Set<String> = if case .array(let names) = argument { Set(names.compactMap(\.stringValue)) } else { [argument.stringValue ?? ""] }
        let raised = items.filter { sources.contains($0["source"]?.stringValue ?? "") }
        guard let first = raised.first else { return .pass }
        return .fail("\(first["source"]?.stringValue ?? "health"): \(first["message"]?.stringValue ?? "reported")")
    }

    /// Every active NZBGet news server (`ServerN.Active`) uses `ServerN.Encryption=yes`.
    static let nzbgetServersEncrypted: Check = { config, _ in
        guard case .object(let fields) = config else { return .notApplicable("no configuration") }
        let servers = fields.filter { $0.key.hasPrefix("Server") && Int($0.key.dropFirst(6)) != nil && $0.value["Host"] != nil }
        let active = servers.filter { ($0.value["Active"]?.stringValue ?? "yes").lowercased() == "yes" }
        guard !active.isEmpty else { return .notApplicable("no active news server") }
        let plain = active.filter { ($0.value["Encryption"]?.stringValue ?? "no").lowercased() != "yes" }.map(\.key).sorted()
        return plain.isEmpty ? .pass : .fail("\(plain.joined(separator: ", ")) without SSL")
    }

    /// Every qBittorrent category has its own save path (or automatic management places it under the default).
    static let qbitCategoryPaths: Check = { categories, _ in
        guard case .object(let list) = categories else { return .notApplicable("no categories") }
        guard !list.isEmpty else { return .fail("no categories: the *arrs can't keep their downloads apart") }
        let bare = list.filter { ($0.value["savePath"]?.stringValue ?? "").isEmpty }.map(\.key).sorted()
        return bare.isEmpty ? .pass : .fail("no save path for \(bare.joined(separator: ", "))")
    }

    /// `1G`, `500M`, `512K`, `2T` or a bare number of megabytes, in bytes.
    public static func bytes(_ value: JSONValue) -> Double? {
        if case .number(let megabytes) = value { return megabytes * 1_048_576 }
        guard var text = value.stringValue?.trimmingCharacters(in: .whitespaces).uppercased(), !text.isEmpty else { return nil }
        if text.hasSuffix("B") { text.removeLast() }
        let units: [Character: Double] = ["K": 1024, "M": 1_048_576, "G": 1_073_741_824, "T": 1_099_511_627_776]
        if let last = text.last, let unit = units[last] { return Double(text.dropLast()).map { $0 * unit } }
        return Double(text).map { $0 * 1_048_576 }
    }

    /// A folder path without trailing slashes, for comparing.
    public static func normalize(_ path: String) -> String {
        var path = path.replacingOccurrences(of: "\\", with: "/")
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        return path
    }
}
