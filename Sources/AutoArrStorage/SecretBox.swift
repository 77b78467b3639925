import Crypto
import Foundation

/// Encrypts secrets at rest with AES-GCM under a 256-bit key kept in a 0600 file in the data dir.
public struct SecretBox: Sendable {
    /// The key file's name inside the data dir.
    public static let keyFileName = "secret.key"

    /// The raw key; `SymmetricKey` is not `Sendable`, so one is made per use.
    private let keyData: Data

    init(key: SymmetricKey) {
        self.keyData = key.withUnsafeBytes { Data($0) }
    }

    private var key: SymmetricKey { SymmetricKey(data: keyData) }

    /// Loads the key file, creating it with mode 0600 on first run.
    /// - Throws: `StorageError` when the file exists but is not a 32-byte key, or cannot be written.
    public static func loadOrCreate(dataDir: String) throws -> SecretBox {
        let path = "\(dataDir)/\(keyFileName)"
        if let data = FileManager.default.contents(atPath: path) {
            guard data.count == 32 else {
                throw StorageError("\(path): expected a 32-byte key file; restore it from backup or remove it with the database")
            }
            return SecretBox(key: SymmetricKey(data: data))
        }
        let key = SymmetricKey(size: .bits256)
        let data = key.withUnsafeBytes { Data($0) }
        guard FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw StorageError("\(path): could not create the key file")
        }
        return SecretBox(key: key)
    }

    func seal(_ plaintext: Data) throws -> Data {
        guard let combined = try AES.GCM.seal(plaintext, using: key).combined else {
            throw StorageError("could not seal a secret")
        }
        return combined
    }

    func open(_ sealed: Data) throws -> Data {
        do {
            return try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: key)
        } catch {
            throw StorageError("a stored secret cannot be decrypted with \(Self.keyFileName): was the key file replaced?")
        }
    }

    /// A SHA-256 hex digest, for looking up tokens without storing them.
    static func digest(_ text: String) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var bytes = [UInt8]()
        bytes.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(text.utf8)) {
            bytes.append(hex[Int(byte >> 4)])
            bytes.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
