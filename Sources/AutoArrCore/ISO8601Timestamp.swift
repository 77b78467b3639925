import Foundation

/// Formats UTC timestamps as `2026-01-31T12:34:56.789Z` with integer arithmetic: the activity API
/// formats one per row, and Foundation's formatters cost more than the rest of the row.
public enum ISO8601Timestamp {
    public static func format(_ date: Date) -> String {
        let totalMilliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let milliseconds = Int(((totalMilliseconds % 1000) + 1000) % 1000)
        let seconds = (totalMilliseconds - Int64(milliseconds)) / 1000
        var days = seconds / 86400
        var secondOfDay = Int(seconds - days * 86400)
        if secondOfDay < 0 { secondOfDay += 86400; days -= 1 }
        let (year, month, day) = civil(fromDays: days)
        var bytes = [UInt8]()
        bytes.reserveCapacity(24)
        func append(_ value: Int, width: Int) {
            var digits = [UInt8](repeating: 0x30, count: width)
            var rest = value
            for index in stride(from: width - 1, through: 0, by: -1) {
                digits[index] = 0x30 + UInt8(rest % 10)
                rest /= 10
            }
            bytes += digits
        }
        append(year, width: 4); bytes.append(0x2D)
        append(month, width: 2); bytes.append(0x2D)
        append(day, width: 2); bytes.append(0x54)
        append(secondOfDay / 3600, width: 2); bytes.append(0x3A)
        append(secondOfDay / 60 % 60, width: 2); bytes.append(0x3A)
        append(secondOfDay % 60, width: 2); bytes.append(0x2E)
        append(milliseconds, width: 3); bytes.append(0x5A)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses ISO 8601 with or without fractional seconds.
    public static func parse(_ text: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)) ?? (try? Date.ISO8601FormatStyle().parse(text))
    }

    /// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `civil_from_days`).
    private static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0)), Int(month), Int(day))
    }
}
