import Foundation
import Testing
@testable import AutoArrCore

@Suite struct JSONValueTests {
    @Test func parsesEveryKindOfValue() throws {
        let parsed = try JSONValue.object(fromJSON: Data(#"{"t":true,"f":false,"one":1,"zero":0,"half":0.5,"s":"Amélie","n":null,"a":[1,"x",false],"o":{"k":[]}}"#.utf8))
        #expect(parsed == [
            "t": true, "f": false, "one": 1, "zero": 0, "half": .number(0.5), "s": "Amélie", "n": .null,
            "a": [1, "x", false], "o": ["k": []],
        ])
    }

    @Test func rejectsNonObjects() {
        #expect(throws: (any Error).self) { try JSONValue.object(fromJSON: Data("[1]".utf8)) }
        #expect(throws: (any Error).self) { try JSONValue.object(fromJSON: Data("{".utf8)) }
    }
}
