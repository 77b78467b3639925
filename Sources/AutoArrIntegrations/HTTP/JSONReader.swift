import Foundation
import NIOCore

/// A type read straight from JSON bytes by `JSONReader`, for the few answers that are large and polled often (an
/// *arr's queue, SABnzbd's queue). It reads the keys it needs and skips the rest without building them, where
/// `JSONDecoder` materialises every member (ADR 0011).
protocol JSONReadable {
    init(reading reader: inout JSONReader) throws
}

/// A forward-only reader over one JSON document's bytes.
///
/// Values are read in document order: `nextKey()` gives each member's key, and the caller reads its value with
/// `string()`, `int()`, … or `skipValue()`s it. Keys are matched against a type's `CodingKeys` through `JSONKeys`,
/// so the key list stays the one the spec tests check.
struct JSONReader {
    struct Failure: Error, CustomStringConvertible {
        var description: String

        /// A member a type needs was not in its object.
        static func missing(_ what: String) -> Failure { Failure(description: "missing \(what)") }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Reads one `T` from a whole document; anything after it but whitespace is an error.
    static func read<T: JSONReadable>(_ type: T.Type, from body: [UInt8]) throws -> T {
        try body.withUnsafeBufferPointer { try read(T.self, in: $0) }
    }

    /// Reads one `T` from a received body, in place.
    static func read<T: JSONReadable>(_ type: T.Type, from body: ByteBuffer) throws -> T {
        try body.withUnsafeReadableBytes { try read(T.self, in: $0.bindMemory(to: UInt8.self)) }
    }

    private static func read<T: JSONReadable>(_ type: T.Type, in buffer: UnsafeBufferPointer<UInt8>) throws -> T {
        var reader = JSONReader(buffer)
        let value = try T(reading: &reader)
        reader.skipWhitespace()
        guard reader.index == buffer.count else { throw reader.failure("end of document") }
        return value
    }

    // MARK: Structure

    /// Opens an object: then `while let key = try reader.nextKey()` reads or skips each member's value.
    mutating func beginObject() throws {
        skipWhitespace()
        try expect(UInt8(ascii: "{"), "an object")
    }

    /// The next member's key, with the reader at its value; nil after the closing brace.
    mutating func nextKey() throws -> UnsafeBufferPointer<UInt8>? {
        skipWhitespace()
        if peek == UInt8(ascii: "}") { index += 1; return nil }
        if previous != UInt8(ascii: "{") { try expect(UInt8(ascii: ","), "',' or '}'") }
        skipWhitespace()
        guard peek == UInt8(ascii: "\"") else { throw failure("a key") }
        let key = try rawString().bytes
        skipWhitespace()
        try expect(UInt8(ascii: ":"), "':'")
        skipWhitespace()
        return key
    }

    /// Opens an array: then `while try reader.nextElement()` reads or skips each element.
    mutating func beginArray() throws {
        skipWhitespace()
        try expect(UInt8(ascii: "["), "an array")
    }

    /// Whether another element follows, with the reader at it.
    mutating func nextElement() throws -> Bool {
        skipWhitespace()
        if peek == UInt8(ascii: "]") { index += 1; return false }
        if previous != UInt8(ascii: "[") { try expect(UInt8(ascii: ","), "',' or ']'") }
        skipWhitespace()
        return true
    }

    /// An array of `T`, or nil for `null`.
    mutating func array<T: JSONReadable>(of type: T.Type) throws -> [T]? {
        if try null() { return nil }
        var values: [T] = []
        try beginArray()
        while try nextElement() { values.append(try T(reading: &self)) }
        return values
    }

    /// An array of strings, or nil for `null`.
    mutating func strings() throws -> [String]? {
        if try null() { return nil }
        var values: [String] = []
        try beginArray()
        while try nextElement() { values.append(try string() ?? "") }
        return values
    }

    // MARK: Scalars (each returns nil for `null`)

