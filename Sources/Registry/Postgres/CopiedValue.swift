/// One value of a row on its way between the two stores: the storage classes SQLite knows, which every column
/// of the PostgreSQL schema maps to one of (`bigint`, `double precision`, `text`, `bytea`).
enum CopiedValue: Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}
