import Crypto
import Foundation

/// A small, private, single-file .torrent whose tracker is a closed local port: with no data on disk and no
/// peers (DHT, PeX and LSD off), a client keeps it stalled.
public struct TestTorrent: Sendable {
    public let name: String
    /// The bencoded metainfo.
    public let data: Data
    /// The info hash, upper-case hex.
    public let hash: String

    public init(name: String, trackerPort: Int, size: Int = 300_000) {
        let pieceLength = 16_384
        var generator = SystemRandomNumberGenerator()
        let content = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
        var pieces = Data()
        for start in stride(from: 0, to: size, by: pieceLength) {
            pieces += Data(Insecure.SHA1.hash(data: content[start..<min(start + pieceLength, size)]))
        }
        let info = Self.dictionary([
            ("length", Self.integer(size)), ("name", Self.string(Data(name.utf8))), ("piece length", Self.integer(pieceLength)),
            ("pieces", Self.string(pieces)), ("private", Self.integer(1)),
        ])
        self.name = name
        self.hash = Insecure.SHA1.hash(data: info).map { String(format: "%02X", $0) }.joined()
        self.data = Self.dictionary([("announce", Self.string(Data("http://127.0.0.1:\(trackerPort)/announce".utf8))), ("info", info)])
    }

    // Bencode: keys of a dictionary in sorted order.
    private static func integer(_ value: Int) -> Data { Data("i\(value)e".utf8) }
    private static func string(_ value: Data) -> Data { Data("\(value.count):".utf8) + value }
    private static func dictionary(_ entries: [(String, Data)]) -> Data {
        entries.sorted { $0.0 < $1.0 }.reduce(Data("d".utf8)) { $0 + string(Data($1.0.utf8)) + $1.1 } + Data("e".utf8)
    }
}
