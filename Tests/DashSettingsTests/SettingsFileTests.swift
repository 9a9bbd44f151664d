import DashCore
import DashSettings
import Foundation
import Testing

@Suite struct ThemeTests {
    static let themesDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("themes").path

    @Test func bundledThemesLoadWithoutProblemsAndDarkMatchesTheBuiltIn() {
        let (themes, problems) = ThemeLoader.loadAll(directories: [Self.themesDir])
        #expect(problems.isEmpty, "\(problems)")
        #expect(themes.map(\.name).prefix(4) == ["dark", "light", "high-contrast", "monochrome"])
        #expect(themes[0].styles == Theme.builtinDark.styles)
        #expect(themes[3].monochrome)
        #expect(Set(themes[1].styles.keys) == Set(Role.allCases))
    }

    @Test func theCompiledInThemesAreThoseOfTheThemesFolder() throws {
        for file in ["dark.toml", "light.toml", "high-contrast.toml", "monochrome.toml"] {
            let onDisk = try String(contentsOfFile: Self.themesDir + "/" + file, encoding: .utf8)
            #expect(ThemeLoader.bundledText(file).map { $0 + "\n" } == onDisk, "run scripts/embed-themes.sh after editing themes/\(file)")
        }
        let (themes, problems) = ThemeLoader.resolve(ThemeLoader.bundled())
        #expect(problems.isEmpty)
        #expect(themes.map(\.name) == ["dark", "light", "high-contrast", "monochrome"])
    }

    @Test func brokenThemesNameTheFileAndKeyAndFallBack() {
        let (def, problems) = ThemeLoader.parse(text: """
            name = "mine"
            extends = "nope"
            [roles]
            selection = { fg = "chartreuse-ish", bold = "yes" }
            "status.failed" = { fg = "#ff0000" }
            bogus = { fg = "red" }
            """, path: "/tmp/mine.toml")
        #expect(problems.contains("/tmp/mine.toml: roles.selection.fg: not a colour (use default, a name like red, 0-255, or #rrggbb)"))
        #expect(problems.contains("/tmp/mine.toml: roles.selection.bold: expected true or false"))
        #expect(problems.contains("/tmp/mine.toml: roles.bogus: unknown role"))
        let (themes, more) = ThemeLoader.resolve([def!])
        #expect(more.first?.contains("no theme named 'nope'") == true)
        #expect(themes[0].style(.statusFailed).fg == .rgb(255, 0, 0))
        #expect(themes[0].style(.header) == Theme.builtinDark.style(.header))  // the rest from the base
        let (none, syntax) = ThemeLoader.parse(text: "name = [", path: "/tmp/bad.toml")
        #expect(none == nil && syntax.first?.hasPrefix("/tmp/bad.toml: line 1") == true)
    }

}

@Suite struct ConfigFileTests {
    @Test func readsKnownKeysAndNamesTheFileAndKeyOfEveryProblem() {
        let (c, problems) = ConfigFile.parse("""
            interval = 5
            theme = "light"
            readonly = "yes"
            base_url = "http://127.0.0.1:9"
            colour = true
            """, path: "/home/u/.config/casedash/config.toml")
        #expect(c.interval == 5 && c.theme == "light" && c.readonly == nil && c.baseURL == "http://127.0.0.1:9")
        #expect(problems.contains("/home/u/.config/casedash/config.toml: readonly: expected true or false"))
        #expect(problems.contains { $0.hasPrefix("/home/u/.config/casedash/config.toml: unknown key 'colour'") })
        let (caps, capProblems) = ConfigFile.parse("max_details_mb = 16\nmax_list_mb = 0", path: "c.toml")
        #expect(caps.maxDetailsMB == 16 && caps.maxListMB == nil)
        #expect(capProblems == ["c.toml: max_list_mb: expected megabytes between 1 and 4096"])
        let (lines, _) = ConfigFile.parse("log_lines = 50000", path: "c.toml")
        #expect(lines.logLines == 50_000)
        let (_, few) = ConfigFile.parse("log_lines = 5", path: "c.toml")
        #expect(few == ["c.toml: log_lines: expected a whole number of lines between 100 and 1000000"])
        let (_, bad) = ConfigFile.parse("interval = 0.1", path: "c.toml")
        #expect(bad == ["c.toml: interval: expected seconds between 0.5 and 300"])
        let (_, syntax) = ConfigFile.parse("interval = ", path: "c.toml")
        #expect(syntax.first?.hasPrefix("c.toml: line 1") == true)
        #expect(ConfigFile.defaultPath(environment: ["HOME": "/h"]) == "/h/.config/casedash/config.toml")
        #expect(ConfigFile.defaultPath(environment: ["HOME": "/h", "XDG_CONFIG_HOME": "/x"]) == "/x/casedash/config.toml")
    }
}

