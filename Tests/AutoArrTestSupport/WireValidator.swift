import Foundation

/// Runs `Support/validate_wire.py` over a simulator recording: the official Sonarr/Radarr specs and the real
/// SABnzbd answers in `Fixtures/` are the reference.
public enum WireValidator {
    public struct Outcome: Sendable {
        public var status: Int32
        public var output: String
    }

    public static func check(recording path: String) async throws -> Outcome {
        try await onOwnThread { try checkBlocking(recording: path) }
    }

    private static func checkBlocking(recording path: String) throws -> Outcome {
        let resources = Bundle.module.resourceURL!
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("wire-\(UUID().uuidString).txt")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [resources.appendingPathComponent("validate_wire.py").path, path, resources.appendingPathComponent("Fixtures").path]
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return Outcome(status: process.terminationStatus, output: try String(contentsOf: output, encoding: .utf8))
    }
}

/// Runs `Support/check_schemas.py`: JSON Schema validity (Draft 2020-12) and instance validation, by Python's `jsonschema`.
public enum SchemaChecker {
    /// - Parameter request: `{"schemas": […], "cases": [{"schema": i, "instance": …}]}` as JSON.
    /// - Returns: `{"invalid": [[i, message]], "valid": [Bool]}` as JSON.
    public static func run(_ request: Data) async throws -> Data {
        try await onOwnThread {
            let script = Bundle.module.resourceURL!.appendingPathComponent("check_schemas.py").path
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            process.arguments = [script]
            let input = Pipe(), output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            input.fileHandleForWriting.write(request)
            try input.fileHandleForWriting.close()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw CocoaError(.fileReadCorruptFile) }
            return data
        }
    }
}
