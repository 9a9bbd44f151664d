import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension URLSession {
    /// Drop-in for `data(for:)`. Swift 6.3.1's own version cancels the URLSessionTask while
    /// holding the task-status lock and can deadlock (swift-corelibs-foundation #5412), so the
    /// task is cancelled from another queue, never under a lock.
    public func cancellableData(for request: URLRequest) async throws -> (Data, URLResponse) {
        final class Box: @unchecked Sendable {
            let lock = NSLock()
            var task: URLSessionDataTask?
            var cancelled = false
        }
        let box = Box()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let task = dataTask(with: request) { data, response, error in
                    if let error { continuation.resume(throwing: error) }
                    else if let response { continuation.resume(returning: (data ?? Data(), response)) }
                    else { continuation.resume(throwing: URLError(.badServerResponse)) }
                }
                let cancelled = box.lock.withLock { box.task = task; return box.cancelled }
                task.resume()
                if cancelled { DispatchQueue.global().async { task.cancel() } }
            }
        } onCancel: {
            let task = box.lock.withLock { box.cancelled = true; return box.task }
            if let task { DispatchQueue.global().async { task.cancel() } }
        }
    }
}
