import AutoArrCore
import Hummingbird

/// `GET /metrics` in the Prometheus text format: request counts by route and status, a latency histogram
/// (from Hummingbird's `MetricsMiddleware`) and event counts.
struct MetricsController {
    /// The metrics in the text format.
    let render: @Sendable () -> [UInt8]

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: render())))
        }
    }
}

