@testable import CaseDevAPI
import Foundation
import Testing

/// The client honours the proxy variables as curl does, and never sends this machine's traffic
/// (the emulator) through a proxy.
@Suite struct ProxySettingTests {
    func proxy(_ url: String, _ env: [String: String]) -> String? {
        ProxySetting(for: URL(string: url), environment: env).map { "\($0.host):\($0.port)" }
    }

    @Test func theSchemeChoosesTheVariableInEitherCase() {
        #expect(proxy("https://api.case.dev", ["https_proxy": "http://proxy.corp:3128"]) == "proxy.corp:3128")
        #expect(proxy("https://api.case.dev", ["HTTPS_PROXY": "proxy.corp:8080"]) == "proxy.corp:8080")
        #expect(proxy("https://api.case.dev", ["http_proxy": "http://proxy.corp:3128"]) == nil)
        #expect(proxy("http://api.internal", ["http_proxy": "http://proxy.corp"]) == "proxy.corp:80")
        #expect(proxy("https://api.case.dev", [:]) == nil)
    }

    @Test func noProxyAndThisMachineAreReachedDirectly() {
        let env = ["https_proxy": "http://proxy.corp:3128", "http_proxy": "http://proxy.corp:3128"]
        #expect(proxy("https://api.case.dev", env.merging(["no_proxy": "localhost, .case.dev"]) { $1 }) == nil)
        #expect(proxy("https://case.dev", env.merging(["NO_PROXY": "case.dev"]) { $1 }) == nil)
        #expect(proxy("https://notcase.dev", env.merging(["no_proxy": "case.dev"]) { $1 }) == "proxy.corp:3128")
        #expect(proxy("https://api.case.dev", env.merging(["no_proxy": "*"]) { $1 }) == nil)
        #expect(proxy("http://127.0.0.1:8080", env) == nil)
        #expect(proxy("http://localhost:8080", env) == nil)
    }
}
