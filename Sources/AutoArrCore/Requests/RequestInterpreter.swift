/// A second reader for requests the parser is unsure of: a language model, when one is configured (the LLM
/// providers plug in here). Its answer is validated like any input and used only when it is sound.
public protocol RequestInterpreter: Sendable {
    /// The same fields the parser gives, read from the text; nil when it cannot tell.
    func interpret(_ query: String, parsed: ParsedRequest) async throws -> ParsedRequest?
}

extension ParsedRequest {
    /// Whether an interpreter's answer is usable: a real title, and numbers in range.
    public var isSound: Bool {
        guard let title, !title.trimmingCharacters(in: .whitespaces).isEmpty, title.count <= 200 else { return false }
        if let year, !(1870...2100).contains(year) { return false }
        if let season, !(0...100).contains(season) { return false }
        if let episode, !(1...2000).contains(episode) { return false }
        return true
    }
}
