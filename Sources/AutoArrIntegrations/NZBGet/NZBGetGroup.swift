/// `listgroups`: one queued NZB. Sizes come split in 32-bit halves (`…Lo`/`…Hi`).
struct NZBGetGroup: Decodable {
    var NZBID: Int
    var NZBName: String
    var Category: String?
    var Status: String
    var FileSizeLo: UInt32
    var FileSizeHi: UInt32
    var RemainingSizeLo: UInt32
    var RemainingSizeHi: UInt32
}

/// `history`: one finished (or hidden) NZB.
struct NZBGetHistoryItem: Decodable {
    var NZBID: Int
    var Name: String
    var Category: String?
    var Status: String
    var Kind: String?
    var DeleteStatus: String?
    var ParStatus: String?
    var UnpackStatus: String?
    var MoveStatus: String?
    var MarkStatus: String?
    var FileSizeLo: UInt32?
    var FileSizeHi: UInt32?
}
