import HTTPServer
import Testing

/// gzip negotiated from `Accept-Encoding` with q-values, only for compressible bodies above the threshold,
/// with `Vary: Accept-Encoding` on every negotiable response.
@Suite struct CompressionTests {
    @Test func compressesLargeTextForAGzipClient() throws {
        try withTestClient { _, client in
            let response = try client.exchange("GET /big HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip, deflate, br\r\n\r\n")
            #expect(response.status == 200)
            #expect(response.header("Content-Encoding") == "gzip")
            #expect(response.header("Vary") == "Accept-Encoding")
            #expect(response.body.count < TestRoutes.bigText.utf8.count / 4)
            #expect(response.header("Content-Length") == String(response.body.count))
            // gzip magic, then the decoded body.
            #expect(Array(response.body.prefix(2)) == [0x1F, 0x8B])
            #expect(Gzip.decompress(response.body) == Array(TestRoutes.bigText.utf8))

            let json = try client.exchange("GET /big.json HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\n\r\n")
            #expect(json.header("Content-Encoding") == "gzip")
            #expect(json.header("Content-Type") == "application/json")
        }
    }

    @Test(arguments: [
        ("gzip", true),
        ("GZIP", true),
        ("x-gzip", true),
        ("gzip;q=0", false),
        ("gzip; q=0", false),
        ("gzip;q=0.0", false),
        ("gzip;q=0.001", true),
        ("gzip;Q=0.5", true),
        ("identity", false),
        ("deflate, br", false),
        ("*", true),
        ("*;q=0", false),
        ("br, gzip;q=0", false),
        ("gzip;q=0, *;q=1", false),
        ("br;q=1.0, gzip;q=0.5, *;q=0", true),
        ("identity;q=1, *;q=0.1", true),
        ("", false),
    ])
    func negotiatesWithQValues(acceptEncoding: String, gzipped: Bool) throws {
        try withTestClient { _, client in
            let response = try client.exchange("GET /big HTTP/1.1\r\nHost: t\r\nAccept-Encoding: \(acceptEncoding)\r\n\r\n")
            #expect(response.status == 200)
            #expect(response.header("Vary") == "Accept-Encoding")
            if gzipped {
                #expect(response.header("Content-Encoding") == "gzip")
                #expect(Gzip.decompress(response.body) == Array(TestRoutes.bigText.utf8))
            } else {
                #expect(response.header("Content-Encoding") == nil)
                #expect(response.body == Array(TestRoutes.bigText.utf8))
            }
        }
    }

    @Test func noAcceptEncodingMeansIdentity() throws {
        try withTestClient { _, client in
            let response = try client.exchange("GET /big HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(response.header("Content-Encoding") == nil)
            #expect(response.header("Vary") == "Accept-Encoding")
            #expect(response.body == Array(TestRoutes.bigText.utf8))
        }
    }

    @Test func smallBodiesAreNotCompressedButVary() throws {
        try withTestClient { _, client in
            let response = try client.exchange("GET /small HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\n\r\n")
            #expect(response.header("Content-Encoding") == nil)
            #expect(response.header("Vary") == "Accept-Encoding")
            #expect(response.text == "small")
        }
    }

    @Test func incompressibleTypesAreNotCompressed() throws {
        try withTestClient { _, client in
            let response = try client.exchange("GET /big.bin HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\n\r\n")
            #expect(response.header("Content-Encoding") == nil)
            #expect(response.header("Vary") == nil)
            #expect(response.body == Array(TestRoutes.bigText.utf8))
        }
    }

    @Test func theThresholdIsConfigurable() throws {
        try withTestClient({ $0.contentCoding = ContentCoding(minimumSize: 1) }) { _, client in
            let response = try client.exchange("GET /small HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\n\r\n")
            #expect(response.header("Content-Encoding") == "gzip")
            #expect(Gzip.decompress(response.body) == Array("small".utf8))
        }
    }
}
