import Foundation
import Logging

/// The request actions: parse → look up → choose → add → track to "available". Every step is saved and
/// published with the request's correlation id. One actor, so two confirmations of a request can never both add.
public actor RequestService {
    /// How a confirmation names its choice.
    public enum Choice: Sendable, Equatable {
        case candidate(String)
        case tmdb(Int)
        case tvdb(Int)
        /// The nth candidate shown, from 1.
        case position(Int)
    }

    let store: any ContentRequestStore
    let bus: EventBus
    let services: ServiceRegistry
    let library: any MediaLibrary
    let parser: RequestParser
    let ranker = CandidateRanker()
    let logger: Logger
    /// `requests:` from the configuration: Radarr's minimum availability, per-instance profiles and root folders.
    var settings = AppConfig.Requests()

    public func configure(_ settings: AppConfig.Requests) { self.settings = settings }
    /// Asked when the parser's confidence is below `interpreterThreshold`.
    var interpreter: (any RequestInterpreter)?
    var interpreterThreshold = 0.6

    /// Sets (or removes) the reader asked about requests the parser is unsure of.
    public func setInterpreter(_ interpreter: (any RequestInterpreter)?, threshold: Double = 0.6) {
        self.interpreter = interpreter
        interpreterThreshold = threshold
    }

    public init(store: any ContentRequestStore, bus: EventBus, services: ServiceRegistry, library: any MediaLibrary, parser: RequestParser = RequestParser(),
                logger: Logger = Logger(label: "autoarr.requests")) {
        var logger = logger
        logger[metadataKey: "component"] = "requests"
        self.logger = logger
        self.store = store
        self.bus = bus
        self.services = services
        self.library = library
        self.parser = parser
    }

    // MARK: Create

    /// Parses and looks up a request. With `autoConfirm` and a clear winner, adds it at once.
    /// - Throws: `invalidInput` for text that names nothing, or an unknown instance.
    public func create(query: String, instance: String? = nil, autoConfirm: Bool = false) async throws -> ContentRequest {
        var parsed: ParsedRequest
        do { parsed = try parser.parse(query) } catch { throw AutoArrError(.invalidInput, error.description, field: "query") }
        if parsed.confidence < interpreterThreshold, let interpreter {
            do {
                let reading = try await interpreter.interpret(query, parsed: parsed)
                if let reading, reading.isSound { parsed = reading }
            } catch {
                // The built-in reading stands; the language model chain logs and counts its own failures.
                logger.notice("the language model could not read \"\(query.prefix(80))\": \(error); using the built-in parser's reading")
            }
        }
        let targets = try await instances(for: parsed, named: instance)
        var request = try await store.save(ContentRequest(query: query, parsed: parsed, status: .parsed))
        await publish(.requestCreated, request, "request: \(parsed.title ?? query)", data: ["parsed": parsed.json])
        return try await resolve(&request, targets: targets, autoConfirm: autoConfirm)
    }

    /// Looks a failed request up again ("nothing found", an *arr that was down): the same text, the same instances.
    /// - Throws: `notFound`, `conflict` for a request that has not failed.
    public func retry(_ id: Int64, autoConfirm: Bool = false) async throws -> ContentRequest {
        guard var request = try await store.request(id: id) else { throw AutoArrError(.notFound, "no request \(id)") }
        guard request.status == .failed else {
            throw AutoArrError(.conflict, "request \(id) is \(request.status.rawValue); only a failed request is tried again")
        }
        let targets = try await instances(for: request.parsed, named: request.chosen == nil ? nil : request.instance)
        request.error = nil
        request.note = nil
        return try await resolve(&request, targets: targets, autoConfirm: autoConfirm)
    }

    /// Looks the request up in its instances and ranks what was found: a clear winner is added at once with
    /// `autoConfirm`; otherwise the candidates wait for a choice. Nothing found: other spellings are tried and
    /// offered as "did you mean …?", never added without a choice.
    private func resolve(_ request: inout ContentRequest, targets: [ServiceInstance], autoConfirm: Bool) async throws -> ContentRequest {
        let parsed = request.parsed, query = request.query
        var found: [MediaCandidate] = []
        var failures: [String] = []
        for target in targets {
            do {
                found += try await library.lookup(parsed.title ?? query, in: target)
            } catch {
                failures.append(Self.describe(error))
            }
        }
        if found.isEmpty, failures.isEmpty, let title = parsed.title {
            let suggested = await suggestions(for: title, parsed: parsed, in: targets)
            if !suggested.isEmpty {
                request.candidates = Array(suggested.prefix(5))
                request.chosen = nil
                request.instance = targets.count == 1 ? targets[0].name : nil
                request.status = .awaitingChoice
                let names = request.candidates.prefix(3).map { "\($0.title)\($0.year.map { " (\($0))" } ?? "")" }
                request.note = "nothing found for \"\(title)\"; did you mean \(names.joined(separator: ", "))?"
                try await save(&request)
                await publish(.requestAwaitingChoice, request, request.note ?? "", data: ["candidates": .number(Double(request.candidates.count)), "didYouMean": true])
                return request
            }
        }
        if found.isEmpty {
            let reason = failures.isEmpty ? "nothing found for \"\(parsed.title ?? query)\"; try another spelling, or try again" : failures.joined(separator: "; ")
            return await fail(&request, reason)
        }
        let newest = query.range(of: #"\b(new|newest|latest)\b"#, options: [.regularExpression, .caseInsensitive]) != nil && parsed.season == nil
            && !parsed.latestSeason && !parsed.latestEpisode
        let ranked = ranker.rank(found, for: parsed, newest: newest)
        request.candidates = Array(ranked.prefix(5))
        let winner = ranker.clearWinner(ranked)
        request.chosen = winner
        request.instance = winner?.instance ?? (targets.count == 1 ? targets[0].name : nil)
        request.status = .awaitingChoice
        request.updatedAt = Date()
        if let winner, let problem = Self.seasonProblem(parsed, winner) { return await fail(&request, problem) }
        if let winner, let offer = try await upgradeOffer(for: winner, quality: parsed.quality) {
            // It is in the library below the quality asked for: switching its profile changes what is there, so it waits
            // for a person's yes.
            request.upgradeProfileId = offer.profile.id
            request.note = offer.note
            request = try await store.save(request)
            await publish(.requestAwaitingChoice, request, offer.note, data: ["upgradeProfileId": .number(Double(offer.profile.id))])
            return request
        }
        request = try await store.save(request)
        if autoConfirm, let winner {
            return try await confirm(request.id, choice: .candidate(winner.id))
        }
        let message = winner.map { "found \($0.title)\($0.year.map { " (\($0))" } ?? ""); confirm to add it" }
            ?? "\(request.candidates.count) matches for \"\(parsed.title ?? query)\"; choose one"
        await publish(.requestAwaitingChoice, request, message, data: ["candidates": .number(Double(request.candidates.count))])
        return request
    }

    /// Titles found under other spellings of one the *arrs found nothing for, closest first.
    func suggestions(for title: String, parsed: ParsedRequest, in targets: [ServiceInstance]) async -> [MediaCandidate] {
        for variant in TitleVariants.variants(of: title).prefix(6) {
            var found: [MediaCandidate] = []
            for target in targets { found += (try? await library.lookup(variant, in: target)) ?? [] }
            var seen = Set<String>()
            let close = found.filter { seen.insert("\($0.instance)/\($0.id)").inserted }
                .map { candidate -> (MediaCandidate, Double) in (candidate, TitleVariants.similarity(candidate.title, title)) }
                .filter { $0.1 >= 0.4 && (parsed.year == nil || $0.0.year == parsed.year) }
            if !close.isEmpty {
                return close.sorted { ($0.1, $0.0.popularity) > ($1.1, $1.0.popularity) }.map { candidate, similarity in
                    var candidate = candidate
                    candidate.score = similarity
                    return candidate
                }
            }
        }
        return []
    }

    /// When a series is asked for by seasons it does not have: "Breaking Bad has 5 seasons; there is no season 9".
    static func seasonProblem(_ parsed: ParsedRequest, _ candidate: MediaCandidate) -> String? {
        guard candidate.type == .tv, let last = candidate.seasons.max() else { return nil }
        let missing = parsed.seasonNumbers.filter { !candidate.seasons.contains($0) }
        guard !missing.isEmpty else { return nil }
        let have = "\(candidate.title) has \(last) season\(last == 1 ? "" : "s")"
        let names = missing.map(String.init)
        return "\(have); there is no season \(names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " or " + names.last!)"
    }

    /// The profile `requests.instances.<name>.qualityProfiles` names (by name or id) for a quality, when it does.
    func configuredProfile(for quality: ParsedRequest.Quality, in instance: ServiceInstance, among profiles: [QualityProfileSummary]) -> QualityProfileSummary? {
        settings.instances[instance.name]?.qualityProfiles[quality].flatMap { wanted in
            profiles.first { $0.name.caseInsensitiveCompare(wanted) == .orderedSame || String($0.id) == wanted }
        }
    }

    /// A profile to switch a title already in the library to, when the quality asked for is above what its profile
    /// allows: the configured profile for that quality, else the one whose best quality it is.
    func upgradeOffer(for candidate: MediaCandidate, quality: ParsedRequest.Quality?) async throws -> (profile: QualityProfileSummary, note: String)? {
        guard let quality, candidate.libraryId != nil, let current = candidate.qualityProfileId,
              let wanted = Int(quality.rawValue.dropLast()) else { return nil }
        let instance = try await services.instance(named: candidate.instance)
        let profiles: [QualityProfileSummary]
        do { profiles = try await library.qualityProfiles(in: instance) } catch { return nil }
        guard let have = profiles.first(where: { $0.id == current }), (have.resolutions.max() ?? 0) < wanted else { return nil }
        guard let target = configuredProfile(for: quality, in: instance, among: profiles) ?? Self.profile(for: quality, among: profiles),
              target.id != current else { return nil }
        return (target, "\(candidate.title) is in \(instance.name) with \(have.name), which stops at \(have.resolutions.max() ?? 0)p; "
                + "confirm to switch it to \(target.name) and search for \(quality.rawValue)")
    }

    /// The Sonarr and/or Radarr instances a request goes to: the one named, else by type, 4K requests to an
    /// instance tagged or named for 4K when there is one.
    func instances(for parsed: ParsedRequest, named name: String?) async throws -> [ServiceInstance] {
        if let name {
            let instance: ServiceInstance
            do { instance = try await services.instance(named: name) } catch { throw AutoArrError(.invalidInput, "no service instance named \(name)", field: "instance") }
            guard instance.kind == .sonarr || instance.kind == .radarr else {
                throw AutoArrError(.invalidInput, "\(name) is \(instance.kind.rawValue); requests go to sonarr or radarr instances", field: "instance")
            }
            return [instance]
        }
        let all = try await services.list()
        let kinds: [ServiceKind] = switch parsed.type {
        case .movie?: [.radarr]
        case .tv?: [.sonarr]
        case nil: [.radarr, .sonarr]
        }
        var chosen: [ServiceInstance] = []
        for kind in kinds {
            let ofKind = all.filter { $0.kind == kind }
            let isUHD = { (instance: ServiceInstance) in instance.tags.contains { $0.lowercased() == "4k" || $0.lowercased() == "uhd" } || instance.name.lowercased().contains("4k") }
            let pick = parsed.quality == .uhd ? ofKind.first(where: isUHD) ?? ofKind.first : ofKind.first { !isUHD($0) } ?? ofKind.first
            if let pick { chosen.append(pick) }
        }
        guard !chosen.isEmpty else {
            let names = kinds.map(\.rawValue).joined(separator: " or ")
            throw AutoArrError(.invalidInput, "no \(names) instance is configured; add one in Settings or autoarr.yml", field: "instance")
        }
        return chosen
    }

    // MARK: Confirm

    /// Adds the chosen title, or (when it is already in the library) reports it or searches for its missing files.
    /// - Throws: `notFound`, `conflict` when the request is already added or being confirmed, `invalidInput` for a
    ///   choice that is not a candidate, `unavailable` when the *arr cannot be reached (the request stays
    ///   awaiting a choice, so confirming again retries).
    public func confirm(_ id: Int64, choice: Choice? = nil, qualityProfileId: Int? = nil, rootFolderPath: String? = nil) async throws -> ContentRequest {
        guard var request = try await store.request(id: id) else { throw AutoArrError(.notFound, "no request \(id)") }
        guard request.status == .awaitingChoice || request.status == .failed && !request.candidates.isEmpty else {
            throw AutoArrError(.conflict, "request \(id) is \(request.status.rawValue); it can be confirmed only while awaiting a choice")
        }
        guard !confirming.contains(id) else { throw AutoArrError(.conflict, "request \(id) is being confirmed already") }
        confirming.insert(id)
        defer { confirming.remove(id) }

        let candidate = try pick(choice, from: request)
        let instance = try await services.instance(named: candidate.instance)
        request.chosen = candidate
        request.instance = instance.name
        let seasons = seasonsToMonitor(request.parsed, candidate)
        if let problem = Self.seasonProblem(request.parsed, candidate) { return await fail(&request, problem) }
        do {
            if let existing = candidate.libraryId {
                request.mediaId = existing
                if let upgrade = qualityProfileId ?? (request.chosen?.id == candidate.id ? request.upgradeProfileId : nil), upgrade != candidate.qualityProfileId {
                    let profiles = try await library.qualityProfiles(in: instance)
                    guard let profile = profiles.first(where: { $0.id == upgrade }) else { throw Self.noProfile(upgrade, instance, profiles) }
                    try await library.setQualityProfile(mediaId: existing, profileId: profile.id, in: instance)
                    request.qualityProfileId = profile.id
                    request.upgradeProfileId = nil
                    request.note = nil
                    await publish(.requestAdded, request, "switched \(candidate.title) in \(instance.name) to the quality profile \(profile.name)",
                                  data: ["qualityProfileId": .number(Double(profile.id))])
                    try await library.search(mediaId: existing, seasons: seasons, in: instance)
                    request.status = .searching
                    request.error = nil
                    try await save(&request)
                    await publish(.requestSearching, request, "\(instance.name) is searching for \(candidate.title) at \(profile.name)")
                    return request
                }
                let progress = try await library.progress(mediaId: existing, seasons: seasons, in: instance)
                if progress.available {
                    request.status = .available
                    request.error = nil
                    try await save(&request)
                    await publish(.requestAvailable, request, "\(candidate.title) is already in \(instance.name) with its files")
                    return request
                }
                try await library.search(mediaId: existing, seasons: seasons, in: instance)
                request.status = progress.downloading ? .downloading : .searching
                request.error = nil
                try await save(&request)
                await publish(.requestSearching, request, "\(candidate.title) is already in \(instance.name); searching for the missing files")
                return request
            }
            let profiles = try await library.qualityProfiles(in: instance)
            let defaults = settings.instances[instance.name]
            let mapped = configuredProfile(for: request.parsed.quality ?? .fullHD, in: instance, among: profiles)
            if let id = qualityProfileId, !profiles.contains(where: { $0.id == id }) { throw Self.noProfile(id, instance, profiles) }
            guard let profile = qualityProfileId.flatMap({ id in profiles.first { $0.id == id } }) ?? mapped ?? Self.profile(for: request.parsed.quality, among: profiles) else {
                throw AutoArrError(.invalidInput, "\(instance.name) has no quality profile for \(request.parsed.quality?.rawValue ?? "1080p"); choose one with qualityProfileId",
                                   field: "qualityProfileId")
            }
            let folders = try await library.rootFolders(in: instance)
            let preferred = rootFolderPath ?? defaults?.rootFolder
            guard let folder = preferred.flatMap({ path in folders.first { $0.path == path } })
                    ?? (preferred == nil ? folders.filter(\.accessible).max(by: { $0.freeSpace < $1.freeSpace }) : nil) else {
                throw AutoArrError(.invalidInput, preferred.map { "\(instance.name) has no root folder \($0)" } ?? "\(instance.name) has no accessible root folder",
                                   field: "rootFolderPath")
            }
            request.qualityProfileId = profile.id
            request.rootFolderPath = folder.path
            let options = AddMediaOptions(qualityProfileId: profile.id, rootFolderPath: folder.path, seasons: seasons, minimumAvailability: settings.minimumAvailability)
            request.mediaId = try await library.add(candidate, options: options, in: instance)
        } catch let error as IntegrationError where error.code == .rejected {
            return await fail(&request, Self.describe(error))
        } catch let error as IntegrationError {
            request.error = Self.describe(error)
            await saveOrReport(&request, doing: "keeping its error")
            await publish(.requestFailed, request, "could not reach \(instance.name): \(error.message); confirm again to retry", severity: .warning)
            throw AutoArrError(.unavailable, "\(instance.name): \(error.code.rawValue): \(error.message); the request is kept, confirm again to retry")
        }
        request.status = .added
        request.error = nil
        try await save(&request)
        await publish(.requestAdded, request, "added \(candidate.title)\(candidate.year.map { " (\($0))" } ?? "") to \(instance.name)",
                      data: ["qualityProfileId": .number(Double(request.qualityProfileId ?? 0)), "rootFolderPath": .string(request.rootFolderPath ?? "")])
        request.status = .searching
        try await save(&request)
        await publish(.requestSearching, request, "\(instance.name) is searching for \(candidate.title)")
        return request
    }

    private var confirming: Set<Int64> = []

    /// A `qualityProfileId` the instance does not have: a 400 naming the field and the ones it has.
    static func noProfile(_ id: Int, _ instance: ServiceInstance, _ profiles: [QualityProfileSummary]) -> AutoArrError {
        let have = profiles.map { "\($0.id) \($0.name)" }.joined(separator: ", ")
        return AutoArrError(.invalidInput, "\(instance.name) has no quality profile \(id); it has \(have.isEmpty ? "none" : have)", field: "qualityProfileId")
    }

    private func pick(_ choice: Choice?, from request: ContentRequest) throws -> MediaCandidate {
        let candidates = request.candidates
        let found: MediaCandidate? = switch choice {
        case .candidate(let id)?: candidates.first { $0.id == id }
        case .tmdb(let id)?: candidates.first { $0.tmdbId == id }
        case .tvdb(let id)?: candidates.first { $0.tvdbId == id }
        case .position(let index)?: candidates.indices.contains(index - 1) ? candidates[index - 1] : nil
        case nil: request.chosen
        }
        guard let found else {
            throw AutoArrError(.invalidInput, choice == nil ? "choose one of the \(candidates.count) candidates" : "that is not one of this request's candidates",
                               field: "candidateId")
        }
        return found
    }

    /// The profile for a quality: the one whose best allowed resolution is it, cutoff there first, fewest others
    /// next. Without a quality: 1080p, else the first profile.
    static func profile(for quality: ParsedRequest.Quality?, among profiles: [QualityProfileSummary]) -> QualityProfileSummary? {
        let resolution = Int((quality ?? .fullHD).rawValue.dropLast()) ?? 1080
        let matching = profiles.filter { $0.resolutions.max() == resolution }
        let best = matching.sorted { ($0.cutoffResolution == resolution ? 0 : 1, $0.resolutions.count) < ($1.cutoffResolution == resolution ? 0 : 1, $1.resolutions.count) }.first
        return best ?? (quality == nil ? profiles.first : nil)
    }

    /// The seasons asked for: some, the latest (also for its newest episode), or all (nil).
    func seasonsToMonitor(_ parsed: ParsedRequest, _ candidate: MediaCandidate) -> [Int]? {
        guard candidate.type == .tv, !parsed.allSeasons else { return nil }
        if !parsed.seasonNumbers.isEmpty { return parsed.seasonNumbers }
        if parsed.latestSeason || parsed.latestEpisode, let latest = candidate.seasons.max() { return [latest] }
        return nil
    }

    // MARK: Track, read, cancel

    /// Follows a request's title in its *arr: searching → downloading → available.
    @discardableResult
    public func track(_ id: Int64) async throws -> ContentRequest {
        guard var request = try await store.request(id: id) else { throw AutoArrError(.notFound, "no request \(id)") }
        guard request.status.isTracked, let mediaId = request.mediaId, let name = request.instance, let candidate = request.chosen else { return request }
        let instance = try await services.instance(named: name)
        let progress = try await library.progress(mediaId: mediaId, seasons: seasonsToMonitor(request.parsed, candidate), in: instance)
        let next: ContentRequest.Status = progress.available ? .available : progress.downloading ? .downloading : .searching
        guard next != request.status else { return request }
        request.status = next
        try await save(&request)
        switch next {
        case .available: await publish(.requestAvailable, request, "\(candidate.title) is available")
        case .downloading: await publish(.requestDownloading, request, "\(candidate.title) is downloading", data: ["downloadIds": .array(progress.downloadIds.map(JSONValue.string))])
        default: await publish(.requestSearching, request, "\(candidate.title): searching again")
        }
        return request
    }

    /// Tracks every request still under way; errors are per request and never stop the others. A request that cannot
    /// be checked says why in its `error` (once, in the activity log too), until a check works again.
    public func trackAll() async {
        let open: [ContentRequest]
        do {
            open = try await store.requests(statuses: [.added, .searching, .downloading], before: nil, limit: 500)
        } catch {
            logger.error("could not read the requests to track: \(error)")
            return
        }
        for request in open {
            do {
                let tracked = try await track(request.id)
                if tracked.error?.hasPrefix(Self.trackingPrefix) == true {
                    var cleared = tracked
                    cleared.error = nil
                    await saveOrReport(&cleared, doing: "clearing its tracking error")
                }
            } catch {
                let message = "\(Self.trackingPrefix)\(Self.describe(error))"
                logger.warning("request \(request.id) (\(request.parsed.title ?? request.query)): \(message)")
                guard var current = try? await store.request(id: request.id), current.error != message else { continue }
                current.error = message
                await saveOrReport(&current, doing: "recording its tracking error")
                await publish(.requestFailed, current, "\(request.parsed.title ?? request.query): \(message); it is checked again on the next pass", severity: .warning)
            }
        }
    }

    static let trackingPrefix = "could not check its progress: "


    /// The quality profiles of a Sonarr or Radarr instance, to choose one when confirming.
    /// - Throws: `notFound` for an unknown instance, `invalidInput` for one that is not an *arr.
    public func qualityProfiles(instance name: String) async throws -> [QualityProfileSummary] {
        let instance = try await services.instance(named: name)
        guard instance.kind == .sonarr || instance.kind == .radarr else {
            throw AutoArrError(.invalidInput, "\(name) is \(instance.kind.rawValue), not Sonarr or Radarr", field: "instance")
        }
        do {
            return try await library.qualityProfiles(in: instance)
        } catch let error as IntegrationError {
            throw AutoArrError(.unavailable, "\(name): \(error.message)")
        }
    }

    public func request(_ id: Int64) async throws -> ContentRequest {
        guard let request = try await store.request(id: id) else { throw AutoArrError(.notFound, "no request \(id)") }
        return request
    }

    public func list(statuses: [ContentRequest.Status] = [], before cursor: Int64? = nil, limit: Int = 50) async throws -> [ContentRequest] {
        try await store.requests(statuses: statuses, before: cursor, limit: min(max(limit, 1), 200))
    }

    /// Cancels a request; with `remove`, also deletes what it added from the *arr. It says it removed something only
    /// when it did: a title that was in the library before the request, or that was never added, stays.
    public func cancel(_ id: Int64, remove: Bool = false) async throws -> ContentRequest {
        guard var request = try await store.request(id: id) else { throw AutoArrError(.notFound, "no request \(id)") }
        guard request.status != .cancelled else { return request }
        var message = "cancelled"
        if remove {
            if let mediaId = request.mediaId, let name = request.instance, request.chosen?.libraryId == nil {
                do {
                    try await library.remove(mediaId: mediaId, in: try await services.instance(named: name))
                } catch let error as IntegrationError {
                    throw AutoArrError(.unavailable, "\(name): \(error.code.rawValue): \(error.message); the request was not cancelled")
                }
                message = "cancelled and removed \(request.chosen?.title ?? "it") from \(name)"
            } else if request.chosen?.libraryId != nil {
                message = "cancelled; \(request.chosen?.title ?? "the title") was in \(request.instance ?? "the library") before this request, so it stays"
            } else {
                message = "cancelled; nothing had been added, so nothing was removed"
            }
        }
        request.status = .cancelled
        try await save(&request)
        await publish(.requestCancelled, request, message)
        return request
    }

    // MARK: Helpers

    private func save(_ request: inout ContentRequest) async throws {
        request.updatedAt = Date()
        request = try await store.save(request)
    }

    private func fail(_ request: inout ContentRequest, _ reason: String) async -> ContentRequest {
        request.status = .failed
        request.error = reason
        await saveOrReport(&request, doing: "recording that it failed")
        await publish(.requestFailed, request, "request failed: \(reason)", severity: .error)
        return request
    }

    /// Saves where a failure to save must not hide the request's own outcome: logged and put in the activity log.
    private func saveOrReport(_ request: inout ContentRequest, doing what: String) async {
        do {
            try await save(&request)
        } catch {
            logger.error("could not save request \(request.id) while \(what): \(error)")
            await publish(.requestFailed, request, "could not save this request while \(what): \(error)", severity: .error)
        }
    }

    private func publish(_ type: EventType, _ request: ContentRequest, _ message: String, severity: Severity = .info, data: [String: JSONValue] = [:]) async {
        var fields = data
        fields["requestId"] = .number(Double(request.id))
        fields["status"] = .string(request.status.rawValue)
        _ = await bus.publish(Event(type, message: message, correlationId: request.correlationId, severity: severity, instance: request.instance, data: fields))
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? IntegrationError {
            return error.details.isEmpty ? "\(error.instance): \(error.message)" : "\(error.instance): \(error.details.joined(separator: "; "))"
        }
        return "\(error)"
    }
}
