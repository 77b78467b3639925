import Foundation

/// The *arr instances an action asks: the one named, or every Sonarr and Radarr.
struct ArrInstances {
    let deps: ActionDependencies

    func resolve(_ name: String?) async throws -> [ServiceInstance] {
        let all = try await deps.services.list().filter { $0.kind == .sonarr || $0.kind == .radarr }
        guard let name else { return all }
        guard let one = all.first(where: { $0.name == name }) else {
            throw AutoArrError(.invalidInput, "no Sonarr or Radarr instance named \(name); there are: \(all.map(\.name).joined(separator: ", "))",
                               field: "instance")
        }
        return [one]
    }

    /// Asks every instance at once; one that cannot be asked is listed, not fatal.
    func each<T: Sendable>(_ instances: [ServiceInstance], _ work: @escaping @Sendable (ServiceInstance) async throws -> [T]) async
        -> (items: [T], unreachable: [String]) {
        await withTaskGroup(of: (String, Result<[T], any Error>).self) { group in
            for instance in instances {
                group.addTask {
                    do { return (instance.name, .success(try await work(instance))) } catch { return (instance.name, .failure(error)) }
                }
            }
            var items: [T] = []
            var unreachable: [String] = []
            for await (name, result) in group {
                switch result {
                case .success(let found): items += found
                case .failure(let error): unreachable.append("\(name): \(error)")
                }
            }
            return (items, unreachable.sorted())
        }
    }
}

public struct LibrarySearchResult: ActionOutput {
    public var items: [LibraryItem]
    /// Instances that could not be asked, with why.
    public var unreachable: [String]

    public var text: String {
        var lines = items.isEmpty ? ["Nothing in the library matches."] : items.map { item in
            let status: String
            if item.type == "movie" {
                status = item.hasFile ? "has a file\(item.quality.map { " (\($0))" } ?? "")\(item.cutoffMet == false ? ", below the cutoff" : "")" : "no file yet"
            } else {
                status = "\(item.episodeFileCount ?? 0) of \(item.episodeCount ?? 0) monitored episodes on disk"
            }
            return "\(quoted(item.title))\(item.year.map { " (\($0))" } ?? "") in \(item.instance): \(status)\(item.monitored ? "" : ", unmonitored")"
        }
        lines += unreachable.map { "could not ask \($0)" }
        return lines.joined(separator: "\n")
    }
}

struct SearchLibrary: Action {
    struct Input: ActionInput {
        var term = ""
        var instance: String?
        static var fields: [InputField<Self>] {
            [.required("term", \.term, "Words of the title to look for.", .nonEmpty),
             .optional("instance", \.instance, "Only this Sonarr or Radarr instance.")]
        }
    }

    static let name = "search_library"
    static let title = "Search the library"
    static let summary = """
        Is X in my library? Finds series and movies already in Sonarr and Radarr whose title matches, with whether their files \
        are there, their quality and whether it meets the cutoff. Use request_media to add something that is not.
        """
    static let traits = ActionTraits.read
    let deps: ActionDependencies

    func run(_ input: Input, by principal: Principal) async throws -> LibrarySearchResult {
        let arrs = ArrInstances(deps: deps)
        let library = deps.library
        let term = input.term
        let found = await arrs.each(try await arrs.resolve(input.instance)) { try await library.items(matching: term, in: $0) }
        return LibrarySearchResult(items: found.items.sorted { ($0.title, $0.instance) < ($1.title, $1.instance) }, unreachable: found.unreachable)
    }
}

public struct CalendarResult: ActionOutput {
    public var days: Int
    public var items: [CalendarEntry]
    public var unreachable: [String]

    public var text: String {
        var lines = items.isEmpty ? ["Nothing airs or is released in the next \(days) days."] : items.map { entry in
            let what = entry.season.map { season in
                "\(quoted(entry.title)) S\(String(format: "%02d", season))E\(String(format: "%02d", entry.episode ?? 0))"
                    + (entry.episodeTitle.map { " \(quoted($0))" } ?? "")
            } ?? "\(quoted(entry.title)) (\(entry.release ?? "release"))"
            return "\(ISO8601Timestamp.format(entry.date).prefix(10)) \(what) in \(entry.instance)\(entry.hasFile ? ", on disk" : "")"
        }
        lines += unreachable.map { "could not ask \($0)" }
        return lines.joined(separator: "\n")
    }
}

struct Upcoming: Action {
    struct Input: ActionInput {
        var days = 7
        var instance: String?
        static var fields: [InputField<Self>] {
            [.optional("days", \.days, "How many days ahead, from now.", .range(1...90)),
             .optional("instance", \.instance, "Only this Sonarr or Radarr instance.")]
        }
    }

    static let name = "upcoming"
    static let title = "What airs soon"
    static let summary = "The Sonarr and Radarr calendars for the next N days: episodes airing and movies being released, soonest first."
    static let traits = ActionTraits.read
    let deps: ActionDependencies

    func run(_ input: Input, by principal: Principal) async throws -> CalendarResult {
        let arrs = ArrInstances(deps: deps)
        let library = deps.library
        let start = Date(), end = start.addingTimeInterval(Double(input.days) * 86400)
        let found = await arrs.each(try await arrs.resolve(input.instance)) { try await library.calendar(from: start, to: end, in: $0) }
        return CalendarResult(days: input.days, items: found.items.sorted { $0.date < $1.date }, unreachable: found.unreachable)
    }
}

public struct WantedResult: ActionOutput {
    public var kind: WantedKind
    public var items: [WantedEntry]
    /// How many there are in all, over the instances asked.
    public var total: Int
    public var unreachable: [String]

    public var text: String {
        var lines = [kind == .missing ? "\(total) monitored item\(total == 1 ? "" : "s") without a file:" : "\(total) file\(total == 1 ? "" : "s") below the profile's cutoff:"]
        lines += items.map { entry in
            "\(quoted(entry.title))\(entry.season.map { " S\(String(format: "%02d", $0))E\(String(format: "%02d", entry.episode ?? 0))" } ?? "") in \(entry.instance)"
                + (entry.quality.map { " (\($0))" } ?? "")
        }
        lines += unreachable.map { "could not ask \($0)" }
        return lines.joined(separator: "\n")
    }
}

struct ListWanted: Action {
    struct Input: ActionInput {
        var kind = WantedKind.missing
        var instance: String?
        var limit = 50
        static var fields: [InputField<Self>] {
            [.optional("kind", \.kind, "missing: monitored and no file; cutoff: a file below the profile's cutoff."),
             .optional("instance", \.instance, "Only this Sonarr or Radarr instance."),
             .optional("limit", \.limit, "At most this many per instance.", .range(1...200))]
        }
    }

    static let name = "list_wanted"
    static let title = "What is still wanted"
    static let summary = "Monitored episodes and movies with no file yet (kind missing), or whose file is below the cutoff (kind cutoff)."
    static let traits = ActionTraits.read
    let deps: ActionDependencies

    func run(_ input: Input, by principal: Principal) async throws -> WantedResult {
        let arrs = ArrInstances(deps: deps)
        let library = deps.library
        let kind = input.kind, limit = input.limit
        let found = await arrs.each(try await arrs.resolve(input.instance)) { instance -> [WantedPage] in
            let page = try await library.wanted(kind, limit: limit, in: instance)
            return [WantedPage(entries: page.entries, total: page.total)]
        }
        return WantedResult(kind: kind, items: found.items.flatMap(\.entries), total: found.items.reduce(0) { $0 + $1.total }, unreachable: found.unreachable)
    }

    struct WantedPage: Sendable {
        var entries: [WantedEntry]
        var total: Int
    }
}
