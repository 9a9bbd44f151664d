import CaseDevAPI
import DashCore
import Foundation
import Logging
import RunUsage

/// Where the effect runners' answers come back to the runtime. Each answer is tagged with the
/// context it was asked in; after a switch, answers of the old context still on their way (or
/// already queued) are dropped as they are taken, so none is applied to the new context.
final class ContextInbox: @unchecked Sendable {
    private let lock = NSLock()
    private var generation = 0
    private let sink: AsyncStream<(Int, DashEvent)>.Continuation
    private let tagged: AsyncStream<(Int, DashEvent)>

    init() { (tagged, sink) = AsyncStream.makeStream(of: (Int, DashEvent).self) }

    var current: Int { lock.withLock { generation } }

    /// A runner for the current context; its answers carry the context's tag.
    func runner(_ configuration: ClientConfiguration, logger: Logger, usageCache: UsageCache?) -> EffectRunner {
        let tag = current
        return EffectRunner(configuration: configuration, logger: logger, usageCache: usageCache) { [sink] in sink.yield((tag, $0)) }
    }

    /// A new context: what the old one's runners send from now on is dropped.
    func advance() { lock.withLock { generation += 1 } }

    /// The answers of the current context, in order.
    var events: AsyncCompactMapSequence<AsyncStream<(Int, DashEvent)>, DashEvent> {
        tagged.compactMap { [self] tag, event in tag == current ? event : nil }
    }
}
