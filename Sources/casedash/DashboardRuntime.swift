import CaseDevAPI
import DashCore
import DashTerm
import Dispatch
import Foundation
import Glibc
import Logging
import NIOCore
import RunUsage

/// Runs the dashboard on its one thread (`DashActor`): answers and the clock arrive on it, input
/// and signals are dispatch sources that hand over to it (the process sleeps in between), events
/// go through `Dash.update`, effects go to the `EffectRunner`, and the frame is redrawn once per
/// batch of events. The clock is one timer of the loop, armed for the next thing due (a poll, the
/// next second shown on screen, a flash to clear) and for nothing when nothing is due.
@DashActor
final class DashboardRuntime {
    private var state: DashState
    private let terminal: Terminal
    private var runner: EffectRunner
    private let inbox = ContextInbox()
    private let switcher: ContextSwitcher?
    private let logger: Logger
    private var sources: [any DispatchSourceProtocol] = []
    private var drawScheduled = false
    /// Panes kept from the last frame (see `PaneMemo`).
    private var paneMemo = PaneMemo()
    /// The pager owns the screen: nothing is drawn.
    private var paging = false
    /// The one wake-up source for time, and when it is armed for (nil: disarmed).
    private var clock: Scheduled<Void>?
    private var clockAt: Date?
    private var lastTick = Date()
    private var finished: CheckedContinuation<Void, Never>?
    private let notify: NotificationMode
    /// tmux forwards notifications to the outer terminal only inside its passthrough frame.
    private let inTmux = !(ProcessInfo.processInfo.environment["TMUX"] ?? "").isEmpty

    init(state: DashState, terminal: Terminal, configuration: ClientConfiguration, logger: Logger, notify: NotificationMode,
         usageCache: UsageCache?, switcher: ContextSwitcher? = nil) {
        self.notify = notify
        self.state = state
        self.terminal = terminal
        self.logger = logger
        self.switcher = switcher
        self.runner = inbox.runner(configuration, logger: logger, usageCache: usageCache)
    }

    /// Talks to another context from now on: a new client, the old one's streams closed, its
    /// answers still on their way dropped, and the core told to start afresh.
    private func switchContext(_ name: String) {
        guard let switcher else { apply(.contextSwitchFailed("no settings contexts here")); return }
        Task {
            do {
                let target = try await switcher.target(name)
                runner.streams.stopAll()
                inbox.advance()
                runner = inbox.runner(target.client, logger: logger, usageCache: target.usageCache)
                logger.info("context \(name): \(target.config.endpoint)")
                apply(.contextSwitched(target.config))
                runner.loadUsageCache()
            } catch {
                apply(.contextSwitchFailed((error as? CaseDevError)?.message ?? "\(error)"))
            }
        }
    }

    func run() async {
        installSources()
        runner.loadUsageCache()
        let events = inbox.events
        let listening = Task { for await event in events { apply(event) } }
        apply(.resize(terminal.size))
        tick()
        await withCheckedContinuation { finished = $0 }
        listening.cancel()
        sources.forEach { $0.cancel() }
        clock?.cancel()
        clock = nil
    }

    private func apply(_ event: DashEvent) {
        let effects = Dash.update(&state, event)
        for effect in effects {
            switch effect {
            case .quit: break
            case .openPager(_, let text): page(text)
            case .notifyTerminal(let text):
                if notify == .bell { terminal.bell() }
                else if let seq = TerminalSequences.notification(text, mode: notify, inTmux: inTmux) { terminal.send(seq) }
            case .copy(let text): terminal.send(TerminalSequences.clipboard(text))
            case .switchContext(let name): switchContext(name)
            default: runner.perform(effect)
            }
        }
        if state.quitting {
            finished?.resume()
            finished = nil
            return
        }
        scheduleClock()
        // What may wait is drawn with the next tick when that is near enough.
        if let next = clockAt, next.timeIntervalSinceNow <= Dash.drawMayWait(event, state) { frameOwed = true; return }
        if Dash.drawCanWaitForAnswer(event, effects: effects) { holdDraw(); return }
        scheduleDraw()
    }

