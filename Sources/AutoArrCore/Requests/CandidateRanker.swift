import Foundation

/// Orders lookup results for a parsed request: normalised title similarity, year agreement, an exact-title
/// boost and popularity. Picks a winner only when it is clear by a margin.
public struct CandidateRanker: Sendable {
    /// How far ahead the best must be to be chosen without asking.
    public var margin = 0.15
    /// The least score a choice made without asking must have.
    public var minimumScore = 0.75

    public init() {}

    public func rank(_ candidates: [MediaCandidate], for request: ParsedRequest, newest: Bool = false) -> [MediaCandidate] {
        let wanted = Self.normalize(request.title ?? "")
        var ranked = candidates.map { candidate -> MediaCandidate in
            var scored = candidate
            let have = Self.normalize(candidate.title)
            var score = Self.similarity(wanted, have)
            if wanted == have { score += 0.25 }
            if let year = request.year, let found = candidate.year {
                score += year == found ? 0.3 : abs(year - found) == 1 ? 0.1 : -0.3
            }
            if let type = request.type, type != candidate.type { score -= 0.5 }
            score += min(candidate.popularity, 100) / 1000
            scored.score = (score * 1000).rounded() / 1000
            return scored
        }
        // "the new Dune movie": the most recent of the close matches.
        if newest, let latest = ranked.filter({ $0.score >= 0.45 }).max(by: { ($0.year ?? 0) < ($1.year ?? 0) }),
           let index = ranked.firstIndex(of: latest), let top = ranked.map(\.score).max() {
            ranked[index].score = max(ranked[index].score, top + margin + 0.05)
        }
        return ranked.sorted { ($0.score, $0.popularity) > ($1.score, $1.popularity) }
    }

    /// The best candidate when it is clearly the one meant; nil when a person should choose.
    public func clearWinner(_ ranked: [MediaCandidate]) -> MediaCandidate? {
        guard let best = ranked.first, best.score >= minimumScore else { return nil }
        guard ranked.count > 1 else { return best }
        return best.score - ranked[1].score >= margin ? best : nil
    }

    /// "The Lord of the Rings: Return of the King!" → "lord of the rings return of the king".
    public static func normalize(_ title: String) -> String {
        var words = title.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
            .replacingOccurrences(of: "&", with: " and ")
            .replacingOccurrences(of: "'", with: "")
            .split { !$0.isLetter && !$0.isNumber }
            .map { $0.lowercased() }
        if words.count > 1, words.first == "the" { words.removeFirst() }
        return words.joined(separator: " ")
    }

    /// Dice coefficient over character bigrams of the normalised titles, 0…1.
    public static func similarity(_ a: String, _ b: String) -> Double {
        if a == b { return 1 }
        let left = bigrams(a), right = bigrams(b)
        guard !left.isEmpty, !right.isEmpty else { return 0 }
        var counts: [UInt32: Int] = [:]
        for gram in left { counts[gram, default: 0] += 1 }
        var shared = 0
        for gram in right where counts[gram, default: 0] > 0 {
            counts[gram]! -= 1
            shared += 1
        }
        return Double(2 * shared) / Double(left.count + right.count)
    }

    private static func bigrams(_ text: String) -> [UInt32] {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count > 1 else { return scalars.map { $0.value } }
        return (0..<(scalars.count - 1)).map { scalars[$0].value &* 65_599 &+ scalars[$0 + 1].value }
    }
}
