import Foundation

/// A colour as a theme names it; the backend reduces it to what the terminal can show.
public enum ColorSpec: Sendable, Hashable {
    /// The terminal's own foreground or background (keeps transparency).
    case terminalDefault
    /// 0–15 are the ANSI colours, 16–255 the xterm cube and greys.
    case index(Int)
    case rgb(UInt8, UInt8, UInt8)

    static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
                        "bright-black", "bright-red", "bright-green", "bright-yellow", "bright-blue",
                        "bright-magenta", "bright-cyan", "bright-white"]

    /// `default`, an ANSI name (`red`, `bright-blue`, also `grey`/`gray` for bright-black),
    /// `0`–`255`, or `#rrggbb`.
    public static func parse(_ text: String) -> ColorSpec? {
        let t = text.lowercased().trimmingCharacters(in: .whitespaces)
        if t == "default" || t == "none" { return .terminalDefault }
        if t == "grey" || t == "gray" { return .index(8) }
        if let i = names.firstIndex(of: t.replacingOccurrences(of: "_", with: "-")) { return .index(i) }
        if let n = Int(t), (0...255).contains(n) { return .index(n) }
        if t.hasPrefix("#"), t.count == 7, let v = UInt32(t.dropFirst(), radix: 16) {
            return .rgb(UInt8(v >> 16), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF))
        }
        return nil
    }

    /// The nearest colour a terminal with `colors` colours has (256, 16 or 8).
    public func downgraded(to colors: Int) -> ColorSpec {
        switch self {
        case .terminalDefault: return self
        case .rgb(let r, let g, let b):
            return colors >= 256 ? .index(Self.cubeIndex(r, g, b)) : .index(Self.nearestANSI(r, g, b, count: colors >= 16 ? 16 : 8))
        case .index(let i):
            if i < colors { return self }
            if i < 16 { return .index(i - 8) }  // bright → normal on 8-colour terminals
            let (r, g, b) = Self.rgbOfIndex(i)
            return .index(Self.nearestANSI(r, g, b, count: colors >= 16 ? 16 : 8))
        }
    }

    static func cubeIndex(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
        func level(_ v: UInt8) -> Int { v < 48 ? 0 : v < 115 ? 1 : (Int(v) - 35) / 40 }
        let cube = 16 + 36 * level(r) + 6 * level(g) + level(b)
        // Greys are closer in the grey ramp when r≈g≈b.
        let avg = (Int(r) + Int(g) + Int(b)) / 3
        if abs(Int(r) - avg) < 10, abs(Int(g) - avg) < 10, abs(Int(b) - avg) < 10, avg > 8, avg < 238 {
            return 232 + min(23, (avg - 8) / 10)
        }
        return cube
    }

    static let ansiRGB: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    static func nearestANSI(_ r: UInt8, _ g: UInt8, _ b: UInt8, count: Int) -> Int {
        var best = 0, bestDistance = Int.max
        for i in 0..<count {
            let (cr, cg, cb) = ansiRGB[i]
            let d = (cr - Int(r)) * (cr - Int(r)) + (cg - Int(g)) * (cg - Int(g)) + (cb - Int(b)) * (cb - Int(b))
            if d < bestDistance { best = i; bestDistance = d }
        }
        return best
    }

    static func rgbOfIndex(_ i: Int) -> (UInt8, UInt8, UInt8) {
        if i < 16 { let c = ansiRGB[i]; return (UInt8(c.0), UInt8(c.1), UInt8(c.2)) }
        if i >= 232 { let v = UInt8(8 + (i - 232) * 10); return (v, v, v) }
        let n = i - 16
        func comp(_ x: Int) -> UInt8 { x == 0 ? 0 : UInt8(55 + x * 40) }
        return (comp(n / 36), comp((n / 6) % 6), comp(n % 6))
    }
}

/// How one role looks.
public struct StyleSpec: Sendable, Hashable {
    public var fg: ColorSpec
    public var bg: ColorSpec
    public var bold = false
    public var dim = false
    public var reverse = false
    public var underline = false
    public var italic = false

    public init(fg: ColorSpec = .terminalDefault, bg: ColorSpec = .terminalDefault, bold: Bool = false, dim: Bool = false,
                reverse: Bool = false, underline: Bool = false, italic: Bool = false) {
        self.fg = fg; self.bg = bg; self.bold = bold; self.dim = dim; self.reverse = reverse
        self.underline = underline; self.italic = italic
    }
}

public struct Theme: Sendable, Hashable {
    public var name: String
    public var styles: [Role: StyleSpec]
    /// Colours are dropped (attributes only): monochrome and `NO_COLOR`.
    public var monochrome: Bool

    public init(name: String, styles: [Role: StyleSpec], monochrome: Bool = false) {
        self.name = name; self.styles = styles; self.monochrome = monochrome
    }

    public func style(_ role: Role) -> StyleSpec {
        var s = styles[role] ?? styles[.normal] ?? StyleSpec()
        if monochrome { s.fg = .terminalDefault; s.bg = .terminalDefault }
        return s
    }
}
