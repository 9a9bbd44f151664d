import CompressNIO
import HTTPTypes
import Hummingbird
import NIOCore

/// Compresses JSON answers for clients that ask (`Accept-Encoding`), as the real API's front end
/// does, so what the dashboard costs on the wire is measured against what a server really sends.
/// gzip is preferred over deflate; br and zstd are not offered because compress-nio has neither.
/// Bodies under `minimumBytes` are sent as they are: the gzip header and trailer would outweigh
/// the gain. The events stream is compressed by its route (`EventStreamCompressor`), which owns
/// its writer: a wrapper here would hold a copy of the connection's writer that is never
/// finished when the connection ends mid-stream.
struct ResponseCompression: RouterMiddleware {
    typealias Context = BasicRequestContext
    static let minimumBytes = 1024

    enum Encoding: String {
        case gzip, deflate

        /// HTTP's "deflate" is the zlib format (RFC 9110 §8.4.1.2), not raw deflate.
        var algorithm: CompressionAlgorithm { self == .gzip ? .gzip() : .zlib() }
    }

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        guard response.headers[.contentType]?.hasPrefix("application/json") == true,
              response.headers[.contentEncoding] == nil else { return response }
        // The answer depends on Accept-Encoding even when this one is not compressed.
        response.headers[.vary] = "Accept-Encoding"
        guard let encoding = Self.negotiate(request.headers[values: .acceptEncoding]),
              let length = response.body.contentLength, length >= Self.minimumBytes else { return response }
        var plain = try await Self.collect(response.body, capacity: length)
        let original = plain
        let compressed = try plain.compress(with: encoding.algorithm)
        guard compressed.readableBytes < original.readableBytes else {
            response.body = ResponseBody(byteBuffer: original)
            return response
        }
        response.headers[.contentEncoding] = encoding.rawValue
        response.body = ResponseBody(byteBuffer: compressed)
        return response
    }

    /// The encoding to use for these `Accept-Encoding` values, honouring `q=0` and `*`; nil means
    /// identity.
    static func negotiate(_ values: [String]) -> Encoding? {
        var weights: [String: Double] = [:]
        for item in values.flatMap({ $0.split(separator: ",") }) {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let name = parts.first, !name.isEmpty else { continue }
            var q = 1.0
            for p in parts.dropFirst() where p.hasPrefix("q=") { q = Double(p.dropFirst(2)) ?? 0 }
            weights[name] = q
        }
        func weight(_ e: Encoding) -> Double { weights[e.rawValue] ?? weights["*"] ?? 0 }
        let best = [Encoding.gzip, .deflate].filter { weight($0) > 0 }.max { weight($0) < weight($1) }
        return best
    }

    /// Hummingbird bodies are written, not read: write this one into a buffer.
    static func collect(_ body: ResponseBody, capacity: Int) async throws -> ByteBuffer {
        let sink = BufferSink(capacity: capacity)
        try await body.write(sink)
        return sink.box.buffer
    }
}

private final class BufferBox {
    var buffer: ByteBuffer
    init(capacity: Int) { buffer = ByteBufferAllocator().buffer(capacity: capacity) }
}

private struct BufferSink: ResponseBodyWriter {
    let box: BufferBox
    init(capacity: Int) { box = BufferBox(capacity: capacity) }
    mutating func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        box.buffer.writeBuffer(&buffer)
    }
    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

/// Compresses an event stream as one stream with a sync flush after every chunk (one per 100 ms
/// tick of the feed), so the client can decode everything sent so far and no event waits in the
/// compressor, while the repeated envelope of the events still shrinks.
final class EventStreamCompressor {
    let encoding: ResponseCompression.Encoding
    private let compressor: any NIOCompressor

    init(_ encoding: ResponseCompression.Encoding) throws {
        self.encoding = encoding
        compressor = encoding.algorithm.compressor
        try compressor.startStream()
    }

    deinit { try? compressor.finishStream() }

    func chunk(_ text: String) throws -> ByteBuffer { try compressed(ByteBuffer(string: text), flush: .sync) }

    /// The end of the compressed stream (the gzip trailer).
    func end() throws -> ByteBuffer { try compressed(ByteBuffer(), flush: .finish) }

    private func compressed(_ buffer: ByteBuffer, flush: CompressNIOFlush) throws -> ByteBuffer {
        var input = buffer
        // The bound holds after a sync flush; a little room covers the flush marker and trailer.
        var out = ByteBufferAllocator().buffer(capacity: compressor.maxSize(from: input) + 64)
        while true {
            do {
                try input.compressStream(to: &out, with: compressor, flush: flush)
                if input.readableBytes == 0 { return out }
            } catch let error as CompressNIOError where error == .bufferOverflow {
                out.reserveCapacity(minimumWritableBytes: out.writableBytes + 4096)
            }
        }
    }
}
