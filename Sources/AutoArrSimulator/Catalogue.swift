import Foundation

/// One movie or series the simulated Sonarr and Radarr can look up, read from `Resources/catalogue.txt`.
public struct CatalogueTitle: Sendable, Equatable {
    public enum Kind: String, Sendable { case movie, series }

    public var kind: Kind
    public var title: String
    public var year: Int
    public var tmdbId: Int
    public var tvdbId: Int?
    public var imdbId: String?
    /// The studio of a movie, the network of a series.
    public var company: String
    public var runtime: Int
    public var genres: [String]
    public var popularity: Double
    /// Episodes per season, season 1 first; empty for movies.
    public var seasons: [Int]
    public var ended: Bool
    public var overview: String

    /// "The Matrix" → "thematrix", as the *arrs' `cleanTitle`.
    public var cleanTitle: String { Catalogue.clean(title) }

    /// "The Matrix" → "the-matrix-1999" for movies, "the-matrix" for series.
    public var titleSlug: String {
        let words = Catalogue.words(title).joined(separator: "-")
        return kind == .movie ? "\(words)-\(tmdbId)" : words
    }

    /// "Matrix", as the *arrs sort titles: without a leading article.
    public var sortTitle: String {
        let lower = title.lowercased()
        for article in ["the ", "a ", "an "] where lower.hasPrefix(article) { return String(lower.dropFirst(article.count)) }
        return lower
    }
}

/// The titles the simulated metadata source knows, and the *arr-style lookup over them.
public struct Catalogue: Sendable {
    public let titles: [CatalogueTitle]

    public init(titles: [CatalogueTitle]) { self.titles = titles }

    /// The bundled catalogue.
    public static let bundled: Catalogue = {
        guard let url = Bundle.module.url(forResource: "catalogue", withExtension: "txt", subdirectory: "Resources"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return Catalogue(titles: []) }
        return Catalogue(parsing: text)
    }()

    /// Parses `kind|title|year|tmdb|tvdb|imdb|company|runtime|genres|popularity|seasons|ended|overview` lines.
    public init(parsing text: String) {
        titles = text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let field = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard field.count == 13, let kind = CatalogueTitle.Kind(rawValue: field[0]), let year = Int(field[2]), let tmdb = Int(field[3]) else { return nil }
            return CatalogueTitle(
                kind: kind, title: field[1], year: year, tmdbId: tmdb, tvdbId: Int(field[4]), imdbId: field[5].isEmpty ? nil : field[5],
                company: field[6], runtime: Int(field[7]) ?? 0, genres: field[8].split(separator: ",").map(String.init),
                popularity: Double(field[9]) ?? 0, seasons: field[10].split(separator: ",").compactMap { Int($0) },
                ended: field[11] == "ended", overview: field[12])
        }
    }

    /// What `series/lookup` or `movie/lookup` answers for `term`: `tvdb:81189`, `tmdb:603`, `imdb:tt0133093`, or
    /// words, best match first (every word of the term in the title, exact titles first, then popularity).
    public func lookup(_ term: String, kind: CatalogueTitle.Kind, limit: Int = 20) -> [CatalogueTitle] {
        let candidates = titles.filter { $0.kind == kind }
        let trimmed = term.trimmingCharacters(in: .whitespaces)
        if let colon = trimmed.firstIndex(of: ":") {
            let scheme = trimmed[..<colon].lowercased(), value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch scheme {
            case "tvdb": return candidates.filter { $0.tvdbId == Int(value) }
            case "tmdb": return candidates.filter { $0.tmdbId == Int(value) }
            case "imdb": return candidates.filter { $0.imdbId == value.lowercased() }
            default: break
            }
        }
        let wanted = Self.words(trimmed)
        guard !wanted.isEmpty else { return [] }
        let wantedClean = Self.clean(trimmed)
        return candidates
            .compactMap { title -> (CatalogueTitle, Double)? in
                let have = Set(Self.words(title.title) + [String(title.year)])
                // As TMDb's and TheTVDB's searches do, a word also matches the beginning of a title's word ("oppen").
                let matched = wanted.filter { word in have.contains(word) || word.count >= 3 && have.contains { $0.count > word.count && $0.hasPrefix(word) } }.count
                guard matched == wanted.count || (matched * 2 > wanted.count && wanted.count > 2) else { return nil }
                var score = title.popularity + Double(matched * 10)
                if title.cleanTitle == wantedClean { score += 100 }
                return (title, score)
            }
            .sorted { $0.1 > $1.1 }
            .prefix(limit)
            .map(\.0)
    }

    /// Lower-case words without accents or punctuation: "Amélie" → ["amelie"].
    static func words(_ text: String) -> [String] {
        text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
            .replacingOccurrences(of: "'", with: "")
            .split { !$0.isLetter && !$0.isNumber }
            .map { $0.lowercased() }
    }

    static func clean(_ text: String) -> String { words(text).joined() }
}
