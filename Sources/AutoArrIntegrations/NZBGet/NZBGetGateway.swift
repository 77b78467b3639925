import AutoArrCore

/// Maps NZBGet's wire records to `DownloadItem`s, the one place that knows NZBGet's status words.
enum NZBGetGateway {
    static func item(_ group: NZBGetGroup, instance: String) -> DownloadItem {
        let size = bytes(group.FileSizeLo, group.FileSizeHi)
        let remaining = bytes(group.RemainingSizeLo, group.RemainingSizeHi)
        let state: DownloadItem.State = switch group.Status {
        case "PAUSED": .paused
        case "DOWNLOADING", "FETCHING": .downloading
        case "QUEUED": .queued
        default: .postProcessing
        }
        var item = DownloadItem(
            instance: instance, downloadId: String(group.NZBID), title: group.NZBName, category: group.Category, state: state,
            progress: size > 0 ? Double(size - remaining) / Double(size) : 0, sizeBytes: size, remainingBytes: remaining,
            clientStatus: group.Status)
        item.signals.protocolName = "usenet"
        return item
    }

    /// `Status` is `KIND/DETAIL`: SUCCESS/…, WARNING/…, FAILURE/…, DELETED/….
    static func item(_ entry: NZBGetHistoryItem, instance: String) -> DownloadItem {
        let kind = entry.Status.split(separator: "/").first.map(String.init) ?? entry.Status
        let state: DownloadItem.State = switch kind {
        case "SUCCESS", "WARNING": .completed
        case "FAILURE": .failed
        case "DELETED": entry.MarkStatus == "BAD" ? .failed : .removed
        default: .completed
        }
        var item = DownloadItem(
            instance: instance, downloadId: String(entry.NZBID), title: entry.Name, category: entry.Category, state: state,
            progress: state == .completed ? 1 : 0, sizeBytes: bytes(entry.FileSizeLo ?? 0, entry.FileSizeHi ?? 0), remainingBytes: nil,
            clientStatus: entry.Status, failureMessage: state == .failed ? entry.Status : nil)
        item.signals.nzbgetStatus = entry.Status
        item.signals.parStatus = entry.ParStatus
        item.signals.unpackStatus = entry.UnpackStatus
        item.signals.moveStatus = entry.MoveStatus
        item.signals.deleteStatus = entry.DeleteStatus
        item.signals.protocolName = "usenet"
        return item
    }

    private static func bytes(_ low: UInt32, _ high: UInt32) -> Int64 {
        Int64(high) << 32 | Int64(low)
    }
}
