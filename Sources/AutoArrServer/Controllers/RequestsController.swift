import AutoArrCore
import Foundation
import Hummingbird

/// Plain-language requests: create, confirm, list, read with their timeline, cancel.
struct RequestsController {
    let requests: RequestService
    let activity: any ActivityStore

    struct CreateInput: Decodable {
        var query: String
        var instance: String?
        var autoConfirm: Bool?
    }

    struct ConfirmInput: Decodable {
        var candidateId: String?
        var tmdbId: Int?
        var tvdbId: Int?
        var qualityProfileId: Int?
        var rootFolderPath: String?
    }

    struct ProfileList: ResponseEncodable { var items: [QualityProfileSummary] }

    struct RequestResource: ResponseEncodable {
        struct Step: Encodable {
            var type: String
            var message: String
            var severity: String
            var timestamp: String
        }
        var id: Int64
        var correlationId: String
        var query: String
        var status: String
        var parsed: JSONValue
        var instance: String?
        var candidates: [MediaCandidate]
        var chosen: MediaCandidate?
        var mediaId: Int?
        var qualityProfileId: Int?
        var rootFolderPath: String?
        var error: String?
        /// A question for a person: "did you mean …?", or an upgrade to confirm.
        var note: String?
        var upgradeProfileId: Int?
        var createdAt: String
        var updatedAt: String
        var timeline: [Step]?

        init(_ request: ContentRequest, timeline: [ActivityEntry]? = nil) {
            id = request.id
            correlationId = request.correlationId
            query = request.query
            status = request.status.rawValue
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
    }

    struct RequestList: ResponseEncodable {
        var items: [RequestResource]
        var nextCursor: String?
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("requests") { request, context in
            let input = try await request.decodeJSON(CreateInput.self, context: context)
            let created = try await requests.create(query: input.query, instance: input.instance, autoConfirm: input.autoConfirm ?? false)
            return EditedResponse(status: .created, response: RequestResource(created))
        }
        group.post("requests/{id}/confirm") { request, context in
            let input = try await request.decodeJSON(ConfirmInput.self, context: context)
            let choice: RequestService.Choice? = input.candidateId.map { .candidate($0) } ?? input.tmdbId.map { .tmdb($0) } ?? input.tvdbId.map { .tvdb($0) }
            return RequestResource(try await requests.confirm(try Self.id(context), choice: choice, qualityProfileId: input.qualityProfileId,
                                                              rootFolderPath: input.rootFolderPath))
        }
        group.get("requests/qualityprofiles") { request, _ in
            guard let instance = request.uri.queryParameters["instance"], !instance.isEmpty else {
                throw AutoArrError(.invalidInput, "name the Sonarr or Radarr instance", field: "instance")
            }
            return ProfileList(items: try await requests.qualityProfiles(instance: String(instance)))
        }
        group.get("requests") { request, _ in
            let parameters = request.uri.queryParameters
            var statuses: [ContentRequest.Status] = []
            if let text = parameters["status"] {
                statuses = try text.split(separator: ",").map { name in
                    guard let status = ContentRequest.Status(rawValue: String(name)) else {
                        throw FieldError("status", expected: ContentRequest.Status.allCases.map(\.rawValue).joined(separator: ", "), got: String(name))
                    }
                    return status
                }
            }
            let cursor = try parameters["cursor"].map { text in
                guard let value = Int64(text), value > 0 else { throw FieldError("cursor", expected: "a nextCursor from a previous page", got: String(text)) }
                return value
            }
            let limit = try parameters["limit"].map { text in
                guard let value = Int(text), (1...200).contains(value) else { throw FieldError("limit", expected: "a number from 1 to 200", got: String(text)) }
                return value
            } ?? 50
            let page = try await requests.list(statuses: statuses, before: cursor, limit: limit)
            return RequestList(items: page.map { RequestResource($0) }, nextCursor: page.count == limit ? page.last.map { String($0.id) } : nil)
        }
        group.get("requests/{id}") { _, context in
            let found = try await requests.request(try Self.id(context))
            var query = ActivityQuery()
            query.correlationId = found.correlationId
            query.limit = 200
            return RequestResource(found, timeline: try await activity.page(query).items)
        }
        group.delete("requests/{id}") { request, context in
            var remove = false
            if let text = request.uri.queryParameters["remove"] {
                switch text.lowercased() {
                case "true", "1": remove = true
                case "false", "0": remove = false
                default: throw AutoArrError(FieldError("remove", expected: "true or false", got: String(text)))
                }
            }
            return RequestResource(try await requests.cancel(try Self.id(context), remove: remove))
        }
        group.post("requests/{id}/retry") { _, context in
            RequestResource(try await requests.retry(try Self.id(context)))
        }
    }

    static func id(_ context: AppRequestContext) throws -> Int64 {
        let text = try context.parameters.require("id")
        guard let id = Int64(text), id > 0 else { throw AutoArrError(FieldError("id", expected: "a request id", got: text)) }
        return id
    }
}
