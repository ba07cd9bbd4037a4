import HTTPServer
import Testing

/// Every request carries the address of the connection's peer, as the socket reports it.
@Suite struct PeerAddressTests {
    @Test func requestsCarryTheClientsAddress() throws {
        var router = Router()
        router.get("/peer") { request in
            Response(status: .ok, contentType: "text/plain", body: request.peerAddress ?? "none")
        }
        try withTestClient(router: router) { _, client in
            let first = try client.exchange("GET /peer HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(first.status == 200)
            #expect(first.text == "127.0.0.1")
            // Later requests on the same connection carry it too.
            let second = try client.exchange("GET /peer HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(second.text == "127.0.0.1")
        }
    }
}
