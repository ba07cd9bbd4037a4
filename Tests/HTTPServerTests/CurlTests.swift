import Foundation
import HTTPServer
import Testing
import TestSupport

/// The server against curl: a large upload for which curl waits for `100 Continue`, chunked uploads, gzip.
@Suite struct CurlTests {
    @Test func largeUploadIsEchoedAfterContinue() throws {
        let curl = try ExternalProcess.locate("curl")
        let server = try TestServer()
        defer { server.stop() }
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var generator = SystemRandomNumberGenerator()
        let upload = (0..<(1536 * 1024)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let input = directory.appendingPathComponent("upload.bin")
        let output = directory.appendingPathComponent("echo.bin")
        let headers = directory.appendingPathComponent("headers.txt")
        try Data(upload).write(to: input)

        let result = try ExternalProcess.run(curl, [
            "--silent", "--show-error", "--fail", "--max-time", "30",
            "--data-binary", "@\(input.path)", "-H", "Content-Type: application/octet-stream",
            "-D", headers.path, "-o", output.path,
            "http://127.0.0.1:\(server.port)/echo",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.timedOut)
        let echoed = try Data(contentsOf: output)
        #expect(echoed.count == upload.count)
        #expect(echoed == Data(upload))
        // -D records the interim response as well: 100 Continue came first, so curl did not have to give up waiting.
        let dumped = try String(contentsOf: headers, encoding: .utf8)
        let continueRange = try #require(dumped.range(of: "HTTP/1.1 100 Continue"), "\(dumped)")
        let okRange = try #require(dumped.range(of: "HTTP/1.1 200 OK"))
        #expect(continueRange.lowerBound < okRange.lowerBound)
        #expect(dumped.lowercased().contains("x-received-expect: 100-continue"))
        #expect(dumped.lowercased().contains("x-received-length: \(upload.count)"))
    }

    @Test func chunkedUploadIsEchoed() throws {
        let curl = try ExternalProcess.locate("curl")
        let server = try TestServer()
        defer { server.stop() }
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let upload = Data(String(repeating: "chunked upload line\n", count: 5000).utf8)
        let input = directory.appendingPathComponent("upload.txt")
        try upload.write(to: input)
        let result = try ExternalProcess.run(curl, [
            "--silent", "--show-error", "--fail", "--max-time", "30",
            "-H", "Transfer-Encoding: chunked", "-H", "Content-Type: text/plain",
            "--data-binary", "@\(input.path)", "http://127.0.0.1:\(server.port)/echo",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Data(result.stdout.utf8) == upload)
    }

    @Test func compressedResponsesAreDecoded() throws {
        let curl = try ExternalProcess.locate("curl")
        let server = try TestServer()
        defer { server.stop() }
        let result = try ExternalProcess.run(curl, [
            "--silent", "--show-error", "--fail", "--max-time", "30", "--compressed", "-D", "/dev/stderr",
            "http://127.0.0.1:\(server.port)/big",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == TestRoutes.bigText)
        let headers = result.stderr.lowercased()
        #expect(headers.contains("content-encoding: gzip"))
        #expect(headers.contains("vary: accept-encoding"))
    }

    @Test func severalUrlsShareOneConnection() throws {
        let curl = try ExternalProcess.locate("curl")
        let server = try TestServer()
        defer { server.stop() }
        let base = "http://127.0.0.1:\(server.port)"
        let result = try ExternalProcess.run(curl, [
            "--silent", "--show-error", "--fail", "--max-time", "30", "--verbose",
            "\(base)/hello", "\(base)/items/curl", "\(base)/hello",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "hellocurlhello")
        #expect(result.stderr.components(separatedBy: "Connected to").count - 1 == 1, "\(result.stderr)")
        #expect(server.hits.total == 3)
    }
}
