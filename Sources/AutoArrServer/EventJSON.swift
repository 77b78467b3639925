import AutoArrCore

/// An event as the API and the WebSocket show it:
/// `{correlationId, data, id, instance?, kind?, message, severity, timestamp, type}`.
///
/// Written by hand because activity pages are the hottest response and Foundation's `JSONEncoder`
/// cost more than the database query behind them.
enum EventJSON {
    /// Appends one event object, keys sorted.
    static func write(_ entry: ActivityEntry, to writer: inout JSONWriter) {
        let event = entry.event
        writer.raw(#"{"correlationId":"#)
        writer.string(event.correlationId)
        writer.raw(#","data":"#)
        writer.object(event.data)
        writer.raw(#","id":"#)
        writer.number(entry.id)
        if let instance = event.instance {
            writer.raw(#","instance":"#)
            writer.string(instance)
        }
        if let kind = event.kind {
            writer.raw(#","kind":"#)
            writer.string(kind.rawValue)
        }
        writer.raw(#","message":"#)
        writer.string(event.message)
        writer.raw(#","severity":"#)
        writer.string(event.severity.rawValue)
        writer.raw(#","timestamp":"#)
        writer.string(ISO8601Timestamp.format(event.timestamp))
        writer.raw(#","type":"#)
        writer.string(event.type.rawValue)
        writer.raw("}")
    }

    /// One event as JSON bytes.
    static func encode(_ entry: ActivityEntry) -> [UInt8] {
        var writer = JSONWriter()
        write(entry, to: &writer)
        return writer.bytes
    }
}