    /// A change was left for the clock's next frame: if the clock is disarmed or moved further
    /// off, it is drawn now instead of waiting for some unrelated event.
    private var frameOwed = false

    /// A frame waiting for the answer to a request it made (see `Dash.drawCanWaitForAnswer`),
    /// drawn when anything else asks for a frame or when the wait is over.
    private var heldDraw: Scheduled<Void>?

    private func holdDraw() {
        guard !drawScheduled, heldDraw == nil else { return }
        // The clock draws within a second anyway: no timer of its own (a cancelled one still
        // wakes the loop once when the answer came first). An answer slower than that is shown
        // with the tick after (the seconds on screen then move by two once).
        if let next = clockAt, next.timeIntervalSinceNow <= Dash.clockFrameReach { frameOwed = true; return }
        heldDraw = DashActor.loop.scheduleTask(in: .milliseconds(Int64(Dash.answerWait * 1000))) { [weak self] in
            DashActor.assumeIsolated {
                self?.heldDraw = nil
                self?.scheduleDraw()
            }
        }
    }

    /// Shows text in `$PAGER` (`less -R` by default) with the dashboard suspended, then takes the
    /// screen back as it was. The text was sanitised by the core, so nothing the server sent
    /// reaches the terminal raw even through the pager. The pager runs on a thread of its own
    /// (this one does the network too): keys go to the pager, nothing is drawn, and answers are
    /// applied meanwhile and shown when it closes.
    private func page(_ text: String) {
        let pager = ProcessInfo.processInfo.environment["PAGER"].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
            ?? "less -R"
        let path = NSTemporaryDirectory() + "casedash-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).log"
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            apply(.pagerClosed(problem: "Could not write the view for the pager to \(path)"))
            return
        }
        paging = true  // the key that opened it keeps the input suspended (see inputHandled)
        terminal.suspend()
        let logger = self.logger
        Thread.detachNewThread { @Sendable in
            // system() runs the command as a shell would, as git and man run $PAGER.
            let status = system("\(pager) < '\(path)'")
            try? FileManager.default.removeItem(atPath: path)
            Task { @DashActor in
                self.terminal.resume()
                self.paging = false
                if self.inputWaitsForPager { self.inputWaitsForPager = false; self.input?.source.resume() }
                let exitCode = status >= 0 ? (status >> 8) & 0xFF : -1
                logger.info("pager '\(pager)' exited with \(exitCode)")
                self.apply(.pagerClosed(problem: exitCode == 127 || status < 0
                                        ? "No pager: '\(pager)' could not be run (set PAGER to one, e.g. PAGER=less)" : nil))
            }
        }
    }

    private func tick(at now: Date = Date()) {
        lastTick = now
        apply(.tick(now))
    }

    /// Arms the one timer for the next thing due (`Dash.nextWake`), or for nothing.
    private func scheduleClock() {
        guard let next = Dash.nextWake(state, lastTick: lastTick) else {
            clock?.cancel()
            clock = nil
            clockAt = nil
            if frameOwed { scheduleDraw() }
            return
        }
        if frameOwed, next.timeIntervalSinceNow > Dash.clockFrameReach { scheduleDraw() }
        if Dash.keepsArmedClock(clockAt, for: next) { return }
        clockAt = next
        clock?.cancel()
        // Rounded up: a timer that fires a hair early finds nothing due and costs a second wake-up.
        let wait = TimeAmount.microseconds(Int64(max(10_000, (next.timeIntervalSinceNow * 1_000_000).rounded(.up))))
        // Runs on this loop, so no other thread wakes for the clock.
        clock = DashActor.loop.scheduleTask(in: wait) { [weak self] in
            DashActor.assumeIsolated { self?.clockFired(for: next) }
        }
    }

    /// The loop's timer runs on the monotonic clock and `Date` on the wall clock, which can run
    /// a little apart: a tick a few milliseconds early counts as the moment it was armed for, so
    /// what was due then is done now, not 10 ms later on a second wake-up. A larger difference
    /// is the wall clock stepping back, and the tick takes the clock as it now is.
    private func clockFired(for due: Date) {
        clock = nil
        clockAt = nil
        let now = Date()
        tick(at: due > now && due.timeIntervalSince(now) < 0.05 ? due : now)
    }

    private func scheduleDraw() {
        heldDraw?.cancel()
        heldDraw = nil
        frameOwed = false
        guard !drawScheduled else { return }
        drawScheduled = true
        // After the events already queued on the loop: one frame for all of them.
        DashActor.loop.execute { [weak self] in
            DashActor.assumeIsolated {
                guard let self else { return }
                self.drawScheduled = false
                guard !self.state.quitting, !self.paging else { return }
                Dash.prepareFrame(&self.state)
                self.terminal.draw(DashView.render(self.state, memo: &self.paneMemo), theme: self.state.theme)
            }
        }
    }

    /// The terminal's input: kept to stop reading it while the pager owns it.
    private var input: InputSource?
    /// The input source is suspended from when it fires until its keys are read; a key that
    /// opened the pager leaves it suspended until the pager closes (the keys are the pager's).
    private var inputWaitsForPager = false

    /// A dispatch source, which is safe to use from any thread.
    final class InputSource: @unchecked Sendable {
        let source: any DispatchSourceRead
        init(_ source: any DispatchSourceRead) { self.source = source }
    }

    private func inputHandled() {
        if !paging { input?.source.resume() } else { inputWaitsForPager = true }
    }

    /// Input and signals come as dispatch sources (they wake nothing while nothing happens) and
    /// are handed over to the loop. The input source waits while its keys are read there, so it
    /// does not fire again for the same bytes.
    private func installSources() {
        let input = InputSource(DispatchSource.makeReadSource(fileDescriptor: STDIN_FILENO, queue: .main))
        // @Sendable: the handlers run on the dispatch queue, not on the loop, and only hand over.
        input.source.setEventHandler { @Sendable in
            let available = input.source.data
            input.source.suspend()
            Task { @DashActor in
                // Readable with nothing to read: the terminal went away (SSH dropped). Leave.
                if available == 0 { self.logger.info("stdin closed; quitting"); self.quit(); return }
                for event in self.terminal.readInput() {
                    switch event {
                    case .key(let key): self.apply(.key(key))
                    case .mouse(let m): self.apply(.mouse(m))
                    }
                }
                self.inputHandled()
            }
        }
        input.source.resume()
        self.input = input
        sources.append(input.source)

        let winch = DispatchSource.makeSignalSource(signal: SIGWINCH, queue: .main)
        winch.setEventHandler { @Sendable in
            Task { @DashActor in
                let size = self.terminal.size
                self.terminal.resize(to: size)
                self.apply(.resize(size))
            }
        }
        winch.resume()
        sources.append(winch)

        // SIGQUIT too: left to the runtime it is a "crash" that waits for a key.
        for sig in [SIGTERM, SIGHUP, SIGINT, SIGQUIT] {
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .main)
            source.setEventHandler { @Sendable in Task { @DashActor in self.logger.info("signal \(sig); quitting"); self.quit() } }
            source.resume()
            sources.append(source)
        }

        // SIGUSR1 repaints everything, for a screen something else scribbled on.
        let usr1 = DispatchSource.makeSignalSource(signal: SIGUSR1, queue: .main)
        usr1.setEventHandler { @Sendable in
            Task { @DashActor in
                self.terminal.invalidate()
                self.scheduleDraw()
            }
        }
        usr1.resume()
        sources.append(usr1)
    }

    private func quit() { apply(.quitRequested) }

    /// Signals casedash handles itself; set before curses starts so it installs no handlers.
    /// The default action of each of these ends the process without restoring the terminal.
    /// SIGPIPE is ignored for good: a write to a closed pipe or socket then fails with EPIPE,
    /// which the code that wrote reports. SIGUSR2 has no meaning here and is ignored.
    static func takeOverSignals() {
        for sig in [SIGWINCH, SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGPIPE] { signal(sig, SIG_IGN) }
    }
}