    mutating func string() throws -> String? {
        if try null() { return nil }
        guard peek == UInt8(ascii: "\"") else { throw failure("a string") }
        let start = index
        let (raw, escaped) = try rawString()
        if !escaped { return String(decoding: raw, as: UTF8.self) }
        // Escapes are rare: let Foundation unescape this one string.
        let token = UnsafeBufferPointer(rebasing: bytes[start..<index])
        guard let value = try? JSONDecoder().decode(String.self, from: Data(buffer: token)) else { throw failure("a valid string", at: start) }
        return value
    }

    mutating func double() throws -> Double? {
        if try null() { return nil }
        let start = index
        let token = try numberToken("a number")
        // Sizes are whole numbers: they convert without going through text (rounded as `strtod` would).
        if let whole = try? Self.wholeNumber(token) { return Double(whole) }
        guard let value = Double(String(decoding: token, as: UTF8.self)) else { throw failure("a number", at: start) }
        return value
    }

    /// An integer; a number with a fraction or exponent is an error, as with `Decodable`.
    mutating func int() throws -> Int? {
        if try null() { return nil }
        let start = index
        let token = try numberToken("an integer")
        do {
            guard let value = try Self.wholeNumber(token) else { throw failure("an integer", at: start) }
            return value
        } catch is Overflow {
            throw failure("an integer in range", at: start)
        }
    }

    private struct Overflow: Error {}

