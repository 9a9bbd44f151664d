import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension URLSession {
    /// Drop-in for `data(for:)`. Swift 6.3.1's own version cancels the URLSessionTask while
    /// holding the task-status lock and can deadlock (swift-corelibs-foundation #5412), so the
    /// task is cancelled from another queue, never under a lock.
    public func cancellableData(for request: URLRequest) async throws -> (Data, URLResponse) {
        try await Self.cancellable { continuation in
            dataTask(with: request) { data, response, error in
                if let error { continuation.resume(throwing: error) }
                else if let response { continuation.resume(returning: (data ?? Data(), response)) }
                else { continuation.resume(throwing: URLError(.badServerResponse)) }
            }
        }
    }

    /// Starts the task `make` returns and cancels it when the calling Swift task is cancelled,
    /// the safe way described above. `make` hands the continuation to whatever completes the task.
    static func cancellable<T>(_ make: (CheckedContinuation<T, any Error>) -> URLSessionTask) async throws -> T {
        let box = CancellableTaskBox()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let task = make(continuation)
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

private final class CancellableTaskBox: @unchecked Sendable {
    let lock = NSLock()
    var task: URLSessionTask?
    var cancelled = false
}
