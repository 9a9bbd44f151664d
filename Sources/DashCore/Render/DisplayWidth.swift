/// Terminal cell width of text, as wcwidth(3) measures it: East Asian wide and fullwidth
/// characters and most emoji take two cells, combining marks and zero-width characters none.
public enum DisplayWidth {
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x7F { return v < 0x20 ? 0 : 1 }
        if v < 0x10000 { return Int(basicPlane[Int(v)]) }
        return measure(v)
    }

    /// Widths of the Basic Multilingual Plane, worked out once: most text is drawn every frame,
    /// and a general-category look-up per character (every border glyph is past U+0300) was a
    /// good part of the cost of a frame.
    private static let basicPlane: [UInt8] = (0..<0x10000).map { UInt8(measure(UInt32($0))) }

    static func measure(_ v: UInt32) -> Int {
        if v == 0 { return 0 }
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        if v < 0x300 { return 1 }
        if isZeroWidth(v) { return 0 }
        if isWide(v) { return 2 }
        return 1
    }

    /// Width of one grapheme cluster: its first scalar decides, an emoji presentation
    /// selector (VS16) widens it.
    public static func of(_ c: Character) -> Int {
        let scalars = c.unicodeScalars
        guard let first = scalars.first else { return 0 }
        let w = of(first)
        if w == 1, scalars.contains(where: { $0.value == 0xFE0F }), first.properties.isEmoji { return 2 }
        return w
    }

    public static func of(_ s: some StringProtocol) -> Int {
        var total = 0
        if s.unicodeScalars.allSatisfy(isStandalone) {
            for scalar in s.unicodeScalars { total += of(scalar) }
            return total
        }
        for c in s { total += of(c) }
        return total
    }

    /// A scalar that is a grapheme of its own whatever standalone scalars surround it: none of
    /// Unicode's grapheme rules (CR LF, Hangul jamo, Extend, ZWJ, SpacingMark, Prepend, regional
    /// indicators, Indic linkers) joins it to a neighbour. Text made only of these (ASCII, Latin,
    /// Greek, punctuation, arrows, box drawing, shapes, CJK) is measured and drawn scalar by
    /// scalar, without grapheme breaking. (CR LF is one grapheme, but both are controls and
    /// count and draw as nothing either way.)
    @inline(__always)
    public static func isStandalone(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x300 { return true }
        return (0x370...0x3FF).contains(v) || (0x2010...0x2027).contains(v) || (0x2030...0x205E).contains(v)
            || (0x2190...0x2BFF).contains(v) || (0x3040...0x3098).contains(v) || (0x30A0...0x30FF).contains(v)
            || (0x4E00...0x9FFF).contains(v) || (0xAC00...0xD7A3).contains(v) || (0xFF01...0xFF60).contains(v)
    }

    static func isZeroWidth(_ v: UInt32) -> Bool {
        if (0x1160...0x11FF).contains(v) || (0xD7B0...0xD7FF).contains(v) { return true }  // Hangul medial jamo
        // The soft hyphen and the Arabic prepended marks are format characters that still show.
        if v == 0xAD || (0x600...0x605).contains(v) || v == 0x6DD || v == 0x70F || v == 0x8E2 || v == 0x110BD { return false }
        guard let scalar = Unicode.Scalar(v) else { return false }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return true
        default: return false
        }
    }

    static func isWide(_ v: UInt32) -> Bool {
        (0x1100...0x115F).contains(v) || (0x231A...0x231B).contains(v) || (0x2329...0x232A).contains(v)
            || (0x23E9...0x23EC).contains(v) || v == 0x23F0 || v == 0x23F3 || (0x25FD...0x25FE).contains(v)
            || (0x2614...0x2615).contains(v) || (0x2648...0x2653).contains(v) || v == 0x267F || v == 0x2693
            || v == 0x26A1 || (0x26AA...0x26AB).contains(v) || (0x26BD...0x26BE).contains(v)
            || (0x26C4...0x26C5).contains(v) || v == 0x26CE || v == 0x26D4 || v == 0x26EA
            || (0x26F2...0x26F3).contains(v) || v == 0x26F5 || v == 0x26FA || v == 0x26FD || v == 0x2705
            || (0x270A...0x270B).contains(v) || v == 0x2728 || v == 0x274C || v == 0x274E
            || (0x2753...0x2755).contains(v) || v == 0x2757 || (0x2795...0x2797).contains(v) || v == 0x27B0
            || v == 0x27BF || (0x2B1B...0x2B1C).contains(v) || v == 0x2B50 || v == 0x2B55
            || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v) || (0x3400...0x4DBF).contains(v)
            || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v) || (0xA960...0xA97F).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE10...0xFE19).contains(v)
            || (0xFE30...0xFE6F).contains(v) || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v)
            || (0x16FE0...0x16FE4).contains(v) || (0x17000...0x18CFF).contains(v) || (0x1B000...0x1B2FF).contains(v)
            || v == 0x1F004 || v == 0x1F0CF || v == 0x1F18E || (0x1F191...0x1F19A).contains(v)
            || (0x1F200...0x1F202).contains(v) || (0x1F210...0x1F23B).contains(v) || (0x1F240...0x1F248).contains(v)
            || (0x1F250...0x1F251).contains(v) || (0x1F260...0x1F265).contains(v) || (0x1F300...0x1F320).contains(v)
            || (0x1F32D...0x1F335).contains(v) || (0x1F337...0x1F37C).contains(v) || (0x1F37E...0x1F393).contains(v)
            || (0x1F3A0...0x1F3CA).contains(v) || (0x1F3CF...0x1F3D3).contains(v) || (0x1F3E0...0x1F3F0).contains(v)
            || v == 0x1F3F4 || (0x1F3F8...0x1F43E).contains(v) || v == 0x1F440 || (0x1F442...0x1F4FC).contains(v)
            || (0x1F4FF...0x1F53D).contains(v) || (0x1F54B...0x1F54E).contains(v) || (0x1F550...0x1F567).contains(v)
            || v == 0x1F57A || (0x1F595...0x1F596).contains(v) || v == 0x1F5A4 || (0x1F5FB...0x1F64F).contains(v)
            || (0x1F680...0x1F6C5).contains(v) || v == 0x1F6CC || (0x1F6D0...0x1F6D2).contains(v)
            || (0x1F6D5...0x1F6D7).contains(v) || (0x1F6DC...0x1F6DF).contains(v) || (0x1F6EB...0x1F6EC).contains(v)
            || (0x1F6F4...0x1F6FC).contains(v) || (0x1F7E0...0x1F7EB).contains(v) || v == 0x1F7F0
            || (0x1F90C...0x1F93A).contains(v) || (0x1F93C...0x1F945).contains(v) || (0x1F947...0x1F9FF).contains(v)
            || (0x1FA70...0x1FAFF).contains(v) || (0x20000...0x2FFFD).contains(v) || (0x30000...0x3FFFD).contains(v)
    }
}
