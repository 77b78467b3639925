import Foundation

/// Turns "get me Breaking Bad season 2 in 4K" into type, title, year, season, episode and quality, without a
/// language model. It works on words: markers (quality, season, episode, year, type cues) and the request's
/// framing ("could you please add", "to my library") are taken out; what is left, and only that, is the title.
public struct RequestParser: Sendable {
    /// Years after this are title words ("Blade Runner 2049"), not release years.
    public var latestYear: Int

    public init(latestYear: Int = Calendar(identifier: .gregorian).component(.year, from: Date()) + 3) {
        self.latestYear = latestYear
    }

    public func parse(_ text: String) throws(RequestParseError) -> ParsedRequest {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.contains(where: { $0.isLetter || $0.isNumber }) else {
            throw RequestParseError(description: trimmed.isEmpty
                ? "the request is empty: say what to add, for example \"add Dune in 4K\""
                : "\"\(trimmed.prefix(80))\" has no words to look up")
        }
        guard trimmed.count <= 500 else { throw RequestParseError(description: "the request is longer than 500 characters") }
        var state = ParseState(text: trimmed)
        state.run(latestYear: latestYear)
        guard let title = state.title, !title.isEmpty else {
            throw RequestParseError(description: "no title found in \"\(trimmed.prefix(80))\": name the movie or show")
        }
        var result = state.result
        result.title = title
        return result
    }
}

/// One word of the request, with the punctuation around it.
struct Token {
    enum Role { case title, framing, marker }
    var text: Substring
    var lower: String
    var open: Character?
    /// Punctuation after the word (",", "...", "!"), or nil.
    var close: Substring?
    var role = Role.title
    var quoted = false
}

struct ParseState {
    var tokens: [Token]
    var result = ParsedRequest(confidence: 1)
    var movieCue = false, tvCue = false
    /// The title before a trailing type cue was taken off ("Scary Movie" when "Scary" was kept).
    var alternativeTitle: String?
    var title: String?

    init(text: String) {
        tokens = Self.tokenize(text)
    }

    mutating func run(latestYear: Int) {
        markFraming()
        markQualities()
        markSeasonsAndEpisodes()
        markYears(latestYear: latestYear)
        markTypeCues()
        title = assembleTitle()
        if result.type == nil {
            if result.season != nil || result.episode != nil || result.latestSeason || tvCue { result.type = .tv }
            else if movieCue { result.type = .movie }
        }
        var confidence = 1.0
        if result.type == nil { confidence -= 0.2 }
        if let title, title.split(separator: " ").count > 7 { confidence -= 0.3 }
        if tokens.contains(where: { $0.quoted }) { confidence = max(confidence, 0.9) }
        result.confidence = max(0.1, confidence)
    }

    // MARK: Tokens

