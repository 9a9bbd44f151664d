import AsyncHTTPClient
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import NIOCore
import NIOHTTP1

/// Every request of the client goes through AsyncHTTPClient (SwiftNIO): answers read whole
/// (`collect`) and bodies read as they arrive (`start`: the events stream, details whose logs
/// are skipped on the way).
///
/// Not URLSession: on Linux, FoundationNetworking runs libcurl behind libdispatch. A transfer that is open with
/// nothing arriving spins a core, 75–100 % CPU at 70k–290k context switches a second
/// (`scripts/bench-urlsession-idle.sh`); an events stream is exactly that between events. And
/// each request hops across several dispatch threads (about 20 context switches per poll). NIO
/// sleeps in epoll until bytes come, on its own thread, and reads the body with backpressure.
///
/// The rules the client keeps: redirects are followed only within the base URL's origin (the
/// key goes nowhere else), answers stop at their size limit, `https_proxy` / `http_proxy` /
/// `no_proxy` are honoured as curl does (never for this machine), and gzip or deflate bodies are
/// decoded.
enum HTTPTransport {
    enum Chunk: Sendable { case response(status: Int, headers: [String: String]), data(Data) }

    static let maxRedirects = 5

    // MARK: Answers read whole

    /// Sends `request` and reads its answer up to `limit` (an error body up to 64 KB).
    static func collect(_ request: URLRequest, base: URL, limit: ResponseLimit,
                        deadline: NIODeadline) async throws -> (status: Int, headers: [String: String], body: Data) {
        let response = try await execute(request, base: base, deadline: deadline)
        let status = Int(response.status.code)
        let headers = response.headers.flattened
        let ok = (200..<300).contains(status)
        let cap = ok ? limit.bytes : 64 << 10
        if ok, let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > cap {
            throw limit.exceeded
        }
        var body = Data()
        for try await buffer in response.body {
            guard body.count + buffer.readableBytes <= cap else {
                if ok { throw limit.exceeded }
                break
            }
            body.append(contentsOf: buffer.readableBytesView)
        }
        return (status, headers, body)
    }

    // MARK: Bodies read as they arrive

    /// Sends `request` and yields the answer's status and headers, then its body in chunks.
    static func start(_ request: URLRequest, base: URL,
                      deadline: NIODeadline = .distantFuture) -> AsyncThrowingStream<Chunk, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let response = try await execute(request, base: base, deadline: deadline)
                    continuation.yield(.response(status: Int(response.status.code), headers: response.headers.flattened))
                    for try await buffer in response.body {
                        continuation.yield(.data(Data(buffer.readableBytesView)))
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    // MARK: The exchange

    /// The answer to `request`, after the redirects that stay within the base URL's origin.
    private static func execute(_ request: URLRequest, base: URL, deadline: NIODeadline) async throws -> HTTPClientResponse {
        var current = request
        for _ in 0...maxRedirects {
            let response = try await client(for: current.url).execute(clientRequest(current), deadline: deadline)
            guard [301, 302, 303, 307, 308].contains(response.status.code),
                  let location = response.headers.first(name: "Location"),
                  let target = URL(string: location, relativeTo: current.url)?.absoluteURL else { return response }
            _ = try? await response.body.collect(upTo: 64 << 10)  // the connection can then be reused
            var proposed = current
            proposed.url = target
            proposed.setValue(nil, forHTTPHeaderField: "Authorization")
            if response.status.code == 303 { proposed.httpMethod = "GET"; proposed.httpBody = nil }
            switch Origin.follow(proposed, from: request, base: base) {
            case .success(let next): current = next
            case .failure(let refusal): throw refusal
            }
        }
        throw CaseDevError(kind: .invalidResponse, message: "more than \(maxRedirects) redirects")
    }

    private static func clientRequest(_ request: URLRequest) -> HTTPClientRequest {
        var out = HTTPClientRequest(url: request.url?.absoluteString ?? "")
        out.method = HTTPMethod(rawValue: request.httpMethod ?? "GET")
        for (name, value) in request.allHTTPHeaderFields ?? [:] { out.headers.replaceOrAdd(name: name, value: value) }
        if !out.headers.contains(name: "Accept-Encoding") { out.headers.add(name: "Accept-Encoding", value: "gzip, deflate") }
        if let body = request.httpBody { out.body = .bytes(ByteBuffer(bytes: body)) }
        return out
    }

    // MARK: Clients

    /// One client per proxy setting, for the life of the process (a client that is never
    /// deinitialised never needs the shutdown AsyncHTTPClient asks of its clients). None follows
    /// redirects itself: `execute` does, under the origin rule. A read timeout of 60 s ends a
    /// connection that went silent (an events stream sends heartbeats far more often).
    private static let clients = ClientCache()

    static func client(for url: URL?) -> HTTPClient { clients.client(proxy: ProxySetting(for: url, environment: environment)) }

    /// The proxy variables as the process started with them: reading the environment builds a
    /// dictionary of all of it, which per request was a visible part of a poll's cost.
    private static let environment = ProcessInfo.processInfo.environment

    private final class ClientCache: @unchecked Sendable {
        private let lock = NSLock()
        private var made: [ProxySetting?: HTTPClient] = [:]

        func client(proxy: ProxySetting?) -> HTTPClient {
            lock.withLock {
                if let c = made[proxy] { return c }
                var config = HTTPClient.Configuration(
                    redirectConfiguration: .disallow,
                    timeout: .init(connect: .seconds(10), read: .seconds(60)),
                    decompression: .enabled(limit: .none))
                // A refused connection is an answer (the server is down), not something to retry
                // until the deadline: the caller's retry policy decides.
                config.connectionPool.retryConnectionEstablishment = false
                if let proxy { config.proxy = .server(host: proxy.host, port: proxy.port) }
                let c = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
                made[proxy] = c
                return c
            }
        }
    }
}

/// The proxy curl would use for a URL: `https_proxy` for https, `http_proxy` for http (either
/// case), none for a host `no_proxy` names (a suffix, or `*`) and none for this machine.
struct ProxySetting: Hashable, Sendable {
    let host: String
    let port: Int

