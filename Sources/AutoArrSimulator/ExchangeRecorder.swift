import Foundation
import Synchronization

/// Writes every simulated response as one JSON line (`app`, `method`, `path`, `query`, `status`, `contentType`,
/// `body`), so a checker can validate them against the official specs.
public final class ExchangeRecorder: Sendable {
    private let handle: Mutex<FileHandle>

    public init(path: String) throws {
        FileManager.default.createFile(atPath: path, contents: nil)
        handle = Mutex(try FileHandle(forWritingTo: URL(fileURLWithPath: path)))
    }

    func record(app: SimulatedApp, method: String, path: String, query: String?, reply: SimReply) {
        let line: [String: Any] = [
            "app": app.rawValue, "method": method, "path": path, "query": query ?? "", "status": reply.status,
            "contentType": reply.json == nil && reply.text == nil ? "" : reply.contentType,
            "body": String(decoding: reply.bytes, as: UTF8.self),
        ]
        guard var data = try? JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]) else { return }
        data.append(0x0A)
        handle.withLock { $0.write(data) }
    }
}
