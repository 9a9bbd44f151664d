/// One terminal cell: a grapheme (or "" for the right half of a wide one) and its role.
/// Stored as its first scalar plus the rest of the cluster (almost always empty), so filling,
/// comparing and copying the thousands of cells of a frame never touch a `String`'s storage.
public struct Cell: Sendable, Hashable {
    /// The grapheme's first scalar; 0 for the right half of a wide character.
    public private(set) var head: UInt32
    public var role: Role
    /// The grapheme's other scalars (combining marks, variation selectors, the rest of an
    /// emoji sequence), two to a word, 0 after the last: up to `maxTail`. Plain integers rather
    /// than a String, so a cell is copied and compared without reference counting: a frame is
    /// thousands of cells, copied into the grid, compared with the last frame and kept by the
    /// pane memo, once a second.
    private var tail0: UInt64 = 0, tail1: UInt64 = 0, tail2: UInt64 = 0

    /// Scalars after the first that a cell keeps (the terminal backend writes at most seven a cell).
    static let maxTail = 6

    public init(_ text: String = " ", _ role: Role = .normal) {
        var scalars = text.unicodeScalars.makeIterator()
        head = scalars.next()?.value ?? 0
        self.role = role
        var i = 0
        while i < Self.maxTail, let s = scalars.next() {
            setTail(i, s.value)
            i += 1
        }
    }

    init(scalar: UInt32, _ role: Role) { head = scalar; self.role = role }

    private mutating func setTail(_ i: Int, _ v: UInt32) {
        let shift = UInt64(i % 2 * 32)
        switch i / 2 {
        case 0: tail0 |= UInt64(v) << shift
        case 1: tail1 |= UInt64(v) << shift
        default: tail2 |= UInt64(v) << shift
        }
    }

    private func tailScalar(_ i: Int) -> UInt32 {
        let word = i / 2 == 0 ? tail0 : i / 2 == 1 ? tail1 : tail2
        return UInt32(truncatingIfNeeded: word >> UInt64(i % 2 * 32))
    }

    /// Has scalars after the first.
    var hasTail: Bool { tail0 != 0 }

    /// The grapheme's other scalars, usually "".
    public var tail: String {
        var out = String.UnicodeScalarView()
        for i in 0..<Self.maxTail {
            let v = tailScalar(i)
            guard v != 0, let s = Unicode.Scalar(v) else { break }
            out.append(s)
        }
        return String(out)
    }

    public var text: String {
        get {
            guard head != 0, let first = Unicode.Scalar(head) else { return "" }
            return hasTail ? String(first) + tail : String(Character(first))
        }
        set { self = Cell(newValue, role) }
    }

    /// Right half of a wide character: nothing of its own to draw.
    public var isContinuation: Bool { head == 0 }

    /// The cell's scalars, for the terminal backend.
    public func forEachScalar(_ body: (UInt32) -> Void) {
        guard head != 0 else { return }
        body(head)
        for i in 0..<Self.maxTail {
            let v = tailScalar(i)
            guard v != 0 else { return }
            body(v)
        }
    }
}

/// The frame the view draws into; the terminal backend copies it to the screen.
public struct Grid: Sendable, Hashable {
    public let size: Size
    public private(set) var cells: [Cell]
    /// Box-drawing glyphs: Unicode, or ASCII for non-UTF-8 terminals and `--ascii`.
    public var glyphs: Glyphs

    public init(size: Size, glyphs: Glyphs = .unicode) {
        self.size = size
        self.glyphs = glyphs
        cells = Array(repeating: Cell(), count: max(0, size.cols * size.rows))
    }

    /// The cells of `rect` (within the grid), row by row.
    func cells(in rect: Rect) -> [Cell] {
        let r = clipped(rect)
        var out: [Cell] = []
        out.reserveCapacity(r.width * r.height)
        for y in r.y..<r.maxY { out += cells[(y * size.cols + r.x)..<(y * size.cols + r.maxX)] }
        return out
    }

    /// Puts back cells taken by `cells(in:)` from a rect of the same size; false (and nothing
    /// changed) when they do not fit it.
    @discardableResult
    mutating func place(_ kept: [Cell], in rect: Rect) -> Bool {
        let r = clipped(rect)
        guard kept.count == r.width * r.height else { return false }
        for row in 0..<r.height {
            let to = (r.y + row) * size.cols + r.x
            cells.replaceSubrange(to..<(to + r.width), with: kept[(row * r.width)..<((row + 1) * r.width)])
        }
        return true
    }

