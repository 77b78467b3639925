import Foundation

extension ContentRequest.Status: InputChoice, OutputChoice {}

/// A request as every door shows it, with its timeline when read on its own.
public struct RequestResource: ActionOutput {
    public struct Step: Codable, Sendable {
        public var type: String
        public var message: String
        public var severity: String
        public var timestamp: String
    }

    public var id: Int64
    public var correlationId: String
    public var query: String
    public var status: ContentRequest.Status
    public var parsed: JSONValue
    public var instance: String?
    public var candidates: [MediaCandidate]
    public var chosen: MediaCandidate?
    public var mediaId: Int?
    public var qualityProfileId: Int?
    public var rootFolderPath: String?
    public var error: String?
    /// A question for a person: "did you mean …?", or an upgrade to confirm.
    public var note: String?
    public var upgradeProfileId: Int?
    public var createdAt: String
    public var updatedAt: String
    public var timeline: [Step]?

    public init(_ request: ContentRequest, timeline: [ActivityEntry]? = nil) {
        id = request.id
        correlationId = request.correlationId
        query = request.query
        status = request.status
        parsed = request.parsed.json
        instance = request.instance
        candidates = request.candidates
        chosen = request.chosen
        mediaId = request.mediaId
        qualityProfileId = request.qualityProfileId
        rootFolderPath = request.rootFolderPath
        error = request.error
        note = request.note
        upgradeProfileId = request.upgradeProfileId
        createdAt = ISO8601Timestamp.format(request.createdAt)
        updatedAt = ISO8601Timestamp.format(request.updatedAt)
        self.timeline = timeline?.reversed().map { entry in
            Step(type: entry.event.type.rawValue, message: entry.event.message, severity: entry.event.severity.rawValue,
                 timestamp: ISO8601Timestamp.format(entry.event.timestamp))
        }
    }

    public var text: String {
        var lines = ["request \(id) (\(quoted(query))): \(status.rawValue)"
                     + (chosen.map { " — \($0.title)\($0.year.map { " (\($0))" } ?? "") in \($0.instance)" } ?? "")]
        if status == .awaitingChoice {
            for (index, candidate) in candidates.enumerated() {
                lines.append("\(index + 1). \(candidate.title)\(candidate.year.map { " (\($0))" } ?? "") [\(candidate.id), \(candidate.instance)]"
                             + (candidate.libraryId != nil ? " — in library" : ""))
            }
            lines.append("Confirm one with confirm_request (id \(id), candidateId).")
        }
        if let note { lines.append("note: \(note)") }
        if let error { lines.append("error: \(error)") }
        for step in timeline ?? [] { lines.append("  \(step.timestamp) \(step.message)") }
        return lines.joined(separator: "\n")
    }
}

public struct RequestList: ActionOutput {
    public var items: [RequestResource]
    public var nextCursor: String?

    public var text: String {
        items.isEmpty ? "No requests." : items.map { "\($0.id). \(quoted($0.query)): \($0.status.rawValue)\($0.chosen.map { " — \($0.title)" } ?? "")" }
            .joined(separator: "\n")
    }
}

struct RequestFinder {
    let deps: ActionDependencies

    func find(_ reference: Reference) async throws -> ContentRequest {
        if let id = Int64(reference.text) {
            guard id > 0 else { throw AutoArrError(FieldError("id", expected: "a request id", got: reference.text)) }
            return try await deps.requests.request(id)
        }
        let recent = try await deps.requests.list(limit: 200)
        return try reference.resolve(in: recent, what: "request", id: { [String($0.id)] },
                                     title: { "\($0.query) \($0.chosen?.title ?? "")" },
                                     label: { "\($0.id) \(quoted($0.query)) (\($0.status.rawValue))" })
    }
}

struct RequestMedia: Action {
    struct Input: ActionInput {
        var query = ""
        var instance: String?
        var autoConfirm = false
        static var fields: [InputField<Self>] {
            [.required("query", \.query, "What to add, in plain words: \"the new Dune movie in 4K\", \"season 2 of Severance\".", .nonEmpty),
             .optional("instance", \.instance, "The Sonarr or Radarr instance to use; chosen by type and quality when left out."),
             .optional("autoConfirm", \.autoConfirm, "Add the best match at once when it is clearly the one meant.")]
        }
    }

    static let name = "request_media"
    static let title = "Request a movie or show"
    static let summary = """
        Looks up a movie or series from a plain-language request and, when the match is clear and autoConfirm is set, adds it to \
        Radarr or Sonarr and starts the search. Otherwise it returns candidates (status awaiting_choice) to pass to confirm_request.
        """
    static let traits = ActionTraits.write
    let deps: ActionDependencies

    func run(_ input: Input, by principal: Principal) async throws -> RequestResource {
        RequestResource(try await deps.requests.create(query: input.query, instance: input.instance, autoConfirm: input.autoConfirm))
    }
}

struct ConfirmRequest: Action {
    struct Input: ActionInput {
        var id = Reference("")
        var candidateId: String?
        var tmdbId: Int?
        var tvdbId: Int?
        var position: Int?
        var qualityProfileId: Int?
        var rootFolderPath: String?
        static var fields: [InputField<Self>] {
            [.required("id", \.id, "The request: its id, or words of its query that match one request."),
             .optional("candidateId", \.candidateId, "The candidate's id from the request (\"tmdb:438631\", \"tvdb:81189\").", .nonEmpty),
             .optional("tmdbId", \.tmdbId, "A movie's TMDb id, instead of a candidate."),
             .optional("tvdbId", \.tvdbId, "A series' TVDB id, instead of a candidate."),
             .optional("position", \.position, "The nth candidate listed, from 1.", .range(1...100)),
             .optional("qualityProfileId", \.qualityProfileId, "A quality profile id of the instance, instead of the one the request implies."),
             .optional("rootFolderPath", \.rootFolderPath, "A root folder of the instance, instead of its default.", .nonEmpty)]
        }

