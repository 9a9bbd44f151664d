/// A piece of a one-line bar (tab bar, footer): its text in one or more styles, and how much
/// it matters when the line is too narrow. Bars are built from these rather than strings, so
/// dropping a piece never depends on what its text says.
public struct Segment: Sendable, Hashable {
    public struct Span: Sendable, Hashable {
        public var text: String
        public var role: Role
    }

    public var spans: [Span]
    /// Lower goes first when the line is too narrow; among equals, the later one.
    public var priority: Int
    /// What a click on it does, if anything.
    public var click: ClickTarget?

    public init(_ text: String, _ role: Role, priority: Int, click: ClickTarget? = nil) {
        spans = [Span(text: text, role: role)]
        self.priority = priority
        self.click = click
    }

    public init(spans: [(String, Role)], priority: Int, click: ClickTarget? = nil) {
        self.spans = spans.map { Span(text: $0.0, role: $0.1) }
        self.priority = priority
        self.click = click
    }

    public var width: Int { spans.reduce(0) { $0 + DisplayWidth.of($1.text) } }

    /// The segments that fit in `width`, in their order, after dropping the least important;
    /// the most important one stays even when it alone is too wide (it is then clipped).
    public static func fit(_ segments: [Segment], width: Int) -> [Segment] {
        var kept = segments
        while kept.count > 1, kept.reduce(0, { $0 + $1.width }) > width {
            let lowest = kept.indices.min { a, b in
                kept[a].priority != kept[b].priority ? kept[a].priority < kept[b].priority : a > b
            }!
            kept.remove(at: lowest)
        }
        return kept
    }
}

/// Something a click can choose in a bar.
public enum ClickTarget: Sendable, Hashable {
    case tab(DetailTab)
    case source(LogSource)
}

extension Grid {
    /// Draws segments from (x, y), clipped at `limit` columns; returns the columns used.
    @discardableResult
    mutating func put(_ segments: [Segment], x: Int, y: Int, limit: Int) -> Int {
        var used = 0
        for span in segments.flatMap(\.spans) where used < limit {
            used += put(span.text, x: x + used, y: y, role: span.role, limit: limit - used)
        }
        return used
    }
}
