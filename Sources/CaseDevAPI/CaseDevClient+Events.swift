import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension CaseDevClient {
    /// Follows a run's events over SSE until its terminal `done` event. A dropped connection is
    /// resumed with `lastEventId` set to the last id seen, so no event is lost or repeated.
    public func runEvents(id: String, lastEventId: Int? = nil) -> AsyncThrowingStream<RunEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                var last = lastEventId
                var failures = 0
                do {
                    try configuration.checkKeyTransport()
                    let path = "/agent/v1/run/\(try segment(id))/events"
                    while !Task.isCancelled {
                        do {
                            let finished = try await streamOnce(path: path, lastEventId: last) { event in
                                if let i = event.id { last = i }
                                failures = 0
                                continuation.yield(event)
                            }
                            if finished { break }
                        } catch let error as CaseDevError where error.isRetryable && failures < configuration.retry.maxRetries + 3 {
                            failures += 1
                        }
                        let wait = configuration.retry.delay(retriesDone: failures, serverRetryAfter: nil,
                                                             jitter: Double.random(in: 0..<1))
                        try await Task.sleep(for: .seconds(wait))
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// One connection. Returns true when the terminal event arrived, false when the server
    /// closed early (the caller reconnects).
    private func streamOnce(path: String, lastEventId: Int?, yield: (RunEvent) -> Void) async throws -> Bool {
        var request = makeRequest("GET", path, query: ["lastEventId": lastEventId.map(String.init)], body: nil,
                                  timeout: 60, accept: "text/event-stream")
        if let lastEventId { request.setValue(String(lastEventId), forHTTPHeaderField: "Last-Event-ID") }
        onRequest?("GET", path)
        let chunks = HTTPTransport.start(request, base: configuration.baseURL)
        var parser = SSEParser()
        var errorBody = Data()
        var status = 0
        var headers: [String: String] = [:]
        do {
            for try await chunk in chunks {
                switch chunk {
                case .response(let code, let fields):
                    status = code
                    headers = fields
                    // A 2xx that is not an event stream (a JSON page, an HTML login) would never
                    // yield an event: say so, so the caller can follow the run another way.
                    let type = headers.first { $0.key.lowercased() == "content-type" }?.value ?? ""
                    if (200..<300).contains(status), !type.lowercased().contains("text/event-stream") {
                        throw CaseDevError(kind: .invalidResponse,
                                           message: "the server did not answer with an event stream (Content-Type: \(type))")
                    }
                case .data(let data) where (200..<300).contains(status):
                    for message in parser.feed(data) {
                        let event = RunEvent(message)
                        yield(event)
                        if event.isTerminal { return true }
                    }
                case .data(let data):
                    errorBody.append(data)
                }
            }
        } catch {
            throw CaseDevError.transport(error, host: host)
        }
        if status != 0, !(200..<300).contains(status) {
            throw Self.httpError(status: status, headers: headers, body: errorBody)
        }
        return false
    }
}
