@testable import HTTPServer
import Testing

/// `multipart/form-data` bodies as clients write them, and the ways they go wrong.
@Suite struct MultipartFormDataTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func theBoundaryComesFromTheMediaType() {
        #expect(MultipartFormData.boundary(ofContentType: "multipart/form-data; boundary=abc") == "abc")
        #expect(MultipartFormData.boundary(ofContentType: "Multipart/Form-Data;charset=utf-8; BOUNDARY=\"a b:c\"") == "a b:c")
        #expect(MultipartFormData.boundary(ofContentType: "multipart/form-data") == nil)
        #expect(MultipartFormData.boundary(ofContentType: "multipart/mixed; boundary=abc") == nil)
        #expect(MultipartFormData.boundary(ofContentType: "multipart/form-data; boundary=" + String(repeating: "x", count: 71)) == nil)
    }

    @Test func partsWithTheirNamesFileNamesTypesAndBytes() throws {
        // Content holding line breaks, dashes and a near-delimiter; a preamble and an epilogue around.
        let content = "a;b\r\n--XY\r\n-XYZ\r\n\r\n"
        let body = Self.bytes("""
            This is a preamble.\r
            --XYZ\r
            Content-Disposition: form-data; name="file"; filename="C:\\\\data\\\\x \\"1\\".csv"\r
            Content-Type: text/csv\r
            \r
            \(content)\r
            --XYZ  \r
            content-disposition: FORM-DATA; name=mapping\r
            \r
            {}\r
            --XYZ\r
            Content-Disposition: form-data; name="empty"\r
            \r
            \r
            --XYZ--\r
            an epilogue
            """)
        let form = try MultipartFormData(parsing: body, boundary: "XYZ")
        #expect(form.parts.map(\.name) == ["file", "mapping", "empty"])
        let file = try #require(form.part(named: "file"))
        #expect(file.fileName == "C:\\data\\x \"1\".csv" && file.contentType == "text/csv")
        #expect(Array(file.body) == Self.bytes(content))
        #expect(Array(form.part(named: "mapping")?.body ?? []) == Self.bytes("{}") && form.part(named: "mapping")?.fileName == nil)
        #expect(form.part(named: "empty")?.body.isEmpty == true)
    }

    @Test func aSemicolonInAQuotedFileNameIsPartOfTheName() throws {
        let body = Self.bytes("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"data;2024 \\\";x\\\".csv\"\r\n\r\n1\r\n--b--")
        let form = try MultipartFormData(parsing: body, boundary: "b")
        #expect(form.parts.first?.fileName == "data;2024 \";x\".csv" && form.parts.first?.name == "file")
        #expect(MultipartFormData.boundary(ofContentType: "multipart/form-data; boundary=\"a;b\"") == "a;b")
    }

    @Test func theFirstDelimiterMayOpenTheBody() throws {
        let form = try MultipartFormData(parsing: Self.bytes("--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--b--"), boundary: "b")
        #expect(form.parts.count == 1 && Array(form.parts[0].body) == [UInt8(ascii: "1")])
    }

    @Test func malformedBodiesSayWhatIsWrong() {
        let part = "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n"
        let cases: [(body: String, reason: String)] = [
            ("no delimiter at all", "no part delimited"),
            (part, "cut short"),
            (part + "--b", "without the closing"),
            (part + "--bX\r\n", "neither a line break"),
            ("--b\r\nContent-Disposition: form-data\r\n\r\n1\r\n--b--", "has no name"),
            ("--b\r\nContent-Disposition: attachment; name=\"x\"\r\n\r\n1\r\n--b--", "not form-data"),
            ("--b\r\nno colon here\r\n\r\n1\r\n--b--", "no colon"),
            ("--b\r\nX-Long: " + String(repeating: "h", count: MultipartFormData.maxPartHeaderBytes) + "\r\n\r\n1\r\n--b--", "no end to its header"),
            (String(repeating: part, count: MultipartFormData.maxParts + 1) + "--b--", "more than"),
        ]
        for (body, reason) in cases {
            #expect {
                try MultipartFormData(parsing: Self.bytes(body), boundary: "b")
            } throws: { error in
                (error as? MultipartFormData.Malformed)?.description.contains(reason) == true
            }
        }
    }
}