    private func clipped(_ r: Rect) -> Rect {
        let x = max(0, min(r.x, size.cols)), y = max(0, min(r.y, size.rows))
        return Rect(x: x, y: y, width: min(r.maxX, size.cols) - x, height: min(r.maxY, size.rows) - y)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * size.cols + x] }
        set { cells[y * size.cols + x] = newValue }
    }

    /// Writes text from (x, y), clipped at `limit` columns (and the grid's edge); a wide
    /// character that would not fit whole is not drawn. Returns the columns used.
    @discardableResult
    public mutating func put(_ text: some StringProtocol, x: Int, y: Int, role: Role = .normal, limit: Int? = nil) -> Int {
        guard y >= 0, y < size.rows, x < size.cols else { return 0 }
        let end = min(size.cols, limit.map { x + max(0, $0) } ?? size.cols)
        // Most text is ASCII and the interface's own symbols, each scalar a grapheme of its own:
        // those are drawn scalar by scalar, without grapheme breaking.
        if text.unicodeScalars.allSatisfy(DisplayWidth.isStandalone) {
            return putScalars(text.unicodeScalars, x: x, y: y, role: role, end: end)
        }
        var col = x
        for ch in text {
            let w: Int
            if let ascii = ch.asciiValue {
                // Last line of defence: a control character never reaches a cell (the sanitizer
                // should have removed it already).
                if ascii < 0x20 || ascii == 0x7F { continue }
                w = 1
            } else {
                if ch.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) }) { continue }
                w = DisplayWidth.of(ch)
            }
            if w == 0 {
                // A combining mark on its own (the sanitizer already removed controls): attach to the previous cell.
                if col > x, col - 1 >= 0, col - 1 < size.cols { self[col - 1, y].text.append(contentsOf: String(ch)) }
                continue
            }
            if col + w > end { break }
            if col >= 0 {
                self[col, y] = Cell(String(ch), role)
                if w == 2 { self[col + 1, y] = Cell(scalar: 0, role) }
            }
            col += w
        }
        return col - x
    }

    /// `put` for text whose every scalar is a grapheme of its own (`DisplayWidth.isStandalone`).
    private mutating func putScalars(_ scalars: some Sequence<Unicode.Scalar>, x: Int, y: Int, role: Role, end: Int) -> Int {
        var col = x
        let row = y * size.cols
        for scalar in scalars {
            let v = scalar.value
            if v < 0x20 || (0x7F..<0xA0).contains(v) { continue }
            let w = DisplayWidth.of(scalar)
            if w == 0 {
                if col > x, col - 1 >= 0, col - 1 < size.cols { self[col - 1, y].text.unicodeScalars.append(scalar) }
                continue
            }
            if col + w > end { break }
            if col >= 0 {
                cells[row + col] = Cell(scalar: v, role)
                if w == 2 { cells[row + col + 1] = Cell(scalar: 0, role) }
            }
            col += w
        }
        return col - x
    }

    /// A wide character half covered by something drawn later (a modal's border over a CJK
    /// name) would still be drawn whole by the terminal and push the rest of its row one column
    /// over: its surviving half becomes a space instead.
    public mutating func blankSplitWideCharacters() {
        let cols = size.cols
        guard cols > 0 else { return }
        for i in cells.indices {
            let head = cells[i].head
            if head == 0 {
                let x = i % cols
                if x == 0 || !Self.isWideLead(cells[i - 1]) { cells[i] = Cell(scalar: 0x20, cells[i].role) }
            } else if head >= 0x1100, Self.isWideLead(cells[i]), i % cols == cols - 1 || !cells[i + 1].isContinuation {
                cells[i] = Cell(scalar: 0x20, cells[i].role)
            }
        }
    }

    private static func isWideLead(_ cell: Cell) -> Bool {
        guard cell.head >= 0x1100, let scalar = Unicode.Scalar(cell.head) else { return false }
        return !cell.hasTail ? DisplayWidth.of(scalar) == 2 : DisplayWidth.of(Character(cell.text)) == 2
    }

    public mutating func fill(_ rect: Rect, role: Role = .normal, char: String = " ") {
        let cell = Cell(char, role)
        for y in max(0, rect.y)..<min(size.rows, rect.maxY) {
            for x in max(0, rect.x)..<min(size.cols, rect.maxX) { self[x, y] = cell }
        }
    }

    /// Changes the role of cells already drawn (for selection and highlight bars).
    public mutating func paint(_ rect: Rect, role: Role) {
        for y in max(0, rect.y)..<min(size.rows, rect.maxY) {
            for x in max(0, rect.x)..<min(size.cols, rect.maxX) { self[x, y].role = role }
        }
    }

    public mutating func box(_ rect: Rect, role: Role = .border, title: String? = nil, titleRole: Role = .title) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let g = glyphs
        // Each glyph measured once and stamped (borders are a good part of a frame's cells).
        func stamp(_ glyph: String, _ points: [(x: Int, y: Int)]) {
            var probe = Grid(size: Size(cols: 2, rows: 1), glyphs: g)
            guard probe.put(glyph, x: 0, y: 0, role: role) == 1 else {
                for p in points { put(glyph, x: p.x, y: p.y, role: role) }
                return
            }
            let cell = probe[0, 0]
            for p in points where p.x >= 0 && p.x < size.cols && p.y >= 0 && p.y < size.rows { self[p.x, p.y] = cell }
        }
        var across: [(x: Int, y: Int)] = []
        across.reserveCapacity(2 * rect.width)
        for x in rect.x + 1..<rect.maxX - 1 { across.append((x, rect.y)); across.append((x, rect.maxY - 1)) }
        stamp(g.horizontal, across)
        var down: [(x: Int, y: Int)] = []
        down.reserveCapacity(2 * rect.height)
        for y in rect.y + 1..<rect.maxY - 1 { down.append((rect.x, y)); down.append((rect.maxX - 1, y)) }
        stamp(g.vertical, down)
        put(g.topLeft, x: rect.x, y: rect.y, role: role)
        put(g.topRight, x: rect.maxX - 1, y: rect.y, role: role)
        put(g.bottomLeft, x: rect.x, y: rect.maxY - 1, role: role)
        put(g.bottomRight, x: rect.maxX - 1, y: rect.maxY - 1, role: role)
        if let title, rect.width > 4 {
            put(" \(title) ", x: rect.x + 2, y: rect.y, role: titleRole, limit: rect.width - 4)
        }
    }

    /// The interface's own glyphs, in ASCII, for terminals without UTF-8 (user text is left alone).
    static let asciiGlyphs: [String: String] = [
        "…": "~", "·": "|", "↓": "v", "↑": "^", "●": "*", "○": "o", "◀": "<", "▶": ">", "▸": ">", "▏": "|",
        "→": ">", "✓": "+", "✗": "x", "◷": ".", "⊘": "-", "█": "#", "▇": "#", "▆": "#", "▅": "=", "▄": "=",
        "▃": "-", "▂": "_", "▁": "_", "─": "-", "│": "|", "┌": "+", "┐": "+", "└": "+", "┘": "+", "Σ": "S", "—": "-", "▲": "^",
    ]

    public mutating func replaceUIGlyphsWithASCII() {
        for i in cells.indices where cells[i].head >= 0x80 {
            if let ascii = Self.asciiGlyphs[cells[i].text] { cells[i].text = ascii }
        }
    }

    /// The frame as plain text, one line per row, trailing spaces kept (golden files).
    public func text() -> String {
        (0..<size.rows).map { y in (0..<size.cols).map { self[$0, y].text }.joined() }.joined(separator: "\n")
    }

    /// One character per cell naming its role (see `Role.maskChar`); right halves of wide
    /// characters repeat their left half.
    public func roleMask() -> String {
        (0..<size.rows).map { y in String((0..<size.cols).map { self[$0, y].role.maskChar }) }.joined(separator: "\n")
    }
}

