import CaseDevAPI
import Foundation

/// Follows one run: its details (status, steps, usage, output) and its logs, from the run's
/// events stream while that works and from details polling when it does not, reconciled so that
/// no line is lost or shown twice. It does no I/O: its owner opens the stream and fetches the
/// details when it says so, and feeds what arrives back in; the clock decides what is due.
/// The dashboard and `casedash logs -f` use this one component.
public struct RunFollower: Sendable {
    public enum Mode: String, Sendable, Hashable {
        /// Logs come from details polls.
        case polling
        /// The events stream was asked for and has not answered yet.
        case connecting
        /// Logs arrive on the events stream as they are written.
        case live
    }

    /// While the stream brings the logs, steps and usage, details (for anything else) are fetched
    /// at most this often: each is the whole run, logs included, so it is what following costs.
    public static let liveDetailsInterval: TimeInterval = 30
    /// After this many failed stream connections, the run is followed by polling.
    public static let maxStreamFailures = 3

    public let runId: String
    /// The details as last fetched, without their logs (those live once, in `logs`).
    public private(set) var details: RunDetails?
    public private(set) var logs: RunLogs
    public private(set) var fetchedAt: Date?
    /// The best known status: from details, status events, or the run list.
    public private(set) var status: RunStatus?
    public private(set) var mode: Mode = .polling
    public private(set) var lastEventId: Int?
    /// The stream is not tried again for this run: the server does not offer it, or it kept failing.
    public private(set) var streamRefused = false
    private var streamFailures = 0
    private var nextStreamAttempt: Date?
    private var streamOpenedAt: Date?
    private var lastLogAt: Date?
    /// When the run was first seen running (a queued run logs nothing, and is not "quiet").
    private var runningSince: Date?
    /// Log lines per stream that came as events, to skip the ones a replay sends again.
    private var eventLines: [String: Int] = [:]
    /// The details were fetched after the run ended: they never change again.
    public private(set) var final = false
    /// A details read brought logs (reads for a run's cost skip them).
    public private(set) var logsRead = false

    /// What the next details read should keep of the logs: only what is new.
    public var logsWanted: LogsWanted { logs.wanted }

    public init(runId: String, maxLines: Int) {
        self.runId = runId
        logs = RunLogs(maxLines: maxLines)
    }

    public enum Input: Sendable {
        case details(RunDetails, at: Date)
        /// Details read through a `LogsWanted` (the logs it kept, or none).
        case read(DetailsRead, at: Date)
        /// The run list says this is the run's status.
        case listed(RunStatus, at: Date)
        case streamOpened(at: Date)
        case events([RunEvent], at: Date)
        /// The stream ended: `nil` after its last event, else why it failed.
        case streamClosed(CaseDevError?, at: Date)
        /// The owner closed the stream (the run is no longer watched).
        case streamStopped
    }

    /// What one input changed.
    public struct Update: Sendable, Hashable {
        public var logs = LogChanges()
        /// The status, when it changed.
        public var status: RunStatus?
        public init() {}
    }

    public var isEnded: Bool { status?.isTerminal ?? false }

    // MARK: Decisions

    /// The events stream should be open now, unless the run is known to be waiting in the queue:
    /// a queued run is followed by polling its details. (This began as a guard against URLSession
    /// spinning on a stream with no body yet; the client no longer uses URLSession, and the rule
    /// stays because a queued run logs nothing and polling it is cheap.)
    public func wantsStream(now: Date) -> Bool {
        guard !streamRefused, !final, status.map({ !$0.isTerminal && $0 != .queued }) ?? true else { return false }
        return nextStreamAttempt.map { now >= $0 } ?? true
    }

    /// When the details are next due; nil once they were fetched after the run ended, with
    /// logs (a finished run read for its cost is read again, once, when its logs are wanted), and
    /// no stream asks for the whole text.
    public func detailsDue(interval: TimeInterval) -> Date? {
        guard !final || !logsRead || logs.wantsWholeText else { return nil }
        if final { return .distantPast }
        guard let fetchedAt, !isEnded else { return .distantPast }
        return fetchedAt.addingTimeInterval(mode == .live ? max(interval, Self.liveDetailsInterval) : interval)
    }

    /// A stream that says nothing for two intervals while the run runs is not trusted: the run is
    /// followed by polling from then on. True when it just fell back.
    public mutating func checkQuiet(now: Date, interval: TimeInterval) -> Bool {
        guard mode != .polling, status == .running else { return false }
        let since = [lastLogAt, streamOpenedAt, runningSince].compactMap { $0 }.max() ?? now
        guard now.timeIntervalSince(since) > 2 * interval else { return false }
        streamRefused = true
        mode = .polling
        return true
    }

