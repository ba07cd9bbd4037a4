import CLibFuzzer
import Foundation
// Reaches the internal `JSONValueParser` and `JSONTextDecoder`'s decoding without Foundation with
// `@testable import`: scripts/fuzz builds with -enable-testing.
@testable import JSONOutput
import Registry

#if canImport(Glibc)
import Glibc
#endif

// libFuzzer entry point for the bodies of writes: JSON parsing, merge patches (RFC 7396) and the validation
// and storing of records, through the store's write path that the API's POST and PATCH use.
//
// The first byte of an input picks the kind of record; the rest, up to a NUL byte, is the body of a creation,
// and what follows the NUL is a merge patch for the record created. Whatever JSON the fast reader
// (`JSONValueParser`) reads must be what Foundation's `JSONDecoder` reads, and what `JSONTextDecoder` decodes
// without Foundation (the body as a record of the kind, keys as stored and as served, and as a `JSONValue`) must
// be what Foundation decodes, compared by the JSON Foundation's encoder writes of each. A patch applied twice must give what it
// gives once. A write may be refused only as a `WriteError` (a 4xx problem); any other error would be a 500
// and traps, as does a record served in a form that is not JSON. The store is an in-memory SQLite database
// with the repository's migrations (`MIGRATIONS_PATH`, default `migrations`) and seeds (`SEEDS_PATH`, default
// `seeds`), so that bodies may name records that exist (partners, members, roles, programmes), opened again
// now and then so that what the runs wrote does not pile up.

let migrations = URL(fileURLWithPath: ProcessInfo.processInfo.environment["MIGRATIONS_PATH"] ?? "migrations")
let seeds = URL(fileURLWithPath: ProcessInfo.processInfo.environment["SEEDS_PATH"] ?? "seeds")
let kinds = RecordKind.allCases

func openStore() -> RegistryStore {
    do {
        let store = try RegistryStore.open(path: ":memory:", migrationsDirectory: migrations)
        _ = try SeedLoader(seedsDirectory: seeds).load(into: store)
        return store
    } catch {
        fatalError("cannot open an in-memory registry with the migrations of \(migrations.path) and the seeds of \(seeds.path): \(error)")
    }
}

// libFuzzer calls the entry point from one thread, one input at a time.
nonisolated(unsafe) var store = openStore()
nonisolated(unsafe) var runs = 0

/// Makes a write; nil when it was refused as a `WriteError`, a trap for any other error.
func attempt(_ kind: RecordKind, _ write: RecordWrite) -> WriteResult? {
    do {
        let result = try store.write(kind, write, author: "fuzz", reason: nil)
        if let served = result.served {
            check((try? JSONValue(parsing: Array(served.utf8))) != nil, "the \(kind.rawValue) is served as \(served), not JSON")
        }
        return result
    } catch is WriteError {
        return nil
    } catch {
        fatalError("\(write) of a \(kind.rawValue) failed with \(error), which would be a 500")
    }
}

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}

/// The fast reader of JSON reads what Foundation reads, or leaves the text to it.
func checkReader(_ text: some Collection<UInt8>) {
    let bytes = Array(text)
    guard let fast = bytes.withUnsafeBufferPointer(JSONValueParser<JSONValue>.parse) else { return }
    let foundation = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    check(fast == foundation, "\(String(decoding: bytes, as: UTF8.self)) is \(fast) to JSONValueParser, \(String(describing: foundation)) to Foundation")
}

/// The record decoder decodes what Foundation decodes, or leaves the text to it.
func checkDecoder<R: RegistryRecord>(_ type: R.Type, _ text: some Collection<UInt8>) {
    let bytes = Array(text)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    for decoder in [JSONTextDecoder(), JSONTextDecoder(convertsKeysFromSnakeCase: true)] {
        guard let fast = bytes.withUnsafeBufferPointer({ decoder.decodedWithoutFoundation(type, fromBytes: $0) }) else { continue }
        let foundation = try? decoder.foundationDecoder().decode(type, from: Data(bytes))
        check(foundation != nil && (try? encoder.encode(fast)) == (try? encoder.encode(foundation)),
              "\(String(decoding: bytes, as: UTF8.self)) is \(fast) to JSONTextDecoder, \(String(describing: foundation)) to Foundation")
    }
    if let fast = bytes.withUnsafeBufferPointer({ JSONTextDecoder().decodedWithoutFoundation(JSONValue.self, fromBytes: $0) }) {
        let foundation = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        check(fast == foundation, "\(String(decoding: bytes, as: UTF8.self)) is \(fast) to JSONTextDecoder, \(String(describing: foundation)) to Foundation")
    }
}

func fuzz(_ input: UnsafeBufferPointer<UInt8>) -> CInt {
    guard let first = input.first else { return 0 }
    runs += 1
    if runs % 2_000 == 0 { store = openStore() }
    let kind = kinds[Int(first) % kinds.count]
    let rest = input.dropFirst()
    let separator = rest.firstIndex(of: 0) ?? rest.endIndex
    checkReader(rest[rest.startIndex..<separator])
    if separator < rest.endIndex { checkReader(rest[(separator + 1)...]) }
    checkDecoder(kind.recordType, rest[rest.startIndex..<separator])
    guard let body = try? JSONValue(parsing: rest[rest.startIndex..<separator]) else { return 0 }
    let patch = separator < rest.endIndex ? try? JSONValue(parsing: rest[(separator + 1)...]) : nil
    if let patch {
        let once = JSONMergePatch.apply(patch, to: body)
        check(JSONMergePatch.apply(patch, to: once) == once, "the merge patch \(patch) is not idempotent on \(body)")
    }
    guard let created = attempt(kind, .create(body)) else { return 0 }
    if let patch { _ = attempt(kind, .update(id: created.id, patch: patch)) }
    _ = attempt(kind, .delete(id: created.id))
    return 0
}

// SwiftPM links an executable with its own `main`, so this file's top-level code hands control to
// libFuzzer's driver rather than relying on libFuzzer's `main`.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    fuzz(UnsafeBufferPointer(start: data, count: size))
})
