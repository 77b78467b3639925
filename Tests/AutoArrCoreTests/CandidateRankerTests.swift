import AutoArrCore
import Testing

/// Ranking lookup results and matching against a library index.
@Suite struct CandidateRankerTests {
    static func movie(_ id: Int, _ title: String, _ year: Int, popularity: Double = 50) -> MediaCandidate {
        MediaCandidate(id: "tmdb:\(id)", type: .movie, instance: "radarr", title: title, year: year, tmdbId: id, popularity: popularity)
    }

    static let dunes = [movie(438631, "Dune", 2021, popularity: 92), movie(693134, "Dune: Part Two", 2024, popularity: 95), movie(841, "Dune", 1984, popularity: 41)]

    @Test func twoExactTitlesNeedAChoiceUnlessTheYearSettlesIt() {
        let ranker = CandidateRanker()
        let plain = ranker.rank(Self.dunes, for: ParsedRequest(title: "Dune"))
        #expect(plain.prefix(2).map(\.year) == [2021, 1984])
        #expect(ranker.clearWinner(plain) == nil)
        let dated = ranker.rank(Self.dunes, for: ParsedRequest(title: "Dune", year: 1984))
        #expect(ranker.clearWinner(dated)?.tmdbId == 841)
        let newest = ranker.rank(Self.dunes, for: ParsedRequest(title: "Dune"), newest: true)
        #expect(ranker.clearWinner(newest)?.tmdbId == 693134)
    }

    @Test func aUniqueCloseTitleIsAClearWinner() {
        let ranked = CandidateRanker().rank([Self.movie(27205, "Inception", 2010), Self.movie(1, "Inception: The Cobol Job", 2010, popularity: 5)],
                                            for: ParsedRequest(title: "inception"))
        #expect(CandidateRanker().clearWinner(ranked)?.tmdbId == 27205)
    }

    @Test func normalisingIgnoresCaseAccentsPunctuationAndALeadingThe() {
        #expect(CandidateRanker.normalize("The Lord of the Rings: The Return of the King!") == "lord of the rings the return of the king")
        #expect(CandidateRanker.normalize("Amélie") == CandidateRanker.normalize("amelie"))
        #expect(CandidateRanker.normalize("Pride & Prejudice") == "pride and prejudice")
        #expect(CandidateRanker.similarity("breaking bad", "breaking bad") == 1)
        #expect(CandidateRanker.similarity("breaking bad", "braking bad") > 0.7)
        #expect(CandidateRanker.similarity("breaking bad", "the office") < 0.2)
    }

    @Test func theIndexFindsATitleAmongMany() {
        var library = (0..<5000).map { Self.movie($0 + 10_000, "Filler Title \($0)", 2000 + $0 % 20) }
        library += Self.dunes + [Self.movie(603, "The Matrix", 1999), Self.movie(604, "The Matrix Reloaded", 2003)]
        let index = TitleIndex(library)
        #expect(index.count == 5005)
        #expect(index.match(ParsedRequest(title: "the matrix")).first?.tmdbId == 603)
        #expect(index.match(ParsedRequest(title: "matrix reloaded")).first?.tmdbId == 604)
        #expect(index.match(ParsedRequest(title: "Dune", year: 1984)).first?.tmdbId == 841)
        #expect(index.match(ParsedRequest(title: "filler title 4321")).first?.tmdbId == 14321)
        #expect(index.match(ParsedRequest(title: "")).isEmpty)
    }
}
