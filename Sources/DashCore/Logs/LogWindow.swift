/// Which log lines are on screen. Only the lines that can be visible are measured or
/// wrapped, so a stream of hundreds of thousands of lines costs the same as a short one.
public enum LogWindow {
    public struct Row: Sendable, Hashable {
        public var line: Int
        public var text: String
        public var continuation: Bool
        /// Characters of the line before this piece (0 unless it continues a wrapped line).
        public var start = 0
    }

    /// Cuts a line into pieces of at most `width` cells.
    public static func wrap(_ line: String, width: Int) -> [String] {
        guard width > 0, DisplayWidth.of(line) > width else { return [line] }
        var pieces: [String] = []
        var current = ""
        var used = 0
        for ch in line {
            let w = DisplayWidth.of(ch)
            if used + w > width { pieces.append(current); current = ""; used = 0 }
            current.append(ch)
            used += w
        }
        if !current.isEmpty || pieces.isEmpty { pieces.append(current) }
        return pieces
    }

    static func height(_ line: String, width: Int, wrap: Bool) -> Int {
        guard wrap, width > 0 else { return 1 }
        return max(1, (DisplayWidth.of(line) + width - 1) / width)
    }

    /// The first line to show so that the last line ends at the bottom. `text` gives a line's
    /// text; only the lines that can be visible are asked for.
    public static func followTop(count: Int, height: Int, width: Int, wrap: Bool, text: (Int) -> String) -> Int {
        guard wrap else { return max(0, count - height) }
        var used = 0
        var i = count
        while i > 0 {
            let h = Self.height(text(i - 1), width: width, wrap: true)
            if used + h > height { break }
            used += h
            i -= 1
        }
        return min(i, max(0, count - 1))
    }

    public static func rows(count: Int, top: Int, height: Int, width: Int, wrap: Bool, text: (Int) -> String) -> [Row] {
        var out: [Row] = []
        var i = max(0, top)
        while out.count < height, i < count {
            let line = text(i)
            if wrap {
                var start = 0
                for (n, piece) in Self.wrap(line, width: width).enumerated() where out.count < height {
                    out.append(Row(line: i, text: piece, continuation: n > 0, start: start))
                    start += piece.count
                }
            } else {
                out.append(Row(line: i, text: line, continuation: false))
            }
            i += 1
        }
        return out
    }
}
