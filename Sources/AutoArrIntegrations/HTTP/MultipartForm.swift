import Foundation

/// A `multipart/form-data` body with text fields and one file, for uploads (SABnzbd's addfile, qBittorrent's add).
struct MultipartForm {
    var fields: [(name: String, value: String)] = []
    var file: (field: String, filename: String, contentType: String, data: Data)

    private let boundary = "autoarr-\(UUID().uuidString)"

    /// The `Content-Type` header value, with the boundary.
    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    var body: [UInt8] {
        var body = Data()
        for field in fields {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field.name)\"\r\n\r\n\(field.value)\r\n".utf8)
        }
        body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.filename)\"\r\n".utf8)
        body += Data("Content-Type: \(file.contentType)\r\n\r\n".utf8) + file.data + Data("\r\n--\(boundary)--\r\n".utf8)
        return Array(body)
    }
}
