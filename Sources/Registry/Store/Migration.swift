import Crypto
import Foundation

/// One schema migration: a file `NNNN_name.sql` of the migrations directory.
public struct Migration: Sendable, Hashable {
    /// The number `NNNN`, which orders migrations.
    public var version: Int
    /// The file name, e.g. `0001_schema.sql`.
    public var fileName: String
    public var sql: String
    /// SHA-256 of the file's bytes, hexadecimal.
    public var checksum: String

    public init(version: Int, fileName: String, sql: String, checksum: String) {
        self.version = version
        self.fileName = fileName
        self.sql = sql
        self.checksum = checksum
    }

    /// Reads every `NNNN_name.sql` of `directory`, ordered by number.
    public static func load(from directory: URL) throws(MigrationError) -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw .unreadableDirectory(directory.path, reason: "\(error.localizedDescription)")
        }
        var migrations: [Migration] = []
        for name in names.sorted() where name.hasSuffix(".sql") {
            let prefix = name.prefix { $0.isASCIIDigitCharacter }
            guard prefix.count == 4, name.dropFirst(4).first == "_", let version = Int(prefix) else {
                throw .badFileName(name)
            }
            let url = directory.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path),
                  let sql = String(data: data, encoding: .utf8) else {
                throw .unreadableFile(name)
            }
            if let clash = migrations.first(where: { $0.version == version }) {
                throw .duplicateVersion(version, clash.fileName, name)
            }
            migrations.append(Migration(version: version, fileName: name, sql: sql, checksum: Hexadecimal.encode(SHA256.hash(data: data))))
        }
        return migrations
    }
}
