import Foundation

/// Decodes run-list pages, reusing the runs of earlier pages whose JSON is byte for byte the
/// same. The dashboard reads a page of about 100 runs every 2 s and few of them change between
/// polls; decoding every page whole was about 9 % of its CPU.
///
/// The answer is always the one `JSONDecoder.caseDev.decodeLeniently(RunPage.self, from:)`
/// gives, or both throw: each run comes from its own bytes through the same decoder, on this page
/// or an earlier one; the rest of the page is decoded with `runs` emptied; and a body the scanner
/// is not sure the decoder reads the same way is decoded whole.
public final class RunPageDecoder: @unchecked Sendable {
    private let lock = NSLock()
    /// What the elements of the last pages decoded to; nil for one that is JSON but not a run.
    private var remembered: [ElementBytes: RunSummary?] = [:]
    private var decodedCount: Int?

    /// Several pages of the largest size the API serves (250); past it only the last page stays.
    static let rememberedLimit = 2_000

    public init() {}

    /// Elements the last call decoded rather than reused; nil when it decoded the body whole.
    var decodedByLastCall: Int? { lock.withLock { decodedCount } }

    public func decode(_ data: Data) throws -> RunPage {
        let body = JSONDecoder.repairingUTF8(data)
        if let page = decodeReusing(body) { return page }
        lock.withLock { decodedCount = nil }
        return try JSONDecoder.caseDev.decodeLeniently(RunPage.self, from: data)
    }

    /// Nil whenever the whole-body decode must decide, including every page it would reject.
    private func decodeReusing(_ body: Data) -> RunPage? {
        guard let layout = body.withUnsafeBytes(PageLayout.scan) else { return nil }
        func bytes(_ range: Range<Int>) -> Data {
            body[body.startIndex + range.lowerBound ..< body.startIndex + range.upperBound]
        }
        let decoder = JSONDecoder.caseDev
        var rest = bytes(0..<layout.runs.lowerBound)
        rest.append(contentsOf: "[]".utf8)
        rest.append(bytes(layout.runs.upperBound..<body.count))
        guard var page = try? decoder.decode(RunPage.self, from: rest) else { return nil }

        return lock.withLock { () -> RunPage? in
            var values: [RunSummary?] = []
            var unseen: [Int] = []
            values.reserveCapacity(layout.elements.count)
            for (i, range) in layout.elements.enumerated() {
                if let known = remembered[ElementBytes(data: bytes(range))] {
                    values.append(known)
                } else {
                    values.append(nil)
                    unseen.append(i)
                }
            }
            if !unseen.isEmpty {
                // One array, one decode: a JSONDecoder call costs more than a run does. A syntax
                // error in any of them fails it, as it fails the whole-body decode; `Lossy` only
                // drops an element that is JSON but not a run. The count checks the scanner.
                var list = Data("[".utf8)
                for i in unseen {
                    if list.count > 1 { list.append(UInt8(ascii: ",")) }
                    list.append(bytes(layout.elements[i]))
                }
                list.append(UInt8(ascii: "]"))
                guard let decoded = try? decoder.decode([Lossy<RunSummary>].self, from: list),
                      decoded.count == unseen.count else { return nil }
                for (i, element) in zip(unseen, decoded) { values[i] = element.value }
            }
            // Copies: a slice would keep this whole body alive for as long as it is remembered.
            if remembered.count + unseen.count > Self.rememberedLimit {
                remembered = [:]
                for (range, value) in zip(layout.elements, values) { remembered[ElementBytes(data: Data(bytes(range)))] = value }
            } else {
                for i in unseen { remembered[ElementBytes(data: Data(bytes(layout.elements[i])))] = values[i] }
            }
            decodedCount = unseen.count
            page.runs = values.compactMap { $0 }
            return page
        }
    }
}

/// Data hashes its count and first 80 bytes only, which runs of one agent in one status can
/// share; hashing every byte keeps lookups from degrading to comparisons.
private struct ElementBytes: Hashable {
    let data: Data
    func hash(into hasher: inout Hasher) { data.withUnsafeBytes { hasher.combine(bytes: $0) } }
}

/// Where a page's `runs` array and each of its elements are in the body (offsets from its start).
struct PageLayout {
    var runs: Range<Int>
    var elements: [Range<Int>]

