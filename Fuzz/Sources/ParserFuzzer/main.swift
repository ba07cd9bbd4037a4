import CLibFuzzer
import HTTPServer

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// libFuzzer entry point for `RequestParser`.
//
// Every input is parsed three ways: in one piece, split at one to three points derived from the input's
// own bytes, and (for inputs up to 2 KiB) one byte at a time. Each run behaves like a connection: it keeps
// a buffer, feeds it, drops what was consumed, keeps parsing while pipelined requests complete, and stops
// at the first failure. The three runs must report the same requests and failures, and every accepted
// request, written out again in canonical form, must parse back to itself; any difference, or a broken
// invariant, traps so that libFuzzer records the input.

/// Small limits, so that every one of them is reached by short inputs.
let limits: ParserLimits = {
    var limits = ParserLimits()
    limits.maxRequestLineLength = 256
    limits.maxHeaderSectionSize = 1024
    limits.maxHeaderCount = 16
    limits.maxBodySize = 4096
    limits.maxChunkLineLength = 64
    limits.maxTrailerSectionSize = 256
    return limits
}()

/// The limits for parsing a request again from its canonical form, whose header values may have grown
/// (invalid UTF-8 decodes to U+FFFD).
let roundTripLimits: ParserLimits = {
    var roundTrip = limits
    roundTrip.maxHeaderSectionSize = 16 * 1024
    return roundTrip
}()

/// The statuses a rejection may carry.
let rejectionStatuses: Set<Int> = [400, 413, 414, 417, 431, 501, 505]

/// What a connection saw, in order.
enum Event: Equatable, CustomStringConvertible {
    case request(method: String, target: String, version: String, headers: [Field], body: [UInt8])
    case failure(status: Int)

    var description: String {
        switch self {
        case .request(let method, let target, let version, let headers, let body):
            "request \(method) \(target) \(version) headers=\(headers) body=\(body.count) bytes"
        case .failure(let status):
            "failure \(status)"
        }
    }
}

struct Field: Equatable, CustomStringConvertible {
    var name: String
    var value: String

    var description: String { "\(name): \(value)" }

    var isFraming: Bool {
        let lowered = name.lowercased()
        return lowered == "content-length" || lowered == "transfer-encoding"
    }
}

/// The events of one run and the parser's state once all input has been fed.
struct Trace: Equatable {
    var events: [Event] = []
    /// Bytes fed but not consumed at the end (meaningful only when the run did not fail).
    var unconsumed = 0
    var isIdle = true
    var isReadingBody = false
}

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}

func event(for request: Request) -> Event {
    check(request.body.count <= limits.maxBodySize, "body of \(request.body.count) bytes exceeds the limit")
    check(request.headers.count <= limits.maxHeaderCount, "\(request.headers.count) header fields exceed the limit")
    check(request.version == .http1_0 || request.headers.contains("Host"), "HTTP/1.1 request without Host")
    check(!(request.headers.contains("Content-Length") && request.headers.contains("Transfer-Encoding")),
          "request with both Content-Length and Transfer-Encoding accepted")
    check(!request.target.isEmpty, "empty request target accepted")
    for (name, value) in request.headers {
        check(!name.isEmpty, "empty header name accepted")
        check(!value.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }, "CR, LF or NUL in a header value")
    }
    return .request(
        method: request.method.rawValue,
        target: request.target,
        version: request.version.description,
        headers: request.headers.map { Field(name: $0.name, value: $0.value) },
        body: request.body
    )
}

