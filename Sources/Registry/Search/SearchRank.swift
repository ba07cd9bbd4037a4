import Foundation
import GRDB
import GRDBSQLite

/// The ranking function of search, an FTS5 auxiliary function registered on every connection:
/// `brobygger_rank(search, frequencies, window)` is a passage's BM25 score, negated (lower is better,
/// like FTS5's `bm25`), with names weighted above text, for the first `window` passages of a query (in
/// rowid order, as FTS5 reads them), and 0 for every later one: reading where a passage's phrases occur
/// costs microseconds, so a query that matches many passages would cost milliseconds to score them all.
///
/// Unlike FTS5's built-in `bm25`, it takes each phrase's document frequency (`frequencies`: one
/// little-endian `Int64` per phrase of the MATCH expression, in FTS5's phrase order) from the caller,
/// which keeps them in ``SearchStatistics``, instead of counting every passage of every phrase on each
/// query; and it does not normalise by passage length, which would read the length of every candidate.
/// Per phrase: `idf × f × (k1 + 1) / (f + k1)`, where `f` is the phrase's occurrences in the name (× 8)
/// and in the text (× 1) and `idf = ln((N − n + 0.5) / (n + 0.5))`, at least 10⁻⁶, for `N` passages of
/// which `n` hold the phrase. Phrases without a frequency (the `type` filter) do not count.
enum SearchRank {
    static let functionName = "brobygger_rank"
    /// Occurrence weights of the FTS5 columns `name`, `body`, `type`.
    static let columnWeights: [Double] = [8, 1, 0]
    static let k1 = 1.2

    /// Makes `brobygger_rank` available on `db`.
    static func register(_ db: Database) throws {
        let api = UnsafeMutablePointer(mutating: FTS5.api(db))
        guard let create = api.pointee.xCreateFunction else {
            throw DatabaseError(resultCode: .SQLITE_ERROR, message: "FTS5 offers no way to add functions")
        }
        let code = create(api, functionName, nil, rank, nil)
        guard code == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "cannot register \(functionName)")
        }
    }

    /// The frequencies argument of `brobygger_rank`.
    static func frequenciesArgument(_ frequencies: [Int]) -> Data {
        var data = Data(capacity: frequencies.count * 8)
        for frequency in frequencies {
            withUnsafeBytes(of: Int64(frequency).littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    private static let rank: fts5_extension_function = { api, fts, context, argumentCount, arguments in
        guard let api, let fts, let arguments, argumentCount == 2,
              let phraseCount = api.pointee.xPhraseCount.map({ Int($0(fts)) }),
              let rowCount = api.pointee.xRowCount, let instCount = api.pointee.xInstCount, let inst = api.pointee.xInst,
              let getCounter = api.pointee.xGetAuxdata, let setCounter = api.pointee.xSetAuxdata
        else {
            sqlite3_result_error(context, "\(functionName)(search, frequencies, window) takes two arguments", -1)
            return
        }
        // How many passages of this query were scored: kept with the query by FTS5, freed with it.
        var counter = getCounter(fts, 0)?.assumingMemoryBound(to: Int64.self)
        if counter == nil {
            let fresh = UnsafeMutablePointer<Int64>.allocate(capacity: 1)
            fresh.initialize(to: 0)
            guard setCounter(fts, fresh, freeCounter) == SQLITE_OK else {
                sqlite3_result_error(context, "\(functionName): FTS5 could not keep the query's state", -1)
                return
            }
            counter = fresh
        }
        guard let counter else { return }
        guard counter.pointee < sqlite3_value_int64(arguments[1]) else {
            sqlite3_result_double(context, 0)
            return
        }
        counter.pointee += 1
        var passages: Int64 = 0
        var instances: Int32 = 0
        guard rowCount(fts, &passages) == SQLITE_OK, instCount(fts, &instances) == SQLITE_OK else {
            sqlite3_result_error(context, "\(functionName): FTS5 could not read the match", -1)
            return
        }
        let blob = sqlite3_value_blob(arguments[0])
        let known = min(phraseCount, Int(sqlite3_value_bytes(arguments[0])) / 8)
        let score = withUnsafeTemporaryAllocation(of: Double.self, capacity: max(1, phraseCount)) { occurrences in
            occurrences.initialize(repeating: 0)
            var phrase: Int32 = 0, column: Int32 = 0, offset: Int32 = 0
            for index in 0..<instances where inst(fts, index, &phrase, &column, &offset) == SQLITE_OK {
                guard phrase >= 0, Int(phrase) < phraseCount, column >= 0, Int(column) < columnWeights.count else { continue }
                occurrences[Int(phrase)] += columnWeights[Int(column)]
            }
            var score = 0.0
            for phrase in 0..<known where occurrences[phrase] > 0 {
                let raw = blob.map { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: phrase * 8, as: UInt64.self)) } ?? 0
                let holding = Double(Int64(bitPattern: raw))
                let idf = max(1e-6, log((Double(passages) - holding + 0.5) / (holding + 0.5)))
                let frequency = occurrences[phrase]
                score += idf * frequency * (k1 + 1) / (frequency + k1)
            }
            return score
        }
        sqlite3_result_double(context, -score)
    }

    private static let freeCounter: @convention(c) (UnsafeMutableRawPointer?) -> Void = { pointer in
        pointer?.assumingMemoryBound(to: Int64.self).deallocate()
    }
}
