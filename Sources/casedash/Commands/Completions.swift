import ArgumentParser
import CaseDevAPI
import Foundation

/// Shell completion of agent names and run ids (`casedash --generate-completion-script bash`):
/// the shell runs casedash to ask, with the user's CASEDEV_API_KEY in its environment. Without
/// a key, or when the API is slow (more than 3 s), nothing is offered: a completion never hangs
/// a shell and never prints an error into it.
enum Completions {
    static let agents = CompletionKind.custom { (_: [String], _: Int, prefix: String) async -> [String] in
        await ask(prefix) { client in
            try await client.allAgents().flatMap { [$0.id, $0.name] }
        }
    }

    static let runs = CompletionKind.custom { (_: [String], _: Int, prefix: String) async -> [String] in
        await ask(prefix) { client in try await client.listRuns(limit: 100).runs.map(\.id) }
    }

    private static func ask(_ prefix: String, _ fetch: @escaping @Sendable (CaseDevClient) async throws -> [String]) async -> [String] {
        guard var config = try? ClientConfiguration.fromEnvironment(), (try? config.checkKeyTransport()) != nil else { return [] }
        config.requestTimeout = 3
        config.retry = RetryPolicy(maxRetries: 0, baseDelay: 0.1, maxDelay: 0.1)
        let client = CaseDevClient(configuration: config)
        let answer = await withTaskGroup(of: [String]?.self) { group in
            group.addTask { try? await fetch(client) }
            group.addTask { try? await Task.sleep(for: .seconds(3)); return nil }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? []
        }
        // Names go to a shell: one line each, nothing a terminal would interpret.
        return answer.map { UntrustedText.line($0) }.filter { !$0.isEmpty && $0.hasPrefix(prefix) }
    }
}
