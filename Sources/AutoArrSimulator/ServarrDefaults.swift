import AutoArrCore

/// Fresh-install settings of Sonarr v4 and Radarr v6, as their APIs return them.
enum ServarrDefaults {
    static func mediaManagement(_ flavor: ServarrFlavor) -> JSONValue {
        var fields: [String: JSONValue] = [
            "id": 1, "recycleBin": "", "recycleBinCleanupDays": 7, "downloadPropersAndRepacks": "preferAndUpgrade",
            "deleteEmptyFolders": false, "fileDate": "none", "rescanAfterRefresh": "always", "setPermissionsLinux": false,
            "chmodFolder": "755", "chownGroup": "", "skipFreeSpaceCheckWhenImporting": false, "minimumFreeSpaceWhenImporting": 100,
            "copyUsingHardlinks": true, "useScriptImport": false, "scriptImportPath": "", "importExtraFiles": false,
            "extraFileExtensions": "srt", "enableMediaInfo": true,
        ]
        switch flavor {
        case .sonarr:
            fields["autoUnmonitorPreviouslyDownloadedEpisodes"] = false
            fields["createEmptySeriesFolders"] = false
            fields["episodeTitleRequired"] = "always"
        case .radarr:
            fields["autoUnmonitorPreviouslyDownloadedMovies"] = false
            fields["createEmptyMovieFolders"] = false
            fields["autoRenameFolders"] = false
            fields["pathsDefaultStatic"] = false
        }
        return .object(fields)
    }

    static func naming(_ flavor: ServarrFlavor) -> JSONValue {
        switch flavor {
        case .sonarr:
            [
                "id": 1, "renameEpisodes": false, "replaceIllegalCharacters": true, "colonReplacementFormat": 4,
                "customColonReplacementFormat": "", "multiEpisodeStyle": 5,
                "standardEpisodeFormat": "{Series Title} - S{season:00}E{episode:00} - {Episode Title} {Quality Full}",
                "dailyEpisodeFormat": "{Series Title} - {Air-Date} - {Episode Title} {Quality Full}",
                "animeEpisodeFormat": "{Series Title} - S{season:00}E{episode:00} - {Episode Title} {Quality Full}",
                "seriesFolderFormat": "{Series Title}", "seasonFolderFormat": "Season {season}", "specialsFolderFormat": "Specials",
            ]
        case .radarr:
            [
                "id": 1, "renameMovies": false, "replaceIllegalCharacters": true, "colonReplacementFormat": "delete",
                "standardMovieFormat": "{Movie Title} ({Release Year}) {Quality Full}", "movieFolderFormat": "{Movie Title} ({Release Year})",
            ]
        }
    }

    static func downloadClientConfig(_ flavor: ServarrFlavor) -> JSONValue {
        var fields: [String: JSONValue] = [
            "id": 1, "downloadClientWorkingFolders": "_UNPACK_|_FAILED_", "enableCompletedDownloadHandling": true,
            "autoRedownloadFailed": true, "autoRedownloadFailedFromInteractiveSearch": true,
        ]
        if flavor == .radarr { fields["checkForFinishedDownloadInterval"] = 1 }
        return .object(fields)
    }

    /// The SABnzbd download client, pointing at the simulated SABnzbd. The key is masked, as the *arrs do.
    static func downloadClient(_ flavor: ServarrFlavor, port: Int, apiKey: String) -> JSONValue {
        func field(_ order: Int, _ name: String, _ label: String, _ value: JSONValue, _ type: String, privacy: String = "normal") -> JSONValue {
            ["order": .int(order), "name": .string(name), "label": .string(label), "value": value, "type": .string(type),
             "advanced": false, "privacy": .string(privacy), "isFloat": false]
        }
        let media = flavor == .sonarr ? "Tv" : "Movie"
        return [
            "id": 1, "name": "SABnzbd", "implementationName": "SABnzbd", "implementation": "Sabnzbd", "configContract": "SabnzbdSettings",
            "infoLink": "https://wiki.servarr.com/\(flavor.rawValue)/supported#sabnzbd", "tags": [], "enable": true, "protocol": "usenet",
            "priority": 1, "removeCompletedDownloads": true, "removeFailedDownloads": true,
            "fields": [
                field(0, "host", "Host", "127.0.0.1", "textbox"),
                field(1, "port", "Port", .int(port), "textbox"),
                field(2, "useSsl", "Use SSL", false, "checkbox"),
                field(3, "urlBase", "URL Base", "", "textbox"),
                field(4, "apiKey", "API Key", .string(apiKey.isEmpty ? "" : "********"), "textbox", privacy: "apiKey"),
                field(5, "username", "Username", "", "textbox", privacy: "userName"),
                field(6, "password", "Password", "", "password", privacy: "password"),
                field(7, "\(media.lowercased())Category", "Category", .string(flavor.category), "textbox"),
                field(8, "recent\(media)Priority", "Recent Priority", -100, "select"),
                field(9, "older\(media)Priority", "Older Priority", -100, "select"),
            ],
        ]
    }
}

/// A fresh Plex Media Server's preferences that matter to the audit.
enum PlexDefaults {
    static let preferences: [(id: String, value: JSONValue, type: String, label: String)] = [
        ("FriendlyName", "AutoArr Simulated Plex", "text", "Friendly name"),
        ("allowMediaDeletion", true, "bool", "Allow media deletion"),
        ("autoEmptyTrash", true, "bool", "Empty trash automatically after every scan"),
        ("GenerateBIFBehavior", "scheduled", "text", "Generate video preview thumbnails"),
        ("secureConnections", 1, "int", "Secure connections"),
        ("FSEventLibraryUpdatesEnabled", false, "bool", "Scan my library automatically"),
        ("ScheduledLibraryUpdatesEnabled", true, "bool", "Scan my library periodically"),
        ("TranscoderQuality", 0, "int", "Transcoder quality"),
        ("TranscoderTempDirectory", "", "text", "Transcoder temporary directory"),
        ("ManualPortMappingMode", false, "bool", "Manually specify public port"),
    ]
}