    init?(for url: URL?, environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard let url, let scheme = url.scheme?.lowercased(), let target = url.host?.lowercased(),
              Origin(url)?.isLoopback == false else { return nil }
        func env(_ name: String) -> String? {
            let v = environment[name] ?? environment[name.uppercased()]
            return v.flatMap { $0.isEmpty ? nil : $0 }
        }
        if let skip = env("no_proxy") {
            for raw in skip.split(separator: ",") {
                let entry = raw.trimmingCharacters(in: .whitespaces).lowercased()
                let bare = entry.hasPrefix(".") ? String(entry.dropFirst()) : entry
                if entry == "*" || (!bare.isEmpty && (target == bare || target.hasSuffix("." + bare))) { return nil }
            }
        }
        guard let proxy = env(scheme == "https" ? "https_proxy" : "http_proxy") else { return nil }
        let spelled = proxy.contains("://") ? proxy : "http://" + proxy
        guard let p = URL(string: spelled), let host = p.host, !host.isEmpty else { return nil }
        self.host = host
        port = p.port ?? (p.scheme?.lowercased() == "https" ? 443 : 80)
    }
}

extension HTTPHeaders {
    /// One value per name (repeated fields joined with ", ").
    var flattened: [String: String] {
        var out: [String: String] = [:]
        for (name, value) in self { out[name] = out[name].map { "\($0), \(value)" } ?? value }
        return out
    }
}

extension CaseDevError {
    /// A transport failure, in the terms the rest of casedash uses.
    static func transport(_ error: any Error, host: String) -> CaseDevError {
        if let error = error as? CaseDevError { return error }
        if error is CancellationError { return CaseDevError(kind: .cancelled, message: "request cancelled") }
        if let e = error as? HTTPClientError {
            switch e {
            case .cancelled: return CaseDevError(kind: .cancelled, message: "request cancelled")
            case .readTimeout, .connectTimeout, .deadlineExceeded, .tlsHandshakeTimeout:
                return CaseDevError(kind: .timedOut, message: "timed out waiting for \(host)")
            case .remoteConnectionClosed: return CaseDevError(kind: .network, message: "connection to \(host) lost")
            case .invalidProxyResponse, .proxyAuthenticationRequired, .httpProxyHandshakeTimeout:
                return CaseDevError(kind: .network, message: "the proxy refused the connection to \(host)")
            default: return CaseDevError(kind: .network, message: "network error talking to \(host): \(e.shortDescription)")
            }
        }
        let text = String(describing: error)
        if let io = error as? IOError, io.errnoCode == ECONNREFUSED { return .refused(host) }
        if text.contains("connectionRefused") || text.contains("Connection refused") || text.contains("ECONNREFUSED") { return .refused(host) }
        if text.contains("NXDOMAIN") || text.contains("getaddrinfo") || text.contains("UnknownHost") || text.contains("resolution") {
            return CaseDevError(kind: .dns, message: "cannot resolve host \(host)")
        }
        if String(describing: Swift.type(of: error)).contains("SSL") || text.contains("handshake") || text.contains("certificate") {
            return CaseDevError(kind: .tls, message: "TLS handshake with \(host) failed")
        }
        return CaseDevError(kind: .network, message: "network error talking to \(host)")
    }

    static func refused(_ host: String) -> CaseDevError {
        CaseDevError(kind: .connectionRefused, message: "connection refused by \(host)")
    }
}
