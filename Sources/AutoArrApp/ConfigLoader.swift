import AutoArrCore
import Foundation
import Yams

/// Reads `autoarr.yml` and the environment into an `AppConfig`.
public enum ConfigLoader {
    /// The config file's name inside the data dir.
    public static let fileName = "autoarr.yml"

    /// Loads the configuration.
    /// - Parameters:
    ///   - dataDir: the data directory.
    ///   - file: an explicit config file (`--config`); it must exist. Without it, `<dataDir>/autoarr.yml` is read if present.
    ///   - environment: the process environment.
    /// - Throws: `ConfigError` naming the key or file at fault.
    public static func load(dataDir: String, file: String?, environment: [String: String]) throws(ConfigError) -> AppConfig {
        let path = file ?? "\(dataDir)/\(fileName)"
        var document: ConfigValue?
        if FileManager.default.fileExists(atPath: path) {
            document = try parse(path: path)
        } else if file != nil {
            throw ConfigError(key: "--config", expected: "an existing YAML file", got: path)
        }
        return try ConfigParser(dataDir: dataDir, environment: environment).parse(document)
    }

    static func parse(path: String) throws(ConfigError) -> ConfigValue? {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(key: path, expected: "a readable UTF-8 file")
        }
        do {
            return try Yams.compose(yaml: text).map(value)
        } catch {
            let detail = "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
            throw ConfigError(key: path, expected: "valid YAML", got: detail)
        }
    }

    private static func value(_ node: Node) -> ConfigValue {
        switch node {
        case .scalar(let scalar):
            return node.null != nil ? .null : .scalar(scalar.string)
        case .mapping(let mapping):
            return .map(mapping.map { (key: $0.key.string ?? "\($0.key)", value: value($0.value)) })
        case .sequence(let sequence):
            return .list(sequence.map(value))
        case .alias:
            return .null
        }
    }
}
