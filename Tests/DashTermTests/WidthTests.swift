import CNCursesW
import DashCore
import Glibc
import Testing

/// ncurses advances the cursor by wcwidth(3); the pure DisplayWidth table must agree with it or
/// wide text would shift the rest of a row.
@Suite struct DisplayWidthMatchesWcwidth {
    @Test func agreesOnPrintableCharactersOfCommonScripts() throws {
        try #require(setlocale(LC_ALL, "C.UTF-8") != nil)
        let ranges: [ClosedRange<UInt32>] = [
            0x20...0x7E, 0xA0...0x24F, 0x370...0x3FF, 0x400...0x4FF, 0x590...0x6FF, 0x2000...0x2BFF,
            0x2E80...0x303F, 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
            0xFE30...0xFE6F, 0xFF00...0xFFEF, 0x1F300...0x1F64F, 0x1F680...0x1F6FF, 0x1F900...0x1F9FF, 0x20000...0x2A6DF,
        ]
        var mismatches: [String] = []
        for range in ranges {
            for v in range {
                guard let scalar = Unicode.Scalar(v) else { continue }
                let expected = Int(cnc_wcwidth(wchar_t(bitPattern: v)))
                guard expected >= 0 else { continue }  // unassigned or non-printable for glibc
                if DisplayWidth.of(scalar) != expected { mismatches.append(String(v, radix: 16)) }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) differ: \(mismatches.prefix(40))")
    }
}
