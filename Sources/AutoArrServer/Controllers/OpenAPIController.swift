import Foundation
import Hummingbird
import Yams

/// Serves `openapi.yaml`, bundled with the binary, as JSON at `/api/v1/openapi.json`.
struct OpenAPIController {
    let document: ByteBuffer

    /// Loads the bundled document once.
    /// - Throws: when the bundled YAML is missing or invalid (a build defect).
    init() throws {
        self.document = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: try Self.load(), options: [.sortedKeys]))
    }

    /// The document as parsed JSON objects.
    static func load() throws -> Any {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml", subdirectory: "Resources") else {
            throw StartupError("openapi.yaml is missing from the bundle")
        }
        guard let document = try Yams.load(yaml: String(contentsOf: url, encoding: .utf8)) else {
            throw StartupError("openapi.yaml is empty")
        }
        return document
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: document))
        }
    }
}
