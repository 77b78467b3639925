/// A parsed configuration document, independent of its file format.
///
/// Scalars stay text: each key's parser decides what type it needs, so every error names the key.
public indirect enum ConfigValue: Sendable, Equatable {
    case scalar(String)
    case list([ConfigValue])
    case map([(key: String, value: ConfigValue)])
    case null

    public static func == (lhs: ConfigValue, rhs: ConfigValue) -> Bool {
        switch (lhs, rhs) {
        case (.scalar(let a), .scalar(let b)): a == b
        case (.list(let a), .list(let b)): a == b
        case (.map(let a), .map(let b)): a.map(\.key) == b.map(\.key) && a.map(\.value) == b.map(\.value)
        case (.null, .null): true
        default: false
        }
    }
}
