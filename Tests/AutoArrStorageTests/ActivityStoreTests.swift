import AutoArrCore
import Foundation
import Testing
@testable import AutoArrStorage

@Suite struct ActivityStoreTests {
    @Test func pagesWithACursorWithoutGapsOrRepeats() async throws {
        let store = try openDatabase(temporaryDataDir()).activity
        for index in 0..<25 { _ = try await store.append(Event(.serviceUpdated, message: "\(index)")) }
        var query = ActivityQuery()
        query.limit = 10
        var seen: [String] = []
        while true {
            let page = try await store.page(query)
            seen += page.items.map(\.event.message)
            guard let cursor = page.nextCursor else { break }
            query.before = cursor
        }
        #expect(seen == (0..<25).reversed().map(String.init))
    }

    @Test func roundTripsEveryField() async throws {
        let store = try openDatabase(temporaryDataDir()).activity
        let event = Event(
            .serviceCreated, message: "Amélie added", correlationId: "c-1", severity: .warning, instance: "radarr-4k", kind: .radarr,
            data: ["nested": ["a": [1, true, "x"]], "none": .null], timestamp: Date(timeIntervalSince1970: 1_700_000_000.123))
        let stored = try await store.append(event)
        #expect(try await store.entry(id: stored.id)?.event == event)
    }

    @Test func prunesOnlyOldEntries() async throws {
        let database = try openDatabase(temporaryDataDir())
        let bus = EventBus(store: database.activity)
        let now = Date()
        _ = try await database.activity.append(Event(.serviceCreated, message: "old", timestamp: now.addingTimeInterval(-91 * 86400)))
        _ = try await database.activity.append(Event(.serviceCreated, message: "recent", timestamp: now.addingTimeInterval(-89 * 86400)))
        let retention = ActivityRetention(store: database.activity, bus: bus, retentionDays: 90)
        #expect(try await retention.prune(now: now) == 1)
        let messages = try await database.activity.page(ActivityQuery()).items.map(\.event.message)
        #expect(messages.first?.hasPrefix("Pruned 1") == true)
        #expect(messages.contains("recent"))
        #expect(!messages.contains("old"))
        #expect(try await retention.prune(now: now) == 0)
    }
}
