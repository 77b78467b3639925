import AutoArrCore
import Foundation
import Testing
@testable import AutoArrServer

@Suite struct ISO8601TimestampTests {
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"),
        (1_700_000_000.123, "2023-11-14T22:13:20.123Z"),
        (951_782_400.5, "2000-02-29T00:00:00.500Z"),
        (1_709_164_799.999, "2024-02-28T23:59:59.999Z"),
        (-1.5, "1969-12-31T23:59:58.500Z"),
        (253_402_300_799, "9999-12-31T23:59:59.000Z"),
    ])
    func formatsUTCWithMilliseconds(seconds: Double, expected: String) {
        #expect(ISO8601Timestamp.format(Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test func roundTripsThroughTheAPIParser() {
        let date = Date(timeIntervalSince1970: 1_767_225_600.25)
        #expect(APIJSON.parse(ISO8601Timestamp.format(date)) == date)
    }
}
