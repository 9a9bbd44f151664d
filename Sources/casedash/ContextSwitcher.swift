import CaseDevAPI
import CaseDevEmulator
import DashCore
import Foundation
import RunUsage

/// Builds what the dashboard needs to talk to a settings context: its client configuration,
/// the core's configuration, and its usage cache. The demo's emulator is started once and kept,
/// so switching away from the demo and back finds it as it was.
actor ContextSwitcher {
    struct Target: Sendable {
        var config: DashConfig
        var client: ClientConfiguration
        var usageCache: UsageCache?
    }

    private let options: DashboardOptions
    private let environment: [String: String]
    private let utf8: Bool
    private var demo: DashboardTarget?
    private(set) var emulators: [Emulator] = []

    init(options: DashboardOptions, environment: [String: String], utf8: Bool, started: DashboardTarget, demo: Bool) {
        self.options = options
        self.environment = environment
        self.utf8 = utf8
        if demo { self.demo = started }
        if let e = started.emulator { emulators.append(e) }
    }

    func target(_ name: String) async throws -> Target {
        let (settings, _) = options.settings(environment: environment, context: name)
        if let problem = settings.contextProblem { throw CaseDevError(kind: .invalidConfiguration, message: problem) }
        let target: DashboardTarget
        if settings.demo, let demo {
            target = demo
        } else {
            target = try await DashboardTarget.make(settings, environment: environment)
            if settings.demo { demo = target }
            if let e = target.emulator { emulators.append(e) }
        }
        let cache = settings.demo ? nil : UsageCache.directory(environment: environment).map {
            UsageCache(directory: $0, endpoint: target.configuration.baseURL.absoluteString)
        }
        return Target(config: settings.dashConfig(endpoint: target.endpoint, environment: environment, utf8: utf8),
                      client: target.configuration, usageCache: cache)
    }
}
