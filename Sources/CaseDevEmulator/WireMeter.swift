import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// One answer as it went over the wire: the body bytes after compression, counted as they were
/// handed to the connection (the events stream is counted until it closes).
public struct SentResponse: Sendable, Hashable {
    public var method: String
    /// `/agent/v1/run/:id/details`: ids folded so answers can be grouped by route.
    public var route: String
    public var status: Int
    public var bodyBytes: Int
    /// `gzip`, `deflate`, or nil when sent as it was.
    public var encoding: String?
}

/// Counts what the emulator sends, so benchmarks and tests can tell what a client costs on the
/// wire (`--log-requests`, `Emulator.wire`).
public final class WireMeter: Sendable {
    private let total = Atomic<Int>(0)
    private let answers = Atomic<Int>(0)
    let onResponse: (@Sendable (SentResponse) -> Void)?

    init(onResponse: (@Sendable (SentResponse) -> Void)?) { self.onResponse = onResponse }

    /// Body bytes sent so far, over every answer (finished or still streaming).
    public var bodyBytes: Int { total.load(ordering: .relaxed) }
    /// Answers whose body has been written completely.
    public var responses: Int { answers.load(ordering: .relaxed) }

    func add(_ bytes: Int) { total.add(bytes, ordering: .relaxed) }

    func finished(_ response: SentResponse) {
        answers.add(1, ordering: .relaxed)
        onResponse?(response)
    }
}

/// Outermost middleware: wraps each body so its bytes are counted as they are written.
struct WireMeterMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let meter: WireMeter

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        let meter = self.meter, body = response.body
        let tally = Tally()
        let sent = SentResponse(method: request.method.rawValue, route: EmulatorMiddleware.route(request.uri.path),
                                status: Int(response.status.code), bodyBytes: 0,
                                encoding: response.headers[.contentEncoding])
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            func report() {
                var done = sent
                done.bodyBytes = tally.bytes.load(ordering: .relaxed)
                meter.finished(done)
            }
            do {
                try await body.write(writer.map { buffer in
                    tally.bytes.add(buffer.readableBytes, ordering: .relaxed)
                    meter.add(buffer.readableBytes)
                    return buffer
                })
            } catch {
                report()
                throw error
            }
            report()
        }
        return response
    }
}

private final class Tally: Sendable {
    let bytes = Atomic<Int>(0)
}
