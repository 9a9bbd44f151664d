import Foundation

/// The user's settings that change while casedash runs: the refresh interval (`+`/`-`), the
/// theme (`t`) and log wrapping (`w`).
public struct Preferences: Sendable, Hashable {
    public static let intervalRange: ClosedRange<TimeInterval> = 0.5...300

    public var interval: TimeInterval
    public var themes: [Theme]
    public var themeIndex = 0
    public var wrap = false
    /// Log lines show their leading timestamps (`T`).
    public var timestamps = true

    public init(interval: TimeInterval, themes: [Theme], themeIndex: Int = 0) {
        self.interval = interval
        self.themes = themes.isEmpty ? [Theme.builtinDark] : themes
        self.themeIndex = themeIndex
    }

    public var theme: Theme { themes[themeIndex % themes.count] }

    mutating func nextTheme() { themeIndex = (themeIndex + 1) % themes.count }

    mutating func changeInterval(by step: TimeInterval) {
        interval = min(Self.intervalRange.upperBound, max(Self.intervalRange.lowerBound, interval + step))
    }
}
