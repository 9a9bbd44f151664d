/// An error answer of the emulator, in the one shape the project chose:
/// `{"error": {"message", "type", "code"}}` with the matching HTTP status.
struct APIFailure: Error, Sendable {
    var status: Int
    var type: String
    var code: String
    var message: String
    var headers: [String: String] = [:]

    static func badRequest(_ message: String, code: String = "invalid_request") -> APIFailure {
        APIFailure(status: 400, type: "invalid_request_error", code: code, message: message)
    }

    static func notFound(_ what: String, _ id: String) -> APIFailure {
        APIFailure(status: 404, type: "not_found_error", code: "\(what)_not_found", message: "\(what.capitalized) \(id) not found")
    }

    static let unauthorized = APIFailure(status: 401, type: "authentication_error", code: "AUTH_INVALID",
                                         message: "Invalid or missing API key. Send Authorization: Bearer sk_case_...")

    static func conflict(_ message: String, code: String) -> APIFailure {
        APIFailure(status: 409, type: "conflict_error", code: code, message: message)
    }

    static func rateLimited(retryAfter: Int) -> APIFailure {
        APIFailure(status: 429, type: "rate_limit_error", code: "rate_limit_exceeded",
                   message: "Rate limit exceeded. You have made too many requests to the agent API. Please retry after \(retryAfter) seconds.",
                   headers: ["Retry-After": String(retryAfter)])
    }

    static func internalError(_ message: String = "Internal server error") -> APIFailure {
        APIFailure(status: 500, type: "api_error", code: "internal_error", message: message)
    }
}