@Suite struct ContextSettingsTests {
    static let text = """
        context = "prod"
        interval = 5
        [contexts.prod]
        base_url = "https://api.case.dev"
        api_key_env = "CASEDEV_API_KEY_PROD"
        readonly = true
        theme = "high-contrast"
        [contexts.staging]
        base_url = "https://staging.example.internal"
        api_key_env = "CASEDEV_API_KEY_STAGING"
        interval = 1
        """

    @Test func contextsAreReadAndLayeredOverTheTopOfTheFile() {
        let (file, problems) = ConfigFile.parse(Self.text, path: "c.toml")
        #expect(problems.isEmpty, "\(problems)")
        #expect(file.context == "prod" && file.contexts.keys.sorted() == ["prod", "staging"])
        let prod = file.with(context: file.contexts["prod"]!)
        #expect(prod.readonly == true && prod.theme == "high-contrast" && prod.interval == 5 && prod.apiKeyEnv == "CASEDEV_API_KEY_PROD")
        let staging = file.with(context: file.contexts["staging"]!)
        #expect(staging.interval == 1 && staging.readonly == nil && staging.baseURL == "https://staging.example.internal")
    }

    @Test func aKeyInTheFileIsRefusedAndNeverRepeated() {
        let secret = "sk_case_" + "abcdefghijklmnop1234"
        let (file, problems) = ConfigFile.parse("""
            base_url = "\(secret)"
            [contexts.prod]
            api_key_env = "\(secret)"
            """, path: "c.toml")
        #expect(problems.count == 2)
        #expect(problems.allSatisfy { $0.contains("looks like an API key") && $0.contains("api_key_env") && !$0.contains(secret) })
        #expect(file.baseURL == nil && file.contexts["prod"]?.apiKeyEnv == nil)
    }

    @Test func anUnknownDefaultContextIsReported() {
        let (_, problems) = ConfigFile.parse("context = \"nope\"\n[contexts.prod]\nreadonly = true", path: "c.toml")
        #expect(problems == ["c.toml: context: no [contexts.nope] (known: prod)"])
        let (_, bad) = ConfigFile.parse("[contexts.prod]\napi_key = \"x\"", path: "c.toml")
        #expect(bad.first?.hasPrefix("c.toml: contexts.prod.unknown key 'api_key'") == true)
    }
}

@Suite struct GuardSettingsTests {
    @Test func guardsAreReadAndCancelNeedsItsOwnPermission() {
        let (file, problems) = ConfigFile.parse("""
            [guards]
            max_run_cost_usd = 2.5
            max_run_duration = "20m"
            max_run_tokens = 500000
            repeated_tool_calls = 8
            failure_rate = 0.3
            action = "cancel"
            """, path: "c.toml")
        #expect(file.guards?.maxCostMicros == 2_500_000 && file.guards?.maxDuration == 1_200 && file.guards?.maxTokens == 500_000)
        #expect(file.guards?.repeatedToolCalls == 8 && file.guards?.failureRate == 0.3)
        #expect(file.guards?.cancel == false)
        #expect(problems == ["c.toml: guards.action = \"cancel\" is refused without allow_auto_cancel = true; guards only notify"])
        let (allowed, none) = ConfigFile.parse("[guards]\nmax_run_tokens = 10\naction = \"cancel\"\nallow_auto_cancel = true", path: "c.toml")
        #expect(allowed.guards?.cancel == true && none.isEmpty)
    }
}
