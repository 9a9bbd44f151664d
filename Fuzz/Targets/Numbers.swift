import CaseDevAPI
import DashCore
import Foundation

/// libFuzzer target `numbers`: every number the server sends ends up summed, scaled or drawn by
/// `Usage.totalTokens` and `Format`. The input is read as a list of 8-byte integers, so
/// Int64.min/max and negatives all come up, in the forms the views pass them on.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNumbers(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var ints: [Int] = []
    var i = 0
    while i + 8 <= size {
        var v: UInt64 = 0
        for k in 0..<8 { v |= UInt64(bytes[i + k]) << (8 * UInt64(k)) }
        ints.append(Int(truncatingIfNeeded: v))
        i += 8
    }
    guard !ints.isEmpty else { return 0 }
    func at(_ k: Int) -> Int { ints[k % ints.count] }

    // Shaped as the decoder delivers them: optional Ints, each possibly any Int64.
    let usage = Usage(inputTokens: at(0), outputTokens: at(1), durationMs: at(2),
                      summary: size % 2 == 0 ? nil : UsageSummary(costMicros: at(2), totalInputTokens: at(0),
                                                                   totalOutputTokens: at(1), totalTokens: at(3)))
    _ = Format.tokens(usage.totalTokens)
    for n in ints {
        _ = Format.tokens(n); _ = Format.count(n); _ = Format.cost(micros: n)
        // Durations arrive as milliseconds (`durationMs`); the views divide by 1000.
        _ = Format.duration(Double(n) / 1000)
    }
    // The usage charts scale token counts to the largest one.
    _ = Format.sparkline(ints.map(Double.init), bars: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"])
    return 0
}
