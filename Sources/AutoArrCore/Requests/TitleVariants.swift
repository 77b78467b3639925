import Foundation

/// Other spellings of a title to look up when the *arr finds nothing for it, and how close a found title is to
/// what was typed: pure, so "did you mean …?" is a table test.
public enum TitleVariants {
    static let romans: [(String, Int)] = [("i", 1), ("ii", 2), ("iii", 3), ("iv", 4), ("v", 5), ("vi", 6), ("vii", 7), ("viii", 8), ("ix", 9), ("x", 10)]

    /// The spellings to try, most likely first, without the title itself: numerals the other way ("Episode IV" ↔
    /// "Episode 4"), without a trailing "Episode/Part/Chapter N", without or with "the", "&" as "and", without
    /// punctuation, and, for typos, each long word cut to its first three letters (the lookups match word beginnings).
    public static func variants(of title: String) -> [String] {
        let words = title.split(whereSeparator: \.isWhitespace).map(String.init)
        guard !words.isEmpty else { return [] }
        var found: [String] = []
        func add(_ words: [String]) {
            let text = words.joined(separator: " ").trimmingCharacters(in: CharacterSet(charactersIn: " :-,"))
            guard !text.isEmpty, text.lowercased() != title.lowercased(), !found.contains(where: { $0.lowercased() == text.lowercased() }) else { return }
            found.append(text)
        }
        let lower = words.map { $0.lowercased() }
        // "Star Wars Episode IV", "Harry Potter Part 2": the series name alone.
        if let index = lower.lastIndex(where: { ["episode", "part", "chapter", "vol", "vol.", "volume"].contains($0.trimmingCharacters(in: .punctuationCharacters)) }),
           index > 0, index == words.count - 2 || index == words.count - 1 {
            add(Array(words[..<index]))
        }
        add(words.map { word in
            let bare = word.lowercased().trimmingCharacters(in: .punctuationCharacters)
            if let arabic = romans.first(where: { $0.0 == bare })?.1, word.uppercased() == word { return String(arabic) }
            if let number = Int(bare), let roman = romans.first(where: { $0.1 == number })?.0 { return roman.uppercased() }
            return word
        })
        if lower.first == "the", words.count > 1 { add(Array(words.dropFirst())) } else { add(["The"] + words) }
        add(words.map { $0 == "&" ? "and" : $0.lowercased() == "and" ? "&" : $0 })
        add(words.map { String($0.unicodeScalars.filter { !CharacterSet.punctuationCharacters.contains($0) }) }.filter { !$0.isEmpty })
        add(words.map { word in word.count >= 4 && word.allSatisfy(\.isLetter) ? String(word.prefix(3)) : word })
        return found
    }

    /// How alike two titles are, 0…1: the share of letter pairs they have in common (Sørensen–Dice), ignoring case,
    /// accents, punctuation and a leading "the".
    public static func similarity(_ a: String, _ b: String) -> Double {
        let x = pairs(a), y = pairs(b)
        guard !x.isEmpty, !y.isEmpty else { return a.lowercased() == b.lowercased() ? 1 : 0 }
        var rest = y
        var common = 0
        for pair in x { if let index = rest.firstIndex(of: pair) { common += 1; rest.remove(at: index) } }
        return Double(2 * common) / Double(x.count + y.count)
    }

    static func pairs(_ text: String) -> [String] {
        var folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        if folded.hasPrefix("the ") { folded.removeFirst(4) }
        let letters = Array(folded.filter { $0.isLetter || $0.isNumber })
        guard letters.count > 1 else { return [] }
        return (0..<(letters.count - 1)).map { String(letters[$0...($0 + 1)]) }
    }
}
