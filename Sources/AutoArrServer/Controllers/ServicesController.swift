import AutoArrCore
import Foundation
import Hummingbird

/// Creating, replacing and deleting service instances (listing and testing them are actions). Responses mask every secret.
struct ServicesController {
    let registry: ServiceRegistry

    /// A create or replace body. A secret sent back as the mask keeps its stored value.
    struct ServiceInput: Decodable {
        var name: String?
        var kind: String?
        var url: String?
        var apiKey: String?
        var username: String?
        var password: String?
        var token: String?
        var timeout: Timeout?
        var tags: [String]?

        /// A timeout given as seconds (`10`) or a duration (`"10s"`).
        struct Timeout: Decodable {
            var text: String
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let seconds = try? container.decode(Double.self) { text = String(seconds) } else { text = try container.decode(String.self) }
            }
        }

        var draft: ServiceDraft {
            func secret(_ value: String?) -> String? { value == ServiceResource.mask ? nil : value }
            return ServiceDraft(
                name: name, kind: kind, url: url,
                credentials: ServiceCredentials(apiKey: secret(apiKey), username: username, password: secret(password), token: secret(token)),
                timeout: timeout?.text, tags: tags)
        }
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("services") { request, context in
            let input = try await request.decodeJSON(ServiceInput.self, context: context)
            let created = try await registry.create(input.draft)
            return EditedResponse(status: .created, response: ServiceResource(created))
        }
        group.get("services/{name}") { _, context in
            ServiceResource(try await registry.instance(named: try context.parameters.require("name")))
        }
        group.put("services/{name}") { request, context in
            let input = try await request.decodeJSON(ServiceInput.self, context: context)
            return ServiceResource(try await registry.replace(named: try context.parameters.require("name"), with: input.draft))
        }
        group.delete("services/{name}") { _, context in
            try await registry.delete(named: try context.parameters.require("name"))
            return HTTPResponse.Status.noContent
        }
    }
}

extension ServiceResource: ResponseEncodable {}
