import CaseDevAPI
@testable import DashCore
import Foundation
import Testing

/// The draw path measures, cuts and draws text scalar by scalar when every scalar is a grapheme
/// of its own, and reads widths from a table. These pin that it gives exactly what the
/// grapheme-by-grapheme path gives.
@Suite struct DrawFastPathTests {
    static let samples = [
        "", "plain ascii text", "Review the Acme MSA and list every uncapped indemnity", "tab\there", "cr\r\nlf", "bell\u{07}esc\u{1B}[31m",
        "c1\u{85}\u{9B}x", "─│┌┐└┘ ●○…·▶◷✓✗⊘ █▇▆▅▄▃▂▁", "Σ tokens → ↓ ↑", "契約レビュー (Tokyo)", "秘密保持契約の有効期間を確認",
        "ｆｕｌｌｗｉｄｔｈ", "한국어 텍스트", "e\u{301}cole", "a\u{20DD}b", "❤️ heart", "👨‍👩‍👧 family", "🇯🇵 flag", "\u{1100}\u{1161}\u{11A8}",
        "ｶﾞ half", "\u{600}1 prepended", "zero\u{200B}width", "soft\u{AD}hyphen", "rtl \u{202E}override", "ひらがな\u{3099}",
    ]

    /// What `Grid.put` did before it had a scalar path: one grapheme at a time.
    static func referencePut(_ g: inout Grid, _ text: String, x: Int, y: Int, role: Role, limit: Int?) -> Int {
        guard y >= 0, y < g.size.rows, x < g.size.cols else { return 0 }
        let end = min(g.size.cols, limit.map { x + max(0, $0) } ?? g.size.cols)
        var col = x
        for ch in text {
            let w: Int
            if let ascii = ch.asciiValue {
                if ascii < 0x20 || ascii == 0x7F { continue }
                w = 1
            } else {
                if ch.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) }) { continue }
                w = DisplayWidth.of(ch)
            }
            if w == 0 {
                if col > x, col - 1 >= 0, col - 1 < g.size.cols { g[col - 1, y].text.append(contentsOf: String(ch)) }
                continue
            }
            if col + w > end { break }
            if col >= 0 {
                g[col, y] = Cell(String(ch), role)
                if w == 2 { g[col + 1, y] = Cell("", role) }
            }
            col += w
        }
        return col - x
    }

    static func referenceTruncated(_ s: String, to width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if s.reduce(0, { $0 + DisplayWidth.of($1) }) <= width { return s }
        var out = ""
        var used = 0
        let limit = width - DisplayWidth.of(ellipsis)
        for ch in s {
            let w = DisplayWidth.of(ch)
            if used + w > limit { break }
            out.append(ch)
            used += w
        }
        return out + ellipsis
    }

    @Test func widthTableMatchesTheRules() {
        for v in UInt32(0)..<0x10000 {
            guard let scalar = Unicode.Scalar(v) else { continue }
            #expect(DisplayWidth.of(scalar) == DisplayWidth.measure(v), "U+\(String(v, radix: 16))")
        }
    }

    @Test func standaloneScalarsAreGraphemesOfTheirOwn() {
        let neighbours: [Unicode.Scalar] = ["a", "─", "契", "Σ", "\u{AC00}", "\u{30A2}"]
        for v in UInt32(0x20)..<0x10000 {
            guard let scalar = Unicode.Scalar(v), DisplayWidth.isStandalone(scalar) else { continue }
            for n in neighbours {
                var s = String.UnicodeScalarView()
                s.append(n); s.append(scalar); s.append(scalar); s.append(n)
                #expect(String(s).count == 4, "U+\(String(v, radix: 16)) beside \(n)")
            }
        }
    }

    @Test func widthsAndCutsMatchTheGraphemePath() {
        for text in Self.samples {
            #expect(DisplayWidth.of(text) == text.reduce(0) { $0 + DisplayWidth.of($1) }, "\(text.debugDescription)")
            for width in 0...20 {
                #expect(text.truncated(to: width) == Self.referenceTruncated(text, to: width), "\(text.debugDescription) at \(width)")
                #expect(text.truncated(to: width, ellipsis: "") == Self.referenceTruncated(text, to: width, ellipsis: ""))
            }
        }
    }

    @Test func drawingMatchesTheGraphemePath() {
        for text in Self.samples {
            for (x, limit) in [(0, nil), (3, 7), (-2, nil), (30, nil), (5, 0)] as [(Int, Int?)] {
                var fast = Grid(size: Size(cols: 36, rows: 2))
                var reference = fast
                fast.put("x", x: 0, y: 1)
                reference.put("x", x: 0, y: 1)
                let a = fast.put(text, x: x, y: 0, role: .title, limit: limit)
                let b = Self.referencePut(&reference, text, x: x, y: 0, role: .title, limit: limit)
                #expect(a == b, "\(text.debugDescription) at \(x)")
                #expect(fast == reference, "\(text.debugDescription) at \(x)")
                #expect(fast.text() == reference.text())
            }
        }
    }

    @Test func cellsKeepTheirText() {
        for text in ["", " ", "a", "─", "契", "e\u{301}", "❤️", "👨‍👩‍👧"] {
            #expect(Cell(text, .dim).text == text)
        }
        var cell = Cell("e")
        cell.text.append("\u{301}")
        #expect(cell.text == "e\u{301}")
        #expect(Cell("").isContinuation && !Cell(" ").isContinuation)
    }
}
