/// Finds the best matches for a request among many titles (a whole library) without scoring every one:
/// words index the titles, the rarest words of the request pick a few hundred entries, and only those are
/// ranked by `CandidateRanker`.
public struct TitleIndex: Sendable {
    let candidates: [MediaCandidate]
    let normalized: [String]
    let grams: [[UInt32]]
    let exact: [String: [Int32]]
    let postings: [String: [Int32]]
    /// How many entries at most are scored for one query.
    public var scored = 256

    public init(_ candidates: [MediaCandidate]) {
        self.candidates = candidates
        var exact: [String: [Int32]] = [:], postings: [String: [Int32]] = [:]
        let titles = candidates.map { CandidateRanker.normalize($0.title) }
        normalized = titles
        grams = titles.map(CandidateRanker.bigrams)
        for (index, normalized) in titles.enumerated() {
            exact[normalized, default: []].append(Int32(index))
            for word in Set(normalized.split(separator: " ")) { postings[String(word), default: []].append(Int32(index)) }
        }
        self.exact = exact
        self.postings = postings
    }

    public var count: Int { candidates.count }

    /// The best `limit` entries for the request, ranked.
    public func match(_ request: ParsedRequest, limit: Int = 5, ranker: CandidateRanker = CandidateRanker()) -> [MediaCandidate] {
        let wanted = CandidateRanker.normalize(request.title ?? "")
        guard !wanted.isEmpty else { return [] }
        var hits: [Int32: Int] = [:]
        for index in exact[wanted] ?? [] { hits[index] = 1000 }
        // Rarest words first: they say the most about which title is meant.
        let lists = Set(wanted.split(separator: " ")).compactMap { postings[String($0)] }.sorted { $0.count < $1.count }
        for list in lists {
            if hits.count >= scored * 4, list.count > scored { break }
            for index in list { hits[index, default: 0] += 1 }
        }
        let shortlist = hits.count <= scored ? Array(hits.keys) : hits.sorted { $0.value > $1.value }.prefix(scored).map(\.key)
        return Array(ranker.rank(shortlist.map { (candidates[Int($0)], normalized[Int($0)], grams[Int($0)]) }, for: request).prefix(limit))
    }
}
