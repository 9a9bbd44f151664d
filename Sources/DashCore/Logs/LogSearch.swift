import Foundation

/// A log search as `less` does it: a regular expression, case-insensitive unless the pattern has
/// a capital letter (smart case).
public struct LogSearch: Sendable, Hashable {
    public let pattern: String
    private let box: Box

    /// NSRegularExpression is immutable and safe to share between threads.
    private final class Box: @unchecked Sendable {
        let regex: NSRegularExpression
        init(_ regex: NSRegularExpression) { self.regex = regex }
    }

    /// The compiled search, or why the pattern is not valid.
    public static func compile(_ pattern: String) -> Result<LogSearch, LogSearchError> {
        let smartCase: NSRegularExpression.Options = pattern.contains(where: \.isUppercase) ? [] : [.caseInsensitive]
        do {
            return .success(LogSearch(pattern: pattern, box: Box(try NSRegularExpression(pattern: pattern, options: smartCase))))
        } catch {
            return .failure(LogSearchError(pattern: pattern, reason: LogSearchError.reason(pattern)))
        }
    }

    /// Where the pattern matches in `text`, as UTF-16 offsets (empty when it does not).
    public func ranges(in text: String) -> [Range<Int>] {
        let ns = text as NSString
        return box.regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).compactMap { m in
            m.range.length > 0 ? m.range.location..<(m.range.location + m.range.length) : nil
        }
    }

    public static func == (a: LogSearch, b: LogSearch) -> Bool { a.pattern == b.pattern }
    public func hash(into h: inout Hasher) { h.combine(pattern) }
}

public struct LogSearchError: Error, Sendable, Hashable {
    public let pattern: String
    public let reason: String
    public var message: String { "\(reason) in /\(Sanitizer.line(pattern))/" }

    /// What is wrong with a pattern the regex engine refused (it says only that it did).
    static func reason(_ pattern: String) -> String {
        var depth = 0, inClass = false, escaped = false, previous: Character?
        for c in pattern {
            defer { previous = escaped ? nil : c }
            if escaped { escaped = false; continue }
            switch c {
            case "\\": escaped = true
            case "[" where !inClass: inClass = true
            case "]" where inClass: inClass = false
            case "(" where !inClass: depth += 1
            case ")" where !inClass:
                if depth == 0 { return "unmatched )" }
                depth -= 1
            case "*", "+", "?", "{":
                if !inClass, previous == nil || previous == "(" || previous == "|" { return "nothing to repeat before \(c)" }
            default: break
            }
        }
        if escaped { return "trailing backslash" }
        if inClass { return "unmatched [" }
        if depth > 0 { return "unmatched (" }
        return "not a valid regular expression"
    }
}
