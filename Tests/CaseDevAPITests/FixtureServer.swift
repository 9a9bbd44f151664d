import CaseDevAPI
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A loopback HTTP server whose every answer the test writes: for what the emulator never does
/// (wrong ids, invalid UTF-8, huge bodies, redirects, echoed headers). It records what it saw.
final class FixtureServer: Sendable {
    struct Seen: Sendable { var method: String; var path: String; var authorization: String? }

    final class Record: Sendable {
        let seen = Mutex<[Seen]>([])
        /// Body bytes handed to the connection by streaming answers.
        let bytesWritten = Mutex<Int>(0)
        /// Streaming answers that have ended (finished or failed because the client went away).
        let streamsEnded = Mutex<Int>(0)
    }

    let url: URL
    let record: Record
    private let task: Task<Void, Never>

    private init(url: URL, record: Record, task: Task<Void, Never>) {
        self.url = url; self.record = record; self.task = task
    }

    static func start(_ answer: @escaping @Sendable (Request, Record) async throws -> Response) async throws -> FixtureServer {
        let record = Record()
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            record.seen.withLock {
                $0.append(Seen(method: request.method.rawValue, path: request.uri.path,
                               authorization: request.headers[.authorization]))
            }
            return try await answer(request, record)
        }
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        let app = Application(responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { sink.yield($0.localAddress?.port ?? 0); sink.finish() },
                              logger: Logger(label: "fixture", factory: { _ in SwiftLogNoOpLogHandler() }))
        let task = Task { _ = try? await app.run() }
        var port = 0
        for await p in ports { port = p }
        return FixtureServer(url: URL(string: "http://127.0.0.1:\(port)")!, record: record, task: task)
    }

    var seen: [Seen] { record.seen.withLock { $0 } }

    func client(key: String = "sk_case_fixture", configure: (inout ClientConfiguration) -> Void = { _ in }) -> CaseDevClient {
        var config = ClientConfiguration(baseURL: url, apiKey: APIKey(key), requestTimeout: 10, retry: .none)
        configure(&config)
        return CaseDevClient(configuration: config)
    }

    func stop() async { task.cancel(); await task.value }

    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        bytes(Array(text.utf8), status: status)
    }

    static func bytes(_ bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// `total` bytes of JSON-looking filler in 64 KiB chunks, counted as they are handed over.
    /// A millisecond between chunks stands for a real network: over loopback the whole body would
    /// otherwise be in the client's buffers before any reader could stop it.
    static func stream(total: Int, declareLength: Bool, record: Record) -> Response {
        let chunk = ByteBuffer(repeating: UInt8(ascii: " "), count: 64 * 1024)
        let body = ResponseBody(contentLength: declareLength ? total : nil) { writer in
            defer { record.streamsEnded.withLock { $0 += 1 } }
            var sent = 0
            while sent < total {
                var piece = chunk
                if total - sent < piece.readableBytes { piece = piece.getSlice(at: 0, length: total - sent)! }
                try await writer.write(piece)
                try await Task.sleep(for: .milliseconds(1))
                sent += piece.readableBytes
                record.bytesWritten.withLock { $0 += piece.readableBytes }
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: body)
    }
}

/// The error a call threw, or nil when it succeeded.
func caseDevFailure(_ body: () async throws -> Void) async -> CaseDevError? {
    do { try await body(); return nil } catch let e as CaseDevError { return e } catch {
        return CaseDevError(kind: .network, message: "not a CaseDevError: \(error)")
    }
}
