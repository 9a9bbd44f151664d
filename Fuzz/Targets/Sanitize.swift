/// libFuzzer target `sanitize`: `Sanitizer` and `DisplayWidth`, the last word on what untrusted
/// text may put on the terminal. The input is read as UTF-8 (invalid bytes become U+FFFD, as
/// `String(decoding:)` does for every body the client reads).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSanitize(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: bytes, count: size), as: UTF8.self)
    let line = Sanitizer.line(text)
    check(line, allowLineBreaks: false)
    if Sanitizer.line(line) != line { fatalError("Sanitizer.line is not idempotent") }
    for l in Sanitizer.lines(text) { check(l, allowLineBreaks: false) }

    var sum = 0
    for c in line {
        let w = DisplayWidth.of(c)
        if !(0...2).contains(w) { fatalError("width \(w) for \(c.unicodeScalars.map { $0.value })") }
        sum += w
    }
    if DisplayWidth.of(line) != sum { fatalError("width of a string is not the sum of its characters") }
    for s in text.unicodeScalars where !(0...2).contains(DisplayWidth.of(s)) { fatalError("scalar width out of range") }
    return 0
}

/// What may never reach the terminal: C0 and C1 controls, DEL, and bidi controls.
func check(_ s: String, allowLineBreaks: Bool) {
    for scalar in s.unicodeScalars {
        let v = scalar.value
        let forbidden = v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v)
            || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C
            || v == 0x2028 || v == 0x2029
        if forbidden { fatalError("Sanitizer let U+\(String(v, radix: 16)) through") }
    }
}
