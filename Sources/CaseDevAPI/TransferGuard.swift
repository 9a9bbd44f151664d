import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The client session's delegate: collects each answer and stops reading it at its size limit,
/// so a server cannot make the dashboard buffer hundreds of megabytes on every poll, and follows
/// redirects only within the base URL's origin, so the API key goes nowhere else.
final class TransferGuard: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    /// Largest answer one request may read, and the setting that raises it (named in the error).
    struct Limit: Sendable {
        var bytes: Int
        var setting: String
    }

    private final class Transfer {
        let limit: Limit
        let continuation: CheckedContinuation<(Data, URLResponse), any Error>
        var data = Data()
        var response: URLResponse?
        init(limit: Limit, continuation: CheckedContinuation<(Data, URLResponse), any Error>) {
            self.limit = limit; self.continuation = continuation
        }
    }

    private let lock = NSLock()
    private var transfers: [Int: Transfer] = [:]
    private let base: URL

    init(base: URL) { self.base = base }

    /// Sends `request` on `session` (whose delegate is this) and returns the whole answer.
    func data(for request: URLRequest, session: URLSession, limit: Limit) async throws -> (Data, URLResponse) {
        try await URLSession.cancellable { continuation in
            let task = session.dataTask(with: request)
            lock.withLock { transfers[task.taskIdentifier] = Transfer(limit: limit, continuation: continuation) }
            return task
        }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        let tooLong = lock.withLock { () -> Transfer? in
            guard let t = transfers[dataTask.taskIdentifier] else { return nil }
            t.response = response
            return response.expectedContentLength > Int64(t.limit.bytes) ? t : nil
        }
        completionHandler(.allow)
        if let tooLong { stop(dataTask, tooLong, Self.tooLarge(tooLong.limit)) }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let tooLong = lock.withLock { () -> Transfer? in
            guard let t = transfers[dataTask.taskIdentifier] else { return nil }
            guard t.data.count + data.count <= t.limit.bytes else { return t }
            t.data.append(data)
            return nil
        }
        if let tooLong { stop(dataTask, tooLong, Self.tooLarge(tooLong.limit)) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        switch Origin.follow(request, from: task.originalRequest, base: base) {
        case .success(let next):
            completionHandler(next)
        case .failure(let refusal):
            completionHandler(nil)
            if let t = lock.withLock({ transfers[task.taskIdentifier] }) { stop(task, t, refusal) }
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let t = lock.withLock({ transfers.removeValue(forKey: task.taskIdentifier) }) else { return }
        if let error { t.continuation.resume(throwing: error) }
        else if let response = t.response ?? task.response { t.continuation.resume(returning: (t.data, response)) }
        else { t.continuation.resume(throwing: URLError(.badServerResponse)) }
    }

    /// Answers the caller now and drops the connection, so nothing more is read or sent.
    private func stop(_ task: URLSessionTask, _ transfer: Transfer, _ error: CaseDevError) {
        guard lock.withLock({ transfers.removeValue(forKey: task.taskIdentifier) }) != nil else { return }
        transfer.continuation.resume(throwing: error)
        // Not from inside the delegate callback: see `URLSession.cancellableData`.
        DispatchQueue.global().async { task.cancel() }
    }

    static func tooLarge(_ limit: Limit) -> CaseDevError {
        CaseDevError(kind: .tooLarge, message: "answer larger than the \(describe(limit.bytes)) limit; stopped reading it "
                     + "(set \(limit.setting) to allow more)")
    }

    static func describe(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KB" }
        return "\(bytes)-byte"
    }
}
