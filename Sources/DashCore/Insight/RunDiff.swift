import CaseDevAPI
import Foundation

/// Two runs compared: their figures and deltas, their steps aligned (longest common subsequence
/// over step type and tool name), and their outputs diffed line by line with the changed words.
public struct RunDiff: Sendable, Hashable {
    public struct Figures: Sendable, Hashable, Encodable {
        public var runId: String
        public var agentId: String
        public var model: String?
        public var status: RunStatus
        public var duration: TimeInterval?
        public var inputTokens: Int
        public var outputTokens: Int
        public var costMicros: Int
        public var toolCalls: Int
    }

    public enum StepPair: Sendable, Hashable {
        case same(a: StepWaterfall.Row, b: StepWaterfall.Row)
        case removed(StepWaterfall.Row)
        case added(StepWaterfall.Row)
    }

    public enum Line: Sendable, Hashable {
        case same(String)
        case removed(String)
        case added(String)
        /// A line that changed: its words, each marked changed or not.
        case changed(old: [(String, Bool)], new: [(String, Bool)])

        public static func == (a: Line, b: Line) -> Bool { a.text == b.text }
        public func hash(into h: inout Hasher) { h.combine(text) }
        var text: String {
            switch self {
            case .same(let t): "= " + t
            case .removed(let t): "- " + t
            case .added(let t): "+ " + t
            case .changed(let o, let n): "~ " + o.map(\.0).joined(separator: " ") + " → " + n.map(\.0).joined(separator: " ")
            }
        }
    }

    public var a: Figures
    public var b: Figures
    public var steps: [StepPair]
    public var output: [Line]

    public var sameAgent: Bool { a.agentId == b.agentId }

    public static func make(_ da: RunDetails, _ db: RunDetails, now: Date) -> RunDiff {
        let wa = StepWaterfall.build(da, now: now), wb = StepWaterfall.build(db, now: now)
        return RunDiff(a: figures(da), b: figures(db), steps: align(wa.rows, wb.rows),
                       output: lines(Sanitizer.lines(text(da)), Sanitizer.lines(text(db))))
    }

    static func text(_ d: RunDetails) -> String { d.result?.output ?? d.result?.error ?? "" }

    static func figures(_ d: RunDetails) -> Figures {
        let u = d.usage
        let duration = zipDates(d.startedAt, d.completedAt).map { $1.timeIntervalSince($0) } ?? u?.durationMs.map { Double($0) / 1000 }
        return Figures(runId: d.id, agentId: d.agentId, model: u?.model ?? d.model, status: d.status, duration: duration,
                       inputTokens: max(0, u?.summary?.totalInputTokens ?? u?.inputTokens ?? 0),
                       outputTokens: max(0, u?.summary?.totalOutputTokens ?? u?.outputTokens ?? 0),
                       costMicros: max(0, u?.summary?.costMicros ?? 0), toolCalls: max(0, u?.toolCalls ?? 0))
    }

    static func zipDates(_ a: Date?, _ b: Date?) -> (Date, Date)? { a.flatMap { a in b.map { (a, $0) } } }

    /// What makes two steps "the same step": their kind and their tool.
    static func key(_ r: StepWaterfall.Row) -> String { r.step.type + "|" + (r.step.toolName ?? "") }

    static func align(_ a: [StepWaterfall.Row], _ b: [StepWaterfall.Row]) -> [StepPair] {
        lcs(a.map(key), b.map(key)).map { op in
            switch op {
            case .both(let i, let j): .same(a: a[i], b: b[j])
            case .left(let i): .removed(a[i])
            case .right(let j): .added(b[j])
            }
        }
    }

    static func lines(_ a: [String], _ b: [String]) -> [Line] {
        var out: [Line] = []
        var removed: [String] = []
        func flush(_ added: String?) {
            if let added, !removed.isEmpty {
                let old = removed.removeFirst()
                out.append(words(old, added))
            } else if let added {
                out.append(.added(added))
            }
        }
        for op in lcs(a, b) {
            switch op {
            case .both(let i, _):
                out += removed.map(Line.removed); removed = []
                out.append(.same(a[i]))
            case .left(let i): removed.append(a[i])
            case .right(let j): flush(b[j])
            }
        }
        out += removed.map(Line.removed)
        return out
    }

    /// A changed line: the words of each side, marked where they differ.
    static func words(_ old: String, _ new: String) -> Line {
        let a = old.split(separator: " ").map(String.init), b = new.split(separator: " ").map(String.init)
        var oldWords: [(String, Bool)] = [], newWords: [(String, Bool)] = []
        for op in lcs(a, b) {
            switch op {
            case .both(let i, let j): oldWords.append((a[i], false)); newWords.append((b[j], false))
            case .left(let i): oldWords.append((a[i], true))
            case .right(let j): newWords.append((b[j], true))
            }
        }
        return .changed(old: oldWords, new: newWords)
    }

    enum Op: Equatable { case both(Int, Int), left(Int), right(Int) }

