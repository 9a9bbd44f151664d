import Foundation

/// An API key that never shows itself: not in `description`, debug dumps, logs or errors.
public struct APIKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let secret: String
    public init(_ secret: String) {
        self.secret = secret
        Redaction.remember(secret)
    }
    public var description: String { Redaction.marker }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["secret": "(redacted)"]) }
    var bearer: String { "Bearer \(secret)" }
}

public enum CaseDash {
    public static let version = "0.1.0"
}

/// Where and how the client talks to case.dev.
public struct ClientConfiguration: Sendable {
    public static let defaultBaseURL = URL(string: "https://api.case.dev")!

    public var baseURL: URL
    public var apiKey: APIKey
    /// Per-request timeout for ordinary calls.
    public var requestTimeout: TimeInterval
    /// `execute` waits for the whole run when answered synchronously.
    public var executeTimeout: TimeInterval
    public var retry: RetryPolicy
    public var userAgent: String
    /// The largest answer read for run details and synchronous executes, which carry a run's
    /// whole logs. Reading stops there: a server can send any amount, memory is not unlimited.
    public var maxDetailsBytes: Int
    /// The largest answer read for everything else (lists, status, agents, errors).
    public var maxResponseBytes: Int
    /// Send the key over plain http to a host that is not this machine (`--allow-insecure-http`).
    public var allowInsecureHTTP: Bool

    public init(baseURL: URL = ClientConfiguration.defaultBaseURL, apiKey: APIKey,
                requestTimeout: TimeInterval = 30, executeTimeout: TimeInterval = 1_860,
                retry: RetryPolicy = .standard, userAgent: String = "casedash/\(CaseDash.version)",
                maxDetailsBytes: Int = 64 << 20, maxResponseBytes: Int = 8 << 20, allowInsecureHTTP: Bool = false) {
        self.baseURL = baseURL; self.apiKey = apiKey; self.requestTimeout = requestTimeout
        self.executeTimeout = executeTimeout; self.retry = retry; self.userAgent = userAgent
        self.maxDetailsBytes = maxDetailsBytes; self.maxResponseBytes = maxResponseBytes
        self.allowInsecureHTTP = allowInsecureHTTP
    }

    /// Reads `CASEDEV_API_KEY` and `CASEDEV_BASE_URL`; an explicit base URL wins over the environment.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment,
                                       baseURL explicit: String? = nil) throws -> ClientConfiguration {
        guard let key = env["CASEDEV_API_KEY"]?.trimmingCharacters(in: .whitespacesAndNewlines), !key.isEmpty else {
            throw CaseDevError(kind: .missingAPIKey, message:
                "CASEDEV_API_KEY is not set. Export your case.dev key (export CASEDEV_API_KEY=sk_case_...), "
                + "or try the dashboard without one: casedash --demo")
        }
        let base = try parseBaseURL(explicit ?? env["CASEDEV_BASE_URL"])
        return ClientConfiguration(baseURL: base, apiKey: APIKey(key))
    }

    public static func parseBaseURL(_ text: String?) throws -> URL {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return defaultBaseURL }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", url.host != nil else {
            throw CaseDevError(kind: .invalidConfiguration,
                               message: "invalid base URL \"\(text)\": expected http(s)://host[:port]")
        }
        return url
    }
}
