import AutoArrCore
import Hummingbird
import Metrics
import Prometheus

/// `GET /metrics` in the Prometheus text format: request counts by route and status, a latency histogram
/// (from Hummingbird's `MetricsMiddleware`) and event counts.
struct MetricsController {
    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: AppMetrics.registry.emitToBuffer())))
        }
    }
}

/// The process-wide metrics registry. swift-metrics allows one bootstrap per process, so every app in it
/// (tests build many) shares this registry.
enum AppMetrics {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// Counts an event by type.
    static func count(_ event: Event) {
        Counter(label: "autoarr_events_total", dimensions: [("type", event.type.rawValue)]).increment()
    }
}
