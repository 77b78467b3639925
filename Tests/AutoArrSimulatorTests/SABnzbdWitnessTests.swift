import AutoArrCore
@testable import AutoArrSimulator
import AutoArrTestSupport
import Foundation
import Testing
@testable import AutoArrIntegrations

/// The simulated SABnzbd answers `set_config` as the real SABnzbd 3.7.1 does: the same requests, sent to both, get
/// the same answers. The real daemon from Debian runs on 127.0.0.1.
@Suite struct SABnzbdWitnessTests {
    /// Requests as the audit and people send them, and the forms SABnzbd refuses.
    static let requests: [[String: String]] = [
        ["section": "misc", "keyword": "cache_limit", "value": "1G"],
        ["section": "misc", "cache_limit": "2G"],
        ["section": "misc", "name": "cache_limit", "value": "2G"],
        ["section": "misc", "keyword": "nosuch", "value": "1"],
        ["section": "nosuch", "keyword": "cache_limit", "value": "1G"],
        ["keyword": "cache_limit", "value": "1G"],
        ["section": "misc", "keyword": "pre_check", "value": "1"],
        ["section": "misc", "keyword": "pre_check", "value": "yes"],
        ["section": "misc", "keyword": "unwanted_extensions", "value": "exe,com"],
        ["section": "misc", "keyword": "cache_limit"],
    ]

    static func answers(_ instance: ServiceInstance) async throws -> [JSONValue] {
        let transport = HTTPTransport(retryBase: .milliseconds(10))
        let api = SABnzbdClient(transport: transport, instance: instance).apiURL
        var answers: [JSONValue] = []
        for request in requests {
            // Raw, so a refusal is compared as SABnzbd words it rather than as the client's error.
            let query = [URLQueryItem(name: "mode", value: "set_config"), URLQueryItem(name: "output", value: "json"),
                         URLQueryItem(name: "apikey", value: instance.credentials.apiKey)] + request.sortedQueryItems
            let response = try await transport.send(.init(url: api.appending(path: "", query: query)), for: instance).requireSuccess(for: instance)
            answers.append(try JSONDecoder().decode(JSONValue.self, from: Data(response.body)))
        }
        return answers
    }

    @Test func setConfigAnswersAsTheRealDaemonDoes() async throws {
        var real: [JSONValue] = []
        try await RealDaemon.with(.sabnzbd) { daemon in
            real = try await Self.answers(ServiceInstance(name: "sab", kind: .sabnzbd, url: daemon.url, credentials: .init(apiKey: daemon.apiKey), timeout: 5))
        }
        let simulation = Simulation()
        let expected = real
        try await Simulator.with(simulation) { endpoints in
            let simulated = try await Self.answers(ServiceInstance(name: "sim", kind: .sabnzbd, url: endpoints.sabnzbd,
                                                                   credentials: .init(apiKey: simulation.keys.sabnzbd), timeout: 5))
            for (index, request) in Self.requests.enumerated() {
                #expect(simulated[index] == expected[index], "set_config \(request.sorted { $0.key < $1.key })")
            }
        }
    }
}
