import CaseDevAPI
import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A loopback HTTP server that records what the emulator's watchers POST.
final class CallbackReceiver: Sendable {
    struct Delivery: Sendable { var path: String; var json: JSONValue }

    final class Inbox: Sendable {
        let deliveries = Mutex<[Delivery]>([])
    }

    let url: String
    private let inbox: Inbox
    private let task: Task<Void, Never>

    private init(url: String, inbox: Inbox, task: Task<Void, Never>) {
        self.url = url; self.inbox = inbox; self.task = task
    }

    static func start() async throws -> CallbackReceiver {
        let inbox = Inbox()
        let router = Router()
        router.post("/:name") { req, ctx -> HTTPResponse.Status in
            var req = req
            let body = try await req.collectBody(upTo: 1 << 20)
            let json = (try? JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView))) ?? .null
            inbox.deliveries.withLock { $0.append(Delivery(path: "/" + (ctx.parameters.get("name") ?? ""), json: json)) }
            return .ok
        }
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { sink.yield($0.localAddress?.port ?? 0); sink.finish() },
                              logger: Logger(label: "receiver", factory: { _ in SwiftLogNoOpLogHandler() }))
        let task = Task { _ = try? await app.run() }
        var port = 0
        for await p in ports { port = p }
        return CallbackReceiver(url: "http://127.0.0.1:\(port)", inbox: inbox, task: task)
    }

    func waitFor(count: Int, seconds: Double = 10) async throws -> [Delivery] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let got = inbox.deliveries.withLock { $0 }
            if got.count >= count { return got }
            try await Task.sleep(for: .milliseconds(50))
        }
        return inbox.deliveries.withLock { $0 }
    }

    func stop() async { task.cancel(); await task.value }
}
