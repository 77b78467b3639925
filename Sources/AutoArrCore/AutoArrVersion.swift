/// AutoArr's version, shown by `autoarr version`, `/system/status` and the WebSocket hello.
public enum AutoArrVersion {
    public static let current = "0.1.0"
}
