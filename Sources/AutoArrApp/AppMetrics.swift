import AutoArrCore
import Metrics
import Prometheus

/// The process-wide metrics registry. swift-metrics allows one bootstrap per process, so every app in it
/// (tests build many) shares this registry.
public enum AppMetrics {
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// Counts an event by type.
    public static func count(_ event: Event) {
        Counter(label: "autoarr_events_total", dimensions: [("type", event.type.rawValue)]).increment()
    }

    /// One language model call: latency per provider, tokens when reported, fallbacks and cache hits.
    public static func record(_ call: LLMChain.CallRecord) {
        _ = registry
        let provider = [("provider", call.provider)]
        Counter(label: "autoarr_llm_calls_total", dimensions: provider + [("outcome", call.outcome)]).increment()
        if call.outcome == "cached" { Counter(label: "autoarr_llm_cache_hits_total", dimensions: provider).increment(); return }
        Timer(label: "autoarr_llm_latency_seconds", dimensions: provider, preferredDisplayUnit: .seconds).recordNanoseconds(
            call.latency.components.seconds * 1_000_000_000 + call.latency.components.attoseconds / 1_000_000_000)
        if let input = call.inputTokens { Counter(label: "autoarr_llm_tokens_total", dimensions: provider + [("direction", "in")]).increment(by: input) }
        if let output = call.outputTokens { Counter(label: "autoarr_llm_tokens_total", dimensions: provider + [("direction", "out")]).increment(by: output) }
        if call.fellBack, call.outcome == "ok" { Counter(label: "autoarr_llm_fallbacks_total", dimensions: provider).increment() }
    }
}
