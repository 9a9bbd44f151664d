import Foundation

/// Durations as people and servers write them: `45s`, `1m30s`, `500ms`, `2h`, `7d`, `2w`, or a
/// plain number of seconds. Used for the quota's reset, `--since` and the guards' limits.
public enum DurationText {
    /// The seconds, or nil when the text is not a duration.
    public static func seconds(_ text: String) -> TimeInterval? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let n = Double(t) { return n.isFinite && n >= 0 ? n : nil }
        var total = 0.0, number = "", unit = ""
        func flush() -> Bool {
            guard let n = Double(number) else { return false }
            let scale: Double? = switch unit {
            case "ms": 0.001
            case "s": 1
            case "m": 60
            case "h": 3_600
            case "d": 86_400
            case "w": 604_800
            default: nil
            }
            guard let scale else { return false }
            total += n * scale
            number = ""; unit = ""
            return true
        }
        for c in t {
            if c.isNumber || c == "." {
                if !unit.isEmpty { guard flush() else { return nil } }
                number.append(c)
            } else if c.isLetter {
                unit.append(c)
            } else {
                return nil
            }
        }
        guard !number.isEmpty, flush(), total.isFinite else { return nil }
        return total
    }
}
