import Foundation

/// The configured providers in order, always ending with the rules provider. Each call walks the chain: a provider
/// whose circuit is open (it failed recently) is skipped, each has its own timeout, its output is validated, and
/// invalid output moves on to the next. Answers are cached; every call is reported to `observer`.
public actor LLMChain {
    public struct Provider: Sendable {
        public var model: any LanguageModel
        public var timeout: Duration

        public init(_ model: any LanguageModel, timeout: Duration = .seconds(30)) {
            self.model = model
            self.timeout = timeout
        }
    }

    /// One provider call, for metrics and the providers page.
    public struct CallRecord: Sendable {
        public var provider: String
        public var latency: Duration
        public var outcome: String  // "ok", "cached", an `LLMError.Code`
        public var inputTokens: Int?
        public var outputTokens: Int?
        public var fellBack: Bool
    }

    /// What `GET /llm/providers` shows.
    public struct Status: Sendable, Equatable {
        public var name: String
        public var model: String
        public var lastLatencyMs: Double?
        public var lastError: String?
        public var circuitOpenUntil: Date?
    }

    public nonisolated let providers: [Provider]
    public var cooldown: Duration = .seconds(60)
    private var openUntil: [String: ContinuousClock.Instant] = [:]
    private var lastLatency: [String: Duration] = [:]
    private var lastError: [String: String] = [:]
    private var cache: LRUCache<String, (JSONValue, String)>
    private let observer: @Sendable (CallRecord) -> Void

    public init(_ providers: [Provider], cacheSize: Int = 256, observer: @escaping @Sendable (CallRecord) -> Void = { _ in }) {
        var list = providers.filter { $0.model.name != "rules" }
        list.append(providers.first { $0.model.name == "rules" } ?? Provider(RulesModel(), timeout: .seconds(1)))
        self.providers = list
        cache = LRUCache(capacity: cacheSize)
        self.observer = observer
    }

    public func setCooldown(_ duration: Duration) { cooldown = duration }

    /// Structured extraction through the chain. - Returns: the validated value and the provider that produced it.
    /// - Throws: `LLMError.exhausted` listing every provider's failure (only when even the rules provider fails).
    public func extract<T: Sendable>(schema: ExtractionSchema, messages: [ChatMessage],
                                     validate: @Sendable (JSONValue, String) throws -> T) async throws -> (value: T, provider: String) {
        var failures: [String] = []
        for (index, provider) in providers.enumerated() {
            let name = provider.model.name
            let key = Self.cacheKey(name, provider.model.model, schema, messages)
            if let (json, from) = cache[key], let value = try? validate(json, from) {
                observer(CallRecord(provider: name, latency: .zero, outcome: "cached", fellBack: index > 0))
                return (value, from)
            }
            guard isAvailable(name) else { failures.append("\(name): circuit open"); continue }
            let start = ContinuousClock.now
            do {
                let (json, completion) = try await Self.within(provider.timeout, provider: name) {
                    try await provider.model.extractJSON(schema: schema, messages: messages)
                }
                let value = try validate(json, name)
                succeeded(name, since: start, completion: completion, fellBack: index > 0)
                cache[key] = (json, name)
                return (value, name)
            } catch {
                failed(name, since: start, error: error, fellBack: index > 0)
                failures.append("\(error)")
            }
        }
        throw LLMError(.exhausted, provider: "chain", failures.joined(separator: "; "))
    }

    /// A completion from the first provider that gives one.
    public func complete(_ messages: [ChatMessage], options: CompletionOptions = CompletionOptions()) async throws -> (completion: Completion, provider: String) {
        var failures: [String] = []
        for (index, provider) in providers.enumerated() {
            let name = provider.model.name
            guard isAvailable(name) else { failures.append("\(name): circuit open"); continue }
            let start = ContinuousClock.now
            do {
                let completion = try await Self.within(provider.timeout, provider: name) { try await provider.model.complete(messages, options: options) }
                succeeded(name, since: start, completion: completion, fellBack: index > 0)
                return (completion, name)
            } catch {
                failed(name, since: start, error: error, fellBack: index > 0)
                failures.append("\(error)")
            }
        }
        throw LLMError(.exhausted, provider: "chain", failures.joined(separator: "; "))
    }

    public func statuses() -> [Status] {
        let now = ContinuousClock.now, wall = Date()
        return providers.map { provider in
            let name = provider.model.name
            let open = openUntil[name].flatMap { $0 > now ? wall.addingTimeInterval(Self.seconds($0 - now)) : nil }
            return Status(name: name, model: provider.model.model, lastLatencyMs: lastLatency[name].map { Self.seconds($0) * 1000 },
                          lastError: lastError[name], circuitOpenUntil: open)
        }
    }

    // MARK: Helpers

    private func isAvailable(_ name: String) -> Bool {
        guard let until = openUntil[name] else { return true }
        return until <= .now
    }

    private func succeeded(_ name: String, since start: ContinuousClock.Instant, completion: Completion, fellBack: Bool) {
        let latency = ContinuousClock.now - start
        lastLatency[name] = latency
        lastError[name] = nil
        openUntil[name] = nil
        observer(CallRecord(provider: name, latency: latency, outcome: "ok", inputTokens: completion.inputTokens,
                            outputTokens: completion.outputTokens, fellBack: fellBack))
    }

    private func failed(_ name: String, since start: ContinuousClock.Instant, error: any Error, fellBack: Bool) {
        let latency = ContinuousClock.now - start
        lastLatency[name] = latency
        lastError[name] = "\(error)"
        let code = (error as? LLMError)?.code
        // A provider that is down, refuses us or is too slow rests; one that answered badly is asked again next time.
        if code != .invalidOutput, code != .unsupported, name != "rules" { openUntil[name] = .now + cooldown }
        observer(CallRecord(provider: name, latency: latency, outcome: code?.rawValue ?? "error", fellBack: fellBack))
    }

    /// Runs `work`, giving up after `timeout`.
    public static func within<T: Sendable>(_ timeout: Duration, provider: String, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw LLMError(.timeout, provider: provider, "no answer within \(timeout)")
            }
            return value
        }
    }

    static func cacheKey(_ provider: String, _ model: String, _ schema: ExtractionSchema, _ messages: [ChatMessage]) -> String {
        let text = messages.map { "\($0.role.rawValue):\($0.content)" }.joined(separator: "\u{1}")
        return "\(provider)\u{1}\(model)\u{1}\(schema.name)\u{1}\(text)"
    }

    public static func milliseconds(_ duration: Duration) -> Double { (seconds(duration) * 10_000).rounded() / 10 }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// A fixed-size least-recently-used cache.