        func validate() throws {
            let given = [candidateId != nil, tmdbId != nil, tvdbId != nil, position != nil].filter { $0 }.count
            if given > 1 { throw FieldError("candidateId", expected: "one of candidateId, tmdbId, tvdbId or position, not several") }
        }
    }

    static let name = "confirm_request"
    static let title = "Confirm a request's choice"
    static let summary = """
        Adds the chosen candidate of a request awaiting a choice to Radarr or Sonarr and starts the search. Without a choice it takes \
        the best match. Use after request_media returned awaiting_choice.
        """
    static let traits = ActionTraits.write
    let deps: ActionDependencies

    func run(_ input: Input, by principal: Principal) async throws -> RequestResource {
        let request = try await RequestFinder(deps: deps).find(input.id)
        let choice: RequestService.Choice? = input.candidateId.map { .candidate($0) } ?? input.tmdbId.map { .tmdb($0) }
            ?? input.tvdbId.map { .tvdb($0) } ?? input.position.map { .position($0) }
        return RequestResource(try await deps.requests.confirm(request.id, choice: choice, qualityProfileId: input.qualityProfileId,
                                                               rootFolderPath: input.rootFolderPath))
    }
}

struct ListRequests: Action {
    struct Input: ActionInput {
        var status: [ContentRequest.Status] = []
        var cursor: Int64?
        var limit = 50
        static var fields: [InputField<Self>] {
            [.optional("status", \.status, "Only requests in these statuses."),
             .optional("cursor", \.cursor, "The nextCursor of the previous page.", .range(1...Int.max)),
             .optional("limit", \.limit, "At most this many.", .range(1...200))]
        }
    }

    static let name = "list_requests"
    static let title = "List requests"
    static let summary = "Lists requests, newest first, with their status and chosen title. Page with nextCursor."
    static let traits = ActionTraits.read
    let deps: ActionDependencies

    func run(_ input: Input, by principal: Principal) async throws -> RequestList {
        let page = try await deps.requests.list(statuses: input.status, before: input.cursor, limit: input.limit)
        return RequestList(items: page.map { RequestResource($0) }, nextCursor: page.count == input.limit ? page.last.map { String($0.id) } : nil)
    }
}

struct GetRequest: Action {
    struct Input: ActionInput {
        var id = Reference("")
        static var fields: [InputField<Self>] { [.required("id", \.id, "The request: its id, or words of its query that match one request.")] }
    }

    static let name = "get_request"
    static let title = "Read a request"
    static let summary = "One request with its candidates and its timeline: every step from lookup to available."
    static let traits = ActionTraits.read
    let deps: ActionDependencies

    func run(_ input: Input, by principal: Principal) async throws -> RequestResource {
        let found = try await RequestFinder(deps: deps).find(input.id)
        var query = ActivityQuery()
        query.correlationId = found.correlationId
        query.limit = 200
        return RequestResource(found, timeline: try await deps.activity.page(query).items)
    }
}

struct CancelRequest: Action {
    struct Input: ActionInput {
        var id = Reference("")
        var remove = false
        static var fields: [InputField<Self>] {
            [.required("id", \.id, "The request: its id, or words of its query that match one request."),
             .optional("remove", \.remove, "Also delete what the request added from Sonarr or Radarr (never a title that was there before).")]
        }
    }

    static let name = "cancel_request"
    static let title = "Cancel a request"
    static let summary = "Stops following a request. With remove, also deletes the title it added from the *arr; that asks for confirmation."
    static let traits = ActionTraits.destructive.role(.member)
    let deps: ActionDependencies

    func run(_ input: Input, by principal: Principal) async throws -> RequestResource {
        let request = try await RequestFinder(deps: deps).find(input.id)
        return RequestResource(try await deps.requests.cancel(request.id, remove: input.remove))
    }

    func preview(_ input: Input, by principal: Principal) async throws -> ActionPreview? {
        guard input.remove else { return nil }
        let request = try await RequestFinder(deps: deps).find(input.id)
        let title = request.chosen?.title ?? request.query
        let change = request.mediaId != nil && request.chosen?.libraryId == nil
            ? "remove \(quoted(title)) from \(request.instance ?? "its *arr")"
            : "nothing is removed: \(quoted(title)) was not added by this request"
        return ActionPreview(summary: "Would cancel request \(request.id) (\(quoted(request.query))).", changes: ["cancel the request", change],
                             details: ["id": .number(Double(request.id)), "status": .string(request.status.rawValue)])
    }
}

struct RetryRequest: Action {
    struct Input: ActionInput {
        var id = Reference("")
        static var fields: [InputField<Self>] { [.required("id", \.id, "The failed request: its id, or words of its query.")] }
    }

    static let name = "retry_request"
    static let title = "Retry a failed request"
    static let summary = "Runs a failed request's lookup again, with the same words."
    static let traits = ActionTraits.write
    let deps: ActionDependencies

    func run(_ input: Input, by principal: Principal) async throws -> RequestResource {
        let request = try await RequestFinder(deps: deps).find(input.id)
        return RequestResource(try await deps.requests.retry(request.id))
    }
}
