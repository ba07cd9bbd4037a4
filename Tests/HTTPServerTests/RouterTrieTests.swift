import HTTPServer
import Testing

/// The router in-process, without a socket: matching by the trie, groups, middleware composed at
/// registration, and the route table's programming errors stopped at startup.
@Suite struct RouterTrieTests {
    private static func text(_ body: String) -> Response {
        Response(status: .ok, contentType: "text/plain", body: body)
    }

    private static func answer(_ router: Router, _ method: HTTPMethod, _ target: String) -> (Router.Match, Response) {
        let match = router.match(Request(method: method, target: target))
        var request = Request(method: method, target: target)
        request.pathParameters = match.parameters
        let response: Response
        do {
            response = try match.handler(request)
        } catch let error as HTTPError {
            response = error.response
        } catch {
            response = Response(status: .internalServerError)
        }
        return (match, response)
    }

    @Test func literalSegmentsWinOverParametersWhateverTheOrder() {
        var router = Router()
        router.get("/items/{id}") { request in Self.text("item " + (request.pathParameters["id"] ?? "?")) }
        router.get("/items/new") { _ in Self.text("new") }
        router.get("/a/{x}/c") { request in Self.text("x=" + (request.pathParameters["x"] ?? "?")) }
        router.get("/a/b/d") { _ in Self.text("b/d") }

        #expect(Self.answer(router, .get, "/items/new").1.body == Array("new".utf8))
        #expect(Self.answer(router, .get, "/items/n%65w").1.body == Array("new".utf8))
        let (match, response) = Self.answer(router, .get, "/items/a%20b")
        #expect(match.template == "/items/{id}")
        #expect(response.body == Array("item a b".utf8))
        // The literal branch `/a/b` leads nowhere for `/c`: the parameter branch is tried next.
        #expect(Self.answer(router, .get, "/a/b/c").1.body == Array("x=b".utf8))
        #expect(Self.answer(router, .get, "/a/b/d").1.body == Array("b/d".utf8))
        #expect(Self.answer(router, .get, "/items/").1.status == .notFound)
        #expect(Self.answer(router, .get, "/items/7/more").1.status == .notFound)
        #expect(Self.answer(router, .get, "/items/%zz").1.status == .notFound)
    }

    @Test func groupsPrefixTheirTemplatesAndLendTheirCachePolicy() {
        var router = Router()
        router.get("/healthz") { _ in Self.text("ok") }
        router.group("/v1", caching: .shared(lifetime: .seconds(60))) { v1 in
            v1.get("/things/{id}") { request in Self.text(request.pathParameters["id"] ?? "?") }
            v1.get("/live", caching: CachePolicy.uncached) { _ in Self.text("live") }
            v1.group("/admin") { admin in
                admin.get("/stats") { _ in Self.text("stats") }
            }
        }
        let (thing, body) = Self.answer(router, .get, "/v1/things/9")
        #expect(thing.template == "/v1/things/{id}")
        #expect(thing.caching == .shared(lifetime: .seconds(60)))
        #expect(body.body == Array("9".utf8))
        #expect(Self.answer(router, .get, "/v1/live").0.caching == CachePolicy.uncached)
        #expect(Self.answer(router, .get, "/v1/admin/stats").0.template == "/v1/admin/stats")
        #expect(Self.answer(router, .get, "/v1/admin/stats").0.caching == .shared(lifetime: .seconds(60)))
        #expect(Self.answer(router, .get, "/healthz").0.caching == CachePolicy.uncached)
        #expect(Self.answer(router, .get, "/things/9").1.status == .notFound)
    }

    @Test func middlewareWrapsRoutesAndEveryFallback() {
        var router = Router()
        router.use { request, next in
            var response: Response
            do {
                response = try next(request)
            } catch let error as HTTPError {
                response = error.response
            }
            response.headers.set("X-Wrapped", "yes")
            return response
        }
        router.get("/thing") { _ in Self.text("thing") }
        let cases: [(HTTPMethod, String, Int)] = [
            (.get, "/thing", 200), (.head, "/thing", 200), (.options, "/thing", 204), (.delete, "/thing", 405),
            (HTTPMethod("FOO"), "/thing", 501), (HTTPMethod("FOO"), "/nothing", 501), (.get, "/nothing", 404),
            (.options, "*", 204),
        ]
        for (method, target, status) in cases {
            let response = Self.answer(router, method, target).1
            #expect(response.status.code == status, "\(method) \(target)")
            #expect(response.headers["X-Wrapped"] == "yes", "\(method) \(target)")
        }
        #expect(Self.answer(router, .delete, "/thing").1.headers["Allow"] == "GET, HEAD, OPTIONS")
    }

    @Test func aDuplicateRouteStopsTheProgramNamingIt() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var router = Router()
            router.group("/v1") { v1 in
                v1.get("/projects/{id}") { _ in Response() }
            }
            router.get("/v1/projects/{id}") { _ in Response() }
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("Duplicate route: GET /v1/projects/{id}"), "\(message)")
    }

    @Test func twoNamesForOneParameterStopTheProgram() async {
        await #expect(processExitsWith: .failure) {
            var router = Router()
            router.get("/projects/{id}") { _ in Response() }
            router.get("/projects/{slug}/partners") { _ in Response() }
        }
    }

    @Test func middlewareAfterARouteStopsTheProgram() async {
        await #expect(processExitsWith: .failure) {
            var router = Router()
            router.get("/projects") { _ in Response() }
            router.use { request, next in try next(request) }
        }
    }
}
