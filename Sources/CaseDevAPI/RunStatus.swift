/// A run's status. Unknown values from the server are kept, not rejected.
public enum RunStatus: Sendable, Hashable, Codable, CustomStringConvertible {
    case queued, running, completed, failed, cancelled
    case other(String)

    public static let known: [RunStatus] = [.queued, .running, .completed, .failed, .cancelled]

    public init(rawValue: String) {
        switch rawValue {
        case "queued": self = .queued
        case "running": self = .running
        case "completed": self = .completed
        case "failed": self = .failed
        case "cancelled": self = .cancelled
        default: self = .other(rawValue)
        }
    }

    public var rawValue: String {
        switch self {
        case .queued: "queued"
        case .running: "running"
        case .completed: "completed"
        case .failed: "failed"
        case .cancelled: "cancelled"
        case .other(let s): s
        }
    }

    public var description: String { rawValue }

    /// Finished runs never change again, so their details can be cached for good.
    public var isTerminal: Bool {
        switch self {
        case .completed, .failed, .cancelled: true
        default: false
        }
    }

    public var isActive: Bool { self == .queued || self == .running }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}