    /// Nil for anything but a top-level object with one `runs` array, delimited exactly as the
    /// decoder delimits it: the scanner accepts less than JSON allows (escaped or non-ASCII keys
    /// at the top, raw control characters in strings, deep nesting) and leaves the contents of
    /// numbers, literals and strings to the decoder, which reads every part again.
    static func scan(_ body: UnsafeRawBufferPointer) -> PageLayout? {
        var s = Scanner(b: body)
        var layout: PageLayout?
        s.whitespace()
        guard s.take(.openBrace), s.list(until: .closeBrace, { s in
            // An escaped or non-ASCII key could be `runs` to the decoder without being its bytes.
            guard let key = s.string(), key.plain, s.colon() else { return false }
            guard body[key.text].elementsEqual("runs".utf8) else { return s.value(depth: 1) }
            // The decoder takes the first of two `runs`; either way, not a page to split.
            guard layout == nil, s.next == .openBracket else { return false }
            let start = s.i
            var elements: [Range<Int>] = []
            s.i += 1
            guard s.list(until: .closeBracket, { s in
                let from = s.i
                guard s.value(depth: 2) else { return false }
                elements.append(from..<s.i)
                return true
            }) else { return false }
            layout = PageLayout(runs: start..<s.i, elements: elements)
            return true
        }) else { return nil }
        s.whitespace()
        return s.i == body.count ? layout : nil
    }

    private struct Scanner {
        let b: UnsafeRawBufferPointer
        var i = 0

        /// Far below the decoder's limit of 512, which an element nested deep enough would reach
        /// in the page but not decoded apart from it.
        static let maxDepth = 64

        var next: UInt8? { i < b.count ? b[i] : nil }

        mutating func take(_ c: UInt8) -> Bool {
            guard next == c else { return false }
            i += 1
            return true
        }

        mutating func whitespace() {
            while let c = next, c == .space || c == .newline || c == .return || c == .tab { i += 1 }
        }

        mutating func colon() -> Bool {
            whitespace()
            guard take(.colon) else { return false }
            whitespace()
            return true
        }

        /// The rest of an object or array after its opening bracket: items split by commas.
        mutating func list(until close: UInt8, _ item: (inout Scanner) -> Bool) -> Bool {
            whitespace()
            if take(close) { return true }
            repeat {
                whitespace()
                guard item(&self) else { return false }
                whitespace()
            } while take(.comma)
            return take(close)
        }

        mutating func value(depth: Int) -> Bool {
            guard depth < Self.maxDepth, let c = next else { return false }
            switch c {
            case .quote:
                return string() != nil
            case .openBrace:
                i += 1
                return list(until: .closeBrace) { s in s.string() != nil && s.colon() && s.value(depth: depth + 1) }
            case .openBracket:
                i += 1
                return list(until: .closeBracket) { s in s.value(depth: depth + 1) }
            default:
                // A number or literal ends where these bytes do; whether it is one is the decoder's call.
                let start = i
                while let c = next, c.isScalarByte { i += 1 }
                return i > start
            }
        }

        /// `plain`: no escapes and ASCII only, so the bytes are the text.
        mutating func string() -> (text: Range<Int>, plain: Bool)? {
            guard take(.quote) else { return nil }
            let start = i
            var plain = true
            while let c = next {
                switch c {
                case .quote:
                    i += 1
                    return (start..<i - 1, plain)
                case .backslash:
                    // The decoder skips four bytes after `\u` whatever they are; with hex digits
                    // required, it and this scanner end every accepted string at the same quote.
                    plain = false
                    i += 1
                    guard let e = next, #""\/bfnrtu"#.utf8.contains(e) else { return nil }
                    i += 1
                    if e == UInt8(ascii: "u") {
                        for _ in 0..<4 {
                            guard let h = next, h.isHexDigit else { return nil }
                            i += 1
                        }
                    }
                case ..<0x20:
                    // Invalid JSON the decoder notices only in a value it reads; and with no zero
                    // byte anywhere, no part decoded apart can look like UTF-16 or UTF-32 to it.
                    return nil
                default:
                    if c >= 0x80 { plain = false }
                    i += 1
                }
            }
            return nil
        }
    }
}

private extension UInt8 {
    static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), colon = UInt8(ascii: ":"), comma = UInt8(ascii: ",")
    static let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
    static let openBracket = UInt8(ascii: "["), closeBracket = UInt8(ascii: "]")
    static let space = UInt8(ascii: " "), newline = UInt8(ascii: "\n"), `return` = UInt8(ascii: "\r"), tab = UInt8(ascii: "\t")

    var isHexDigit: Bool { (48...57).contains(self) || (65...70).contains(self) || (97...102).contains(self) }
    /// What numbers and `true`/`false`/`null` are made of (and a little more: the decoder judges).
    var isScalarByte: Bool {
        (48...57).contains(self) || (65...90).contains(self) || (97...122).contains(self)
            || self == UInt8(ascii: "+") || self == UInt8(ascii: "-") || self == UInt8(ascii: ".")
    }
}
