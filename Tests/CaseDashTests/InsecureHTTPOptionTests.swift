@testable import casedash
import CaseDevAPI
import Testing

/// The key is not sent in clear text across a network unless the user says so on the command line.
@Suite struct InsecureHTTPOptionTests {
    static let env = ["CASEDEV_API_KEY": "sk_case_option_test", "CASEDEV_BASE_URL": "http://api.example.com:8080"]

    @Test func plainHTTPToAnotherMachineIsRefusedAtStartNamingTheFlag() async throws {
        let options = try DashboardOptions.parse([])
        let (settings, _) = options.settings(environment: Self.env)
        do {
            _ = try await DashboardTarget.make(settings, environment: Self.env)
            Issue.record("expected a refusal")
        } catch let e as CaseDevError {
            #expect(e.kind == .invalidConfiguration && e.message.contains("--allow-insecure-http"))
        }
    }

    @Test func theFlagReachesTheClientConfiguration() async throws {
        let options = try DashboardOptions.parse(["--allow-insecure-http"])
        let (settings, _) = options.settings(environment: Self.env)
        let target = try await DashboardTarget.make(settings, environment: Self.env)
        #expect(target.configuration.allowInsecureHTTP && target.configuration.baseURL.host == "api.example.com")
    }
}
