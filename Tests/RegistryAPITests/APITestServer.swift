import Foundation
import HTTPServer
import Registry
import RegistryAPI
#if canImport(Glibc)
import Glibc
#endif

/// A real server on a loopback port over a real SQLite file in a temporary directory, loaded from the
/// repository's seeds and migrations; stop it with `stop()`.
final class APITestServer: Sendable {
    let server: Server
    let store: RegistryStore
    let directory: URL
    var port: Int { server.port }

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    init(options: APIOptions = APIOptions(), configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("brobygger-api-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let root = APITestServer.repositoryRoot
        store = try RegistryStore.open(path: directory.appendingPathComponent("registry.sqlite").path,
                                       migrationsDirectory: root.appendingPathComponent("migrations"))
        try SeedLoader(seedsDirectory: root.appendingPathComponent("seeds")).load(into: store)
        var router = Router()
        let api = RegistryAPI(store: store, options: options)
        api.install(on: &router)
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.eventLoopCount = 2
        configure(&configuration)
        if let cache = configuration.responseCache { api.keepCurrent(cache) }
        server = Server(configuration: configuration, router: router)
        try server.start()
    }

    func stop() {
        server.shutdown()
        server.wait()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Sends one request (with `Connection: close`) and reads the whole response.
    func request(_ method: String = "GET", _ target: String, headers: [String: String] = [:], body: [UInt8] = []) throws -> TestResponse {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        let raw = try LoopbackClient.exchange(port: port, bytes: Array(head.utf8) + body)
        return try TestResponse(raw: raw, isHead: method == "HEAD")
    }

    func get(_ target: String, headers: [String: String] = [:]) throws -> TestResponse {
        try request("GET", target, headers: headers)
    }
}

/// A parsed HTTP response.
struct TestResponse {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    init(raw: [UInt8], isHead: Bool) throws {
        guard let split = raw.firstRange(of: Array("\r\n\r\n".utf8)) else { throw TestClientError.malformed }
        let head = String(decoding: raw[..<split.lowerBound], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw TestClientError.malformed }
        self.status = status
        headers = lines.compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        body = isHead ? [] : Array(raw[split.upperBound...])
    }

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object.
    func json() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw TestClientError.notAnObject
        }
        return object
    }
}

enum TestClientError: Error {
    case connect(Int32)
    case malformed
    case notAnObject
}

/// A blocking loopback TCP client with a receive timeout, so a test can never hang.
enum LoopbackClient {
    static func exchange(port: Int, bytes: [UInt8], timeoutSeconds: Int = 10) throws -> [UInt8] {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestClientError.connect(errno) }
        defer { close(fd) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw TestClientError.connect(errno) }
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { break }
            offset += sent
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            response.append(contentsOf: buffer[0..<count])
        }
        return response
    }
}
