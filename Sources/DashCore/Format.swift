import CaseDevAPI
import Foundation

/// Short human forms for times, durations, counts and money.
public enum Format {
    public static func age(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds))
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
        let s = max(0, Int(seconds))
        if s < 60 { return "\(s)s" }
        if s < 3_600 { return String(format: "%dm%02ds", s / 60, s % 60) }
        return String(format: "%dh%02dm", s / 3_600, (s % 3_600) / 60)
    }

    public static func tokens(_ n: Int) -> String {
        if n < 1_000 { return "\(n)" }
        if n < 1_000_000 { return String(format: n < 10_000 ? "%.1fk" : "%.0fk", Double(n) / 1_000) }
        return String(format: "%.1fM", Double(n) / 1_000_000)
    }

    /// Grouped digits: 48200 → "48,200".
    public static func count(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// `costMicros` are millionths of a US dollar.
    public static func cost(micros: Int) -> String {
        let dollars = Double(micros) / 1_000_000
        return dollars < 10 ? String(format: "$%.3f", dollars) : String(format: "$%.2f", dollars)
    }

    /// `anthropic/claude-sonnet-4.6` → `claude-sonnet-4.6`: the provider rarely fits.
    public static func model(_ name: String?) -> String {
        guard let name, !name.isEmpty else { return "—" }
        return Sanitizer.line(name.split(separator: "/").last.map(String.init) ?? name)
    }

    public static func clock(_ date: Date) -> String {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        let p = c.dateComponents([.hour, .minute, .second], from: date)
        return String(format: "%02d:%02d:%02d", p.hour ?? 0, p.minute ?? 0, p.second ?? 0)
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
    public static func sparkline(_ values: [Double], bars: [String]) -> String {
        guard let top = values.max(), top > 0 else { return String(repeating: bars[0], count: values.count) }
        return values.map { v in bars[min(bars.count - 1, Int((v / top * Double(bars.count - 1)).rounded(.up)))] }.joined()
    }
}
