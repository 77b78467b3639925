import AutoArrCore
import Foundation

// Benchmarks (release build), run by scripts/bench:
//   autoarr-bench [corpus-file]   request parse throughput, and matching a request against a 50,000-title library
//   autoarr-bench monitor RADARR_URL RADARR_KEY SAB_URL SAB_KEY CONTROL_URL
//                                 CPU of one monitor pass over a 5,000-item queue, and failure-to-action latency
if CommandLine.arguments.dropFirst().first == "monitor" {
    try await MonitorBench.run(Array(CommandLine.arguments.dropFirst(2)))
    exit(0)
}
let corpusPath = CommandLine.arguments.dropFirst().first ?? "Tests/AutoArrCoreTests/Resources/request-corpus.txt"
guard let corpusText = try? String(contentsOfFile: corpusPath, encoding: .utf8) else {
    FileHandle.standardError.write(Data("autoarr-bench: cannot read \(corpusPath)\n".utf8))
    exit(2)
}
let queries = corpusText.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { String($0.split(separator: "|")[0]) }

func percentile(_ sorted: [Double], _ fraction: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))] }

// Parse throughput.
let parser = RequestParser()
var parsed = 0
var checksum = 0
let parseStart = ContinuousClock.now
while ContinuousClock.now - parseStart < .seconds(3) {
    for query in queries {
        if let result = try? parser.parse(query) { checksum &+= result.title?.count ?? 0 }
        parsed += 1
    }
}
let parseSeconds = Double((ContinuousClock.now - parseStart).components.attoseconds) / 1e18 + Double((ContinuousClock.now - parseStart).components.seconds)
print(String(format: "parse              %9.0f queries/s  (%d queries, %d distinct, checksum %d)", Double(parsed) / parseSeconds, parsed, queries.count, checksum % 997))

// Title matching against a 50,000-title library of made-up but word-shaped titles (a few words from a
// 6,000-word vocabulary, Zipf-like, with articles and years).
struct Seeded: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state
    }
}
var random = Seeded(state: 42)
let syllables = ["ka", "ri", "mo", "ten", "sha", "lo", "vin", "dar", "el", "ost", "ben", "qui", "nor", "ta", "zu", "fen", "gal", "hi", "ro", "mar"]
var vocabulary: [String] = []
for _ in 0..<6000 {
    var text = ""
    for _ in 0..<Int.random(in: 2...3, using: &random) { text += syllables.randomElement(using: &random)! }
    vocabulary.append(text)
}
var library: [MediaCandidate] = []
for index in 0..<50_000 {
    var words: [String] = []
    for _ in 0..<Int.random(in: 1...4, using: &random) {
        // Zipf-like: low indexes far more often.
        words.append(vocabulary[Int(pow(Double.random(in: 0..<1, using: &random), 2.5) * Double(vocabulary.count))].capitalized)
    }
    if Int.random(in: 0..<4, using: &random) == 0 { words.insert("The", at: 0) }
    library.append(MediaCandidate(id: "tmdb:\(index + 1)", type: index % 3 == 0 ? .tv : .movie, instance: "radarr", title: words.joined(separator: " "),
                                  year: Int.random(in: 1930...2025, using: &random), popularity: Double.random(in: 0...100, using: &random)))
}
let buildStart = ContinuousClock.now
let index = TitleIndex(library)
let buildTime = ContinuousClock.now - buildStart
var latencies: [Double] = []
var found = 0
for round in 0..<2000 {
    let target = library[Int.random(in: 0..<library.count, using: &random)]
    // Half the queries drop a word or add a year, as people type them.
    var title = target.title
    if round % 2 == 0, title.split(separator: " ").count > 2 { title = title.split(separator: " ").dropLast().joined(separator: " ") }
    let request = ParsedRequest(type: nil, title: title, year: round % 3 == 0 ? target.year : nil)
    let start = ContinuousClock.now
    let best = index.match(request)
    let elapsed = ContinuousClock.now - start
    latencies.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
    if best.contains(where: { $0.id == target.id }) { found += 1 }
}
latencies.sort()
print(String(format: "match (50k titles)  p50 %.3f ms  p99 %.3f ms  max %.3f ms  (target in top 5: %.1f%%, index built in %@)",
             percentile(latencies, 0.5), percentile(latencies, 0.99), latencies.last ?? 0, Double(found) * 100 / 2000, "\(buildTime)"))
