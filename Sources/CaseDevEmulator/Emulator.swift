import CaseDevAPI
import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// The case.dev Agent API emulator, started in-process (tests, `casedash --demo`) or by
/// `casedash emulator`. Stop it with `stop()`.
public final class Emulator: Sendable {
    public let options: EmulatorOptions
    public let control: EmulatorControl
    /// What has been sent, in body bytes after compression.
    public let wire: WireMeter
    let store: EmulatorStore
    private let tasks = Mutex<[Task<Void, Never>]>([])

    /// `onRequest` hears "METHOD /route/:id" for every API request as it arrives; `onResponse`
    /// hears every answer once its body has been sent (`--log-requests`, benchmarks).
    public init(options: EmulatorOptions = EmulatorOptions(), clock: @escaping @Sendable () -> Date = { Date() },
                onRequest: (@Sendable (String) -> Void)? = nil,
                onResponse: (@Sendable (SentResponse) -> Void)? = nil) {
        self.options = options
        self.wire = WireMeter(onResponse: onResponse)
        self.control = EmulatorControl(options: options, onRequest: onRequest)
        self.store = EmulatorStore(options: options, clock: clock)
    }

    /// Starts listening and returns the base URL (with the real port when `port` was 0).
    public func start() async throws -> URL {
        if options.demoData { try DemoData.seed(store, runs: options.demoRunCount, now: store.clock()) }
        let router = Router()
        router.add(middleware: WireMeterMiddleware(meter: wire))
        if options.compression { router.add(middleware: ResponseCompression()) }
        router.add(middleware: EmulatorMiddleware(control: control, apiKey: options.apiKey))
        if options.hostile {
            HostileRoutes(saneNumbers: options.hostileSaneNumbers).register(on: router)
        } else {
            EmulatorRoutes(store: store, webhooks: WebhookSender(), heartbeat: options.heartbeatInterval,
                           eventsPerConnection: options.sseEventsPerConnection, servesEvents: options.events, compressesEvents: options.compression).register(on: router)
        }
        // The dashboard owns the terminal while the emulator runs: nothing may print.
        let quiet = Logger(label: "casedash.emulator", factory: { _ in SwiftLogNoOpLogHandler() })
        let (portStream, portSink) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router,
                              configuration: .init(address: .hostname(options.host, port: options.port),
                                                   serverName: nil),
                              onServerRunning: { channel in portSink.yield(channel.localAddress?.port ?? 0); portSink.finish() },
                              logger: quiet)
        let server = Task {
            do { try await app.run() } catch { portSink.finish() }
        }
        let store = self.store, demo = options.demoData
        let ticker = Task.detached {
            let webhooks = WebhookSender()
            var rng = SeededRandom(seed: store.options.seed, stream: 99_999)
            while !Task.isCancelled {
                for finished in store.advance() { webhooks.deliver(finished) }
                if demo { DemoData.tick(store, rng: &rng, tick: 0.25) }
                try? await Task.sleep(for: .milliseconds(250))
            }
        }
        tasks.withLock { $0 = [server, ticker] }
        var port = 0
        for await p in portStream { port = p }
        guard port > 0 else {
            await stop()
            throw CaseDevError(kind: .invalidConfiguration, message: "emulator could not listen on \(options.host):\(options.port)")
        }
        let host = options.host.contains(":") ? "[\(options.host)]" : options.host
        return URL(string: "http://\(host):\(port)")!
    }

    public func stop() async {
        let running = tasks.withLock { t in defer { t = [] }; return t }
        for task in running { task.cancel() }
        for task in running { await task.value }
    }

    /// Runs created so far (for benchmarks).
    public var runCount: Int { store.runCount }
}
