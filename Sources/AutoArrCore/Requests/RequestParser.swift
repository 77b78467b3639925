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
        correctKeywordTypos()
    }

    mutating func run(latestYear: Int) {
        markFraming()
        markTypePrefix()
        markQualities()
        markSeasonsAndEpisodes()
        markYears(latestYear: latestYear)
        markTypeCues()
        title = assembleTitle()
        if result.type == nil {
            if result.season != nil || result.episode != nil || result.latestSeason || result.allSeasons || result.latestEpisode || tvCue { result.type = .tv }
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
        "is there any chance you could add", "is there any chance you could get", "any chance you could add", "any chance you could get",
        "is there any chance of", "any chance of", "would it be possible to add", "would it be possible to get", "is it possible to add",
        "is it possible to get", "i've been meaning to watch", "ive been meaning to watch", "i have been meaning to watch", "been meaning to watch",
        "i've been wanting to watch", "i'd love to watch", "i'd love to see", "id love to watch", "i would love to watch", "i would love to see",
        "would love to watch", "would love to see", "we'd love to watch", "we would love to watch", "i'd love", "i would love", "we'd love",
        "can't wait to watch", "cant wait to watch", "dying to watch", "dying to see", "i'm in the mood for", "im in the mood for", "in the mood for",
        "i'm after", "im after", "i am looking for", "we are looking for", "we're looking for", "help me find", "help me get",
        "can we get", "could we get", "can we have", "could we have", "can i get", "could i get", "can i have", "may i have", "do you have",
        "have you got", "do we have", "we'd like to watch", "we would like to watch", "we'd like", "we would like", "wants to watch",
        "wants to see", "want to watch", "want to see", "is asking for", "are asking for", "keeps asking for", "keep asking for", "asked for",
        "has been asking for", "have been asking for", "wants", "need to watch", "have to watch", "gotta watch", "got to watch",
        "start downloading", "let's get", "lets get", "set up", "time to watch", "mind adding", "would you mind adding", "go ahead and add",
        "go ahead and get", "can you add", "could you add", "would like to watch", "would like to see", "would like", "would love",
        "is obsessed with", "are obsessed with", "keeps talking about", "recommended", "told me to watch",
        "told me about", "said i should watch", "says i should watch", "i should watch", "i should see", "we should watch",
        "i keep hearing about", "everyone's talking about", "everyone is talking about",
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
        "for me please", "in my library", "thanks a lot", "cheers", "again", "for the family", "for my wife", "for my husband", "for my son",
        "for my daughter", "for my partner", "for us", "for everyone", "for movie night", "for family movie night", "this weekend",
        "if you could", "if you don't mind", "if you dont mind", "when you get a chance", "when you can", "no rush", "pretty please",
        "please and thank you", "on the server", "to jellyfin", "on jellyfin", "to emby", "if we can", "if we have room", "to watch",
        "to watch tonight", "with the kids", "with my kids", "for the kids please", "please thanks", "thank you so much", "thanks so much", "ty",
    ].map { $0.split(separator: " ").map(String.init) }

    /// Who a request is for when it is not the speaker: "my kids want …", "the wife wants to see …".
    static let people: Set<String> = [
        "kids", "kid", "son", "sons", "daughter", "daughters", "wife", "husband", "partner", "girlfriend", "boyfriend", "family", "mom", "mum",
        "dad", "friends", "friend", "roommate", "roommates", "children", "child", "brother", "sister", "parents", "grandma", "grandpa", "boss",
        "fiance", "fiancée", "fiancé", "missus", "toddler", "teenager", "teen", "nephew", "niece", "housemate", "housemates",
    ]
    static let peopleVerbs: Set<String> = ["want", "wants", "need", "needs", "love", "loves", "like", "likes", "adore", "adores", "requested", "asked"]
    /// Words that only colour a request: "I'd *really* like", "I *just* want".
    static let fillers: Set<String> = [
        "really", "so", "just", "also", "actually", "definitely", "honestly", "kinda", "sorta", "quite", "still", "finally", "totally",
        "badly", "seriously", "desperately", "maybe", "perhaps", "now", "then", "um", "uh", "hmm", "well", "oh", "please,",
    ]

    mutating func markFraming() {
        var start = 0
        var progress = true
        while progress, start < tokens.count {
            progress = false
            // "my kids", "the wife", "our son": who it is for, before what they want.
            if start + 2 < tokens.count, ["my", "our", "the"].contains(tokens[start].lower), Self.people.contains(tokens[start + 1].lower),
               !tokens[start].quoted {
                mark(start..<(start + 2), .framing)
                start += 2
                // What they do: "want", "love", "need" (only after who, so "Love Actually" keeps its first word).
                if start + 1 < tokens.count, Self.peopleVerbs.contains(tokens[start].lower) {
                    mark(start..<(start + 1), .framing)
                    start += 1
                }
                progress = true
                continue
            }
            if start + 1 < tokens.count, Self.fillers.contains(tokens[start].lower), !tokens[start].quoted,
               start > 0 || Self.startsFraming(tokens, at: start + 1) || Self.leadingPhrases.contains(where: { matchesSkippingFillers($0, at: start + 1) != nil }) {
                mark(start..<(start + 1), .framing)
                start += 1
                progress = true
                continue
            }
            for phrase in Self.leadingPhrases {
                guard let length = matchesSkippingFillers(phrase, at: start), start + length < tokens.count else { continue }
                mark(start..<(start + length), .framing)
                start += length
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

    /// A leading phrase at `index`, with fillers allowed between its words ("I'd *really* like to watch"). - Returns: how
    /// many tokens it covers.
    func matchesSkippingFillers(_ phrase: [String], at index: Int) -> Int? {
        var position = index
        for (offset, word) in phrase.enumerated() {
            if offset > 0 { while position < tokens.count, Self.fillers.contains(tokens[position].lower), tokens[position].lower != word, !tokens[position].quoted { position += 1 } }
            guard position < tokens.count, tokens[position].lower == word, !tokens[position].quoted else { return nil }
            position += 1
        }
        return position - index
    }

    /// Whether a leading phrase begins here (a filler first in the request only counts before one).
    static func startsFraming(_ tokens: [Token], at index: Int) -> Bool {
        index + 1 < tokens.count && ["my", "our"].contains(tokens[index].lower) && people.contains(tokens[index + 1].lower)
    }

    // MARK: Typos in the request's own words

    /// The words the parser looks for, which people mistype ("seaosn 2", "the moive", "downlaod"): a word one edit
    /// (or one swap) from one of them is read as it, where the word is not itself a common word.
    static let keywords: [String] = ["season", "seasons", "episode", "episodes", "movie", "series", "download", "please", "search", "documentary",
                                     "through", "latest", "newest"]
    static let leadingKeywords: Set<String> = ["download", "please", "search"]

    mutating func correctKeywordTypos() {
        for index in tokens.indices where !tokens[index].quoted {
            let word = tokens[index].lower
            guard word.count >= 5, word.allSatisfy(\.isLetter), !Self.keywords.contains(word) else { continue }
            guard let keyword = Self.keywords.first(where: { Self.withinOneEdit(word, $0) }) else { continue }
            let nextIsNumber = index + 1 < tokens.count && Self.number(tokens[index + 1].lower) != nil
            let accepted = switch keyword {
            case "season", "seasons", "episode", "episodes": nextIsNumber || (index > 0 && ["of", "all", "every", "the", "latest", "newest", "new", "last"].contains(tokens[index - 1].lower))
                || index + 1 < tokens.count && tokens[index + 1].lower == "of"
            case "download", "please", "search": index < 2 || Self.leadingKeywords.contains(keyword) && index == tokens.count - 1
            case "latest", "newest": index + 1 < tokens.count && ["season", "episode", "seasons", "episodes"].contains(tokens[index + 1].lower)
                || index + 1 < tokens.count && Self.keywords.contains { Self.withinOneEdit(tokens[index + 1].lower, $0) }
            default: Self.isSwap(word, keyword)
            }
            if accepted { tokens[index].lower = keyword }
        }
    }

    /// One letter added, dropped, changed, or two neighbours swapped.
    static func withinOneEdit(_ a: String, _ b: String) -> Bool {
        let x = Array(a), y = Array(b)
        guard abs(x.count - y.count) <= 1, x != y else { return false }
        if x.count == y.count {
            let differ = x.indices.filter { x[$0] != y[$0] }
            return differ.count == 1 || (differ.count == 2 && differ[1] == differ[0] + 1 && x[differ[0]] == y[differ[1]] && x[differ[1]] == y[differ[0]])
        }
        let (short, long) = x.count < y.count ? (x, y) : (y, x)
        var i = 0, j = 0, skipped = false
        while i < short.count, j < long.count {
            if short[i] == long[j] { i += 1; j += 1; continue }
            if skipped { return false }
            skipped = true
            j += 1
        }
        return true
    }

    static func isSwap(_ a: String, _ b: String) -> Bool {
        let x = Array(a), y = Array(b)
        guard x.count == y.count else { return false }
        let differ = x.indices.filter { x[$0] != y[$0] }
        return differ.count == 2 && differ[1] == differ[0] + 1 && x[differ[0]] == y[differ[1]] && x[differ[1]] == y[differ[0]]
    }

    // MARK: Type prefix: "film: Alien", "TV show - The Sopranos"

    mutating func markTypePrefix() {
        guard let first = tokens.indices.first(where: { isFree($0) }) else { return }
        var index = first
        var cues: [Int] = []
        while index < tokens.count, isFree(index) || tokens[index].lower.hasSuffix(":") {
            let word = tokens[index].lower.trimmingCharacters(in: CharacterSet(charactersIn: ":"))
            guard Self.isCue(word) || (word == "tv" && index + 1 < tokens.count) else { break }
            cues.append(index)
            if tokens[index].lower.hasSuffix(":") { break }
            index += 1
        }
        guard let last = cues.last else { return }
        let colon = tokens[last].lower.hasSuffix(":")
        let dash = last + 1 < tokens.count && ["-", "–", "—", ":"].contains(tokens[last + 1].lower)
        guard colon || dash, last + (dash ? 2 : 1) < tokens.count else { return }
        for cue in cues {
            let word = tokens[cue].lower.trimmingCharacters(in: CharacterSet(charactersIn: ":"))
            if Self.movieCues.contains(word) { movieCue = true }
            if Self.tvCues.contains(word) { tvCue = true }
        }
        mark(first..<(last + (dash ? 2 : 1)), .marker)
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

    /// "s01e02" → ([1], [2]); "s3" → ([3], []); "e05" → ([], [5]); "1x03" → ([1], [3]); "s01e01e02" and "s01e01-02" → ([1], [1, 2]);
    /// "s01-s03" and "s1-3" → ([1, 2, 3], []).
    static func episodeCode(_ word: String) -> (seasons: [Int], episodes: [Int])? {
        let characters = Array(word)
        func digits(from start: Int) -> (Int, Int)? {
            var end = start
            while end < characters.count, characters[end].isASCII, characters[end].isNumber { end += 1 }
            guard end > start, end - start <= 3, let value = Int(String(characters[start..<end])) else { return nil }
            return (value, end)
        }
        /// More numbers after the first, each after "e", "-", "-e" (or "s" for seasons): "e02", "-02", "-e03".
        func more(from start: Int, letter: Character, first: Int) -> [Int]? {
            var values = [first], index = start
            while index < characters.count {
                var range = false
                if characters[index] == "-" { range = true; index += 1 }
                if index < characters.count, characters[index] == letter { index += 1 }
                guard let (value, end) = digits(from: index) else { return nil }
                if range, let last = values.last, value > last, value - last <= 50 { values += Array((last + 1)...value) } else { values.append(value) }
                index = end
            }
            return values
        }
        if characters.first == "s", let (season, end) = digits(from: 1) {
            if end == characters.count { return ([season], []) }
            if characters[end] == "e", let (episode, last) = digits(from: end + 1) {
                guard let episodes = more(from: last, letter: "e", first: episode) else { return nil }
                return ([season], episodes)
            }
            if characters[end] == "-", let seasons = more(from: end, letter: "s", first: season) { return (seasons, []) }
            return nil
        }
        if characters.first == "e", let (episode, end) = digits(from: 1), let episodes = more(from: end, letter: "e", first: episode) { return ([], episodes) }
        if let (season, end) = digits(from: 0), end < characters.count, characters[end] == "x",
           let (episode, last) = digits(from: end + 1), season < 100, let episodes = more(from: last, letter: "x", first: episode) { return ([season], episodes) }
        return nil
    }

    static let rangeWords: Set<String> = ["-", "–", "to", "through", "thru", "till", "until"]
    static let listWords: Set<String> = ["and", "&", "+", ","]

    /// The numbers from `index` on: "1", "1-3", "1 to 3", "2 and 3", "1, 2 and 3", "2&3". - Returns: them and the index after.
    func numbers(from index: Int) -> (values: [Int], end: Int)? {
        func one(_ word: String) -> [Int]? {
            if let value = Self.number(word) { return [value] }
            // "1-3", "2,3", "2&3" in one word.
            for separator in ["-", "–", ",", "&", "+"] where word.contains(separator) {
                let parts = word.split(separator: Character(separator)).map(String.init)
                guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]), a < 100, b < 100 else { return nil }
                return separator == "-" || separator == "–" ? (b > a ? Array(a...b) : nil) : [a, b]
            }
            return nil
        }
        guard index < tokens.count, isFree(index), !Self.isRoman(tokens[index].text), var values = one(tokens[index].lower) else { return nil }
        var end = index + 1
        var listed = tokens[index].close?.contains(",") == true
        while end < tokens.count {
            let word = tokens[end].lower
            if listed, isFree(end), let next = one(word) { values += next; listed = tokens[end].close?.contains(",") == true; end += 1; continue }
            guard end + 1 < tokens.count, isFree(end), isFree(end + 1), Self.rangeWords.contains(word) || Self.listWords.contains(word),
                  let next = Self.number(tokens[end + 1].lower), !Self.isRoman(tokens[end + 1].text) else { break }
            if Self.rangeWords.contains(word), let last = values.last, next > last, next - last <= 50 { values += Array((last + 1)...next) } else { values.append(next) }
            listed = tokens[end + 1].close?.contains(",") == true
            end += 2
        }
        return (values, end)
    }

    mutating func setSeasons(_ values: [Int]) {
        guard result.season == nil, let first = values.first else { return }
        result.season = first
        if values.count > 1 { result.seasons = values }
    }

    mutating func setEpisodes(_ values: [Int]) {
        guard result.episode == nil, let first = values.first else { return }
        result.episode = first
        if values.count > 1 { result.episodes = values }
    }

    mutating func markSeasonsAndEpisodes() {
        var index = 0
        while index < tokens.count {
            defer { index += 1 }
            guard isFree(index) else { continue }
            let word = tokens[index].lower
            if let code = Self.episodeCode(word), !code.seasons.isEmpty || (index > 0 && tokens[index - 1].role == .marker) {
                setSeasons(code.seasons)
                setEpisodes(code.episodes)
                mark(index..<(index + 1), .marker)
                continue
            }
            // "all seasons of", "every season of", "all the episodes of", "the complete series".
            if ["all", "every", "each"].contains(word), index + 1 < tokens.count {
                let next = index + 1 < tokens.count && tokens[index + 1].lower == "the" ? index + 2 : index + 1
                if next < tokens.count, isFree(next), ["seasons", "season", "episodes", "episode"].contains(tokens[next].lower) {
                    result.allSeasons = true
                    mark(index..<(next + 1), .marker)
                    index = next
                    continue
                }
            }
            if ["complete", "whole", "entire", "full"].contains(word), index + 1 < tokens.count, isFree(index + 1), tokens[index + 1].lower == "series" {
                result.allSeasons = true
                mark(index..<(index + 2), .marker)
                markArticle(before: index)
                index += 1
                continue
            }
            let isSeason = word == "season" || word == "series" && index + 1 < tokens.count && Self.number(tokens[index + 1].lower) != nil
            if isSeason || word == "seasons" {
                if let (values, end) = numbers(from: index + 1) {
                    setSeasons(values)
                    mark(index..<end, .marker)
                    markArticle(before: index)
                    index = end - 1
                } else if index > 0, let number = Self.ordinals[tokens[index - 1].lower] ?? Self.ordinalDigits(tokens[index - 1].lower) {
                    setSeasons([number])
                    mark((index - 1)..<(index + 1), .marker)
                    markArticle(before: index - 1)
                } else if index > 0, Self.latestWords.contains(tokens[index - 1].lower) {
                    result.latestSeason = true
                    mark((index - 1)..<(index + 1), .marker)
                    if index > 1, tokens[index - 2].lower == "most" { mark((index - 2)..<(index - 1), .marker) }
                    markArticle(before: index - 1)
                    markArticle(before: index - 2)
                } else if word == "seasons" {
                    // "Breaking Bad seasons", "the seasons of Friends": every season.
                    result.allSeasons = true
                    mark(index..<(index + 1), .marker)
                    markArticle(before: index)
                    if index > 0, isFree(index - 1), ["all", "every"].contains(tokens[index - 1].lower) { mark((index - 1)..<index, .marker) }
                } else if word == "season" {
                    tvCue = true
                    mark(index..<(index + 1), .marker)
                }
                continue
            }
            if ["episode", "episodes", "ep", "ep.", "eps"].contains(word) {
                if let (values, end) = numbers(from: index + 1) {
                    setEpisodes(values)
                    mark(index..<end, .marker)
                    markArticle(before: index)
                    index = end - 1
                } else if index > 1, ["first", "opening"].contains(tokens[index - 2].lower), let count = Self.number(tokens[index - 1].lower), (1...50).contains(count) {
                    // "the first two episodes of".
                    setEpisodes(Array(1...count))
                    mark((index - 2)..<(index + 1), .marker)
                    markArticle(before: index - 2)
                } else if index > 0, let number = Self.ordinals[tokens[index - 1].lower] ?? Self.ordinalDigits(tokens[index - 1].lower) {
                    setEpisodes([number])
                    mark((index - 1)..<(index + 1), .marker)
                    markArticle(before: index - 1)
                } else if index > 0, Self.latestWords.contains(tokens[index - 1].lower) || tokens[index - 1].lower == "recent" {
                    // "the newest episode of", "the most recent episode of".
                    result.latestEpisode = true
                    mark((index - 1)..<(index + 1), .marker)
                    if index > 1, tokens[index - 2].lower == "most" { mark((index - 2)..<(index - 1), .marker) }
                    markArticle(before: index - 1)
                    markArticle(before: index - 2)
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
            // "the film 2012", "the show 1899": after nothing but a type word, the number is the title.
            let namingWordsBefore = tokens[..<index].filter { $0.role == .title && !Self.isCue($0.lower) && !["the", "a", "an"].contains($0.lower)
                && !Self.descriptors.contains($0.lower) }.count
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
            } else if namingWordsBefore > 0, titleWordsBefore > 0, titleWordsAfter == 0, tokens[index - 1].close == nil, !tokens[index - 1].text.hasSuffix(":") {
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
        // Once a type word before the title was taken off, one at its end is the title's own ("the british sitcom Peep Show").
        var typedBefore = range.lowerBound > 0 && tokens[..<range.lowerBound].contains { $0.role == .marker && Self.isCue($0.lower.trimmingCharacters(in: CharacterSet(charactersIn: ":"))) }
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
            } else if let end = descriptorRun(from: article || ["that", "this"].contains(first) ? lower + 1 : lower, before: upper), end < upper,
                      !(end == upper - 1 && Int(tokens[end].lower) != nil && tokens[lower..<end].contains { $0.lower == "movie" }) {
                // "french series Call My Agent", "the nature documentary series Planet Earth".
                if tokens[lower..<end].contains(where: { Self.movieCues.contains($0.lower) }) { movieCue = true }
                if tokens[lower..<end].contains(where: { Self.tvCues.contains($0.lower) }) { tvCue = true }
                lower = end; changed = true; typedBefore = true
            } else if upper - lower > 1, Self.isCue(first) {
                lower += 1; changed = true; typedBefore = true
            } else if upper - lower > 1, !typedBefore, Self.isCue(last) || Self.kindNouns.contains(last) && upper - lower > 2 {
                if alternativeTitle == nil { alternativeTitle = Self.join(tokens[lower..<upper]) }
                upper -= 1; changed = true
                if upper - lower > 1, ["tv", "the", "a", "an"].contains(tokens[upper - 1].lower) { upper -= 1 }
                // "Planet Earth nature documentary", "Dark korean drama series": the descriptors go with the type word.
                while upper - lower > 1, Self.trailingDescriptors.contains(tokens[upper - 1].lower) || Self.isCue(tokens[upper - 1].lower) { upper -= 1 }
            } else if upper - lower > 1, Self.connectors.contains(last) || ["the", "a", "an"].contains(last), upper < tokens.count {
                // Only before what was taken off ("Heat in 4k", "Dune to my library"): at the very end it is the title's
                // ("Let the Right One In").
                upper -= 1; changed = true
            }
        }
        return lower..<upper
    }

    static func isCue(_ word: String) -> Bool { movieCues.contains(word) || tvCues.contains(word) && word != "tv" || word == "tv" }

    /// Words that describe what kind of title it is, before a type word: "a *French* series", "the *nature documentary*
    /// series", "an *animated* movie". They are taken out with the type word, never kept as the title.
    static let descriptors: Set<String> = [
        "french", "korean", "japanese", "british", "english", "spanish", "german", "italian", "danish", "swedish", "norwegian", "finnish",
        "icelandic", "australian", "canadian", "indian", "bollywood", "mexican", "turkish", "chinese", "american", "irish", "scottish", "welsh",
        "israeli", "polish", "brazilian", "argentinian", "belgian", "dutch", "russian", "thai", "nordic", "scandinavian", "european", "foreign",
        "nature", "wildlife", "documentary", "animated", "animation", "cartoon", "kids", "kids'", "children's", "childrens", "kid's", "family",
        "horror", "comedy", "crime", "true", "sci-fi", "scifi", "fantasy", "romantic", "romance", "action", "drama", "thriller", "mystery",
        "cooking", "reality", "classic", "old", "cult", "indie", "silent", "war", "western", "musical", "superhero", "christmas", "holiday",
        "disney", "pixar", "teen", "short", "space", "spy", "detective", "historical", "period", "medical", "legal", "political", "k-drama",
        "bbc", "hbo", "netflix", "dark", "funny", "scary", "good", "great", "cool", "little", "popular", "famous", "award-winning", "80s",
        "90s", "70s", "2000s", "stop-motion", "claymation", "anthology", "procedural", "crime-drama", "psychological", "heist", "zombie",
        "vampire", "samurai", "martial", "arts", "fairy", "tale", "adventure", "epic", "biopic", "biographical", "sports", "food", "travel",
        "history", "science", "educational", "preschool", "toddler", "baby", "adult", "animated-series", "live-action", "live", "action-comedy",
    ]
    /// Descriptors taken off a title's end before a type word: not those that end real titles ("Modern Family", "Star Wars").
    static let trailingDescriptors = descriptors.subtracting([
        "family", "war", "space", "history", "science", "food", "travel", "live", "little", "great", "good", "dark", "old", "short", "period",
        "tale", "arts", "baby", "adult", "cool", "legal", "popular", "famous", "sports", "holiday", "christmas", "heist", "epic", "kids", "true",
        "drama", "western", "musical", "action", "adventure", "classic", "mystery", "romance", "fantasy", "zombie", "vampire", "samurai",
    ])
    /// Descriptors that name the kind alone, without a type word after them: "the nature documentary Planet Earth".
    static let kindNouns: Set<String> = ["documentary", "docuseries", "drama", "cartoon", "sitcom", "anime", "k-drama", "biopic", "anthology"]

    /// The end of a run of descriptors from `index` that closes with a type word or a kind noun, if it does.
    func descriptorRun(from index: Int, before upper: Int) -> Int? {
        var end = index
        while end < upper, Self.descriptors.contains(tokens[end].lower) || (end > index && Self.isCue(tokens[end].lower)) {
            if Self.isCue(tokens[end].lower) {
                // The type word closes the run: "french series", "tv series", "documentary series".
                var close = end + 1
                while close < upper, Self.isCue(tokens[close].lower) { close += 1 }
                return close
            }
            end += 1
        }
        return end > index && Self.kindNouns.contains(tokens[end - 1].lower) ? end : nil
    }

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