public struct Glyphs: Sendable, Hashable {
    public var horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight: String
    public var bullet, ellipsis, separator: String
    public var bars: [String]

    public static let unicode = Glyphs(horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└",
                                       bottomRight: "┘", bullet: "●", ellipsis: "…",
                                       separator: "·", bars: [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"])
    public static let ascii = Glyphs(horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+",
                                     bottomRight: "+", bullet: "*", ellipsis: "~",
                                     separator: "|", bars: [" ", ".", ".", ":", ":", "|", "|", "#", "#"])
    public var isASCII: Bool { self == .ascii }
}

extension String {
    /// Cut to at most `width` cells, ending with an ellipsis when something was cut.
    public func truncated(to width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        let limit = width - DisplayWidth.of(ellipsis)
        if unicodeScalars.allSatisfy(DisplayWidth.isStandalone) {
            // One pass over the scalars: where the cut would go, and whether one is needed.
            var used = 0
            var cut: String.UnicodeScalarView.Index?
            for i in unicodeScalars.indices {
                let w = DisplayWidth.of(unicodeScalars[i])
                if cut == nil, used + w > limit { cut = i }
                used += w
                if used > width, let cut { return String(unicodeScalars[..<cut]) + ellipsis }
            }
            return self
        }
        if DisplayWidth.of(self) <= width { return self }
        var out = ""
        var used = 0
        for ch in self {
            let w = DisplayWidth.of(ch)
            if used + w > limit { break }
            out.append(ch)
            used += w
        }
        return out + ellipsis
    }

    /// Padded with spaces (or cut) to exactly `width` cells.
    public func padded(to width: Int, ellipsis: String = "…") -> String {
        let t = truncated(to: width, ellipsis: ellipsis)
        let w = DisplayWidth.of(t)
        return w < width ? t + String(repeating: " ", count: width - w) : t
    }

    public func leftPadded(to width: Int) -> String {
        let w = DisplayWidth.of(self)
        return w < width ? String(repeating: " ", count: width - w) + self : self.truncated(to: width)
    }
}
