import AsyncHTTPClient
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import NIOCore
import NIOHTTP1

/// A request whose body is read as it arrives: the run events stream, and details read with
/// the logs the reader already has skipped (`CaseDevClient.runDetails(_:logs:)`).
///
/// Not URLSession: on Linux (FoundationNetworking over libcurl) a transfer that is open with
/// nothing arriving spins a core, 75–100 % CPU at 70k–290k context switches a second
/// (`scripts/bench-urlsession-idle.sh`), and an events stream is exactly that between events.
/// AsyncHTTPClient sleeps in epoll until bytes come, and hands the body over in chunks with
/// backpressure. Answers that are read whole stay on URLSession (`CaseDevClient.send`).
/// Proxies: URLSession honours `https_proxy`, this does not; a stream that cannot connect falls
/// back to polling, which does.
enum StreamingRequest {
    enum Chunk: Sendable { case response(status: Int, headers: [String: String]), data(Data) }

    /// One client for the process (a static is never deinitialised, so it never needs the
    /// shutdown AsyncHTTPClient asks of its clients). It follows no redirect itself: `start`
    /// does, under the rule that keeps the key with its origin. A read timeout of 60 s ends a
    /// connection that went silent (the server sends heartbeats far more often).
    static let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(
        redirectConfiguration: .disallow,
        timeout: .init(connect: .seconds(10), read: .seconds(60)),
        decompression: .enabled(limit: .none)))

    static let maxRedirects = 5

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

    /// The answer to `request`, after the redirects that stay within the base URL's origin.
    private static func execute(_ request: URLRequest, base: URL, deadline: NIODeadline) async throws -> HTTPClientResponse {
        var current = request
        for _ in 0...maxRedirects {
            let response = try await http.execute(clientRequest(current), deadline: deadline)
            guard [301, 302, 303, 307, 308].contains(response.status.code),
                  let location = response.headers.first(name: "Location"),
                  let target = URL(string: location, relativeTo: current.url)?.absoluteURL else { return response }
            _ = try? await response.body.collect(upTo: 64 << 10)  // the connection can then be reused
            var proposed = current
            proposed.url = target
            proposed.setValue(nil, forHTTPHeaderField: "Authorization")
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
        // What URLSession (libcurl) offers for the other requests; decoded by the client's decompressor.
        if !out.headers.contains(name: "Accept-Encoding") { out.headers.add(name: "Accept-Encoding", value: "gzip, deflate") }
        if let body = request.httpBody { out.body = .bytes(ByteBuffer(bytes: body)) }
        return out
    }
}

extension HTTPHeaders {
    /// One value per name (repeated fields joined with ", ", as URLSession reports them).
    var flattened: [String: String] {
        var out: [String: String] = [:]
        for (name, value) in self { out[name] = out[name].map { "\($0), \(value)" } ?? value }
        return out
    }
}

extension CaseDevError {
    /// The failure of a streamed request, in the terms of the client's other requests.
    static func streamTransport(_ error: any Error, host: String) -> CaseDevError {
        if let error = error as? CaseDevError { return error }
        if error is CancellationError { return CaseDevError(kind: .cancelled, message: "request cancelled") }
        if let e = error as? HTTPClientError {
            switch e {
            case .cancelled: return CaseDevError(kind: .cancelled, message: "request cancelled")
            case .readTimeout, .connectTimeout, .deadlineExceeded, .tlsHandshakeTimeout:
                return CaseDevError(kind: .timedOut, message: "timed out waiting for \(host)")
            case .remoteConnectionClosed: return CaseDevError(kind: .network, message: "connection to \(host) lost")
            default: return CaseDevError(kind: .network, message: "network error talking to \(host): \(e.shortDescription)")
            }
        }
        if let io = error as? IOError, io.errnoCode == ECONNREFUSED {
            return CaseDevError(kind: .connectionRefused, message: "connection refused by \(host)")
        }
        let text = String(describing: error)
        if text.contains("connectionRefused") || text.contains("Connection refused") {
            return CaseDevError(kind: .connectionRefused, message: "connection refused by \(host)")
        }
        if String(describing: Swift.type(of: error)).contains("SSL") {
            return CaseDevError(kind: .tls, message: "TLS handshake with \(host) failed")
        }
        return CaseDevError(kind: .network, message: "network error talking to \(host)")
    }
}
