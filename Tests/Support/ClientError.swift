#if canImport(Glibc)
import Glibc
#endif

/// Why a raw-socket client call failed.
public enum ClientError: Error, CustomStringConvertible {
    case connect(errno: Int32)
    case send(errno: Int32)
    case receive(errno: Int32)
    case timedOut(received: Int)
    case closedEarly(received: [UInt8])
    case malformedResponse(String)

    public var description: String {
        switch self {
        case .connect(let code): "connect failed: \(String(cString: strerror(code)))"
        case .send(let code): "send failed: \(String(cString: strerror(code)))"
        case .receive(let code): "recv failed: \(String(cString: strerror(code)))"
        case .timedOut(let count): "timed out after receiving \(count) bytes"
        case .closedEarly(let bytes): "closed after \(bytes.count) bytes: \(String(decoding: bytes.prefix(200), as: UTF8.self))"
        case .malformedResponse(let detail): "malformed response: \(detail)"
        }
    }
}
