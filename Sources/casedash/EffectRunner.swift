import CaseDevAPI
import DashCore
import Foundation
import Logging
import RunUsage

/// Performs the core's effects against the API, off the main actor, and reports the results
/// as events. Polls use a client without retries (the core's backoff is the retry); actions
/// use the standard one, which never repeats create, exec or execute.
struct EffectRunner: Sendable {
    let poll: CaseDevClient
    let actions: CaseDevClient
    let logger: Logger
    let send: @Sendable (DashEvent) -> Void
    let streams = EventStreams()
    /// The last quota told to the core, so it hears only changes.
    let quotaSeen = LastValue<RateLimit>()
    /// What finished runs cost, kept on disk for the next start (nil for the demo).
    let usageCache: UsageCache?

    init(configuration: ClientConfiguration, logger: Logger, usageCache: UsageCache? = nil,
         send: @escaping @Sendable (DashEvent) -> Void) {
        self.usageCache = usageCache
        var pollConfig = configuration
        pollConfig.retry = .none
        poll = CaseDevClient(configuration: pollConfig)
        actions = CaseDevClient(configuration: configuration)
        self.logger = logger
        self.send = send
    }

    /// Reads the usage cache in the background (it can hold 100,000 runs) and hands it to the core.
    func loadUsageCache() {
        guard let usageCache else { return }
        Task.detached {
            let records = usageCache.load()
            if !records.isEmpty { self.send(.usageRecordsLoaded(Array(records.values))) }
        }
    }

    func perform(_ effect: DashEffect) {
        Task.detached { await self.run(effect) }
    }

    func run(_ effect: DashEffect) async {
        if let event = await event(for: effect) { send(event) }
        // The core hears of the quota only once it matters (half used), so a quiet dashboard is not
        // woken by a number that changes with every answer.
        if let quota = poll.rateLimit {
            let fine = quota.fractionLeft >= 0.5
            let key = fine ? RateLimit(limit: quota.limit, remaining: quota.limit, resetAt: nil) : quota
            if quotaSeen.changed(key) { send(.quotaSeen(key, at: Date())) }
        }
    }

    /// The event an effect ends in (nil for the ones whose events come later, or that the runtime handles).
    func event(for effect: DashEffect) async -> DashEvent? {
        func failed(_ key: RequestKey, _ error: any Error) -> DashEvent {
            let e = error as? CaseDevError ?? CaseDevError(kind: .network, message: String(describing: error))
            logger.warning("\(key) request failed: \(e.description)")
            return .requestFailed(key, e, at: Date())
        }
        func actionFailed(_ what: String, _ error: any Error) -> DashEvent {
            let e = error as? CaseDevError ?? CaseDevError(kind: .network, message: String(describing: error))
            logger.warning("\(what) failed: \(e.description)")
            return .actionFailed(effect.actionTarget ?? .oneShot, what, e)
        }
        switch effect {
        case .fetchRuns(let q):
            do { return .runsLoaded(try await poll.listRuns(agentId: q.agentId, status: q.status, limit: q.limit), query: q, at: Date()) }
            catch { return failed(.runs, error) }
        case .fetchMoreRuns(let q):
            do {
                return .moreRunsLoaded(try await poll.listRuns(agentId: q.agentId, status: q.status, limit: q.limit, cursor: q.cursor),
                                       query: q, at: Date())
            } catch { return failed(.moreRuns, error) }
        case .fetchAgents:
            do { return .agentsLoaded(try await poll.allAgents(), at: Date()) } catch { return failed(.agents, error) }
        case .fetchDetails(let id, let window):
            do { return .detailsRead(try await poll.runDetails(id, logs: window), at: Date()) } catch { return failed(.details(id), error) }
        case .fetchCost(let id):
            do { return .costRead(try await poll.runCost(id), at: Date()) } catch { return failed(.cost(id), error) }
        case .createRun(let body, let execute):
            let created: RunCreated
            do { created = try await actions.createRun(body) } catch { return actionFailed("Create run", error) }
            logger.info("created run \(created.id)")
            guard execute else { return .runCreated(created, exec: nil) }
            do { return .runCreated(created, exec: .success(try await actions.execRun(created.id))) }
            catch { return .runCreated(created, exec: .failure(error as? CaseDevError ?? CaseDevError(kind: .network, message: "\(error)"))) }
        case .execRun(let id):
            do { return .runExecuted(try await actions.execRun(id)) } catch { return actionFailed("Execute run", error) }
        case .cancelRun(let id):
            do { return .runCancelled(try await actions.cancelRun(id)) } catch { return actionFailed("Cancel run", error) }
        case .createAgent(let body):
            do { return .agentCreated(try await actions.createAgent(body)) } catch { return actionFailed("Create agent", error) }
        case .execute(let body):
            do { return .executeAnswered(try await actions.execute(body)) } catch { return actionFailed("Execute", error) }
        case .saveLog(let path, let lines, let dropped):
            do {
                let dir = (path as NSString).deletingLastPathComponent
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                var text = dropped > 0 ? "[casedash: \(dropped) earlier lines were dropped before this view]\n" : ""
                text += lines.joined(separator: "\n") + "\n"
                try text.write(toFile: path, atomically: true, encoding: .utf8)
                logger.info("saved \(lines.count) log lines to \(path)")
                return .logSaved(path: path, lines: lines.count)
            } catch {
                return .logSaveFailed("\(path): \(error.localizedDescription)")
            }
        case .followEvents(let runId, let after, let token):
            streams.start(token: token, runId: runId, after: after, client: poll, logger: logger, send: send)
            return nil
        case .stopFollowing(let token):
            streams.stop(token: token)
            return nil
        case .lookupRun(let id):
            do { return .runLookedUp(try await poll.runStatus(id)) }
            catch { return .runLookupFailed(id, error as? CaseDevError ?? CaseDevError(kind: .network, message: "\(error)")) }
        case .fetchAgent(let id):
            do { return .agentLoaded(try await poll.getAgent(id)) } catch { return failed(.agents, error) }
        case .updateAgent(let id, let body):
            do { return .agentUpdated(try await actions.updateAgent(id, body)) } catch { return actionFailed("Update agent", error) }
        case .deleteAgent(let id):
            do { _ = try await actions.deleteAgent(id); return .agentDeleted(id) } catch { return actionFailed("Delete agent", error) }
        case .watchRun(let id, let url):
            do { return .runWatched(id, try await actions.watchRun(id, callbackUrl: url)) } catch { return actionFailed("Watch", error) }
        case .recordUsage(let record):
            do { try usageCache?.add([record]) } catch { logger.warning("usage cache: \(error)") }
            return nil
        case .recordAction(let line):
            logger.info("action: \(line)")
            return nil
        case .quit, .openPager, .notifyTerminal, .copy, .switchContext:
            return nil  // the runtime's: they touch the terminal
        }
    }
}

/// The last value of something passed on, to pass on only changes.
final class LastValue<T: Equatable & Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T?
    /// Records `v`; true when it differs from the last one.
    func changed(_ v: T) -> Bool { lock.withLock { defer { value = v }; return value != v } }
}
