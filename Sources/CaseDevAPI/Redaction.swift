import Foundation

/// Keeps API keys out of everything drawn, printed or logged. A server whose error body echoes
/// the request headers would otherwise put the key in the header, the footer and the log file.
/// Applied by `UntrustedText`, so everything sanitised is redacted as well.
public enum Redaction {
    /// What a key becomes: says a key was there without telling any of it.
    public static let marker = "sk_case_…(redacted)"

    /// Keys this process holds that the `sk_case_` pattern does not cover. Process-wide because
    /// the key is read at start-up while the text to redact is made anywhere (views, log, errors),
    /// and none of those should hold the key itself.
    private final class Known: @unchecked Sendable {
        let lock = NSLock()
        var keys: [String] = []
    }
    private static let known = Known()

    /// Remembers a key so that it is redacted even when it does not look like `sk_case_…`.
    /// Keys shorter than 8 characters are left out: no real key is that short, and replacing
    /// every short word that happens to equal it would destroy the text around it.
    static func remember(_ secret: String) {
        guard secret.utf8.count >= 8, shaped(secret) != marker else { return }
        known.lock.withLock { if !known.keys.contains(secret) { known.keys.append(secret) } }
    }

    /// `text` with every remembered key, and everything shaped like `sk_case_[A-Za-z0-9_-]+`,
    /// replaced by `marker`.
    public static func apply(_ text: String) -> String {
        var out = text
        let keys = known.lock.withLock { known.keys }
        for key in keys where out.contains(key) { out = out.replacingOccurrences(of: key, with: marker) }
        return shaped(out)
    }

    private static let prefix = Array("sk_case_".utf8)
    private static let markerBytes = Array(marker.utf8)

    /// One pass over the UTF-8 bytes; text without the prefix is returned as it was.
    private static func shaped(_ text: String) -> String {
        var text = text
        let redacted: [UInt8]? = text.withUTF8 { bytes in
            var out: [UInt8]?
            var copied = 0
            var i = 0
            while i + prefix.count < bytes.count {
                guard bytes[i] == prefix[0], bytes[i..<(i + prefix.count)].elementsEqual(prefix) else { i += 1; continue }
                var end = i + prefix.count
                while end < bytes.count, isKeyByte(bytes[end]) { end += 1 }
                guard end > i + prefix.count else { i += 1; continue }
                if out == nil { out = []; out!.reserveCapacity(bytes.count) }
                out!.append(contentsOf: bytes[copied..<i])
                out!.append(contentsOf: markerBytes)
                copied = end
                i = end
            }
            guard var result = out else { return nil }
            result.append(contentsOf: bytes[copied...])
            return result
        }
        return redacted.map { String(decoding: $0, as: UTF8.self) } ?? text
    }

    private static func isKeyByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"): true
        default: false
        }
    }
}
