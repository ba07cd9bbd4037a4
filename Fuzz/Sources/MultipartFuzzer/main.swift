import CLibFuzzer
import HTTPServer

#if canImport(Glibc)
import Glibc
#endif

// libFuzzer entry point for `multipart/form-data` bodies (`MultipartFormData`), which `POST /v1/imports` reads.
//
// An input is a `Content-Type` value on its first line and the body after it. The body either is refused with
// a reason or splits into parts within the limits, each part's bytes a slice of the body that holds no
// delimiter; the parts written again as a form with the same boundary split into the same parts. Any crash or
// broken expectation traps so that libFuzzer records the input.

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}

/// `parts` as a form with `boundary`, as a client writes one.
func form(_ parts: [MultipartFormData.Part], boundary: String) -> [UInt8] {
    var body: [UInt8] = []
    for part in parts {
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\"".utf8)
        if let fileName = part.fileName { body += Array("; filename=\"\(fileName)\"".utf8) }
        if let type = part.contentType { body += Array("\r\nContent-Type: \(type)".utf8) }
        body += Array("\r\n\r\n".utf8) + Array(part.body) + Array("\r\n".utf8)
    }
    return body + Array("--\(boundary)--\r\n".utf8)
}

/// Whether a header value written back between quotes reads as itself.
func writable(_ text: String) -> Bool {
    !text.contains { $0 == "\"" || $0 == "\\" || $0 == "\r" || $0 == "\n" } && !text.isEmpty
}

func fuzz(_ input: UnsafeBufferPointer<UInt8>) -> CInt {
    let bytes = Array(input)
    let lineEnd = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
    let contentType = String(decoding: bytes[..<lineEnd], as: UTF8.self)
    let body = lineEnd < bytes.count ? Array(bytes[(lineEnd + 1)...]) : []
    guard let boundary = MultipartFormData.boundary(ofContentType: contentType) else { return 0 }
    check((1...70).contains(boundary.utf8.count), "boundary of \(boundary.utf8.count) bytes")
    guard let parsed = try? MultipartFormData(parsing: body, boundary: boundary) else { return 0 }
    check(parsed.parts.count <= MultipartFormData.maxParts, "\(parsed.parts.count) parts")
    let delimiter = Array(("\r\n--" + boundary).utf8)
    for part in parsed.parts {
        check(part.body.startIndex >= 0 && part.body.endIndex <= body.count, "a part outside the body")
        check(!part.name.isEmpty, "a part without a name")
        if part.body.count >= delimiter.count {
            for start in part.body.startIndex...(part.body.endIndex - delimiter.count) {
                check(!part.body[start..<(start + delimiter.count)].elementsEqual(delimiter), "a part holds the delimiter")
            }
        }
    }
    // Written again (where every name, file name and type can be written back as it was read), the same parts.
    let rewritable = parsed.parts.allSatisfy { part in
        writable(part.name) && !part.name.contains(";") && (part.fileName.map(writable) ?? true)
            && (part.contentType.map { !$0.contains { $0 == "\r" || $0 == "\n" } && $0.first != " " && $0.last != " " } ?? true)
            && !(part.contentType?.isEmpty ?? false)
    }
    if rewritable, boundary.last != " ", !boundary.contains("\r"), !boundary.contains("\n") {
        let again: MultipartFormData
        do {
            again = try MultipartFormData(parsing: form(parsed.parts, boundary: boundary), boundary: boundary)
        } catch {
            fatalError("the parts written again are refused: \(error)")
        }
        check(again.parts.count == parsed.parts.count, "\(again.parts.count) parts written again, \(parsed.parts.count) read")
        for (first, second) in zip(parsed.parts, again.parts) {
            check(first.name == second.name && first.fileName == second.fileName && first.contentType == second.contentType
                  && Array(first.body) == Array(second.body), "part \(first.name) is read back otherwise")
        }
    }
    return 0
}

// SwiftPM links an executable with its own `main`, so this file's top-level code hands control to
// libFuzzer's driver rather than relying on libFuzzer's `main`.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    fuzz(UnsafeBufferPointer(start: data, count: size))
})
