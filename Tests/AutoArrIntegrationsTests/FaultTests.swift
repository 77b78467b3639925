import AutoArrCore
import Foundation
import Hummingbird
import Testing
@testable import AutoArrIntegrations
import AutoArrTestSupport

/// Every failure mode becomes the right `IntegrationError` code, and none crashes.
@Suite struct FaultTests {
    static let transport = HTTPTransport(retryBase: .milliseconds(1))

    static func sonarr(_ url: URL, timeout: Double = 2) -> ServiceInstance {
        ServiceInstance(name: "sonarr", kind: .sonarr, url: url, credentials: .init(apiKey: "k"), timeout: timeout)
    }

    static func failure(_ instance: ServiceInstance) async -> IntegrationError? {
        do {
            _ = try await ServarrClient(transport: transport, instance: instance).systemStatus()
            return nil
        } catch {
            return error as? IntegrationError
        }
    }

    @Test func serverErrorsAreRetriedThreeTimesThenBadResponse() async throws {
        let calls = CallCounter()
        try await FakeService.run({ router in
            router.get("api/v3/system/status") { _, _ in
                calls.increment()
                return FakeService.text("boom", status: .internalServerError)
            }
        }) { url in
            let error = await Self.failure(Self.sonarr(url))
            #expect(error?.code == .badResponse)
            #expect(error?.instance == "sonarr")
            #expect(calls.value == HTTPTransport.maxAttempts)
        }
    }

    @Test func aTransientErrorIsRetriedAway() async throws {
        let calls = CallCounter()
        try await FakeService.run({ router in
            router.get("api/v3/system/status") { _, _ in
                calls.increment()
                return calls.value == 1 ? FakeService.text("", status: .serviceUnavailable) : FakeService.json(FakeService.fixture("sonarr/pyarr_system_status.json"))
            }
        }) { url in
            #expect(await Self.failure(Self.sonarr(url)) == nil)
            #expect(calls.value == 2)
        }
    }

    @Test func postsAreNeverRetried() async throws {
        let calls = CallCounter()
        try await FakeService.run({ router in
            router.post("jsonrpc") { _, _ in
                calls.increment()
                return FakeService.text("", status: .internalServerError)
            }
        }) { url in
            let instance = ServiceInstance(name: "nzbget", kind: .nzbget, url: url, timeout: 10)
            await #expect(throws: IntegrationError.self) { try await NZBGetClient(transport: Self.transport, instance: instance).version() }
            #expect(calls.value == 1)
        }
    }

    @Test(arguments: [
        (HTTPResponse.Status.unauthorized, "", IntegrationError.Code.unauthorized),
        (.forbidden, "", .unauthorized),
        (.tooManyRequests, "", .rateLimited),
        (.notFound, "", .badResponse),
        (.ok, "<html>not json</html>", .badResponse),
        (.ok, #"{"appName":"Sonarr"}"#, .badResponse),
        (.badRequest, #"[{"propertyName":"Path","errorMessage":"'Path' must not be empty."}]"#, .rejected),
    ])
    func statusesAndBodiesMapToCodes(status: HTTPResponse.Status, body: String, code: IntegrationError.Code) async throws {
        try await FakeService.run({ router in
            router.get("api/v3/system/status") { _, _ in FakeService.json(body, status: status) }
        }) { url in
            let error = await Self.failure(Self.sonarr(url))
            #expect(error?.code == code)
            if code == .rejected { #expect(error?.details == ["Path: 'Path' must not be empty."]) }
        }
    }

    @Test func aSlowServiceTimesOut() async throws {
        try await FakeService.run({ router in
            router.get("api/v3/system/status") { _, _ in
                try await Task.sleep(for: .seconds(3))
                return FakeService.json(FakeService.fixture("sonarr/pyarr_system_status.json"))
            }
        }) { url in
            #expect(await Self.failure(Self.sonarr(url, timeout: 0.3))?.code == .timeout)
        }
    }

    @Test func aClosedPortIsUnreachable() async throws {
        let port = try RealDaemon.freePort()
        let error = await Self.failure(Self.sonarr(URL(string: "http://127.0.0.1:\(port)")!))
        #expect(error?.code == .unreachable)
        #expect(error?.message.contains("apikey") == false)
    }

    @Test func redactionHidesSecrets() {
        let url = URL(string: "http://user:secret@sab:8080/sabnzbd/api?mode=queue&apikey=0123&output=json")!
        let redacted = Redaction.redact(url)
        #expect(!redacted.contains("0123"))
        #expect(!redacted.contains("secret"))
        #expect(redacted.contains("mode=queue"))
    }
}