    // MARK: Inputs

    public mutating func step(_ input: Input) -> Update {
        var update = Update()
        switch input {
        case .details(let d, let at):
            take(DetailsRead(d), at: at, &update)
        case .read(let read, let at):
            take(read, at: at, &update)
        case .listed(let s, let at):
            advance(to: s, &update)
            if s == .running, runningSince == nil { runningSince = at }
        case .streamOpened(let at):
            mode = .connecting
            streamOpenedAt = at
            lastLogAt = nil
        case .events(let events, let at):
            if mode == .connecting { mode = .live }
            for e in events { take(e, at: at, &update) }
            if status == .running, runningSince == nil { runningSince = at }
        case .streamClosed(let error, let at):
            closed(error, at: at)
        case .streamStopped:
            mode = .polling
        }
        return update
    }

    private mutating func take(_ read: DetailsRead, at: Date, _ update: inout Update) {
        // While live, the events are the logs; a details copy may be older, so it may only add
        // what extends them (the final details can hold lines no event carried).
        if let texts = read.logs {
            update.logs = logs.apply(texts, allowRewrite: mode == .polling)
            logsRead = true
        }
        let d = read.details
        details = d
        fetchedAt = at
        advance(to: d.status, &update)
        if d.status == .running, runningSince == nil { runningSince = at }
        if d.status.isTerminal { final = true }
    }

    private mutating func take(_ e: RunEvent, at: Date, _ update: inout Update) {
        if let id = e.id { lastEventId = max(lastEventId ?? 0, id) }
        switch e.type {
        case "log":
            guard let stream = e.data["stream"]?.stringValue, let line = e.data["line"]?.stringValue else { return }
            lastLogAt = at
            let seen = eventLines[stream, default: 0]
            eventLines[stream] = seen + 1
            // A replay from the start sends lines the details already brought.
            guard seen >= logs.streams[stream]?.completeLines ?? 0 else { return }
            let change = logs.append(stream: stream, line: line)
            update.logs.merged += change.merged
            if case .appended(let before)? = update.logs.streams[stream] {
                update.logs.streams[stream] = .appended(before + 1)
            } else {
                update.logs.streams[stream] = .appended(1)
            }
        case "status", "done":
            if let s = e.data["status"]?.stringValue { advance(to: RunStatus(rawValue: s), &update) }
        case "usage":
            guard var d = details, let u = e.data["usage"] else { return }
            var usage = d.usage ?? Usage()
            if let n = u["inputTokens"]?.intValue { usage.inputTokens = n }
            if let n = u["outputTokens"]?.intValue { usage.outputTokens = n }
            if let total = u["totalTokens"]?.intValue {
                var summary = usage.summary ?? UsageSummary(costMicros: nil, totalInputTokens: nil, totalOutputTokens: nil, totalTokens: nil)
                summary.totalTokens = total
                summary.costMicros = u["costMicros"]?.intValue ?? summary.costMicros
                summary.totalInputTokens = usage.inputTokens
                summary.totalOutputTokens = usage.outputTokens
                usage.summary = summary
            }
            if let n = u["toolCalls"]?.intValue { usage.toolCalls = n }
            // The call itself feeds the waterfall's cost bars while the run is live.
            if let payload = e.data["entry"],
               let entry = try? payload.decode(UsageEntry.self),
               !(usage.entries ?? []).contains(where: { $0.id != nil && $0.id == entry.id }) {
                usage.entries = (usage.entries ?? []) + [entry]
            }
            d.usage = usage
            details = d
        case "step":
            guard var d = details, let payload = e.data["step"],
                  let step = try? payload.decode(Step.self),
                  !d.steps.contains(where: { $0.id == step.id }) else { return }
            d.steps.append(step)
            details = d
        default:
            break  // heartbeats and event types this version does not know
        }
    }

    /// Statuses only move forward (queued → running → ended): an older answer cannot undo a newer one.
    private mutating func advance(to s: RunStatus, _ update: inout Update) {
        guard s != status else { return }
        if let current = status, current.isTerminal || (current == .running && s == .queued) { return }
        status = s
        update.status = s
    }

    private mutating func closed(_ error: CaseDevError?, at: Date) {
        mode = .polling
        guard let error else { return }
        if let code = error.status, [404, 405, 406, 501].contains(code) { streamRefused = true; return }
        if case .invalidResponse = error.kind { streamRefused = true; return }
        streamFailures += 1
        if streamFailures >= Self.maxStreamFailures { streamRefused = true; return }
        nextStreamAttempt = at.addingTimeInterval(Double(streamFailures) * 2)
    }
}
