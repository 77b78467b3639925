import AutoArrCore
import Foundation
import Testing
@testable import AutoArrStorage

@Suite struct EventBusTests {
    @Test func persistsBeforeDelivering() async throws {
        let database = try openDatabase(temporaryDataDir())
        let bus = EventBus(store: database.activity)
        let subscription = await bus.subscribe()
        let published = try #require(await bus.publish(Event(.serviceCreated, message: "x", instance: "sonarr")))
        var iterator = subscription.entries.makeAsyncIterator()
        let delivered = try #require(await iterator.next())
        #expect(delivered == published)
        #expect(try await database.activity.entry(id: delivered.id) == published)
    }

    @Test func aSlowSubscriberIsDroppedWithoutBlockingTheBus() async throws {
        let database = try openDatabase(temporaryDataDir())
        let bus = EventBus(store: database.activity)
        let slow = await bus.subscribe(buffer: 3)
        let fast = await bus.subscribe(buffer: nil)
        for index in 0..<10 { await bus.publish(Event(.serviceUpdated, message: "\(index)")) }
        #expect(await bus.subscriberCount == 1)
        var slowMessages: [String] = []
        for await entry in slow.entries { slowMessages.append(entry.event.message) }
        #expect(slowMessages == ["0", "1", "2"])
        var fastIterator = fast.entries.makeAsyncIterator()
        var fastMessages: [String] = []
        for _ in 0..<10 { fastMessages.append(try #require(await fastIterator.next()).event.message) }
        #expect(fastMessages == (0..<10).map(String.init))
    }

    @Test func countsEveryPublishedEvent() async throws {
        let database = try openDatabase(temporaryDataDir())
        let counter = Counter()
        let bus = EventBus(store: database.activity, onPublish: { _ in counter.increment() })
        for _ in 0..<4 { await bus.publish(Event(.authLogin, message: "x")) }
        #expect(counter.value == 4)
    }

    final class Counter: @unchecked Sendable {
        // Safe: only touched under `lock`.
        private let lock = NSLock()
        private var count = 0
        func increment() { lock.withLock { count += 1 } }
        var value: Int { lock.withLock { count } }
    }
}
