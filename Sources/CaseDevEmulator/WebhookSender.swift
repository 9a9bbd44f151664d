import CaseDevAPI
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// POSTs a run's final status to each registered watcher, a few times if it does not answer 2xx.
struct WebhookSender: Sendable {
    let session: URLSession

    init() {
        let cfg = URLSessionConfiguration.ephemeral
        cfg.timeoutIntervalForRequest = 10
        session = URLSession(configuration: cfg)
    }

    func deliver(_ finished: EmulatorStore.Finished) {
        guard !finished.run.callbacks.isEmpty, let body = try? JSONEncoder.caseDev.encode(finished.payload) else { return }
        for url in finished.run.callbacks {
            guard let target = URL(string: url) else { continue }
            Task.detached { [session] in
                var request = URLRequest(url: target)
                request.httpMethod = "POST"
                request.httpBody = body
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                request.setValue("casedash-emulator/\(CaseDash.version)", forHTTPHeaderField: "User-Agent")
                for attempt in 0..<3 {
                    if let (_, response) = try? await session.cancellableData(for: request),
                       let http = response as? HTTPURLResponse, (200..<300).contains(http.statusCode) { return }
                    try? await Task.sleep(for: .milliseconds(500 << attempt))
                }
            }
        }
    }
}
