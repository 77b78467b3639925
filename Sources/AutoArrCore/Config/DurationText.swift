import Foundation

/// Parses human durations used in configuration: `500ms`, `10s`, `5m`, `2h`, `7d`, or a bare number of seconds.
enum DurationText {
    static func seconds(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]
        for (suffix, factor) in units where trimmed.hasSuffix(suffix) {
            guard let value = Double(trimmed.dropLast(suffix.count)), value.isFinite else { return nil }
            return value * factor
        }
        guard let value = Double(trimmed), value.isFinite else { return nil }
        return value
    }
}
