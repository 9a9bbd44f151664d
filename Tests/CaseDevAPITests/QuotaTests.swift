import CaseDevAPI
import CaseDevEmulator
import Foundation
import Testing

/// The emulator's `--quota`: real `x-ratelimit-*` countdowns, and 429 with Retry-After past it;
/// the client records what the server reports.
@Suite struct EmulatorQuotaTests {
    @Test func theQuotaCountsDownAndRefusesPastIt() async throws {
        var options = EmulatorOptions(seed: 3)
        options.quota = 5
        let emulator = Emulator(options: options)
        let url = try await emulator.start()
        defer { Task { await emulator.stop() } }
        let client = CaseDevClient(configuration: ClientConfiguration(baseURL: url, apiKey: APIKey("sk_case_quota"), retry: .none))
        var seen: [Int] = []
        for _ in 0..<5 {
            _ = try await client.listAgents()
            seen.append(client.rateLimit?.remaining ?? -1)
        }
        #expect(seen == [4, 3, 2, 1, 0])
        #expect(client.rateLimit?.limit == 5)
        #expect(client.rateLimit?.resetAt.map { $0.timeIntervalSinceNow > 0 && $0.timeIntervalSinceNow <= 60 } == true)
        do {
            _ = try await client.listAgents()
            Issue.record("the sixth request was answered")
        } catch let e as CaseDevError {
            #expect(e.status == 429 && (e.retryAfter ?? 0) > 0)
        }
        await emulator.stop()
    }
}
