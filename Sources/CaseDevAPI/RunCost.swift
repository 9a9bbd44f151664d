import Foundation

/// What a finished run cost, read from its details answer without the rest of it: the token
/// totals need the run's identity, times and usage headline, not its steps, its usage entries or
/// its logs. The dashboard reads every finished run it lists once for this (the token
/// back-fill), so decoding the steps' tool inputs and outputs for nothing was most of what the
/// back-fill cost; `casedash usage` reads runs the same way.
public struct RunCost: Sendable, Hashable {
    /// The run as its details describe it (no prompt).
    public var run: RunSummary
    /// Its usage without `entries` (nil while the run has none).
    public var usage: Usage?

    public init(run: RunSummary, usage: Usage?) {
        self.run = run
        self.usage = usage
    }

    /// The cost part of details already read whole.
    public init(details d: RunDetails) {
        var usage = d.usage
        usage?.entries = nil
        self.init(run: RunSummary(id: d.id, agentId: d.agentId, status: d.status, prompt: "", model: d.model,
                                  createdAt: d.createdAt, startedAt: d.startedAt, completedAt: d.completedAt),
                  usage: usage)
    }
}

extension RunCost {
    /// Reads a whole details answer for its cost (the client reads it as it arrives).
    public static func parse(_ body: Data) throws -> RunCost {
        var filter = DetailsLogFilter(.none)
        filter.feed(body)
        return try RunCost(filter)
    }

    /// The cost in what a filter read: the answer without its logs, decoded for its cost only.
    init(_ filter: DetailsLogFilter) throws {
        self = try JSONDecoder.caseDev.decodeLeniently(RunCost.self, from: filter.finish().rest)
    }
}

extension RunCost: Decodable {
    enum CodingKeys: String, CodingKey { case id, agentId, status, model, usage, createdAt, startedAt, completedAt }

    /// Read with `RunDetails`'s rules for the same fields; keys it does not name (steps, result)
    /// are passed over by the JSON reader, never turned into values.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        run = RunSummary(id: c.string(.id) ?? "", agentId: c.string(.agentId) ?? "",
                         status: RunStatus(rawValue: c.string(.status) ?? "unknown"), prompt: "", model: c.string(.model),
                         createdAt: c.date(.createdAt), startedAt: c.date(.startedAt), completedAt: c.date(.completedAt))
        usage = c.value(Usage.Headline.self, .usage)?.usage
    }
}

extension Usage {
    /// A usage object read without its entries.
    struct Headline: Decodable {
        let usage: Usage
        init(from decoder: any Decoder) throws {
            usage = try Usage(decoder.container(keyedBy: CodingKeys.self), entries: false)
        }
    }
}
