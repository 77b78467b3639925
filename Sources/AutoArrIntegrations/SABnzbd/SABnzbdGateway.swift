import AutoArrCore
import Foundation

/// Maps SABnzbd's wire records to `DownloadItem`s, the one place that knows SABnzbd's status words.
enum SABnzbdGateway {
    static func item(_ slot: SABnzbdQueueSlot, instance: String) -> DownloadItem {
        let size = megabytes(slot.mb)
        let remaining = megabytes(slot.mbleft)
        let state: DownloadItem.State = switch slot.status {
        case "Paused": .paused
        case "Downloading", "Fetching", "Grabbing", "Propagating": .downloading
        default: .queued
        }
        var item = DownloadItem(
            instance: instance, downloadId: slot.nzo_id, title: slot.filename, category: slot.cat, state: state,
            progress: (slot.percentage.flatMap(Double.init) ?? 0) / 100, sizeBytes: size, remainingBytes: remaining,
            clientStatus: slot.status)
        item.signals.protocolName = "usenet"
        return item
    }

    static func item(_ slot: SABnzbdHistorySlot, instance: String) -> DownloadItem {
        let state: DownloadItem.State = switch slot.status {
        case "Completed": .completed
        case "Failed": .failed
        case "Deleted": .removed
        default: .postProcessing
        }
        let message = slot.fail_message.flatMap { $0.isEmpty ? nil : $0 }
        var item = DownloadItem(
            instance: instance, downloadId: slot.nzo_id, title: slot.name, category: slot.category, state: state,
            progress: state == .completed ? 1 : 0, sizeBytes: slot.bytes, remainingBytes: nil,
            clientStatus: slot.status, failureMessage: message)
        item.signals.stageLog = (slot.stage_log ?? []).flatMap { stage in stage.actions.map { "\(stage.name): \($0)" } }
        item.signals.protocolName = "usenet"
        return item
    }

    private static func megabytes(_ text: String?) -> Int64? {
        text.flatMap(Double.init).map { Int64(($0 * 1_048_576).rounded()) }
    }
}
