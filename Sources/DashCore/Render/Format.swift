import CaseDevAPI
import Foundation

/// Short human forms for times, durations, counts and money.
public enum Format {
    /// Seconds as a whole number for any value: NaN and negatives are 0, huge values are capped
    /// (a conversion of an out-of-range Double would trap).
    public static func wholeSeconds(_ t: TimeInterval, rounding: FloatingPointRoundingRule = .towardZero) -> Int {
        guard t.isFinite, t > 0 else { return 0 }
        return t >= 1e15 ? Int(1e15) : Int(t.rounded(rounding))
    }

    public static func age(_ seconds: TimeInterval) -> String {
        let s = wholeSeconds(seconds)
        if s < 60 { return "\(s)s" }
        if s < 3_600 { return "\(s / 60)m" }
        if s < 86_400 { return "\(s / 3_600)h" }
        return "\(s / 86_400)d"
    }

    /// 2 → "2s", 2.5 → "2.5s".
    public static func seconds(_ s: TimeInterval) -> String {
        s.rounded() == s ? "\(Int(s))s" : String(format: "%.1fs", s)
    }

    public static func duration(_ seconds: TimeInterval) -> String {
        let s = wholeSeconds(seconds)
        if s < 60 { return "\(s)s" }
        if s < 3_600 { return "\(s / 60)m\(twoDigits(s % 60))s" }
        return "\(s / 3_600)h\(twoDigits((s % 3_600) / 60))m"
    }

    /// 7 → "07". Durations and costs are formatted for every row of every frame, so by integer
    /// arithmetic: `String(format:)` goes through printf and a Foundation string.
    static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// Token counts; a negative count (which no real run has) is shown as unknown.
    public static func tokens(_ n: Int) -> String {
        if n < 0 { return "—" }
        if n < 1_000 { return "\(n)" }
        // Integer arithmetic, not String(format:): this runs for every row of every frame.
        func tenths(_ unit: Int) -> String {
            let step = unit / 10  // rounded half up, without overflowing near Int.max
            let t = n / step + (n % step >= step / 2 ? 1 : 0)
            return "\(t / 10).\(t % 10)"
        }
        if n < 9_950 { return tenths(1_000) + "k" }
        if n < 999_500 { return "\((n + 500) / 1_000)k" }
        return tenths(1_000_000) + "M"
    }

    /// Grouped digits: 48200 → "48,200".
    public static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// "1 line", "2,048 lines".
    public static func count(_ n: Int, _ noun: String) -> String { "\(count(n)) \(noun)\(n == 1 ? "" : "s")" }

    /// A path as a person writes it: the home folder as `~`.
    public static func path(_ path: String, home: String?) -> String {
        guard let home, !home.isEmpty, path.hasPrefix(home + "/") else { return path }
        return "~" + path.dropFirst(home.count)
    }

    /// `costMicros` are millionths of a US dollar.
    public static func cost(micros: Int) -> String {
        guard micros >= 0 else { return "—" }
        // Rounded half up in integers: under $10 to a tenth of a cent, else to the cent.
        func rounded(_ unit: Int) -> Int { micros / unit + (micros % unit >= unit / 2 ? 1 : 0) }
        let mills = rounded(1_000)
        if mills < 10_000 {
            let frac = mills % 1_000
            return "$\(mills / 1_000).\(frac < 10 ? "00" : frac < 100 ? "0" : "")\(frac)"
        }
        let cents = rounded(10_000)
        return "$\(cents / 100).\(twoDigits(cents % 100))"
    }

    /// `anthropic/claude-sonnet-4.6` → `claude-sonnet-4.6`: the provider rarely fits.
    public static func model(_ name: String?) -> String {
        guard let name, !name.isEmpty else { return "—" }
        return Sanitizer.line(name.split(separator: "/").last.map(String.init) ?? name)
    }

    /// `run_rh305pdl7pv4` → `rh305pdl`: enough to tell runs apart in a row.
    public static func shortId(_ id: String) -> String {
        let body = id.hasPrefix("run_") ? String(id.dropFirst(4)) : id
        return Sanitizer.line(body).truncated(to: 8, ellipsis: "")
    }

    /// An API error as one safe line.
    public static func error(_ e: CaseDevError) -> String { Sanitizer.line(e.description) }

    /// The time of day in UTC, `HH:MM:SS` (every day has 86,400 seconds in Unix time).
    public static func clock(_ date: Date) -> String {
        let t = date.timeIntervalSince1970
        guard t.isFinite, abs(t) < 1e15 else { return "--:--:--" }
        let s = Int(t.rounded(.down)) % 86_400
        let day = s < 0 ? s + 86_400 : s
        return "\(twoDigits(day / 3_600)):\(twoDigits(day % 3_600 / 60)):\(twoDigits(day % 60))"
    }

    public static func statusSymbol(_ status: RunStatus, ascii: Bool) -> String {
        switch status {
        case .queued: ascii ? "." : "◷"
        case .running: ascii ? ">" : "▶"
        case .completed: ascii ? "+" : "✓"
        case .failed: ascii ? "x" : "✗"
        case .cancelled: ascii ? "-" : "⊘"
        case .other: "?"
        }
    }

    public static func statusRole(_ status: RunStatus) -> Role {
        switch status {
        case .queued: .statusQueued
        case .running: .statusRunning
        case .completed: .statusCompleted
        case .failed: .statusFailed
        case .cancelled: .statusCancelled
        case .other: .statusUnknown
        }
    }

    /// A sparkline of the values scaled to the largest, one cell each.
    /// Negative, NaN and infinite values draw as the lowest bar.
    public static func sparkline(_ values: [Double], bars: [String]) -> String {
        let clean = values.map { $0.isFinite ? max(0, $0) : 0 }
        guard let top = clean.max(), top > 0 else { return String(repeating: bars[0], count: values.count) }
        return clean.map { v in bars[min(bars.count - 1, max(0, Int((v / top * Double(bars.count - 1)).rounded(.up))))] }.joined()
    }
}
