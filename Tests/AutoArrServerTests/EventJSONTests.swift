import AutoArrApp
import AutoArrCore
import Foundation
import Testing
@testable import AutoArrServer

@Suite struct EventJSONTests {
    @Test func writesValidJSONForAwkwardText() throws {
        let awkward = "quote \" backslash \\ newline \n tab \t bell \u{07} Amélie 🎬 </script>"
        let entry = ActivityEntry(id: 42, event: Event(
            .serviceUpdated, message: awkward, correlationId: "c", severity: .warning, instance: "sonarr-4k", kind: .sonarr,
            data: ["text": .string(awkward), "list": [1, .number(2.5), true, .null], "nested": ["deep": ["x": "y"]]],
            timestamp: Date(timeIntervalSince1970: 1_700_000_000.5)))
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(EventJSON.encode(entry))) as? [String: Any])
        #expect(parsed["message"] as? String == awkward)
        #expect(parsed["id"] as? Int == 42)
        #expect(parsed["instance"] as? String == "sonarr-4k")
        #expect(parsed["kind"] as? String == "sonarr")
        #expect(parsed["severity"] as? String == "warning")
        #expect(parsed["type"] as? String == "service.updated")
        #expect(parsed["timestamp"] as? String == "2023-11-14T22:13:20.500Z")
        let data = try #require(parsed["data"] as? [String: Any])
        #expect(data["text"] as? String == awkward)
        #expect((data["list"] as? [Any])?.count == 4)
        #expect(((data["nested"] as? [String: Any])?["deep"] as? [String: String])?["x"] == "y")
        // Decoding it back gives the same data.
        let decoded = try JSONDecoder().decode([String: JSONValue].self, from: JSONSerialization.data(withJSONObject: data))
        #expect(decoded == entry.event.data)
    }

    @Test func leavesOutAbsentInstanceAndKind() throws {
        let entry = ActivityEntry(id: 1, event: Event(.authLogin, message: "m"))
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(EventJSON.encode(entry))) as? [String: Any])
        #expect(parsed["instance"] == nil)
        #expect(parsed["kind"] == nil)
        #expect((parsed["data"] as? [String: Any])?.isEmpty == true)
    }
}
