import GRDB

/// Where a read of a selection stopped: the order values of the last record read, from which the next read
/// goes on (a keyset), so that reading a selection page after page costs what each page reads, not what it
/// skips. A client holds it in a cursor; ``values`` are plain values so that the API can write and read them.
public struct ListPosition: Sendable, Hashable {
    /// One order value, as SQLite holds it.
    public enum Value: Sendable, Hashable {
        case null
        case integer(Int64)
        case real(Double)
        case text(String)
    }

    /// One value per term of the selection's order, the id last.
    public let values: [Value]

    public init(values: [Value]) {
        self.values = values
    }

    init(_ databaseValues: [DatabaseValue]) {
        values = databaseValues.map { value in
            switch value.storage {
            case .null: .null
            case .int64(let integer): .integer(integer)
            case .double(let real): .real(real)
            case .string(let text): .text(text)
            // Order terms are ids, names, dates, amounts and flags; none is a blob.
            case .blob: .null
            }
        }
    }
}

extension ListPosition.Value {
    /// The value as SQLite takes it as a parameter.
    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let integer): integer.databaseValue
        case .real(let real): real.databaseValue
        case .text(let text): text.databaseValue
        }
    }
}
