/// Largest answer one request may read, and the setting that raises it (named in the error),
/// so a server cannot make the dashboard buffer hundreds of megabytes on every poll.
struct ResponseLimit: Sendable {
    var bytes: Int
    var setting: String

    var exceeded: CaseDevError {
        CaseDevError(kind: .tooLarge, message: "answer larger than the \(Self.describe(bytes)) limit; stopped reading it "
                     + "(set \(setting) to allow more)")
    }

    static func describe(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KB" }
        return "\(bytes)-byte"
    }
}
