import AutoArrCore
import Foundation
import Hummingbird

/// One activity entry by id (searching the log is the `search_activity` action).
struct ActivityController {
    let store: any ActivityStore

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("activity/{id}") { _, context in
            let text = try context.parameters.require("id")
            guard let id = Int64(text), id > 0 else { throw FieldError("id", expected: "a positive whole number", got: text) }
            guard let entry = try await store.entry(id: id) else { throw AutoArrError(.notFound, "no activity entry \(id)") }
            return Response.json(EventJSON.encode(entry))
        }
    }
}
