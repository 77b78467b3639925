import AutoArrTestSupport
import Foundation
import Testing
@testable import AutoArrIntegrations

/// `JSONReader` reads what `JSONSerialization` reads, skips what it is not asked for, and rejects broken JSON.
@Suite struct JSONReaderTests {
    /// Each recorded queue, read by the reader, against the same fields taken from `JSONSerialization`'s tree.
    @Test(arguments: [
        "radarr/pyarr_queue.json", "sonarr/ha_queue_season_pack_paused_includeSeries_includeEpisode.json", "sonarr/decluttarr_MOCK_queue_importBlocked.json",
    ])
    func servarrQueuesMatchJSONSerialization(fixture: String) throws {
        let text = FakeService.fixture(fixture)
        let page = try JSONReader.read(ServarrPage<ServarrQueueRecord>.self, from: Array(text.utf8))
        let tree = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let records = try #require(tree["records"] as? [[String: Any]])
        #expect(page.records.count == records.count)
        #expect(page.totalRecords == tree["totalRecords"] as? Int)
        for (read, expected) in zip(page.records, records) {
            #expect(read.id == expected["id"] as? Int)
            #expect(read.movieId == expected["movieId"] as? Int)
            #expect(read.seriesId == expected["seriesId"] as? Int)
            #expect(read.episodeId == expected["episodeId"] as? Int)
            #expect(read.title == expected["title"] as? String)
            #expect(read.downloadId == expected["downloadId"] as? String)
            #expect(read.trackedDownloadState == expected["trackedDownloadState"] as? String)
            #expect(read.size == (expected["size"] as? NSNumber)?.doubleValue)
            let messages = (expected["statusMessages"] as? [[String: Any]] ?? []).flatMap { $0["messages"] as? [String] ?? [] }
            #expect((read.statusMessages ?? []).flatMap { $0.messages ?? [] } == messages)
        }
    }

    @Test(arguments: ["sabnzbd/local371_queue_downloading.json", "sabnzbd/local371_queue_paused_slot.json"])
    func sabnzbdQueuesMatchJSONSerialization(fixture: String) throws {
        let text = FakeService.fixture(fixture)
        let queue = try JSONReader.read(SABnzbdQueueResponse.self, from: Array(text.utf8)).queue
        let tree = try #require((try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["queue"] as? [String: Any])
        #expect(queue.paused == tree["paused"] as? Bool)
        let slots = try #require(tree["slots"] as? [[String: Any]])
        #expect(queue.slots.map(\.nzo_id) == slots.compactMap { $0["nzo_id"] as? String })
        #expect(queue.slots.map(\.filename) == slots.compactMap { $0["filename"] as? String })
        #expect(queue.slots.map(\.mbleft) == slots.map { $0["mbleft"] as? String })
    }

    /// Escapes, whitespace, nulls and unknown members holding every kind of value.
    @Test func readsEscapesAndSkipsUnknownMembers() throws {
        let json = #"""
         { "records" : [ { "quality" : { "q" : [ 1 , { "x" : "}]\"{[" } ] , "n" : null , "t" : true } ,
           "id" : -7 , "title" : "Am\u00e9lie \"2001\" \ud83c\udfac\/ \\" , "statusMessages" : null ,
           "size" : 1.5e3 , "sizeleft" : 99999999999999999999 , "seriesId" : null , "downloadId":"abc" } ] , "totalRecords" : 1 }
        """#
        let page = try JSONReader.read(ServarrPage<ServarrQueueRecord>.self, from: Array(json.utf8))
        let record = try #require(page.records.first)
        #expect(record.id == -7)
        #expect(record.title == "Amélie \"2001\" 🎬/ \\")
        #expect(record.size == 1500)
        #expect(record.sizeleft == 1e20)
        #expect(record.seriesId == nil)
        #expect(record.statusMessages == nil)
        #expect(record.downloadId == "abc")
        #expect(page.totalRecords == 1)
    }

    /// Strings are scanned eight bytes at a time: a quote, a backslash or a control character is found at every offset
    /// within a block, and across the end of the buffer.
    @Test func findsEachSpecialByteAtEveryOffset() throws {
        for length in 0..<20 {
            let text = String(repeating: "a", count: length)
            let plain = try JSONReader.read(ServarrPage<ServarrQueueRecord>.self, from: Array(#"{"records":[{"id":1,"title":"\#(text)"}]}"#.utf8))
            #expect(plain.records.first?.title == text)
            let escaped = try JSONReader.read(ServarrPage<ServarrQueueRecord>.self, from: Array(#"{"records":[{"id":1,"title":"\#(text)\"x\\"}]}"#.utf8))
            #expect(escaped.records.first?.title == text + "\"x\\")
            #expect(throws: JSONReader.Failure.self) {
                try JSONReader.read(ServarrPage<ServarrQueueRecord>.self, from: Array("{\"records\":[{\"id\":1,\"title\":\"\(text)\n\"}]}".utf8))
            }
            #expect(throws: JSONReader.Failure.self) {
                try JSONReader.read(ServarrPage<ServarrQueueRecord>.self, from: Array(#"{"records":[{"id":1,"title":"\#(text)"#.utf8))
            }
        }
        // Bytes above 0x7F (UTF-8) are text, not control characters.
        let page = try JSONReader.read(ServarrPage<ServarrQueueRecord>.self, from: Array(#"{"records":[{"id":1,"title":"Amélie – 千と千尋の神隠し"}]}"#.utf8))
        #expect(page.records.first?.title == "Amélie – 千と千尋の神隠し")
    }

    @Test(arguments: [
        (#"{"records":[{"id":1}"#, "expected"),  // truncated
        (#"{"records":[{"id":1,"quality":{"q":[1,2}}]}"#, "a matching bracket"),  // in a skipped value
        (#"{"records":[{"id":1,"quality":{"q":[1,2]"#, "the end of a value"),
        (#"{"records":[{"id":1,"quality":{"q":<1>}}]}"#, "a JSON value"),
        (#"{"records":[{"id":1,"quality":{"q":"a"#, "the end of a string"),
        (#"{"records":[{"id":1}]} x"#, "end of document"),
        (#"{"records":[{"id":"1"}]}"#, "an integer"),
        (#"{"records":[{"id":1.5}]}"#, "an integer"),
        (#"{"records":[{"id":99999999999999999999}]}"#, "in range"),
        (#"{"records":[{"id":-}]}"#, "an integer"),
        (#"{"records":[{"title":"x"}]}"#, "missing a queue record's id"),
        (#"{"records":[{"id":1,}]}"#, "a key"),
        (#"{"records":[{"id":1 "title":"x"}]}"#, "',' or '}'"),
        (#"{"records":[{"id":1,"title":"a\u00"}]}"#, "a valid string"),
        (#"{"records":[{"id":1,"x":tru}]}"#, "true or false"),
        (#"{"page":1}"#, "missing records"),
        ("[]", "an object"),
        ("", "an object"),
        (#"{"records":[{"id":1,"x":"# + String(repeating: "[", count: 65) + String(repeating: "]", count: 65) + "}]}", "64 levels"),
    ])
    func rejectsBrokenDocuments(json: String, message: String) {
        #expect {
            try JSONReader.read(ServarrPage<ServarrQueueRecord>.self, from: Array(json.utf8))
        } throws: { error in
            "\(error)".contains(message)
        }
    }
}
