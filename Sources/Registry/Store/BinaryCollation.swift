import Foundation

/// How SQLite's `BINARY` collation orders texts: byte by byte, then the shorter first (for UTF-8, the order of
/// the Unicode scalars). For walking rows SQLite gives in an index's order beside other ids in that order, and
/// for ordering ids in memory as SQLite does, without making strings of them.
enum BinaryCollation {
    /// Negative when `one` sorts before `other`, zero for the same bytes, positive after.
    static func order(_ one: UnsafeRawBufferPointer, _ other: UnsafeRawBufferPointer) -> Int32 {
        let common = min(one.count, other.count)
        if common > 0, let first = one.baseAddress, let second = other.baseAddress {
            let order = memcmp(first, second, common)
            if order != 0 { return order }
        }
        return one.count < other.count ? -1 : (one.count > other.count ? 1 : 0)
    }
}
