/// What identifies an RFC 9457 problem response: the status line's code, the media type and the body's
/// `type` and `status`, so that a test compares them in one expectation.
public struct ProblemSummary: Equatable, Sendable, CustomStringConvertible {
    public var status: Int
    public var contentType: String?
    public var type: String?
    public var bodyStatus: Int?

    /// The summary a problem of `type` with `status` has.
    public init(status: Int, type: String) {
        self.status = status
        contentType = "application/problem+json"
        self.type = type
        bodyStatus = status
    }

    init(status: Int, contentType: String?, type: String?, bodyStatus: Int?) {
        self.status = status
        self.contentType = contentType
        self.type = type
        self.bodyStatus = bodyStatus
    }

    public var description: String {
        "\(status) \(contentType ?? "-") type \(type ?? "-") status \(bodyStatus.map(String.init) ?? "-")"
    }
}

extension RawResponse {
    /// The response read as a problem (the body must be a JSON object).
    public func problemSummary() throws -> ProblemSummary {
        let object = try jsonObject()
        return ProblemSummary(status: status, contentType: header("Content-Type"), type: object["type"] as? String,
                              bodyStatus: object["status"] as? Int)
    }
}
