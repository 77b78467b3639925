import AutoArrCore
import Foundation
import Hummingbird

/// Serves the OpenAPI document (built by the composition root from `openapi.yaml` and the actions' schemas) at
/// `/api/v1/openapi.json`.
struct OpenAPIController {
    let document: ByteBuffer

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: document))
        }
    }
}
