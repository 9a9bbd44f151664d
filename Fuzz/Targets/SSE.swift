import Foundation

/// libFuzzer target `sse`: the SSE framing of `SSEParser`, as the client feeds it (network chunks
/// of any size) and the run events made from it. The first byte chooses the chunk sizes; the
/// messages must not depend on where the chunks were cut, since the network decides that.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSSE(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let cut = Int(bytes[0])
    let stream = Array(UnsafeBufferPointer(start: bytes + 1, count: size - 1))

    var whole = SSEParser()
    let expected = whole.feed(stream)

    var chunked = SSEParser()
    var got: [SSEMessage] = []
    var i = 0, step = 0
    while i < stream.count {
        // Sizes 1...16 in a pattern set by the first byte, so CR/LF pairs land on both sides of a cut.
        let n = min(stream.count - i, 1 + ((cut >> (step % 4)) ^ step) % 16)
        got += chunked.feed(stream[i..<(i + n)])
        i += n; step += 1
    }
    if got != expected {
        fatalError("SSE framing depends on chunking: \(expected.count) messages whole, \(got.count) in chunks")
    }
    for message in got {
        let event = RunEvent(message)
        _ = event.type; _ = event.isTerminal; _ = event.data.compactText
    }
    return 0
}
