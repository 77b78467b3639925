import GRDB

extension Migration {
    /// What a request found and chose (candidates, profile, root folder, error) as JSON, and the *arr's media id.
    static let v0008RequestDetail = Migration(identifier: "0008_request_detail") { db in
        try db.execute(sql: """
            ALTER TABLE content_requests ADD COLUMN detail TEXT NOT NULL DEFAULT '{}';
            ALTER TABLE content_requests ADD COLUMN media_id INTEGER;
            CREATE INDEX content_requests_updated ON content_requests(updated_at);
            """)
    }
}