    static func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var quoteStart: Int?
        let quotes: [Character: Character] = ["\"": "\"", "“": "”", "«": "»", "‘": "’"]
        var openQuote: Character?
        for piece in text.split(whereSeparator: \.isWhitespace) {
            var word = piece[...]
            var open: Character?
            var close: Substring?
            if let first = word.first, quotes[first] != nil || first == "'" , openQuote == nil, word.count > 1 || first != "'" {
                openQuote = first == "'" ? "'" : quotes[first]
                quoteStart = tokens.count
                word = word.dropFirst()
            } else if let first = word.first, "([{".contains(first) {
                open = first
                word = word.dropFirst()
            }
            var closesQuote = false
            var end = word.endIndex
            while end > word.startIndex {
                let last = word[word.index(before: end)]
                if last == openQuote { closesQuote = true; word = word[..<word.index(before: end)]; end = word.endIndex; continue }
                guard ",.!?;)]}…".contains(last) else { break }
                end = word.index(before: end)
            }
            if end < word.endIndex {
                close = word[end...]
                word = word[..<end]
            }
            guard !word.isEmpty || closesQuote else { continue }
            if !word.isEmpty { tokens.append(Token(text: word, lower: word.lowercased(), open: open, close: close)) }
            if closesQuote, let start = quoteStart {
                for index in start..<tokens.count { tokens[index].quoted = true }
                quoteStart = nil
                openQuote = nil
            }
        }
        return tokens
    }

    /// The lower-case words from `index`, for phrase matching.
    func matches(_ phrase: [String], at index: Int) -> Bool {
        guard index + phrase.count <= tokens.count else { return false }
        for (offset, word) in phrase.enumerated() where tokens[index + offset].lower != word || tokens[index + offset].quoted { return false }
        return true
    }

    mutating func mark(_ range: Range<Int>, _ role: Token.Role) {
        for index in range where index >= 0 && index < tokens.count { tokens[index].role = role }
    }

    func isFree(_ index: Int) -> Bool { index >= 0 && index < tokens.count && tokens[index].role == .title && !tokens[index].quoted }

    // MARK: Framing: request verbs, politeness, "to my library"

    static let leadingPhrases: [[String]] = [
        "could you please", "can you please", "would you please", "could you", "can you", "would you", "will you", "please",
        "pls", "plz", "kindly", "hey", "hi", "ok", "okay", "yo", "autoarr", "i want to watch", "i wanna watch", "i would like to watch",
        "i'd like to watch", "id like to watch", "i want to see", "i'd like to see", "i would like", "i'd like", "i want", "i wanna",
        "i need", "we want", "we need", "let's watch", "lets watch", "let me watch", "i'm looking for", "im looking for",
        "looking for", "get me", "grab me", "find me", "fetch me", "download me", "give me", "show me", "add me", "get", "grab",
        "find", "fetch", "download", "add", "queue up", "queue", "request", "search for", "search", "look for", "look up", "put",
        "go get", "snag", "pull", "dl", "to watch", "to see",
    ].map { $0.split(separator: " ").map(String.init) }

    static let trailingPhrases: [[String]] = [
        "to my library", "to the library", "to my collection", "to the collection", "to my plex", "to plex", "on plex",
        "to the queue", "to my queue", "to my watchlist", "for me", "for my kids", "for the kids", "for tonight", "for the weekend",
        "tonight", "please", "pls", "plz", "thanks", "thank you", "thx", "asap", "now", "right now", "too", "as well", "if possible",
        "if you can", "if available", "when available", "when it's out", "when it comes out", "to download", "to the server",
        "for me please", "in my library", "thanks a lot", "cheers", "again",
    ].map { $0.split(separator: " ").map(String.init) }

    mutating func markFraming() {
        var start = 0
        var progress = true
        while progress, start < tokens.count {
            progress = false
            for phrase in Self.leadingPhrases where matches(phrase, at: start) && start + phrase.count < tokens.count {
                mark(start..<(start + phrase.count), .framing)
                start += phrase.count
                progress = true
                break
            }
        }
        var end = tokens.count
        progress = true
        while progress, end > start {
            progress = false
            for phrase in Self.trailingPhrases where end - phrase.count > start && matches(phrase, at: end - phrase.count) {
                mark((end - phrase.count)..<end, .framing)
                end -= phrase.count
                progress = true
                break
            }
        }
    }

    // MARK: Quality and edition words

    static let qualities: [String: ParsedRequest.Quality] = [
        "4k": .uhd, "uhd": .uhd, "2160p": .uhd, "2160": .uhd, "1080p": .fullHD, "fhd": .fullHD, "1080": .fullHD,
        "720p": .hd, "720": .hd, "480p": .sd, "sd": .sd,
    ]
    static let qualityPhrases: [([String], ParsedRequest.Quality)] = [
        (["ultra", "hd"], .uhd), (["full", "hd"], .fullHD), (["4", "k"], .uhd), (["standard", "definition"], .sd), (["high", "definition"], .fullHD),
    ]
    static let editionWords: Set<String> = [
        "remux", "hdr", "hdr10", "hdr10+", "dv", "dolby", "vision", "atmos", "imax", "extended", "unrated", "theatrical", "bluray",
        "blu-ray", "web-dl", "webdl", "webrip", "x265", "x264", "hevc", "h265", "h.265", "10bit", "10-bit", "remastered",
        "director's", "directors", "uncut", "criterion",
    ]
    static let editionTails: Set<String> = ["edition", "cut", "version", "quality", "resolution", "format"]

    mutating func markQualities() {
        var index = 0
        while index < tokens.count {
            defer { index += 1 }
            guard isFree(index) else { continue }
            var length = 0
            if let phrase = Self.qualityPhrases.first(where: { matches($0.0, at: index) }) {
                result.quality = result.quality ?? phrase.1
                length = phrase.0.count
            } else if let quality = Self.qualities[tokens[index].lower] {
                // "1080" and "720" alone are too often other numbers; only with "in" before them.
                if ["1080", "720", "2160"].contains(tokens[index].lower), index == 0 || tokens[index - 1].lower != "in" { continue }
                result.quality = result.quality ?? quality
                length = 1
            } else if tokens[index].lower == "hd", index > 0, ["in", "full", "ultra"].contains(tokens[index - 1].lower) {
                result.quality = result.quality ?? .fullHD
                length = 1
            } else if Self.editionWords.contains(tokens[index].lower) {
                length = 1
            } else {
                continue
            }
            mark(index..<(index + length), .marker)
            var after = index + length
            while after < tokens.count, isFree(after), Self.editionTails.contains(tokens[after].lower) || Self.editionWords.contains(tokens[after].lower) {
                mark(after..<(after + 1), .marker)
                after += 1
            }
            if index > 0, isFree(index - 1), ["in", "with", "and", "at"].contains(tokens[index - 1].lower) { mark((index - 1)..<index, .marker) }
            index = after - 1
        }
    }

    // MARK: Seasons and episodes

    static let numberWords: [String: Int] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
        "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
        "twenty": 20,
    ]
    static let ordinals: [String: Int] = [
        "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
        "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    ]
    static let latestWords: Set<String> = ["new", "newest", "latest", "last", "current", "upcoming", "next", "recent", "final"]

    /// 3, "3", "three", "third", "3rd".
    static func number(_ word: String) -> Int? {
        if let value = Int(word), value >= 0, value < 1000 { return value }
        if let value = numberWords[word] ?? ordinals[word] { return value }
        for suffix in ["st", "nd", "rd", "th"] where word.hasSuffix(suffix) {
            if let value = Int(word.dropLast(2)), value > 0, value < 100 { return value }
        }
        return nil
    }

    /// "s01e02" → (1, 2); "s3" → (3, nil); "e05" → (nil, 5); "1x03" → (1, 3).
    static func episodeCode(_ word: String) -> (season: Int?, episode: Int?)? {
        let characters = Array(word)
        func digits(from start: Int) -> (Int, Int)? {
            var end = start
            while end < characters.count, characters[end].isASCII, characters[end].isNumber { end += 1 }
            guard end > start, end - start <= 3, let value = Int(String(characters[start..<end])) else { return nil }
            return (value, end)
        }
        if characters.first == "s", let (season, end) = digits(from: 1) {
            if end == characters.count { return (season, nil) }
            if characters[end] == "e", let (episode, last) = digits(from: end + 1), last == characters.count { return (season, episode) }
            return nil
        }
        if characters.first == "e", let (episode, end) = digits(from: 1), end == characters.count { return (nil, episode) }
        if let (season, end) = digits(from: 0), end < characters.count, characters[end] == "x",
           let (episode, last) = digits(from: end + 1), last == characters.count, season < 100 { return (season, episode) }
        return nil
    }

    mutating func markSeasonsAndEpisodes() {
        var index = 0
        while index < tokens.count {
            defer { index += 1 }
            guard isFree(index) else { continue }
            let word = tokens[index].lower
            if let code = Self.episodeCode(word), code.season != nil || (index > 0 && tokens[index - 1].role == .marker) {
                if let season = code.season { result.season = result.season ?? season }
                if let episode = code.episode { result.episode = result.episode ?? episode }
                mark(index..<(index + 1), .marker)
                continue
            }
            let isSeason = word == "season" || word == "series" && index + 1 < tokens.count && Self.number(tokens[index + 1].lower) != nil
            if isSeason || word == "seasons" {
                if index + 1 < tokens.count, isFree(index + 1), let number = Self.number(tokens[index + 1].lower), !Self.isRoman(tokens[index + 1].text) {
                    result.season = result.season ?? number
                    mark(index..<(index + 2), .marker)
                    markArticle(before: index)
                    index += 1
                } else if index > 0, let number = Self.ordinals[tokens[index - 1].lower] ?? Self.ordinalDigits(tokens[index - 1].lower) {
                    result.season = result.season ?? number
                    mark((index - 1)..<(index + 1), .marker)
                    markArticle(before: index - 1)
                } else if index > 0, Self.latestWords.contains(tokens[index - 1].lower) {
                    result.latestSeason = true
                    mark((index - 1)..<(index + 1), .marker)
                    if index > 1, tokens[index - 2].lower == "most" { mark((index - 2)..<(index - 1), .marker) }
                    markArticle(before: index - 1)
                    markArticle(before: index - 2)
                } else if word == "season" {
                    tvCue = true
                    mark(index..<(index + 1), .marker)
                }
                continue
            }
            if word == "episode" || word == "ep" || word == "ep." || word == "eps" {
                if index + 1 < tokens.count, isFree(index + 1), let number = Self.number(tokens[index + 1].lower), !Self.isRoman(tokens[index + 1].text) {
                    result.episode = result.episode ?? number
                    mark(index..<(index + 2), .marker)
                    markArticle(before: index)
                    index += 1
                } else if index > 0, let number = Self.ordinals[tokens[index - 1].lower] ?? Self.ordinalDigits(tokens[index - 1].lower) {
                    result.episode = result.episode ?? number
                    mark((index - 1)..<(index + 1), .marker)
                    markArticle(before: index - 1)
                }
            }
        }
    }

    static func ordinalDigits(_ word: String) -> Int? {
        guard ["st", "nd", "rd", "th"].contains(where: word.hasSuffix), let value = Int(word.dropLast(2)) else { return nil }
        return value
    }

    /// "IV", "II": a title's numeral, never an episode number.
    static func isRoman(_ word: Substring) -> Bool {
        word.count > 0 && word.allSatisfy { "IVXLC".contains($0) } && word.count <= 6
    }

    mutating func markArticle(before index: Int) {
        if index > 0, isFree(index - 1), ["the", "a", "its", "it's"].contains(tokens[index - 1].lower) { mark((index - 1)..<index, .marker) }
    }

    // MARK: Years

    static let yearLeads: Set<String> = ["from", "in", "of", "released", "year", "circa", "made", "版"]

    mutating func markYears(latestYear: Int) {
        let candidates = tokens.indices.filter { index in
            isFree(index) && tokens[index].lower.count == 4 && Int(tokens[index].lower).map { (1870...2100).contains($0) } == true
        }
        for index in candidates {
            let value = Int(tokens[index].lower)!
            let titleWordsBefore = tokens[..<index].filter { $0.role == .title }.count
            let titleWordsAfter = tokens[(index + 1)...].filter { $0.role == .title && !Self.isCue($0.lower) && !Self.connectors.contains($0.lower) }.count
            let lead = index > 0 ? tokens[index - 1].lower : ""
            var isYear = false
            if tokens[index].open == "(" || tokens[index].close?.first == ")" {
                isYear = true
            } else if Self.yearLeads.contains(lead), titleWordsBefore > 1 || lead == "from" || lead == "released" {
                isYear = value <= latestYear
                if isYear { mark((index - 1)..<index, .marker) }
            } else if lead == "the" || lead == "that", titleWordsAfter > 0, index == 1 || tokens[..<(index - 1)].allSatisfy({ $0.role != .title }) {
                // "the 2019 joker film"
                isYear = value <= latestYear
                if isYear { mark((index - 1)..<index, .marker) }
            } else if titleWordsBefore > 0, titleWordsAfter == 0, tokens[index - 1].close == nil, !tokens[index - 1].text.hasSuffix(":") {
                isYear = value <= latestYear
            }
            guard isYear, result.year == nil else { continue }
            result.year = value
            mark(index..<(index + 1), .marker)
        }
    }

    // MARK: Type cues

    static let movieCues: Set<String> = ["movie", "film", "flick", "movies", "films", "feature"]
    static let tvCues: Set<String> = ["show", "series", "tv", "miniseries", "mini-series", "docuseries", "sitcom", "anime", "shows", "tvshow", "limited"]

    /// Type cues are counted anywhere but only taken out of the title at its edges ("the movie Up", "Dune film").
    mutating func markTypeCues() {
        for index in tokens.indices where isFree(index) {
            if Self.movieCues.contains(tokens[index].lower) { movieCue = true }
            if Self.tvCues.contains(tokens[index].lower) { tvCue = true }
        }
    }

    // MARK: Title

    static let connectors: Set<String> = ["in", "of", "from", "for", "on", "at", "with", "and", "to", "by", "about", "called", "named", "titled"]

    mutating func assembleTitle() -> String? {
        if let start = tokens.firstIndex(where: \.quoted) {
            let end = tokens[start...].firstIndex { !$0.quoted } ?? tokens.count
            return Self.join(tokens[start..<end])
        }
        // Runs of title words between markers and framing.
        var segments: [Range<Int>] = []
        var start: Int?
        for index in tokens.indices {
            if tokens[index].role == .title {
                if start == nil { start = index }
            } else if let begin = start {
                segments.append(begin..<index)
                start = nil
            }
        }
        if let begin = start { segments.append(begin..<tokens.count) }
        var best: (range: Range<Int>, score: Int)?
        for var segment in segments {
            segment = trim(segment)
            guard !segment.isEmpty else { continue }
            let score = tokens[segment].reduce(0) { $0 + $1.text.count }
            if score > best?.score ?? 0 { best = (segment, score) }
        }
        guard let range = best?.range else { return nil }
        return Self.join(tokens[range])
    }

    /// Takes connectors and type cues off a run's edges, where they frame the title rather than belong to it.
    mutating func trim(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        var changed = true
        while changed, lower < upper {
            changed = false
            let first = tokens[lower].lower, last = tokens[upper - 1].lower
            let afterMarker = lower > 0 && tokens[lower - 1].role == .marker
            let article = ["the", "a", "an"].contains(first)
            if upper - lower > 1, afterMarker, Self.connectors.contains(first) {
                lower += 1; changed = true
            } else if upper - lower > 1, ["called", "named", "titled"].contains(first) {
                lower += 1; changed = true
            } else if upper - lower > 2, article, Self.isCue(tokens[lower + 1].lower) {
                lower += 2; changed = true
            } else if upper - lower > 2, first == "the", Self.latestWords.contains(tokens[lower + 1].lower), movieCue || tvCue {
                // "the new Dune movie": "new" describes the request, not the title.
                lower += 2; changed = true
            } else if upper - lower > 1, Self.isCue(first) {
                lower += 1; changed = true
            } else if upper - lower > 1, Self.isCue(last) {
                if alternativeTitle == nil { alternativeTitle = Self.join(tokens[lower..<upper]) }
                upper -= 1; changed = true
                if upper - lower > 1, ["tv", "the", "a", "an"].contains(tokens[upper - 1].lower) { upper -= 1 }
            } else if upper - lower > 1, Self.connectors.contains(last) || ["the", "a", "an"].contains(last) {
                upper -= 1; changed = true
            }
        }
        return lower..<upper
    }

    static func isCue(_ word: String) -> Bool { movieCues.contains(word) || tvCues.contains(word) && word != "tv" || word == "tv" }

    static func join(_ tokens: ArraySlice<Token>) -> String {
        var parts: [String] = []
        for (offset, token) in tokens.enumerated() {
            var word = String(token.text)
            if offset > 0, let open = token.open { word = String(open) + word }
            if offset < tokens.count - 1, let close = token.close, !close.contains(")") { word += String(close) }
            parts.append(word)
        }
        return parts.joined(separator: " ").trimmingCharacters(in: CharacterSet(charactersIn: " -:,;"))
    }
}
