import HTTPServer
import Testing

/// How a test splits a byte stream into the pieces it hands the parser.
enum FeedMode: Sendable, CaseIterable, CustomTestStringConvertible {
    /// Everything in one piece.
    case whole
    /// One byte per piece.
    case byteAtATime
    /// Two pieces, split in the middle.
    case halves

    var testDescription: String {
        switch self {
        case .whole: "whole"
        case .byteAtATime: "byte at a time"
        case .halves: "in halves"
        }
    }

    func pieces(of bytes: [UInt8]) -> [[UInt8]] {
        switch self {
        case .whole: [bytes]
        case .byteAtATime: bytes.map { [$0] }
        case .halves: [Array(bytes[..<(bytes.count / 2)]), Array(bytes[(bytes.count / 2)...])]
        }
    }
}

/// Feeds a `RequestParser` the way a connection does: it keeps the unconsumed bytes in its own buffer,
/// hands the whole buffer to the parser, drops exactly the bytes reported as consumed, and appends what
/// arrives next. It checks the consumed-count contract on every call.
struct ParserDriver {
    private(set) var parser: RequestParser
    /// Bytes received and not yet consumed by the parser.
    private(set) var buffer: [UInt8] = []
    private(set) var requests: [Request] = []
    private(set) var failure: HTTPParseError?

    init(limits: ParserLimits = ParserLimits()) {
        parser = RequestParser(limits: limits)
    }

    /// Appends `bytes` and parses until the parser needs more data or fails.
    mutating func feed(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        while failure == nil {
            let (consumed, outcome) = buffer.withUnsafeBufferPointer { parser.parse($0) }
            #expect(consumed >= 0 && consumed <= buffer.count, "consumed \(consumed) of \(buffer.count) bytes")
            buffer.removeFirst(min(max(consumed, 0), buffer.count))
            switch outcome {
            case .needMoreData:
                return
            case .request(let request):
                requests.append(request)
                if consumed == 0 {
                    Issue.record("A request was completed without consuming any byte.")
                    return
                }
            case .failure(let error):
                failure = error
            }
        }
    }

    mutating func feed(_ text: String) { feed(Array(text.utf8)) }

    /// A driver that has been fed `bytes` split as `mode` says.
    static func run(_ bytes: [UInt8], limits: ParserLimits = ParserLimits(), mode: FeedMode = .whole) -> ParserDriver {
        var driver = ParserDriver(limits: limits)
        for piece in mode.pieces(of: bytes) where driver.failure == nil {
            driver.feed(piece)
        }
        return driver
    }
}
