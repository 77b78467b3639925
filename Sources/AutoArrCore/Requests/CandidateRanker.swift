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
        rank(candidates.map { candidate in
            let normalized = Self.normalize(candidate.title)
            return (candidate, normalized, Self.bigrams(normalized))
        }, for: request, newest: newest)
    }

    /// Ranks candidates whose titles are already normalised, with their sorted bigrams (a `TitleIndex` keeps both).
    func rank(_ prepared: [(MediaCandidate, String, [UInt32])], for request: ParsedRequest, newest: Bool = false) -> [MediaCandidate] {
        let wanted = Self.normalize(request.title ?? "")
        let wantedGrams = Self.bigrams(wanted)
        var ranked = prepared.map { candidate, have, grams -> MediaCandidate in
            var scored = candidate
            var score = wanted == have ? 1.25 : Self.similarity(wantedGrams, grams)
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
        a == b ? 1 : similarity(bigrams(a), bigrams(b))
    }

    /// Dice coefficient of two sorted bigram lists, by merging them.
    static func similarity(_ left: [UInt32], _ right: [UInt32]) -> Double {
        guard !left.isEmpty, !right.isEmpty else { return 0 }
        var i = 0, j = 0, shared = 0
        while i < left.count, j < right.count {
            if left[i] == right[j] { shared += 1; i += 1; j += 1 } else if left[i] < right[j] { i += 1 } else { j += 1 }
        }
        return Double(2 * shared) / Double(left.count + right.count)
    }

    /// The text's character bigrams, sorted (a one-character text is its one character).
    static func bigrams(_ text: String) -> [UInt32] {
        var grams: [UInt32] = []
        grams.reserveCapacity(text.utf8.count)
        var previous: UInt32?
        for scalar in text.unicodeScalars {
            if let previous { grams.append(previous &* 65_599 &+ scalar.value) }
            previous = scalar.value
        }
        if grams.isEmpty, let previous { grams.append(previous) }
        grams.sort()
        return grams
    }
}
