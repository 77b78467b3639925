import AutoArrCore

/// Maps Servarr wire records to domain types, the one place that knows their field names.
enum ServarrGateway {
    static func item(_ record: ServarrQueueRecord, instance: String) -> ArrQueueItem {
        let messages = (record.statusMessages ?? []).flatMap { message in
            (message.messages ?? []).isEmpty ? [message.title].compactMap { $0 } : message.messages ?? []
        }
        return ArrQueueItem(
            instance: instance, id: record.id, downloadId: record.downloadId, title: record.title ?? "",
            status: record.status ?? "unknown", trackedDownloadStatus: record.trackedDownloadStatus,
            trackedDownloadState: record.trackedDownloadState, messages: messages, errorMessage: record.errorMessage,
            protocolName: record.protocol, downloadClient: record.downloadClient, mediaId: record.seriesId ?? record.movieId,
            episodeId: record.episodeId, sizeBytes: record.size.map { Int64($0) }, remainingBytes: record.sizeleft.map { Int64($0) })
    }
}
