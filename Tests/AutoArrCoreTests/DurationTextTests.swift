import Testing
@testable import AutoArrCore

@Suite struct DurationTextTests {
    @Test(arguments: [("10s", 10.0), ("1500ms", 1.5), ("2m", 120), ("1h", 3600), ("7d", 604_800), ("30", 30), (" 5s ", 5)])
    func parses(text: String, seconds: Double) {
        #expect(DurationText.seconds(text) == seconds)
    }

    @Test(arguments: ["", "s", "ten seconds", "5 parsecs", "nan", "infs"])
    func rejects(text: String) {
        #expect(DurationText.seconds(text) == nil)
    }
}
