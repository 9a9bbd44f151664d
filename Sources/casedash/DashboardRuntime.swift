import CaseDevAPI
import DashCore
import DashTerm
import Dispatch
import Foundation
import Glibc
import Logging
import RunUsage

/// Runs the dashboard: input, signals and one timer arrive as dispatch sources on the main
/// queue (the process sleeps in between), events go through `Dash.update`, effects go to the
/// `EffectRunner`, and the frame is redrawn once per batch of events. The timer is armed for
/// the next thing due (a poll, the next second shown on screen, a flash to clear) and for
/// nothing when nothing is due.
@MainActor
final class DashboardRuntime {
    private var state: DashState
    private let terminal: Terminal
    private var runner: EffectRunner
    private let inbox = ContextInbox()
    private let switcher: ContextSwitcher?
    private let logger: Logger
    private var sources: [any DispatchSourceProtocol] = []
    private var drawScheduled = false
    /// The one wake-up source for time, and when it is armed for (nil: disarmed).
    private var clock: (any DispatchSourceTimer)?
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
        installClock()
        runner.loadUsageCache()
        let events = inbox.events
        let listening = Task { for await event in events { apply(event) } }
        apply(.resize(terminal.size))
        tick()
        await withCheckedContinuation { finished = $0 }
        listening.cancel()
        sources.forEach { $0.cancel() }
        clock?.cancel()
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
        scheduleDraw()
    }

    /// Shows text in `$PAGER` (`less -R` by default) with the dashboard suspended, then takes the
    /// screen back as it was. The text was sanitised by the core, so nothing the server sent
    /// reaches the terminal raw even through the pager. Blocks the main queue while the pager
    /// runs, as any full-screen program the user opens does; answers wait in the event stream.
    private func page(_ text: String) {
        let pager = ProcessInfo.processInfo.environment["PAGER"].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
            ?? "less -R"
        let path = NSTemporaryDirectory() + "casedash-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).log"
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            apply(.pagerClosed(problem: "Could not write the view for the pager to \(path)"))
            return
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        terminal.suspend()
        // system() runs the command as a shell would, as git and man run $PAGER, and waits
        // without spinning a run loop (which could draw while the pager owns the screen).
        let status = system("\(pager) < '\(path)'")
        terminal.resume()
        let exitCode = status >= 0 ? (status >> 8) & 0xFF : -1
        logger.info("pager '\(pager)' exited with \(exitCode)")
        apply(.pagerClosed(problem: exitCode == 127 || status < 0
                           ? "No pager: '\(pager)' could not be run (set PAGER to one, e.g. PAGER=less)" : nil))
    }

    private func tick() {
        lastTick = Date()
        apply(.tick(lastTick))
    }

    private func installClock() {
        let timer = DispatchSource.makeTimerSource(queue: .main)
        timer.schedule(deadline: .distantFuture)
        timer.setEventHandler {
            MainActor.assumeIsolated {
                // The timer repeats every second by itself: while the display tick is all that is
                // due it never has to be re-armed (re-arming wakes dispatch's manager thread).
                if let armed = self.clockAt {
                    var following = armed.addingTimeInterval(1)
                    while following <= Date() { following.addTimeInterval(1) }  // dispatch skips missed repeats
                    self.clockAt = following
                }
                self.tick()
            }
        }
        timer.resume()
        clock = timer
    }

    /// Arms the one timer for the earliest of: the next poll, a second after the last tick
    /// while the screen counts seconds, the flash's expiry. A poll due just after the display
    /// tick takes the tick with it, so a poll and a tick cost one wake-up, not two.
    private func scheduleClock() {
        let poll = Dash.nextDeadline(state)
        var due = [poll, DashView.nextClockChange(state, lastTick: lastTick)].compactMap { $0 }
        if let flash = state.flash, !flash.isError { due.append(flash.until) }
        guard var next = due.min() else {
            if clockAt != nil { clock?.schedule(deadline: .distantFuture) }
            clockAt = nil
            return
        }
        if let poll, poll > next, poll.timeIntervalSince(next) <= 0.25 { next = poll }
        // Something already due that the last tick did not take: look again in a second rather than spin.
        if next <= state.now { next = state.now.addingTimeInterval(1) }
        if let armed = clockAt, abs(armed.timeIntervalSince(next)) < 0.05 { return }
        clockAt = next
        clock?.schedule(deadline: .now() + max(0.01, next.timeIntervalSinceNow), repeating: 1, leeway: .milliseconds(20))
    }

    private func scheduleDraw() {
        guard !drawScheduled else { return }
        drawScheduled = true
        DispatchQueue.main.async {
            MainActor.assumeIsolated {
                self.drawScheduled = false
                guard !self.state.quitting else { return }
                self.terminal.draw(DashView.render(self.state), theme: self.state.theme)
            }
        }
    }

    private func installSources() {
        let input = DispatchSource.makeReadSource(fileDescriptor: STDIN_FILENO, queue: .main)
        input.setEventHandler {
            MainActor.assumeIsolated {
                // Readable with nothing to read: the terminal went away (SSH dropped). Leave.
                if input.data == 0 { self.logger.info("stdin closed; quitting"); self.quit(); return }
                for input in self.terminal.readInput() {
                    switch input {
                    case .key(let key): self.apply(.key(key))
                    case .mouse(let m): self.apply(.mouse(m))
                    }
                }
            }
        }
        input.resume()
        sources.append(input)

        let winch = DispatchSource.makeSignalSource(signal: SIGWINCH, queue: .main)
        winch.setEventHandler {
            MainActor.assumeIsolated {
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
            source.setEventHandler { MainActor.assumeIsolated { self.logger.info("signal \(sig); quitting"); self.quit() } }
            source.resume()
            sources.append(source)
        }

        // SIGUSR1 repaints everything, for a screen something else scribbled on.
        let usr1 = DispatchSource.makeSignalSource(signal: SIGUSR1, queue: .main)
        usr1.setEventHandler {
            MainActor.assumeIsolated {
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
