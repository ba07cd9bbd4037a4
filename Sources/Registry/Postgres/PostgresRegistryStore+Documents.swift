import PostgresClient

extension PostgresRegistryStore {
    /// The source documents, without their text when `includingText` is false.
    public func documents(includingText: Bool = true) throws -> [Document] {
        try read { connection in
            try connection.query("SELECT \(Self.documentColumns(includingText)) FROM document ORDER BY id").rows.map(Self.document(from:))
        }
    }

    /// The source document with `id`, or nil.
    public func document(id: String) throws -> Document? {
        try read { connection in
            try connection.query("SELECT \(Self.documentColumns(true)) FROM document WHERE id = $1", [.text(id)]).rows.first
                .map(Self.document(from:))
        }
    }

    /// A document's columns; its text only when asked for (it is the bulk of the row).
    private static func documentColumns(_ includingText: Bool) -> String {
        "id, file_name, language, title, source, \(includingText ? "text" : "''"), sha256, scalar_count"
    }

    private static func document(from row: PostgresRow) throws -> Document {
        var document = Document(id: try row.get(0), fileName: try row.get(1), language: try row.get(2), title: try row.get(3),
                                source: try row.get(4), text: try row.get(5), sha256: try row.get(6))
        document.scalarCount = try row.get(7)
        return document
    }
}