    /// The longest common subsequence as edit operations, in order. Inputs are capped (steps and
    /// output lines of real runs are hundreds, not millions), so the table stays small.
    static func lcs<T: Equatable>(_ a: [T], _ b: [T]) -> [Op] {
        let a = Array(a.prefix(2_000)), b = Array(b.prefix(2_000))
        let n = a.count, m = b.count
        var t = Array(repeating: Array(repeating: 0, count: m + 1), count: n + 1)
        if n > 0 && m > 0 {
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    t[i][j] = a[i] == b[j] ? t[i + 1][j + 1] + 1 : max(t[i + 1][j], t[i][j + 1])
                }
            }
        }
        var ops: [Op] = []
        var i = 0, j = 0
        while i < n && j < m {
            if a[i] == b[j] { ops.append(.both(i, j)); i += 1; j += 1 }
            else if t[i + 1][j] >= t[i][j + 1] { ops.append(.left(i)); i += 1 }
            else { ops.append(.right(j)); j += 1 }
        }
        while i < n { ops.append(.left(i)); i += 1 }
        while j < m { ops.append(.right(j)); j += 1 }
        return ops
    }
}

extension RunDiff {
    /// The comparison as lines (with the roles the dashboard draws them in); `name` names agents.
    public func lines(name: (String) -> String) -> [(String, Role)] {
        var lines: [(String, Role)] = []
        if !sameAgent { lines.append(("These runs are of different agents.", .error)) }
        func row(_ label: String, _ f: RunDiff.Figures) -> String {
            "\(label.padded(to: 4))\(Format.shortId(f.runId).padded(to: 9))\(name(f.agentId).padded(to: 15)) "
                + "\(Format.model(f.model).padded(to: 17)) \(f.status.rawValue.padded(to: 10))"
                + "\((f.duration.map(Format.duration) ?? "—").leftPadded(to: 7))\(Format.tokens(f.inputTokens).leftPadded(to: 8))"
                + "\(Format.tokens(f.outputTokens).leftPadded(to: 7))\(Format.cost(micros: f.costMicros).leftPadded(to: 9))\(String(f.toolCalls).leftPadded(to: 6))"
        }
        // B − A; a difference too small to show is ± rather than "-0s".
        func delta(_ x: Double, _ y: Double, _ fmt: (Double) -> String) -> String {
            let size = fmt(abs(y - x))
            return (size == fmt(0) ? "±" : y > x ? "+" : "-") + size
        }
        lines.append(("    " + "RUN".padded(to: 9) + "AGENT".padded(to: 16) + "MODEL".padded(to: 18) + "STATUS".padded(to: 10)
                      + "DUR".leftPadded(to: 7) + "IN".leftPadded(to: 8) + "OUT".leftPadded(to: 7) + "COST".leftPadded(to: 9)
                      + "TOOLS".leftPadded(to: 6), .columnHeader))
        lines.append((row("A", a), Format.statusRole(a.status)))
        lines.append((row("B", b), Format.statusRole(b.status)))
        let dd = delta(a.duration ?? 0, b.duration ?? 0) { Format.duration($0) }
        let dc = delta(Double(a.costMicros), Double(b.costMicros)) { Format.cost(micros: Int($0)) }
        let dt = delta(Double(a.inputTokens + a.outputTokens), Double(b.inputTokens + b.outputTokens)) { Format.tokens(Int($0)) }
        lines.append(("Δ   (B − A) duration \(dd) · tokens \(dt) · cost \(dc) · tool calls \(b.toolCalls - a.toolCalls >= 0 ? "+" : "")\(b.toolCalls - a.toolCalls)", .title))
        lines.append(("", .dialog))
        lines.append(("Steps (aligned by kind and tool)", .titleFocused))
        for pair in steps {
            switch pair {
            case .same(let x, let y):
                let ddur = delta(x.duration, y.duration) { WaterfallView.span($0) }
                let dcost = delta(Double(x.costMicros), Double(y.costMicros)) { Format.cost(micros: Int($0)) }
                lines.append(("  \(WaterfallView.label(x.step).padded(to: 44)) Δ \(ddur.leftPadded(to: 8)) \(dcost.leftPadded(to: 9))", .dialog))
            case .removed(let x): lines.append(("- \(WaterfallView.label(x.step).padded(to: 44)) only in A", .statusFailed))
            case .added(let y): lines.append(("+ \(WaterfallView.label(y.step).padded(to: 44)) only in B", .statusCompleted))
            }
        }
        lines.append(("", .dialog))
        lines.append(("Output (A → B)", .titleFocused))
        if output.isEmpty { lines.append(("  Neither run has an output.", .dim)) }
        else if output.allSatisfy({ if case .same = $0 { true } else { false } }) { lines.append(("  The outputs are the same.", .dim)) }
        for line in output {
            switch line {
            case .same(let t): lines.append(("  " + t, .dim))
            case .removed(let t): lines.append(("- " + t, .statusFailed))
            case .added(let t): lines.append(("+ " + t, .statusCompleted))
            case .changed(let old, let new):
                lines.append(("- " + old.map { $0.1 ? "[\($0.0)]" : $0.0 }.joined(separator: " "), .statusFailed))
                lines.append(("+ " + new.map { $0.1 ? "[\($0.0)]" : $0.0 }.joined(separator: " "), .statusCompleted))
            }
        }
        return lines
    }
}
