import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Scheme, host and port: what the API key is bound to. The key goes to the configured base
/// URL's origin and nowhere else, neither to a host a redirect names (every request would carry
/// `Authorization` there) nor in clear text across a network unless the user asked for it.
struct Origin: Hashable {
    let scheme: String
    let host: String
    let port: Int

    init?(_ url: URL?) {
        guard let url, let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased(), !host.isEmpty else { return nil }
        self.scheme = scheme
        self.host = host
        port = url.port ?? (scheme == "https" ? 443 : 80)
    }

    var hostAndPort: String { host.contains(":") && !host.hasPrefix("[") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// This machine: localhost, ::1 or 127.0.0.0/8, where clear text never crosses a network.
    var isLoopback: Bool {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if bare == "localhost" || bare == "::1" { return true }
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// The request to follow a redirect with (the key restored if the redirect dropped it), or
    /// why it is refused.
    static func follow(_ proposed: URLRequest, from original: URLRequest?, base: URL) -> Result<URLRequest, CaseDevError> {
        guard let target = Origin(proposed.url), let home = Origin(base), target == home else {
            let whereTo = Origin(proposed.url)?.hostAndPort ?? proposed.url?.absoluteString ?? "an unreadable URL"
            return .failure(CaseDevError(kind: .refusedRedirect, message:
                "refused redirect to other origin \(whereTo); the API key is only sent to \(base.absoluteString)"))
        }
        var request = proposed
        if request.value(forHTTPHeaderField: "Authorization") == nil,
           let key = original?.value(forHTTPHeaderField: "Authorization") {
            request.setValue(key, forHTTPHeaderField: "Authorization")
        }
        return .success(request)
    }
}

extension ClientConfiguration {
    /// Refuses, before anything is sent, a plain-http base URL outside this machine unless
    /// `allowInsecureHTTP`: anyone on the path would read the key.
    public func checkKeyTransport() throws {
        guard let origin = Origin(baseURL), origin.scheme == "http", !origin.isLoopback, !allowInsecureHTTP else { return }
        throw CaseDevError(kind: .invalidConfiguration, message:
            "refusing to send the API key in clear text to http://\(origin.hostAndPort): use https, "
            + "or pass --allow-insecure-http if that network is trusted")
    }
}
