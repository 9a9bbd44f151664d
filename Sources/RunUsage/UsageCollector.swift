import CaseDevAPI
import Foundation

/// Reads what finished runs cost when it is not known yet, a few at a time: token figures exist
/// only in a run's details (read for their cost only, `CaseDevClient.runCost`), and a server
/// should not see hundreds of requests at once.
public struct UsageCollector: Sendable {
    public static let maxInFlight = 4

    public struct Result: Sendable {
        /// Records of the runs fetched, in no particular order.
        public var records: [UsageRecord] = []
        /// Runs whose details could not be fetched, with why.
        public var failures: [(runId: String, error: CaseDevError)] = []
    }

    let fetch: @Sendable (String) async throws -> RunCost
    let maxInFlight: Int

    public init(maxInFlight: Int = UsageCollector.maxInFlight, fetch: @escaping @Sendable (String) async throws -> RunCost) {
        self.fetch = fetch
        self.maxInFlight = max(1, maxInFlight)
    }

    public init(client: CaseDevClient) {
        self.init { try await client.runCost($0) }
    }

    /// The finished runs of `runs` that `known` does not hold.
    public static func missing(_ runs: [RunSummary], known: (String) -> Bool) -> [String] {
        runs.filter { $0.status.isTerminal && !known($0.id) }.map(\.id)
    }

    /// Fetches `ids`, at most `maxInFlight` at once; `progress(done, total)` after each. A run
    /// that is, after all, not finished gives no record. Stops early when a failure says the
    /// server is pushing back (429) or gone (network), as more requests would only fail too.
    public func collect(_ ids: [String], progress: @Sendable (Int, Int) -> Void = { _, _ in }) async -> Result {
        var result = Result()
        var next = 0
        var done = 0
        var stop = false
        await withTaskGroup(of: (String, Swift.Result<RunCost, CaseDevError>).self) { group in
            func start() {
                guard next < ids.count, !stop else { return }
                let id = ids[next]
                next += 1
                group.addTask {
                    do { return (id, .success(try await fetch(id))) } catch let e as CaseDevError { return (id, .failure(e)) } catch {
                        return (id, .failure(CaseDevError(kind: .network, message: String(describing: error))))
                    }
                }
            }
            for _ in 0..<maxInFlight { start() }
            while let (id, answer) = await group.next() {
                done += 1
                switch answer {
                case .success(let cost):
                    if let record = UsageRecord(cost: cost) { result.records.append(record) }
                case .failure(let error):
                    result.failures.append((id, error))
                    if error.status == 429 || error.status == 401 || error.status == 403 || Self.isNetwork(error) { stop = true }
                }
                progress(done, ids.count)
                start()
            }
        }
        return result
    }

    static func isNetwork(_ e: CaseDevError) -> Bool {
        switch e.kind {
        case .connectionRefused, .timedOut, .tls, .dns, .network: true
        default: false
        }
    }
}
