/// How a form field's text is laid out in its box: wrapped rows, and where the cursor is.
public enum FieldLayout {
    public struct Laid: Sendable, Hashable {
        public var rows: [String]
        public var cursorRow: Int
        /// Cell column of the cursor within its row.
        public var cursorColumn: Int
    }

    /// Sanitized, wrapped to `width` cells; the cursor (a character offset into `value`) may
    /// sit after the last character of a row, so rows hold at most `width - 1` cells.
    public static func layout(_ value: String, cursor: Int, width: Int) -> Laid {
        let w = max(2, width - 1)
        var rows: [String] = []
        var cursorRow = 0, cursorColumn = 0
        var offset = 0
        for line in value.split(separator: "\n", omittingEmptySubsequences: false) {
            var row = ""
            var used = 0
            var placed = false
            func place() { cursorRow = rows.count; cursorColumn = used; placed = true }
            for ch in line {
                let clean = Sanitizer.line(String(ch))
                let cw = DisplayWidth.of(clean)
                if used + cw > w { rows.append(row); row = ""; used = 0 }
                if offset == cursor { place() }
                row += clean
                used += cw
                offset += 1
            }
            if offset == cursor && !placed { place() }
            rows.append(row)
            offset += 1  // the newline
        }
        return Laid(rows: rows, cursorRow: cursorRow, cursorColumn: cursorColumn)
    }
}