struct LRUCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private var values: [Key: (value: Value, tick: UInt64)] = [:]
    private var tick: UInt64 = 0
    let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    subscript(key: Key) -> Value? {
        mutating get {
            guard let entry = values[key] else { return nil }
            tick += 1
            values[key] = (entry.value, tick)
            return entry.value
        }
        set {
            tick += 1
            guard let newValue else { values[key] = nil; return }
            values[key] = (newValue, tick)
            if values.count > capacity, let oldest = values.min(by: { $0.value.tick < $1.value.tick })?.key { values[oldest] = nil }
        }
    }

    var count: Int { values.count }
}

/// The request seam, answered by the chain.
public struct ChainInterpreter: RequestInterpreter {
    let chain: LLMChain

    public init(chain: LLMChain) { self.chain = chain }

    public func interpret(_ query: String, parsed: ParsedRequest) async throws -> ParsedRequest? {
        let (reading, provider) = try await chain.extract(schema: RequestExtraction.schema, messages: RequestExtraction.messages(for: query)) { json, provider in
            try RequestExtraction.validate(json, provider: provider)
        }
        var result = reading
        result.interpretedBy = provider
        return provider == "rules" ? nil : result
    }
}

extension LLMChain {
    /// One provider's health and, when asked, one timed sample extraction.
    public struct ProviderCheck: Sendable {
        public var name: String
        public var model: String
        public var healthy: Bool
        /// The health line, or the error.
        public var health: String
        public var healthLatencyMs: Double
        public var sample: ParsedRequest?
        public var sampleError: String?
        public var sampleLatencyMs: Double?
        public var sampleOutputTokens: Int?
    }

    /// Every provider's health (10 s each) and, with a sample request, one extraction from each healthy provider
    /// within its timeout; all at once, in chain order.
    public nonisolated func check(sample: String?) async -> [ProviderCheck] {
        await withTaskGroup(of: (Int, ProviderCheck).self) { group in
            for (index, provider) in providers.enumerated() {
                group.addTask {
                    let name = provider.model.name
                    let start = ContinuousClock.now
                    var check = ProviderCheck(name: name, model: provider.model.model, healthy: false, health: "", healthLatencyMs: 0)
                    do {
                        check.health = try await LLMChain.within(.seconds(10), provider: name) { try await provider.model.health() }
                        check.healthy = true
                    } catch {
                        check.health = "\(error)"
                    }
                    check.healthLatencyMs = LLMChain.milliseconds(ContinuousClock.now - start)
                    if let sample, check.healthy {
                        let started = ContinuousClock.now
                        do {
                            let (json, completion) = try await LLMChain.within(provider.timeout, provider: name) {
                                try await provider.model.extractJSON(schema: RequestExtraction.schema, messages: RequestExtraction.messages(for: sample))
                            }
                            check.sample = try RequestExtraction.validate(json, provider: name)
                            check.sampleOutputTokens = completion.outputTokens
                        } catch {
                            check.sampleError = "\(error)"
                        }
                        check.sampleLatencyMs = LLMChain.milliseconds(ContinuousClock.now - started)
                    }
                    return (index, check)
                }
            }
            var results: [(Int, ProviderCheck)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}
