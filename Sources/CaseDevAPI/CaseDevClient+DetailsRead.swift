import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import NIOCore

extension CaseDevClient {
    /// A run's details with only the part of its logs that `window` asks for: the answer is read
    /// as it arrives and the rest of each log is skipped on the way (`DetailsLogFilter`), so
    /// following a long run costs memory for the new lines only. Retried like any GET.
    public func runDetails(_ id: String, logs window: LogsWanted) async throws -> DetailsRead {
        let path = "/agent/v1/run/\(try segment(id))/details"
        try configuration.checkKeyTransport()
        let request = makeRequest("GET", path, query: [:], body: nil, timeout: configuration.requestTimeout)
        return try await withRetries(idempotent: true) {
            let read = try await self.readDetails(request, path: path, window: window) { try DetailsRead($0) }
            try Self.expectAnswer(for: id, got: read.details.id, what: "run")
            return read
        }
    }

    /// What a finished run cost (`RunCost`), from its details: the logs are skipped as they
    /// arrive and only the fields the cost needs are decoded. Retried like any GET.
    public func runCost(_ id: String) async throws -> RunCost {
        let path = "/agent/v1/run/\(try segment(id))/details"
        try configuration.checkKeyTransport()
        let request = makeRequest("GET", path, query: [:], body: nil, timeout: configuration.requestTimeout)
        return try await withRetries(idempotent: true) {
            let cost = try await self.readDetails(request, path: path, window: .none) { try RunCost($0) }
            try Self.expectAnswer(for: id, got: cost.run.id, what: "run")
            return cost
        }
    }

    /// Reads a details answer through a `DetailsLogFilter` as it arrives; `decode` makes the
    /// result of what the filter kept.
    private func readDetails<T>(_ request: URLRequest, path: String, window: LogsWanted,
                                decode: (DetailsLogFilter) throws -> T) async throws -> T {
        onRequest?("GET", path)
        let limit = limit(for: path)
        var filter = DetailsLogFilter(window)
        var status = 0
        var headers: [String: String] = [:]
        var errorBody = Data()
        var received = 0
        // The whole read, not only the wait for its start; a details answer is large, so it gets
        // twice the time of the other requests.
        let deadline = NIODeadline.now() + .milliseconds(Int64(configuration.requestTimeout * 2_000))
        do {
            for try await chunk in HTTPTransport.start(request, base: configuration.baseURL, deadline: deadline) {
                switch chunk {
                case .response(let code, let fields):
                    status = code
                    headers = fields
                    if let quota = RateLimit.parse(fields, now: Date()) { recordQuota(quota) }
                case .data(let data) where (200..<300).contains(status):
                    received += data.count
                    guard received <= limit.bytes else { throw limit.exceeded }
                    filter.feed(data)
                case .data(let data):
                    if errorBody.count < 64 << 10 { errorBody.append(data) }
                }
            }
        } catch {
            throw CaseDevError.transport(error, host: host)
        }
        guard (200..<300).contains(status) else {
            throw Self.httpError(status: status, headers: headers, body: errorBody)
        }
        do {
            return try decode(filter)
        } catch {
            throw CaseDevError(kind: .invalidResponse, message: "unreadable answer from \(host)\(path): expected RunDetails")
        }
    }
}
