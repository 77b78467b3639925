import AutoArrCore

/// Maps qBittorrent's torrents to `DownloadItem`s. Knows both 4.x (`pausedDL`) and 5.x (`stoppedDL`) state names.
enum QBittorrentGateway {
    static func item(_ torrent: QBittorrentTorrent, instance: String) -> DownloadItem {
        var item = DownloadItem(
            instance: instance, downloadId: torrent.hash.uppercased(), title: torrent.name,
            category: torrent.category.flatMap { $0.isEmpty ? nil : $0 }, state: state(torrent.state), progress: torrent.progress,
            sizeBytes: torrent.size.flatMap { $0 > 0 ? $0 : nil }, remainingBytes: torrent.amount_left, clientStatus: torrent.state,
            failureMessage: ["error", "missingFiles"].contains(torrent.state) ? torrent.state : nil)
        item.signals.torrentState = torrent.state
        item.signals.hasMetadata = !["metaDL", "forcedMetaDL"].contains(torrent.state)
        item.signals.downloadSpeed = torrent.dlspeed
        item.signals.tags = (torrent.tags ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        item.signals.protocolName = "torrent"
        return item
    }

    static func state(_ state: String) -> DownloadItem.State {
        switch state {
        case "uploading", "stalledUP", "pausedUP", "stoppedUP", "queuedUP", "forcedUP", "checkingUP": .completed
        case "downloading", "stalledDL", "metaDL", "forcedDL", "forcedMetaDL": .downloading
        case "pausedDL", "stoppedDL": .paused
        case "error", "missingFiles": .failed
        default: .queued
        }
    }
}
