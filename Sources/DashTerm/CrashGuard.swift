import CNCursesW
import Glibc

/// Puts the terminal back when casedash crashes (a Swift trap is SIGILL or SIGTRAP, an abort
/// SIGABRT, a bad pointer SIGSEGV or SIGBUS) and says in one line where the details are.
///
/// Swift's runtime installs its own crash handler, the backtracer, before `main`. On a terminal it
/// is interactive: it prints "Program crashed ... Press space to interact" over the dashboard and
/// waits for a key, and its settings (`SWIFT_BACKTRACE`) are read at load time, too early for
/// casedash to change. These handlers replace it: the terminal modes saved before curses changed
/// them are written back, the terminal's own sequences leave the UI (alternate screen, hidden
/// cursor, attributes), one line is printed, a raw backtrace goes to the log, and the signal is
/// raised again with its default action, so the exit status and any core dump are as without us.
///
/// A signal handler may only call async-signal-safe functions, so everything it writes is prepared
/// beforehand in plain memory and it calls only tcsetattr, write, backtrace_symbols_fd and raise.
public enum CrashGuard {
    static let signals: [(Int32, String)] = [
        (SIGILL, "SIGILL"), (SIGTRAP, "SIGTRAP"), (SIGABRT, "SIGABRT"), (SIGSEGV, "SIGSEGV"),
        (SIGBUS, "SIGBUS"), (SIGFPE, "SIGFPE"), (SIGSYS, "SIGSYS"),
    ]

    /// Replaces the runtime's crash handlers. `logFile` is where stderr goes while the dashboard
    /// runs (the runtime's "Fatal error" message and the backtrace end up there).
    public static func install(logFile: String?) {
        // glibc's backtrace(3) is not in the Glibc module. It loads its unwinder on first use,
        // which allocates: do that now, not in a crash.
        if let f = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "backtrace"),
           let g = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "backtrace_symbols_fd") {
            Rescue.backtrace = unsafeBitCast(f, to: Rescue.Backtrace.self)
            Rescue.symbols = unsafeBitCast(g, to: Rescue.Symbols.self)
            _ = Rescue.backtrace?(Rescue.frames, Int32(Rescue.frameCapacity))
        }
        for (sig, name) in signals {
            let details = logFile.map { "details are in \($0)" } ?? "run it with --log-file PATH to keep the details"
            Rescue.lines[Int(sig)] = Bytes("casedash crashed (\(name)); \(details)\n".utf8)
            var action = sigaction()
            action.__sigaction_handler.sa_handler = crashed
            sigemptyset(&action.sa_mask)
            // Reset to the default on entry: a crash inside the handler ends the process.
            action.sa_flags = Int32(truncatingIfNeeded: SA_RESETHAND)
            sigaction(sig, &action, nil)
        }
        // The backtracer also answers SIGQUIT (and then waits for a key); the dashboard takes
        // SIGQUIT over as a request to quit, and until then it does what it does by default.
        signal(SIGQUIT, SIG_DFL)
    }

    /// Called before curses changes anything: these are the modes a crash puts back.
    static func saveModes() {
        Rescue.hasModes = tcgetattr(STDOUT_FILENO, Rescue.modes) == 0
    }

    /// Called once curses owns the screen: the terminal's own ways out of the UI mode.
    static func uiStarted() {
        var leave: [UInt8] = []
        for cap in ["sgr0", "cnorm", "rmkx", "rmcup"] {
            guard let s = tigetstr(cap), Int(bitPattern: s) != -1 else { continue }
            leave += withoutPadding(Array(String(cString: s).utf8))
        }
        Rescue.leave = Bytes(leave)
        Rescue.uiActive = true
    }

    static func uiStopped() { Rescue.uiActive = false }

    /// terminfo strings may hold delays as `$<5>` or `$<2*/>`, which curses turns into waits.
    static func withoutPadding(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "$"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "<"),
               let end = bytes[(i + 2)...].firstIndex(of: UInt8(ascii: ">")) {
                i = end + 1
                continue
            }
            out.append(bytes[i])
            i += 1
        }
        return out
    }
}

/// Bytes kept outside Swift's managed memory, so the handler reads them without retaining anything.
struct Bytes {
    var base: UnsafeMutablePointer<UInt8>?
    var count = 0

    init() {}

    init(_ bytes: some Collection<UInt8>) {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, bytes.count))
        _ = UnsafeMutableBufferPointer(start: p, count: bytes.count).initialize(from: bytes)
        base = p
        count = bytes.count
    }
}

/// What the handler reads. Written on the main thread before a handler can need it.
enum Rescue {
    nonisolated(unsafe) static let modes = UnsafeMutablePointer<termios>.allocate(capacity: 1)
    nonisolated(unsafe) static var hasModes = false
    nonisolated(unsafe) static var uiActive = false
    nonisolated(unsafe) static var leave = Bytes()
    /// One line per signal number.
    nonisolated(unsafe) static let lines: UnsafeMutablePointer<Bytes> = {
        let p = UnsafeMutablePointer<Bytes>.allocate(capacity: 65)
        p.initialize(repeating: Bytes(), count: 65)
        return p
    }()
    static let frameCapacity = 64
    nonisolated(unsafe) static let frames = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: frameCapacity)
    typealias Backtrace = @convention(c) (UnsafeMutablePointer<UnsafeMutableRawPointer?>?, Int32) -> Int32
    typealias Symbols = @convention(c) (UnsafePointer<UnsafeMutableRawPointer?>?, Int32, Int32) -> Void
    nonisolated(unsafe) static var backtrace: Backtrace?
    nonisolated(unsafe) static var symbols: Symbols?
}

private func writeAll(_ fd: Int32, _ bytes: Bytes) {
    guard var p = bytes.base else { return }
    var left = bytes.count
    while left > 0 {
        let n = write(fd, p, left)
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { return }
        p += n
        left -= n
    }
}

private let crashed: @convention(c) (Int32) -> Void = { sig in
    let ui = Rescue.uiActive
    if ui {
        if Rescue.hasModes { tcsetattr(STDOUT_FILENO, TCSANOW, Rescue.modes) }
        writeAll(STDOUT_FILENO, Rescue.leave)
    }
    let line = sig >= 0 && sig < 65 ? Rescue.lines[Int(sig)] : Bytes()
    // While the dashboard runs, stderr is the log file (or /dev/null) and the screen is stdout.
    writeAll(ui ? STDOUT_FILENO : STDERR_FILENO, line)
    if isatty(STDERR_FILENO) == 0 {
        writeAll(STDERR_FILENO, line)
        if let backtrace = Rescue.backtrace, let symbols = Rescue.symbols {
            symbols(Rescue.frames, backtrace(Rescue.frames, Int32(Rescue.frameCapacity)), STDERR_FILENO)
        }
    }
    // The handler was reset to the default on entry; the signal is blocked until we return.
    raise(sig)
}
