import Foundation

/// Why a download went wrong.
public enum FailureKind: String, Sendable, Codable, CaseIterable {
    case missingArticles, repairFailed, encrypted, unwantedExtension, diskFull, connection
    case stalled, slow, metadataStuck, trackerError, importBlocked, importPending, noVideoFiles
    /// The *arr will not import by itself, but knows what the download is: matched by id, or unexpected for its folder.
    case needsManualImport
    /// The library already has a file as good or better.
    case notAnUpgrade
    /// The *arr cannot reach the download's path: a remote path mapping or a mount is missing.
    case pathInaccessible
    /// The client says it failed and gives no reason AutoArr knows.
    case unknown

    /// Faults that may pass by themselves, so retrying the same release can work.
    public var isTransient: Bool { [.connection, .diskFull].contains(self) }
}

/// Classifies a failed download from the client's structured fields and the *arr's tracked state first, and its
/// message text (in several languages) only when those do not say.
public enum FailureClassifier {
    public static func classify(_ item: DownloadItem?, arr: ArrQueueItem? = nil) -> FailureKind? {
        if let arr, let kind = fromArr(arr) { return kind }
        if let item, let kind = fromSignals(item) { return kind }
        let arrFailed = arr?.hasFailed == true
        // Most jobs are fine and say nothing: no text to gather.
        guard item?.state == .failed || arrFailed || arr?.messages.isEmpty == false || arr?.errorMessage != nil || item?.signals.trackerMessage != nil else {
            return nil
        }
        var texts: [String] = []
        if let item {
            texts += [item.failureMessage, item.signals.trackerMessage].compactMap { $0 }
            texts += item.signals.stageLog
        }
        if let arr { texts += arr.messages + [arr.errorMessage].compactMap { $0 } }
        // A client that says "failed" without a reason we know is still a failure.
        return fromText(texts.joined(separator: "\n")) ?? (item?.state == .failed || arrFailed ? .unknown : nil)
    }

    /// The *arr's tracked state: import problems are its to report.
    static func fromArr(_ arr: ArrQueueItem) -> FailureKind? {
        switch arr.trackedDownloadState {
        case "importPending"?, "importing"?:
            return arr.trackedDownloadStatus == "warning" ? .importPending : nil
        case "importBlocked"?, "importFailed"?:
            let text = fold((arr.messages + [arr.errorMessage].compactMap { $0 }).joined(separator: " "))
            if text.contains("not accessible") || text.contains("does not exist or is not") || text.contains("remote path mapping") { return .pathInaccessible }
            if text.contains("not an upgrade") || text.contains("not a custom format upgrade") { return .notAnUpgrade }
            if text.contains("automatic import is not possible") || text.contains("matched to series by id") || text.contains("matched to movie by id")
                || text.contains("unexpected considering") { return .needsManualImport }
            if text.contains("no video files") || text.contains("no files found are eligible") || text.contains("sample") { return .noVideoFiles }
            return .importBlocked
        default:
            return nil
        }
    }

    /// NZBGet's status fields, SABnzbd's stage log, a torrent's state and tracker.
    static func fromSignals(_ item: DownloadItem) -> FailureKind? {
        let signals = item.signals
        if let status = signals.nzbgetStatus?.uppercased() {
            let detail = status.split(separator: "/").dropFirst().first.map(String.init) ?? ""
            switch (status.split(separator: "/").first.map(String.init) ?? "", detail) {
            case ("FAILURE", "HEALTH"), ("DELETED", "HEALTH"): return .missingArticles
            case ("FAILURE", "PAR"): return .repairFailed
            case ("FAILURE", "UNPACK"), ("WARNING", "UNPACK"):
                switch signals.unpackStatus?.uppercased() {
                case "PASSWORD"?: return .encrypted
                case "SPACE"?: return .diskFull
                default: return .repairFailed
                }
            case ("FAILURE", "MOVE"), ("WARNING", "SPACE"): return .diskFull
            case ("WARNING", "PASSWORD"): return .encrypted
            case ("DELETED", "SCAN"), ("DELETED", "BAD"), ("FAILURE", "BAD"): return signals.parStatus?.uppercased() == "FAILURE" ? .repairFailed : nil
            default: break
            }
            if signals.deleteStatus?.uppercased() == "HEALTH" { return .missingArticles }
            if signals.parStatus?.uppercased() == "FAILURE" { return .repairFailed }
        }
        if let repair = signals.stageLog.first(where: { $0.hasPrefix("Repair:") || $0.hasPrefix("Unpack:") }).map(fold),
           item.state == .failed {
            if repair.contains("password") || repair.contains("encrypted") { return .encrypted }
            if repair.contains("repair failed") || repair.contains("crc") || repair.contains("not enough repair blocks") { return .repairFailed }
        }
        if let state = signals.torrentState {
            if state == "metaDL" || state == "forcedMetaDL" || signals.hasMetadata == false { return nil }  // the stall detector times it
            if state == "missingFiles" { return .diskFull }
        }
        if signals.trackerMessage != nil, item.state != .completed, let kind = fromText(signals.trackerMessage ?? ""), kind == .trackerError {
            return .trackerError
        }
        return nil
    }

    /// Words that name each fault, in English, German, French, Spanish and Dutch.
    static let vocabulary: [(FailureKind, [String])] = [
        (.encrypted, ["password", "encrypted", "passwort", "verschlusselt", "mot de passe", "chiffre", "contrasena", "cifrado", "wachtwoord", "versleuteld"]),
        (.unwantedExtension, ["unwanted extension", "unerwunschte", "extension indesirable", "extension no deseada", "ongewenste extensie"]),
        (.diskFull, ["disk full", "disk is full", "no space left", "not enough space", "write error", "festplatte voll", "kein speicherplatz",
                     "disque plein", "espace insuffisant", "disco lleno", "sin espacio", "schijf vol", "onvoldoende ruimte"]),
        (.repairFailed, ["repair failed", "not enough repair blocks", "crc error", "crc-fehler", "par2", "verification failed", "reparatur fehlgeschlagen",
                         "reparation echouee", "echec de la reparation", "reparacion fallida", "herstel mislukt"]),
        (.missingArticles, ["missing articles", "articles were missing", "not on your server", "not-complete", "cannot be completed", "430 no such article",
                            "fehlende artikel", "artikel fehlen", "articles manquants", "articulos faltantes", "ontbrekende artikelen", "artikelen ontbreken"]),
        (.noVideoFiles, ["no video files", "no files found are eligible", "sample only", "keine videodateien", "aucun fichier video", "sin archivos de video"]),
        (.trackerError, ["unregistered torrent", "not registered", "torrent not found", "tracker error", "tracker gave", "announce failed", "passkey"]),
        (.connection, ["connection refused", "connection reset", "timed out", "timeout", "could not connect", "failed to connect", "verbindung",
                       "zeituberschreitung", "delai d'attente", "connexion", "conexion", "tiempo de espera", "verbinding", "time-out"]),
    ]

    static func fromText(_ text: String) -> FailureKind? {
        guard !text.isEmpty else { return nil }  // most jobs have no message: spare Foundation's folding
        let folded = fold(text)
        for (kind, words) in vocabulary where words.contains(where: folded.contains) { return kind }
        return nil
    }

    /// Lower case, without accents.
    static func fold(_ text: String) -> String {
        text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
    }
}
