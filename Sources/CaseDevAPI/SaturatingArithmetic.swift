/// Sums of numbers the server sent. Any of them can be Int64.min or .max, and Swift traps on
/// overflow, so these clamp to the representable range instead: a nonsense total is shown as
/// such, a crash would take the dashboard down.
extension Int {
    public func addingSaturating(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else { return sum }
        return other > 0 ? .max : .min
    }
}

extension Sequence where Element == Int {
    public func saturatingSum() -> Int {
        reduce(0) { $0.addingSaturating($1) }
    }
}
