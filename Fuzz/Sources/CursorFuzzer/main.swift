import CLibFuzzer
import Foundation
import Registry
@testable import RegistryAPI

#if canImport(Glibc)
import Glibc
#endif

// libFuzzer entry point for the pagination cursor decoder (`Cursor`).
//
// Every input is tried three ways: as the text of a `cursor` parameter, which must be refused (a made-up
// cursor cannot carry a valid signature) or decode to a position within bounds; as the bytes of a list
// position (`Cursor.decodePosition`), whose reading, written again, must read back to itself; and, when it
// is a position, inside a cursor signed for it, which must decode to the same place and be refused for any
// other query. Any crash or broken expectation traps so that libFuzzer records the input.

let cursor = Cursor(key: Array(repeating: 7, count: 32))
let fingerprint = "projects?country=DK&sort=name"

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}

func fuzz(_ input: UnsafeBufferPointer<UInt8>) -> CInt {
    let bytes = Data(input)
    let text = String(decoding: bytes, as: UTF8.self)
    if let position = try? cursor.decode(text, fingerprint: fingerprint) {
        check(position.offset >= 0 && position.offset <= 1_000_000_000, "offset \(position.offset) out of bounds")
    }
    guard let position = Cursor.decodePosition(bytes) else { return 0 }
    let written = Cursor.encodePosition(position)
    guard let reread = Cursor.decodePosition(written) else { fatalError("the position \(position) is not read back") }
    check(Cursor.encodePosition(reread) == written, "the position \(position) is read back as \(reread)")
    let offset = input.count * 97
    let signed = cursor.encode(offset: offset, after: position, fingerprint: fingerprint)
    guard let decoded = try? cursor.decode(signed, fingerprint: fingerprint) else {
        fatalError("the cursor \(signed) for \(position) does not decode")
    }
    check(decoded.offset == offset, "the cursor \(signed) decodes to offset \(decoded.offset), not \(offset)")
    if written.count <= Cursor.maximumPositionBytes {
        check(decoded.after.map(Cursor.encodePosition) == written, "the cursor \(signed) decodes to another position")
    } else {
        check(decoded.after == nil, "a position of \(written.count) bytes was carried")
    }
    check((try? cursor.decode(signed, fingerprint: fingerprint + "&q=x")) == nil, "a cursor verified for another query")
    return 0
}

// SwiftPM links an executable with its own `main`, so this file's top-level code hands control to
// libFuzzer's driver rather than relying on libFuzzer's `main`.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    fuzz(UnsafeBufferPointer(start: data, count: size))
})