    /// A token of only digits, optionally negative, as an integer; nil for anything else.
    /// - Throws: `Overflow` past `Int`'s range.
    private static func wholeNumber(_ token: UnsafeBufferPointer<UInt8>) throws -> Int? {
        var digits = token[...]
        let negative = digits.first == UInt8(ascii: "-")
        if negative { digits = digits.dropFirst() }
        guard !digits.isEmpty else { return nil }
        var value = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(digit - UInt8(ascii: "0")))
            guard !overflow, !overflow2 else { throw Overflow() }
            value = sum
        }
        return negative ? -value : value
    }

    mutating func bool() throws -> Bool? {
        if try null() { return nil }
        if literal("true") { return true }
        if literal("false") { return false }
        throw failure("true or false")
    }

    /// Skips one value of any kind.
    mutating func skipValue() throws {
        skipWhitespace()
        switch peek {
        case UInt8(ascii: "{"), UInt8(ascii: "["): try skipContainer()
        case UInt8(ascii: "\""): _ = try rawString()
        case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try bool()
        case UInt8(ascii: "n"): _ = try null()
        default: _ = try numberToken()
        }
    }

    /// Skips an object or array by scanning, not parsing: strings jump from quote to quote, brackets must match, and
    /// only bytes JSON allows outside strings may come between them. The members' grammar inside is not checked;
    /// nothing in it is read.
    private mutating func skipContainer() throws {
        let start = index
        // The open brackets, innermost in the lowest bit (1 for an object).
        var open: UInt64 = 0
        var depth = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                _ = try rawString()
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard depth < 64 else { throw failure("at most 64 levels of nesting") }
                open = open << 1 | (byte == UInt8(ascii: "{") ? 1 : 0)
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard (open & 1 == 1) == (byte == UInt8(ascii: "}")) else { throw failure("a matching bracket") }
                open >>= 1
                depth -= 1
                if depth == 0 { index += 1; return }
            case 0x20, 0x0A, 0x0D, 0x09, UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"),
                 UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "E"), UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "f"),
                 UInt8(ascii: "l"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "u"):
                break
            default:
                throw failure("a JSON value")
            }
            index += 1
        }
        throw failure("the end of a value", at: start)
    }

    // MARK: Bytes

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    /// The last byte before the reader that is not whitespace.
    private var previous: UInt8? {
        var cursor = index - 1
        while cursor >= 0, bytes[cursor] == 0x20 || bytes[cursor] == 0x0A || bytes[cursor] == 0x0D || bytes[cursor] == 0x09 { cursor -= 1 }
        return cursor >= 0 ? bytes[cursor] : nil
    }

    @inline(never)
    private func failure(_ expected: String, at offset: Int? = nil) -> Failure {
        Failure(description: "expected \(expected) at byte \(offset ?? index)")
    }

    @inline(__always)
    private mutating func expect(_ byte: UInt8, _ what: String) throws {
        guard peek == byte else { throw failure(what) }
        index += 1
    }

    private mutating func skipWhitespace() {
        while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    /// Consumes `null` if it is next.
    private mutating func null() throws -> Bool {
        skipWhitespace()
        return literal("null")
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count, memcmp(bytes.baseAddress! + index, word.utf8Start, count) == 0 else { return false }
        index += count
        return true
    }

    /// A string's bytes between its quotes, escapes left as they are, and whether it has any. Eight bytes at a time,
    /// jumping straight to the next byte that needs a look: this is the hot loop of reading a queue.
    @inline(__always)
    private mutating func rawString() throws -> (bytes: UnsafeBufferPointer<UInt8>, escaped: Bool) {
        let start = index + 1
        let base = bytes.baseAddress!
        var cursor = start
        var escaped = false
        while true {
            if cursor + 8 <= bytes.count {
                let found = Self.specialBytes(UInt64(littleEndian: UnsafeRawPointer(base + cursor).loadUnaligned(as: UInt64.self)))
                guard found != 0 else { cursor += 8; continue }
                cursor += found.trailingZeroBitCount >> 3
            }
            guard cursor < bytes.count else { throw failure("the end of a string", at: start - 1) }
            switch base[cursor] {
            case UInt8(ascii: "\""):
                index = cursor + 1
                return (UnsafeBufferPointer(rebasing: bytes[start..<cursor]), escaped)
            case UInt8(ascii: "\\"):
                escaped = true
                cursor += 2  // the escaped byte, a quote included, is not the end
            case 0..<0x20:
                throw failure("no control character in a string", at: cursor)
            default:
                cursor += 1
            }
        }
    }

    /// The high bit set in each of eight bytes (little-endian) that is a quote, a backslash or a control character
    /// (below 0x20), by the "has a byte less than n" bit trick. A borrow can flag bytes after a true one, never before
    /// it, so the lowest flag is always the first such byte.
    @inline(__always)
    private static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quote = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
        let backslash = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
        return (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)) & 0x8080_8080_8080_8080
    }

    private mutating func numberToken(_ what: String = "a value") throws -> UnsafeBufferPointer<UInt8> {
        let start = index
        while let byte = peek, (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            index += 1
        }
        guard index > start else { throw failure(what) }
        return UnsafeBufferPointer(rebasing: bytes[start..<index])
    }
}

/// Matches raw keys against a `CodingKeys` enum without making a `String` of each key: by length and first eight bytes,
/// then the rest.
struct JSONKeys<Key: CodingKey & CaseIterable & Sendable>: Sendable {
    private let keys: [(count: Int, head: UInt64, bytes: [UInt8], key: Key)]

    init() {
        keys = Key.allCases.map { key in
            let bytes = Array(key.stringValue.utf8)
            return bytes.withUnsafeBufferPointer { (bytes.count, Self.head($0), bytes, key) }
        }
    }

    subscript(raw: UnsafeBufferPointer<UInt8>) -> Key? {
        let head = Self.head(raw)
        for entry in keys where entry.count == raw.count && entry.head == head {
            if raw.count <= 8 || entry.bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress! + 8, raw.baseAddress! + 8, raw.count - 8) == 0 }) {
                return entry.key
            }
        }
        return nil
    }

    /// Up to the first eight bytes, as one number.
    private static func head(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var head: UInt64 = 0
        if let base = bytes.baseAddress { memcpy(&head, base, min(bytes.count, 8)) }
        return head
    }
}
