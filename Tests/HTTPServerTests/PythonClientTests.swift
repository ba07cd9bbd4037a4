import Foundation
import HTTPServer
import Testing
import TestSupport

/// The server against Python's `http.client`: a keep-alive sequence of GET, HEAD and POST on one connection.
@Suite struct PythonClientTests {
    private static let script = #"""
    import gzip, http.client, json, sys
    conn = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=10)
    results = []
    def call(method, path, body=None, headers={}):
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        if response.getheader("Content-Encoding") == "gzip":
            data = gzip.decompress(data)
        results.append({
            "method": method, "status": response.status, "body": data.decode("utf-8"),
            "length": response.getheader("Content-Length"), "type": response.getheader("Content-Type"),
            "local_port": conn.sock.getsockname()[1] if conn.sock else None,
        })
    call("GET", "/hello")
    call("HEAD", "/hello")
    call("POST", "/echo", body=b"posted from python", headers={"Content-Type": "text/plain"})
    call("GET", "/items/py%20thon")
    call("GET", "/missing")
    call("HEAD", "/big")
    call("GET", "/big", headers={"Accept-Encoding": "gzip"})
    call("PUT", "/items/7", body=b"")
    call("GET", "/query?lang=py&v=3")
    conn.close()
    print(json.dumps(results))
    """#

    @Test func keepAliveSequence() throws {
        let python = try ExternalProcess.locate("python3")
        let server = try TestServer()
        defer { server.stop() }
        let result = try ExternalProcess.run(python, ["-c", Self.script, String(server.port)])
        #expect(result.status == 0, "\(result.stderr)")
        let parsed = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        let calls = try #require(parsed as? [[String: Any]])
        #expect(calls.count == 9)
        #expect(calls.map { $0["status"] as? Int } == [200, 200, 200, 200, 404, 200, 200, 200, 200])
        #expect(calls.map { $0["body"] as? String } == [
            "hello", "", "posted from python", "py thon",
            #"{"type":"/problems/not-found","title":"Not Found","status":404,"detail":"No resource at /missing."}"#,
            "", TestRoutes.bigText, "put 7", "lang=py\nv=3",
        ])
        #expect(calls[1]["length"] as? String == "5")
        #expect(calls[5]["length"] as? String == String(TestRoutes.bigText.utf8.count))
        #expect(calls[4]["type"] as? String == "application/problem+json")
        // One connection throughout: the same local port for every call.
        let ports = Set(calls.compactMap { $0["local_port"] as? Int })
        #expect(ports.count == 1)
        #expect(server.hits.total == 9)
    }
}
