import Foundation
import Synchronization

/// Remembers one API key that the store confirmed, until a deadline.
final class VerifiedKeyCache: Sendable {
    private let entry = Mutex<(key: String, until: Date)?>(nil)

    func contains(_ key: String, now: Date) -> Bool {
        entry.withLock { entry in
            guard let entry, entry.until > now else { return false }
            // Both sides are the same length when it matters; compare every byte so timing says nothing.
            let a = Array(entry.key.utf8), b = Array(key.utf8)
            guard a.count == b.count else { return false }
            return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
        }
    }

    func remember(_ key: String, until deadline: Date) {
        entry.withLock { $0 = (key, deadline) }
    }

    func forget() {
        entry.withLock { $0 = nil }
    }
}
