import Foundation
import HTTPServer
import Testing
import TestSupport

/// Streamed responses: chunked framing read by real clients, gzip as the body is produced, `HEAD`, HTTP/1.0,
/// and a client that leaves or stops reading, which must stop the producer and bound what the server holds.
@Suite struct StreamingTests {
    private static func server(_ probe: StreamProbe, hits: HitCounter = HitCounter(), caching: CachePolicy = .uncached,
                               configure: (inout ServerConfiguration) -> Void = { _ in }) throws -> TestServer {
        try TestServer(configure, router: StreamRoutes.router(probe: probe, hits: hits, caching: caching), hits: hits)
    }

    @Test func chunkedBodyArrivesWholeAndTheConnectionGoesOn() throws {
        let probe = StreamProbe()
        let server = try Self.server(probe)
        defer { server.stop() }
        let client = try server.client()
        defer { client.close() }
        // Pipelined: the second answer waits behind the whole of the first.
        try client.send("GET /lines?count=20000 HTTP/1.1\r\nHost: t\r\n\r\nGET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        let streamed = try client.readResponse()
        #expect(streamed.status == 200)
        #expect(streamed.header("Transfer-Encoding") == "chunked")
        #expect(streamed.header("Content-Length") == nil)
        #expect(streamed.header("Vary") == "Accept-Encoding")
        #expect(streamed.body == StreamRoutes.lines(20000))
        #expect(streamed.chunkSizes.count > 10)
        #expect(streamed.chunkSizes.allSatisfy { $0 <= ResponseBodyWriter.partSize + 64 })
        let next = try client.readResponse()
        #expect(next.text == "hello")
        #expect(probe.startedCount == 1)
    }

    @Test func emptyBodyIsTheLastChunkAlone() throws {
        let probe = StreamProbe()
        let server = try Self.server(probe)
        defer { server.stop() }
        let client = try server.client()
        defer { client.close() }
        let response = try client.exchange("GET /lines?count=0 HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
        #expect(response.chunkSizes.isEmpty)
        #expect(try client.exchange("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n").text == "hello")
    }

    @Test func gzipIsAppliedAsTheBodyStreams() throws {
        let probe = StreamProbe()
        let server = try Self.server(probe)
        defer { server.stop() }
        let client = try server.client()
        defer { client.close() }
        let response = try client.exchange("GET /lines?count=20000 HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\n\r\n")
        #expect(response.header("Content-Encoding") == "gzip")
        #expect(response.header("Transfer-Encoding") == "chunked")
        #expect(response.body.count < StreamRoutes.lines(20000).count / 4)
        #expect(Gzip.decompress(response.body) == StreamRoutes.lines(20000))
        #expect(response.chunkSizes.count > 1)
    }

    /// A gzip body of many parts, deflated several at once, is one member that reaches back across the parts:
    /// Python's zlib and gzip(1) read it whole, with nothing after the member's end, and it is about as small as
    /// the body deflated in one piece.
    @Test func gzipPartsMakeOneMemberThatReachesBackAcrossParts() throws {
        let python = try ExternalProcess.locate("python3")
        let probe = StreamProbe()
        let server = try Self.server(probe)
        defer { server.stop() }
        let count = 200
        let script = #"""
        import http.client, subprocess, sys, zlib
        port, count = int(sys.argv[1]), int(sys.argv[2])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/repeated?count=%d" % count, headers={"Accept-Encoding": "gzip"})
        response = conn.getresponse()
        assert response.getheader("Content-Encoding") == "gzip"
        body = response.read()
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        plain = inflater.decompress(body) + inflater.flush()
        assert inflater.eof and inflater.unused_data == b"", "not one gzip member"
        block = plain[:24 * 1024]
        assert len(set(block)) == 26 and plain == block * count, "body differs"
        checked = subprocess.run(["gzip", "-t"], input=body)
        assert checked.returncode == 0, "gzip -t failed"
        deflater = zlib.compressobj(1, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        print(len(body), len(deflater.compress(plain) + deflater.flush()))
        """#
        let result = try ExternalProcess.run(python, ["-c", script, String(server.port), String(count)])
        #expect(result.status == 0, "\(result.stderr)")
        // The body is 4.8 MB, about ten parts. Deflated as one stream it takes about 70 KB; a part deflated
        // without the bytes before it would pay for the block's first time again, 15 KB a part.
        let sizes = result.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(sizes.count == 2)
        if sizes.count == 2 { #expect(Double(sizes[0]) < Double(sizes[1]) * 1.25, "\(sizes)") }
    }

    /// Writes that do not fit the part being gathered are cut at its end: every chunk but the last is a whole part,
    /// so the buffer a part is gathered in never has to grow past it.
    @Test func partsAreCutAtTheirSize() throws {
        let server = try Self.server(StreamProbe())
        defer { server.stop() }
        let client = try server.client()
        defer { client.close() }
        // Ten blocks of 24 KiB: seven parts of 32 KiB and 16 KiB left.
        try client.send("GET /repeated?count=10 HTTP/1.1\r\nHost: t\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.body == Array(Array(repeating: StreamRoutes.repeatedBlock, count: 10).joined()))
        let part = ResponseBodyWriter.partSize
        #expect(response.chunkSizes == Array(repeating: part, count: 10 * 24 * 1024 / part) + [10 * 24 * 1024 % part])
    }

    /// The first part reaches the client while the producer still waits for the client to say it came.
    @Test func partsGoOutBeforeTheBodyIsComplete() throws {
        let probe = StreamProbe()
        let server = try Self.server(probe)
        defer { server.stop() }
        let client = try server.client()
        defer { client.close() }
        try client.send("GET /handshake HTTP/1.1\r\nHost: t\r\n\r\n")
        try client.receive(until: Array("first part\n".utf8))
        let other = try server.client()
        defer { other.close() }
        #expect(try other.exchange("GET /release HTTP/1.1\r\nHost: t\r\n\r\n").text == "released")
        let response = try client.readResponse()
        #expect(response.text == "first part\nsecond part\n")
    }

    /// Python's `http.client` reads the chunks, and with gzip decompresses the first part before the rest exists.
    @Test func pythonReadsChunkedAndGzipIncrementally() throws {
        let python = try ExternalProcess.locate("python3")
        let probe = StreamProbe()
        let server = try Self.server(probe)
        defer { server.stop() }
        let script = #"""
        import http.client, sys, zlib
        port = int(sys.argv[1])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/lines?count=20000")
        response = conn.getresponse()
        plain = response.read()
        assert response.chunked and response.getheader("Content-Length") is None, "not chunked"
        expected = b"".join(b"line %d of a streamed body\n" % i for i in range(20000))
        assert plain == expected, "plain body differs"
        conn.request("GET", "/handshake", headers={"Accept-Encoding": "gzip"})
        response = conn.getresponse()
        assert response.getheader("Content-Encoding") == "gzip"
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        first = b""
        while b"first part\n" not in first:
            first += inflater.decompress(response.read1(65536))
        other = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        other.request("GET", "/release")
        assert other.getresponse().read() == b"released"
        rest = inflater.decompress(response.read()) + inflater.flush()
        assert first + rest == b"first part\nsecond part\n", repr(first + rest)
        assert inflater.eof, "gzip member not ended"
        conn.request("GET", "/hello")
        assert conn.getresponse().read() == b"hello"
        print("ok")
        """#
        let result = try ExternalProcess.run(python, ["-c", script, String(server.port)])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "ok\n")
    }

    @Test(arguments: [false, true])
    func curlReadsTheStream(http10: Bool) throws {
        let curl = try ExternalProcess.locate("curl")
        let probe = StreamProbe()
        let server = try Self.server(probe)
        defer { server.stop() }
        let url = "http://127.0.0.1:\(server.port)/lines?count=20000"
        let expected = String(decoding: StreamRoutes.lines(20000), as: UTF8.self)
        let version = http10 ? "--http1.0" : "--http1.1"
        let plain = try ExternalProcess.run(curl, ["-sS", "--fail", version, url])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stdout == expected)
        let compressed = try ExternalProcess.run(curl, ["-sS", "--fail", version, "--compressed", url])
        #expect(compressed.status == 0, "\(compressed.stderr)")
        #expect(compressed.stdout == expected)
        let head = try ExternalProcess.run(curl, ["-sS", "--fail", version, "-D", "-", "-o", "/dev/null", url])
        #expect(head.stdout.lowercased().contains("transfer-encoding: chunked") == !http10)
    }

    @Test func headGetsTheHeadOnlyAndNoProducerRuns() throws {
        let probe = StreamProbe()
        let server = try Self.server(probe)
        defer { server.stop() }
        let client = try server.client()
        defer { client.close() }
        let head = try client.exchange("HEAD /endless HTTP/1.1\r\nHost: t\r\n\r\n", method: "HEAD")
        #expect(head.status == 200)
        #expect(head.header("Transfer-Encoding") == "chunked")
        #expect(head.body.isEmpty)
        #expect(try client.exchange("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n").text == "hello")
        #expect(probe.startedCount == 0)
    }

    @Test func http10BodyRunsToTheEndOfTheConnection() throws {
        let probe = StreamProbe()
        let server = try Self.server(probe)
        defer { server.stop() }
        let client = try server.client()
        defer { client.close() }
        try client.send("GET /lines?count=5000 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.header("Transfer-Encoding") == nil)
        #expect(response.header("Content-Length") == nil)
        #expect(response.closesConnection)
        #expect(response.body == StreamRoutes.lines(5000))
    }

    /// The request for an endless body; with gzip, one that is compressed as it streams (on a thread of its own).
    private static func endless(gzip: Bool) -> String {
        gzip ? "GET /endless?text=1 HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\n\r\n" : "GET /endless HTTP/1.1\r\nHost: t\r\n\r\n"
    }

    @Test(arguments: [false, true])
    func clientThatLeavesHalfWayStopsTheProducer(gzip: Bool) throws {
        let probe = StreamProbe()
        let server = try Self.server(probe)
        defer { server.stop() }
        let client = try server.client()
        try client.send(Self.endless(gzip: gzip))
        try client.receive(atLeast: 1024 * 1024)
        client.close()
        #expect(eventually { probe.wasCancelled })
        // The server goes on serving.
        let other = try server.client()
        defer { other.close() }
        #expect(try other.exchange("GET /lines?count=3 HTTP/1.1\r\nHost: t\r\n\r\n").body == StreamRoutes.lines(3))
    }

    /// A client that stops reading: the producer waits once the connection holds its bound (plus what the
    /// kernel's socket buffers take), and is stopped when the write-stall timeout closes the connection.
    /// With gzip the bound is on what the connection holds compressed, and the letters compress to about 60 %.
    @Test(arguments: [false, true])
    func slowReaderHoldsBoundedMemoryUntilTheStallTimeout(gzip: Bool) throws {
        let probe = StreamProbe()
        let server = try Self.server(probe) { $0.writeStallTimeout = .seconds(4) }
        defer { server.stop() }
        let client = try server.client(receiveBufferSize: 4096)
        defer { client.close() }
        try client.send(Self.endless(gzip: gzip))
        // How soon the bound is reached depends on the machine (compression under a sanitizer is slow), so the
        // producer is given until it has written nothing for half a second, well before the stall timeout.
        var first = probe.writtenBytes
        var second = first
        let deadline = ContinuousClock.now + .milliseconds(2500)
        repeat {
            usleep(500_000)
            (first, second) = (second, probe.writtenBytes)
        } while (second != first || first == 0) && ContinuousClock.now < deadline
        #expect(first > 0)
        #expect(second == first, "the producer went on while the client read nothing")
        #expect(first < (gzip ? 20 : 12) * 1024 * 1024)
        #expect(!probe.wasCancelled)
        // Others are served meanwhile.
        let other = try server.client()
        defer { other.close() }
        #expect(try other.exchange("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n").text == "hello")
        #expect(eventually(timeout: .seconds(8)) { probe.wasCancelled })
    }

    @Test(arguments: [false, true])
    func producerFailureCutsTheBodyShort(gzip: Bool) throws {
        let probe = StreamProbe()
        let server = try Self.server(probe)
        defer { server.stop() }
        let client = try server.client()
        defer { client.close() }
        try client.send("GET /fails HTTP/1.1\r\nHost: t\r\n" + (gzip ? "Accept-Encoding: gzip\r\n" : "") + "\r\n")
        #expect(throws: ClientError.self) { try client.readResponse() }
        let other = try server.client()
        defer { other.close() }
        #expect(try other.exchange("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n").text == "hello")
    }

    @Test func streamsNeverEnterTheResponseCache() throws {
        let probe = StreamProbe()
        let hits = HitCounter()
        let server = try Self.server(probe, hits: hits, caching: .shared(lifetime: .seconds(60))) {
            $0.responseCache = ResponseCache()
        }
        defer { server.stop() }
        let client = try server.client()
        defer { client.close() }
        for _ in 0..<2 {
            let response = try client.exchange("GET /lines?count=100 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(response.header("Transfer-Encoding") == "chunked")
            #expect(response.header("Age") == nil)
            #expect(response.body == StreamRoutes.lines(100))
        }
        #expect(hits.count("/lines") == 2)
        #expect(probe.startedCount == 2)
    }
}
