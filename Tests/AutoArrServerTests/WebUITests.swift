import AutoArrApp
import AutoArrCore
import Foundation
import HummingbirdTesting
import Testing
@testable import AutoArrServer

/// The web UI's files: served without a session (the login page is one of them), gzipped when asked, revalidated
/// by ETag, with a content security policy on the page; the API behind them still needs a session or the key.
@Suite struct WebUITests {
    @Test func theUIIsServedWithETagsGzipAndACSP() async throws {
        try await TestApp().run { client, _ in
            let page = try await client.execute(uri: "/", method: .get, headers: [.acceptEncoding: "gzip, deflate"])
            #expect(page.status == .ok)
            #expect(page.headers[.contentEncoding] == "gzip")
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.headers[.cacheControl] == "no-cache")
            #expect(page.headers[.init("Content-Security-Policy")!]?.contains("default-src 'self'") == true)
            let etag = try #require(page.headers[.eTag])

            let plain = try await client.execute(uri: "/", method: .get)
            #expect(plain.headers[.contentEncoding] == nil)
            #expect(String(buffer: plain.body).contains(#"<script type="module" src="/ui/app.js">"#))
            #expect(plain.body.readableBytes > page.body.readableBytes)

            let again = try await client.execute(uri: "/", method: .get, headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified)
            #expect(again.body.readableBytes == 0)

            let script = try await client.execute(uri: "/ui/pages/dashboard.js", method: .get)
            #expect(script.status == .ok)
            #expect(script.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(try await client.execute(uri: "/ui/vendor/bootstrap.min.css", method: .get).headers[.contentType] == "text/css; charset=utf-8")
            #expect(try await client.execute(uri: "/ui/nothing.js", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/ui/../Resources/openapi.yaml", method: .get).status == .notFound)

            // Every page module the router can load is there.
            for page in ["dashboard", "request", "downloads", "audit", "activity", "settings"] {
                #expect(try await client.execute(uri: "/ui/pages/\(page).js", method: .get).status == .ok, "\(page)")
            }
            // The files are public; the data is not.
            #expect(try await client.send(.get, "/api/v1/downloads").status == .unauthorized)
        }
    }
}