/// Feeds `input` to a fresh parser in pieces that end at `cuts` (ascending offsets), like a connection.
func run(_ input: UnsafeBufferPointer<UInt8>, cuts: [Int]) -> Trace {
    var parser = RequestParser(limits: limits)
    var trace = Trace()
    var buffer: [UInt8] = []
    var start = 0
    for end in cuts + [input.count] where end > start || end == input.count {
        buffer.append(contentsOf: UnsafeBufferPointer(rebasing: input[start..<end]))
        start = end
        while true {
            let before = buffer.count
            let (consumed, outcome) = buffer.withUnsafeBufferPointer { parser.parse($0) }
            check(consumed >= 0 && consumed <= before, "consumed \(consumed) of \(before) bytes")
            buffer.removeFirst(consumed)
            switch outcome {
            case .needMoreData:
                break
            case .request(let request):
                check(consumed > 0, "a request completed without consuming a byte")
                trace.events.append(event(for: request))
                continue
            case .failure(let error):
                check(rejectionStatuses.contains(error.status.code), "unexpected rejection status \(error.status.code)")
                trace.events.append(.failure(status: error.status.code))
                // A rejection is final: the parser must repeat it and consume nothing more.
                let (again, outcome) = buffer.withUnsafeBufferPointer { parser.parse($0) }
                guard again == 0, case .failure(let repeated) = outcome, repeated == error else {
                    fatalError("the parser did not stay failed after \(error)")
                }
                return trace
            }
            break
        }
    }
    trace.unconsumed = buffer.count
    trace.isIdle = parser.isIdle
    trace.isReadingBody = parser.isReadingBody
    return trace
}

/// FNV-1a over the input, the source of the split points.
func fnv1a(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
        hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }
    return hash
}

/// One to three split points derived from the input.
func cuts(for bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
    guard bytes.count > 1 else { return [] }
    var hash = fnv1a(bytes)
    let count = Int(hash % 3) + 1
    var points: [Int] = []
    for _ in 0..<count {
        hash = hash &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        points.append(Int((hash >> 33) % UInt64(bytes.count - 1)) + 1)
    }
    return Array(Set(points)).sorted()
}

/// Writes an accepted request in canonical form (one `name:value` line per field, the body framed by
/// Content-Length) and parses it again: the parser must read back the same request.
func checkRoundTrip(_ event: Event) {
    guard case .request(let method, let target, let version, let headers, let body) = event else { return }
    var fields = headers.filter { !$0.isFraming }
    if !body.isEmpty { fields.append(Field(name: "Content-Length", value: String(body.count))) }
    var bytes = Array("\(method) \(target) \(version)\r\n".utf8)
    for field in fields { bytes += Array("\(field.name):\(field.value)\r\n".utf8) }
    bytes += Array("\r\n".utf8)
    bytes += body
    var parser = RequestParser(limits: roundTripLimits)
    let (consumed, outcome) = bytes.withUnsafeBufferPointer { parser.parse($0) }
    guard case .request(let again) = outcome else {
        fatalError("the canonical form of \(event) is not read back as a request: \(outcome)")
    }
    let reread = Event.request(
        method: again.method.rawValue,
        target: again.target,
        version: again.version.description,
        headers: again.headers.map { Field(name: $0.name, value: $0.value) },
        body: again.body
    )
    let expected = Event.request(method: method, target: target, version: version, headers: fields, body: body)
    check(consumed == bytes.count && reread == expected,
          "the canonical form of \(event) is read back as \(reread), consuming \(consumed) of \(bytes.count) bytes")
}

func describe(_ trace: Trace) -> String {
    "events: \(trace.events.map(\.description)), unconsumed: \(trace.unconsumed), "
        + "idle: \(trace.isIdle), reading body: \(trace.isReadingBody)"
}

func compare(_ expected: Trace, _ actual: Trace, _ how: String) {
    if expected != actual {
        fatalError("""
            parsing \(how) differs from parsing in one piece
              one piece: \(describe(expected))
              \(how): \(describe(actual))
            """)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    fuzz(UnsafeBufferPointer(start: data, count: size))
}

func fuzz(_ input: UnsafeBufferPointer<UInt8>) -> CInt {
    let size = input.count
    let whole = run(input, cuts: [])
    whole.events.forEach(checkRoundTrip)
    let splitPoints = cuts(for: input)
    compare(whole, run(input, cuts: splitPoints), "split at \(splitPoints)")
    if size <= 2048 {
        compare(whole, run(input, cuts: Array(0..<size)), "one byte at a time")
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
