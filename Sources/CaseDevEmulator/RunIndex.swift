/// Run numbers (ascending = oldest first) by filter, so listing a page costs a binary search
/// and a slice, not a scan of every run.
struct RunIndex: Sendable {
    private(set) var all: [Int] = []
    private var byStatus: [String: [Int]] = [:]
    private var byAgent: [String: [Int]] = [:]
    private var byAgentStatus: [String: [Int]] = [:]

    private static func key(_ agent: String, _ status: String) -> String { agent + "\u{0}" + status }

    mutating func add(seq: Int, agent: String, status: String) {
        all.append(seq)
        Self.insert(seq, into: &byStatus[status, default: []])
        Self.insert(seq, into: &byAgent[agent, default: []])
        Self.insert(seq, into: &byAgentStatus[Self.key(agent, status), default: []])
    }

    mutating func move(seq: Int, agent: String, from old: String, to new: String) {
        guard old != new else { return }
        Self.remove(seq, from: &byStatus[old, default: []])
        Self.remove(seq, from: &byAgentStatus[Self.key(agent, old), default: []])
        Self.insert(seq, into: &byStatus[new, default: []])
        Self.insert(seq, into: &byAgentStatus[Self.key(agent, new), default: []])
    }

    func list(agent: String?, status: String?) -> [Int] {
        switch (agent, status) {
        case (nil, nil): all
        case (nil, let s?): byStatus[s] ?? []
        case (let a?, nil): byAgent[a] ?? []
        case (let a?, let s?): byAgentStatus[Self.key(a, s)] ?? []
        }
    }

    /// First position whose value is not less than `seq`.
    static func lowerBound(_ seq: Int, in list: [Int]) -> Int {
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if list[mid] < seq { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    private static func insert(_ seq: Int, into list: inout [Int]) {
        // New runs are the newest, so this is almost always an append.
        if list.last.map({ $0 < seq }) ?? true { list.append(seq); return }
        list.insert(seq, at: lowerBound(seq, in: list))
    }

    private static func remove(_ seq: Int, from list: inout [Int]) {
        let i = lowerBound(seq, in: list)
        if i < list.count, list[i] == seq { list.remove(at: i) }
    }
}
