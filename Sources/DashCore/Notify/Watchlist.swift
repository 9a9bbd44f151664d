import CaseDevAPI

/// The runs whose end the user wants to hear about: the ones started from this dashboard and
/// the ones marked with `b`; with `notify_on_failure`, also any run seen failing.
public struct Watchlist: Sendable, Hashable {
    public private(set) var runs: Set<String> = []
    public var onFailure = false

    public init(onFailure: Bool = false) { self.onFailure = onFailure }

    public func contains(_ id: String) -> Bool { runs.contains(id) }

    /// Watches or stops watching; returns whether it is watched now.
    mutating func toggle(_ id: String) -> Bool {
        if runs.remove(id) != nil { return false }
        runs.insert(id)
        return true
    }

    mutating func watch(_ id: String) { runs.insert(id) }

    /// The user ends the run themselves: no need to tell them it ended.
    mutating func unwatch(_ id: String) { runs.remove(id) }

    /// A run was seen ending: whether to announce it. Each run is announced once.
    mutating func ended(_ id: String, _ status: RunStatus) -> Bool {
        if runs.remove(id) != nil { return true }
        return onFailure && status == .failed
    }

    mutating func forget(keeping listed: Set<String>) { runs.formIntersection(listed) }
}
