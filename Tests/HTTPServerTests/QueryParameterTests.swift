import HTTPServer
import Testing

/// A request's query parameters looked up one by one (`query(_:)`) agree with the decoded list (`queryItems`),
/// and percent-encoding escapes exactly the bytes outside RFC 3986's unreserved set.
@Suite struct QueryParameterTests {
    private static let targets = [
        "/v1/search?q=Hamburg&limit=10",
        "/v1/search?q=Region+Sk%C3%A5ne&limit=10&offset=20",
        "/v1/search?limit=1&limit=2&q=",
        "/v1/search?q&limit=5",
        "/v1/search?%71=encoded+name&q=second",
        "/v1/search?a+b=space&a%20b=escaped",
        "/v1/search?q=%zz&bad=%C3",
        "/v1/search?&&q=after+empty+pairs&",
        "/v1/search?q=a=b=c",
        "/v1/search?=nameless&q=x",
        "/v1/search?Q=upper&q=lower",
        "/v1/search",
        "/v1/search?",
    ]

    private static let names = ["q", "limit", "offset", "a b", "bad", "Q", "", "missing", "%71"]

    @Test(arguments: targets)
    func eachParameterIsTheFirstDecodedItemOfItsName(_ target: String) {
        let request = Request(method: .get, target: target)
        for name in Self.names {
            let expected = request.queryItems.first { $0.name == name }?.value
            #expect(request.query(name) == expected, "\(target): \(name)")
        }
    }

    @Test func decodedValuesAreWhatTheClientMeant() {
        let request = Request(method: .get, target: "/v1/search?q=Region+Sk%C3%A5ne&%71x=1&limit=10&limit=20")
        #expect(request.query("q") == "Region Skåne")
        #expect(request.query("qx") == "1")
        #expect(request.query("limit") == "10")
        #expect(request.query("offset") == nil)
    }

    @Test func encodingEscapesEveryByteOutsideTheUnreservedSet() {
        let unreserved = "ABCXYZabcxyz0189-._~"
        #expect(PercentEncoding.encode(unreserved) == unreserved)
        #expect(PercentEncoding.encode("cityregio-ii") == "cityregio-ii")
        #expect(PercentEncoding.encode("") == "")
        #expect(PercentEncoding.encode("a b/c?d&e=f") == "a%20b%2Fc%3Fd%26e%3Df")
        #expect(PercentEncoding.encode("Øresund") == "%C3%98resund")
        #expect(PercentEncoding.encode("%+") == "%25%2B")
        for byte in UInt8(0)...UInt8(127) {
            let text = String(decoding: [byte], as: UTF8.self)
            let encoded = PercentEncoding.encode(text)
            #expect(PercentEncoding.decode(encoded) == text)
            let isUnreserved = byte.isASCIILetterOrDigit || "-._~".utf8.contains(byte)
            #expect(encoded == (isUnreserved ? text : "%" + hex(byte)), "byte \(byte)")
        }
    }

    private func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}

private extension UInt8 {
    var isASCIILetterOrDigit: Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
    }
}
