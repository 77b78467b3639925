import Testing
@testable import AutoArrCore

@Suite struct EventPatternTests {
    @Test(arguments: [
        ("*", EventType.serviceCreated, true),
        ("service.*", .serviceCreated, true),
        ("service.*", .authLogin, false),
        ("auth.login", .authLogin, true),
        ("auth.login", .authLoginFailed, false),
        ("auth.*", .authLoginFailed, true),
    ])
    func matches(pattern: String, type: EventType, expected: Bool) throws {
        #expect(try #require(EventPattern(pattern)).matches(type) == expected)
    }

    @Test(arguments: ["", "ser*vice", "Service.*", "*.created", "a b"])
    func rejectsInvalidPatterns(pattern: String) {
        #expect(EventPattern(pattern) == nil)
    }

    @Test func eventNamesAreDottedLowercase() {
        for type in EventType.allCases {
            #expect(type.rawValue.contains("."))
            #expect(type.rawValue == type.rawValue.lowercased())
        }
    }
}
