import AutoArrCore

/// Maps Transmission's torrents to `DownloadItem`s. Transmission has no categories; the first label stands in.
enum TransmissionGateway {
    static func item(_ torrent: TransmissionTorrent, instance: String) -> DownloadItem {
        var state: DownloadItem.State = switch torrent.status {
        case 0: torrent.percentDone >= 1 ? .completed : .paused
        case 4: .downloading
        case 5, 6: .completed
        default: .queued
        }
        // Local errors (3, e.g. data deleted) fail the download; tracker trouble (1, 2) is reported, not final.
        if torrent.error == 3 { state = .failed }
        var item = DownloadItem(
            instance: instance, downloadId: torrent.hashString.uppercased(), title: torrent.name, category: torrent.labels?.first,
            state: state, progress: torrent.percentDone, sizeBytes: torrent.sizeWhenDone, remainingBytes: torrent.leftUntilDone,
            clientStatus: "status \(torrent.status)", failureMessage: torrent.error == 0 ? nil : torrent.errorString)
        if torrent.error == 1 || torrent.error == 2 { item.signals.trackerMessage = torrent.errorString }
        item.signals.isPrivate = torrent.isPrivate
        item.signals.hasMetadata = torrent.metadataPercentComplete.map { $0 >= 1 }
        item.signals.downloadSpeed = torrent.rateDownload
        item.signals.tags = torrent.labels ?? []
        item.signals.protocolName = "torrent"
        return item
    }
}
