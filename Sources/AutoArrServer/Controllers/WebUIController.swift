import CompressNIO
import Crypto
import AutoArrCore
import Foundation
import Hummingbird
import NIOCore

/// The web UI: plain ES modules and CSS bundled under `Resources/ui`, served at `/` (ADR 0013). Every file is read
/// and gzipped once at startup; responses carry an ETag and `Cache-Control: no-cache`, so a browser revalidates and
/// gets 304 until the binary changes.
struct WebUIController {
    struct Asset: Sendable {
        var body: ByteBuffer
        var gzipped: ByteBuffer
        var contentType: String
        var etag: String
    }

    let assets: [String: Asset]

    init() throws {
        guard let root = Bundle.module.url(forResource: "ui", withExtension: nil, subdirectory: "Resources") else {
            throw StartupError("the web UI is missing from the build (Resources/ui)")
        }
        var assets: [String: Asset] = [:]
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = files?.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let data = try Data(contentsOf: url)
            let path = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count))
            var body = ByteBuffer(bytes: data)
            let digest = SHA256.hash(data: data).prefix(12).map { String(format: "%02x", $0) }.joined()
            assets[path] = Asset(body: body, gzipped: try body.compress(with: .gzip), contentType: Self.contentType(url.pathExtension),
                                 etag: "\"\(digest)\"")
        }
        self.assets = assets
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/") { request, _ in try serve("/index.html", request) }
        router.get("ui/**") { request, context in
            try serve("/" + context.parameters.getCatchAll().joined(separator: "/"), request)
        }
    }

    func serve(_ path: String, _ request: Request) throws -> Response {
        guard !path.contains(".."), let asset = assets[path] else { throw HTTPError(.notFound, message: "no such file in the UI: \(path)") }
        var headers: HTTPFields = [
            .contentType: asset.contentType, .eTag: asset.etag, .cacheControl: "no-cache", .init("X-Content-Type-Options")!: "nosniff",
            .vary: "Accept-Encoding",
        ]
        if path == "/index.html" {
            headers[.init("Content-Security-Policy")!] = "default-src 'self'; img-src 'self' https: data:; style-src 'self' 'unsafe-inline'; "
                + "connect-src 'self' ws: wss:; frame-ancestors 'none'"
        }
        if request.headers[.ifNoneMatch] == asset.etag { return Response(status: .notModified, headers: headers) }
        if (request.headers[.acceptEncoding] ?? "").contains("gzip") {
            headers[.contentEncoding] = "gzip"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: asset.gzipped))
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: asset.body))
    }

    static func contentType(_ fileExtension: String) -> String {
        switch fileExtension {
        case "html": "text/html; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "md", "txt": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}
