import CLibFuzzer
@testable import Import

#if canImport(Glibc)
import Glibc
#endif

// libFuzzer entry point for the importer's streaming XML reader (`XMLStreamReader`), which reads every XML part
// of an XLSX workbook.
//
// The input is the document. It is read twice, handed over in one piece and in chunks whose sizes come from its
// first bytes, and both readings must tell the same elements, attributes and text and stop with the same error,
// since where a chunk ends must change nothing. The reader may stop only with an `XMLStreamError`. Any crash or
// difference traps so that libFuzzer records the input.

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}

/// Every event as text, runs of text joined.
struct EventLog: XMLStreamHandler {
    var events: [String] = []
    var wantsText: Bool { true }

    mutating func startElement(_ tag: XMLStartTag) {
        events.append("<" + tag.name + tag.attributes.map { " \($0.name)=\($0.value)" }.joined() + ">")
    }

    mutating func endElement(_ name: String) { events.append("</\(name)>") }

    mutating func characters(_ text: String) {
        if let last = events.last, last.hasPrefix("text:") { events[events.count - 1] += text } else { events.append("text:" + text) }
    }
}

func read(_ bytes: [UInt8], chunkSizes: [Int]) -> (events: [String], error: XMLStreamError?) {
    var reader = XMLStreamReader(maximumTokenBytes: 4096)
    var log = EventLog()
    var offset = 0
    var turn = 0
    do {
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunkSizes[turn % chunkSizes.count])
            try bytes[offset..<end].withUnsafeBufferPointer { try reader.feed($0, to: &log) }
            offset = end
            turn += 1
        }
        try reader.finish(&log)
        return (log.events, nil)
    } catch let error as XMLStreamError {
        return (log.events, error)
    } catch {
        fatalError("the XML reader failed with \(error), not an XMLStreamError")
    }
}

func fuzz(_ input: UnsafeBufferPointer<UInt8>) -> CInt {
    let bytes = Array(input)
    let whole = read(bytes, chunkSizes: [Int.max])
    let sizes = bytes.prefix(4).map { Int($0 % 13) + 1 }
    let chunked = read(bytes, chunkSizes: sizes.isEmpty ? [1] : sizes)
    check(whole.events == chunked.events && whole.error == chunked.error, """
        reading in chunks of \(sizes) differs from reading in one piece
          one piece: \(whole.events.count) events, error \(whole.error.map { "\($0)" } ?? "none")
          chunks:    \(chunked.events.count) events, error \(chunked.error.map { "\($0)" } ?? "none")
        """)
    return 0
}

// SwiftPM links an executable with its own `main`, so this file's top-level code hands control to
// libFuzzer's driver rather than relying on libFuzzer's `main`.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    fuzz(UnsafeBufferPointer(start: data, count: size))
})
