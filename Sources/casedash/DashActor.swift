import NIOCore
import NIOPosix

/// The one thread the dashboard runs on: NIO's only event loop, which also reads the network
/// and runs Swift's tasks (see `CaseDashCommand.main`). An answer is read, decoded, applied and
/// drawn without waking another thread, and the clock is a timer of that loop, so a dashboard
/// with nothing to do sleeps in one epoll wait. curses is touched from here only.
@globalActor
actor DashActor {
    static let shared = DashActor()

    /// NIOSingletons is set to one loop before anything uses it.
    nonisolated static let loop: any EventLoop = MultiThreadedEventLoopGroup.singleton.next()

    nonisolated var unownedExecutor: UnownedSerialExecutor { Self.loop.executor.asUnownedSerialExecutor() }
}

extension DashActor {
    /// Runs `operation` as isolated to the actor, from code that is on the loop but not known to
    /// the compiler to be (a NIO callback). Traps if it is not on the loop.
    static func assumeIsolated<T: Sendable>(_ operation: @DashActor () throws -> T) rethrows -> T {
        loop.preconditionInEventLoop()
        typealias Plain = () throws -> T
        return try withoutActuallyEscaping(operation) { isolated in
            try unsafeBitCast(isolated, to: Plain.self)()
        }
    }
}
