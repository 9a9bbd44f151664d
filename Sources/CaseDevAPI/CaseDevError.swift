import Foundation

/// Every failure of the client, as one value: what went wrong, the server's words when there
/// were any, and whether repeating the request may help.
public struct CaseDevError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The server answered with a non-2xx status.
        case http(status: Int)
        case connectionRefused
        case timedOut
        case tls
        case dns
        /// Any other transport failure (connection lost, no route, ...).
        case network
        case cancelled
        /// A 2xx answer whose body could not be read as the expected shape.
        case invalidResponse
        case missingAPIKey
        case invalidConfiguration
        /// Refused before sending: an empty id, an empty required field.
        case invalidArgument
        /// The answer was larger than the configured limit; reading stopped there.
        case tooLarge
        /// The server redirected to another origin, which must not get the API key.
        case refusedRedirect
    }

    public var kind: Kind
    public var message: String
    public var code: String?
    public var type: String?
    /// Seconds the server asked us to wait (`retry-after-ms`, then `Retry-After`).
    public var retryAfter: TimeInterval?
    /// `x-should-retry` from the server, when it said.
    public var shouldRetryHeader: Bool?

    public init(kind: Kind, message: String, code: String? = nil, type: String? = nil,
                retryAfter: TimeInterval? = nil, shouldRetryHeader: Bool? = nil) {
        // Messages, codes and types often carry the server's words; they are shown and logged.
        self.kind = kind; self.message = UntrustedText.line(message)
        self.code = code.map { UntrustedText.line($0) }; self.type = type.map { UntrustedText.line($0) }
        self.retryAfter = retryAfter; self.shouldRetryHeader = shouldRetryHeader
    }

    public var status: Int? {
        if case .http(let s) = kind { return s }
        return nil
    }

    /// Whether the failure is of a kind that repeating a safe request may cure:
    /// connection errors, 408, 429 and 5xx (the server's `x-should-retry` wins when present).
    public var isRetryable: Bool {
        if let h = shouldRetryHeader { return h }
        switch kind {
        case .http(let s): return s == 408 || s == 429 || s >= 500
        case .connectionRefused, .timedOut, .network: return true
        case .tls, .dns, .cancelled, .invalidResponse, .missingAPIKey, .invalidConfiguration, .invalidArgument,
             .tooLarge, .refusedRedirect:
            return false
        }
    }

    public var description: String {
        switch kind {
        case .http(let s):
            var text = "HTTP \(s): \(message)"
            if let code { text += " (\(code))" }
            return text
        default:
            return message
        }
    }

}

/// Reads an error body leniently: the service is not consistent about its shape.
enum ErrorBody {
    struct Parsed { var message: String; var code: String?; var type: String? }

    static func parse(_ data: Data, status: Int) -> Parsed {
        let fallback = "HTTP status \(status)"
        guard let json = try? JSONDecoder().decodeLeniently(JSONValue.self, from: data) else {
            let text = String(decoding: data.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return Parsed(message: text.isEmpty ? fallback : text)
        }
        let err = json["error"]
        let message = json["message"]?.stringValue
            ?? err?["message"]?.stringValue
            ?? err?.stringValue
            ?? json["statusMessage"]?.stringValue
            ?? json.compactText
        let code = json["code"]?.stringValue ?? err?["code"]?.stringValue
        let type = json["type"]?.stringValue ?? err?["type"]?.stringValue
        return Parsed(message: message.isEmpty ? fallback : message, code: code, type: type)
    }
}
