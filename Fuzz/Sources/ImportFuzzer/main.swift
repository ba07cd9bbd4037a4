import CLibFuzzer
import Import

#if canImport(Glibc)
import Glibc
#endif

// libFuzzer entry point for the importer's readers: CSV (with encoding and dialect detection), JSON and XLSX.
//
// The first byte of an input picks the reader (its value modulo 3: CSV, JSON, XLSX); the rest is the file.
// A reader may refuse a file only with an `ImportError`. A CSV or JSON file is read twice, handed over in one
// piece and in small chunks whose sizes come from the input, and both readings must give the same rows and the
// same error, since where a chunk ends must change nothing. Any crash or difference traps so that libFuzzer
// records the input.

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}

/// What reading a CSV file gave: its rows and the error that stopped it, as text.
func readCSV(_ bytes: [UInt8], chunkSizes: [Int]) -> (rows: [TabularRow], error: String?) {
    var source = ImportSource.bytes(bytes, name: "fuzz.csv")
    source.chunkSizes = chunkSizes
    var rows: [TabularRow] = []
    do {
        let reader = try CSVReader(source)
        while let row = try reader.next() { rows.append(row) }
        return (rows, nil)
    } catch {
        return (rows, "\(error)")
    }
}

/// What reading a JSON file at the rows path `path` gave: its rows and the error that stopped it, as text.
func readJSON(_ bytes: [UInt8], rows path: String, chunkSizes: [Int]) -> (rows: [JSONRow], error: String?) {
    var source = ImportSource.bytes(bytes, name: "fuzz.json")
    source.chunkSizes = chunkSizes
    var rows: [JSONRow] = []
    do {
        try JSONReader(source, rows: path).forEach { rows.append($0) }
        return (rows, nil)
    } catch let error as ImportError {
        return (rows, "\(error)")
    } catch {
        fatalError("the JSON reader failed with \(error), not an ImportError")
    }
}

func readXLSX(_ bytes: [UInt8]) {
    do {
        let reader = try XLSXReader(.bytes(bytes, name: "fuzz.xlsx"))
        for sheet in reader.sheetNames {
            try XLSXReader(.bytes(bytes, name: "fuzz.xlsx"), sheet: sheet).forEach { _ in }
        }
    } catch is ImportError {
    } catch {
        fatalError("the XLSX reader failed with \(error), not an ImportError")
    }
}

func fuzz(_ input: UnsafeBufferPointer<UInt8>) -> CInt {
    guard let first = input.first else { return 0 }
    let bytes = Array(input.dropFirst())
    switch first % 3 {
    case 0:
        let whole = readCSV(bytes, chunkSizes: [1 << 16])
        let sizes = bytes.prefix(4).map { Int($0 % 13) + 1 }
        let chunked = readCSV(bytes, chunkSizes: sizes.isEmpty ? [1] : sizes)
        check(whole.rows == chunked.rows && whole.error == chunked.error, """
            reading in chunks of \(sizes) differs from reading in one piece
              one piece: \(whole.rows.count) rows, error \(whole.error ?? "none")
              chunks:    \(chunked.rows.count) rows, error \(chunked.error ?? "none")
            """)
    case 1:
        // The document itself as rows, and rows below a path through objects and arrays (with `^` reaching the
        // objects above), each read in one piece and in small chunks.
        let sizes = bytes.prefix(4).map { Int($0 % 13) + 1 }
        for path in ["", "a[*].b", "a[0]"] {
            let whole = readJSON(bytes, rows: path, chunkSizes: [1 << 16])
            let chunked = readJSON(bytes, rows: path, chunkSizes: sizes.isEmpty ? [1] : sizes)
            check(whole.rows == chunked.rows && whole.error == chunked.error, """
                reading \(path) in chunks of \(sizes) differs from reading in one piece
                  one piece: \(whole.rows.count) rows, error \(whole.error ?? "none")
                  chunks:    \(chunked.rows.count) rows, error \(chunked.error ?? "none")
                """)
        }
    default:
        readXLSX(bytes)
    }
    return 0
}

// SwiftPM links an executable with its own `main`, so this file's top-level code hands control to
// libFuzzer's driver rather than relying on libFuzzer's `main`.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    fuzz(UnsafeBufferPointer(start: data, count: size))
})
