import CaseDevAPI
import DashCore
import DashTerm
import Dispatch
import Foundation
import Glibc
import Logging

/// Runs the dashboard: input, signals and one timer arrive as dispatch sources on the main
/// queue (the process sleeps in between), events go through `Dash.update`, effects go to the
/// `EffectRunner`, and the frame is redrawn once per batch of events. The timer is armed for
/// the next thing due (a poll, the next second shown on screen, a flash to clear) and for
/// nothing when nothing is due.
@MainActor
final class DashboardRuntime {
    private var state: DashState
    private let terminal: Terminal
    private let runner: EffectRunner
    private let events: AsyncStream<DashEvent>
    private let logger: Logger
    private var sources: [any DispatchSourceProtocol] = []
    private var drawScheduled = false
    /// The one wake-up source for time, and when it is armed for (nil: disarmed).
    private var clock: (any DispatchSourceTimer)?
    private var clockAt: Date?
    private var lastTick = Date()
    private var finished: CheckedContinuation<Void, Never>?

    init(state: DashState, terminal: Terminal, configuration: ClientConfiguration, logger: Logger) {
        let (stream, sink) = AsyncStream.makeStream(of: DashEvent.self)
        self.state = state
        self.terminal = terminal
        self.events = stream
        self.logger = logger
        self.runner = EffectRunner(configuration: configuration, logger: logger) { sink.yield($0) }
    }

    func run() async {
        installSources()
        installClock()
        let inbox = Task { for await event in events { apply(event) } }
        apply(.resize(terminal.size))
        tick()
        await withCheckedContinuation { finished = $0 }
        inbox.cancel()
        sources.forEach { $0.cancel() }
        clock?.cancel()
    }

    private func apply(_ event: DashEvent) {
        let effects = Dash.update(&state, event)
        for effect in effects where effect != .quit { runner.perform(effect) }
        if state.quitting {
            finished?.resume()
            finished = nil
            return
        }
        scheduleClock()
        scheduleDraw()
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
                for key in self.terminal.readKeys() { self.apply(.key(key)) }
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

        for sig in [SIGTERM, SIGHUP, SIGINT] {
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .main)
            source.setEventHandler { MainActor.assumeIsolated { self.logger.info("signal \(sig); quitting"); self.quit() } }
            source.resume()
            sources.append(source)
        }
    }

    private func quit() { apply(.quitRequested) }

    /// Signals casedash handles itself; set before curses starts so it installs no handlers.
    static func takeOverSignals() {
        for sig in [SIGWINCH, SIGTERM, SIGHUP, SIGINT] { signal(sig, SIG_IGN) }
    }
}
