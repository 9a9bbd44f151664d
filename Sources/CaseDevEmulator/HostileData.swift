import Foundation

/// The answers of `casedash emulator --hostile`: what a broken or malicious server could send,
/// in every field the dashboard reads. Built as JSON text by hand because the point is to send
/// what an encoder never would: wrong types, out-of-range numbers, truncated documents.
/// Everything is fixed (no clock, no randomness), so a failure reproduces.
enum HostileData {
    // MARK: Text that must never reach the terminal raw

    /// CSI colours and screen clears, OSC 0/2 title changes, OSC 52 clipboard writes, DCS.
    static let escapes = "\u{1B}[31mRED\u{1B}[0m \u{1B}]0;PWNED-TITLE-0\u{07} \u{1B}]2;PWNED-TITLE-2\u{1B}\\ "
        + "\u{1B}]52;c;cHduZWQ=\u{07} \u{1B}P1$qm\u{1B}\\ \u{1B}[2J\u{1B}[H\u{1B}[?1049l\u{1B}c"
    /// C1 controls as UTF-8: CSI, OSC (title), DCS, ST, NEL, and the rest of the range.
    static let c1 = "\u{9B}31mC1-CSI \u{9D}0;C1-TITLE\u{9C} \u{90}C1-DCS\u{9C} \u{85}"
        + String(String.UnicodeScalarView((0x80...0x9F).compactMap(Unicode.Scalar.init)))
    static let controls = "NUL\u{0}BEL\u{07}BS\u{08}DEL\u{7F}VT\u{0B}FF\u{0C}CR\rLF\n"
    /// Bidi overrides and isolates, which can reorder what the user reads.
    static let bidi = "\u{202E}txt.exe\u{202C} \u{2066}iso\u{2069} \u{2067}rtl\u{2069} \u{2068}fsi\u{2069} \u{200F}\u{061C}"
    static let wide = "契約レビュー 🎉 👩‍👩‍👧 e\u{301}\u{301}\u{301} ﷽ Z\u{337}\u{322}a\u{338}l\u{336}g\u{337}o ｆｕｌｌ"
    static let all = escapes + " " + c1 + " " + controls + " " + bidi + " " + wide

    /// 200,000 characters, mixing wide and combining ones so width arithmetic is exercised.
    static let longName: String = {
        var s = "LONG-" + all
        let unit = "名前e\u{301}x"
        s += String(repeating: unit, count: (200_000 - s.count) / unit.count + 1)
        return s
    }()

    /// One log line of 1 MB, and a log of many ordinary hostile lines.
    static let megabyteLine: String = "2026-11-22T11:47:42.632Z [runtime] " + String(repeating: "x\u{1B}[7m界", count: 1 << 18)
    static let hostileLog: String = (0..<200).map { i in
        "2026-11-22T11:47:\(String(format: "%02d", i % 60)).000Z [runner] line \(i) "
            + [escapes, c1, controls, bidi, wide][i % 5]
    }.joined(separator: "\n")

    // MARK: Numbers

    static let int64Max = "9223372036854775807"
    static let int64Min = "-9223372036854775808"

    // MARK: JSON text

    static func str(_ s: String) -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.withoutEscapingSlashes]
        return String(decoding: (try? e.encode(s)) ?? Data("\"\"".utf8), as: UTF8.self)
    }

    static func obj(_ fields: [(String, String)]) -> String {
        "{" + fields.map { "\(str($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }

    static func arr(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }

    // MARK: Agents

    static let agentIds = ["agent_hostile_esc", "agent_hostile_long", "agent_hostile_types", "agent_hostile_wide"]

    static func agents(saneNumbers: Bool) -> String {
        let items = [
            obj([("id", str(agentIds[0])), ("name", str("Esc " + escapes + c1)), ("model", str(bidi + "model")),
                 ("description", str(controls)), ("instructions", str(all)), ("isActive", "true"),
                 ("createdAt", str("2026-11-22T11:42:22.250Z"))]),
            obj([("id", str(agentIds[1])), ("name", str(longName)), ("model", str(longName)),
                 ("instructions", str(longName))]),
            // Wrong types everywhere: numbers for text, text for lists and flags, a bad date.
            obj([("id", str(agentIds[2])), ("name", saneNumbers ? "12345" : int64Min), ("model", "{\"x\":[1,2]}"),
                 ("vaultIds", str("not-a-list")), ("enabledTools", "[1,null,{\"a\":\"\\u001b]0;T\\u0007\"}]"),
                 ("isActive", str("yes")), ("createdAt", str("yesterday \u{1B}]0;T\u{07}")), ("sandbox", "[]")]),
            obj([("id", str(agentIds[3])), ("name", str(wide + bidi)), ("model", str(wide))]),
            "null", str("an agent that is a string " + escapes), "42", "[]",
        ]
        return obj([("agents", arr(items)), ("hasMore", str("maybe")), ("nextCursor", "{}")])
    }

    // MARK: Runs

    /// Each run is hostile in its own way; `details(for:)` answers per run.
    struct RunSpec {
        var id: String
        var agent: Int
        var status: String
        var prompt: String
    }

    static let runs: [RunSpec] = [
        RunSpec(id: "run_h0escapes", agent: 0, status: "running", prompt: "Escapes " + escapes),
        RunSpec(id: "run_h1c1ctrls", agent: 0, status: "completed", prompt: "C1 " + c1 + controls),
        RunSpec(id: "run_h2bidiwide", agent: 3, status: "failed", prompt: bidi + wide),
        RunSpec(id: "run_h3megaline", agent: 1, status: "completed", prompt: "1 MB line"),
        RunSpec(id: "run_h4longname", agent: 1, status: "queued", prompt: longName),
        RunSpec(id: "run_h5truncated", agent: 2, status: "completed", prompt: "truncated details"),
        RunSpec(id: "run_h6wrongtype", agent: 2, status: "cancelled", prompt: "details of the wrong type"),
        RunSpec(id: "run_h7numbers", agent: 2, status: "completed", prompt: "huge and negative numbers"),
        RunSpec(id: "run_h8numbers", agent: 0, status: "completed", prompt: "5e18 tokens"),
        RunSpec(id: "run_h9status", agent: 3, status: "\u{1B}]0;STATUS\u{07}weird\u{9B}5m", prompt: "odd status " + all),
    ]

    static func runs(saneNumbers: Bool, cursor: String?) -> String {
        // The second page is cut off mid-document.
        if cursor == "page2" { return "{\"runs\":[{\"id\":\"run_h10cut\",\"status\":\"que" }
        var items = runs.map { r in
            obj([("id", str(r.id)), ("agentId", str(agentIds[r.agent])), ("status", str(r.status)),
                 ("prompt", str(r.prompt)), ("model", str(wide)),
                 ("createdAt", str("2026-11-22T11:4\(r.agent):22.250Z")), ("startedAt", str("2026-11-22T11:49:00Z"))])
        }
        items += [
            // Wrong types for every field, dates far away, and elements that are not runs.
            obj([("id", "7"), ("agentId", "[]"), ("status", "true"), ("prompt", "{\"a\":1}"), ("model", "1.5"),
                 ("createdAt", str("0001-01-01T00:00:00Z")), ("completedAt", str("9999-12-31T23:59:59.999Z"))]),
            obj([("id", str("run_h11future")), ("agentId", str(agentIds[0])), ("status", str("running")),
                 ("prompt", str("started in the future")), ("createdAt", str("9999-12-31T23:59:59Z")),
                 ("startedAt", str("9999-12-31T23:59:59Z"))]),
            "null", str(escapes), saneNumbers ? "1" : "-1e300",
        ]
        return obj([("runs", arr(items)), ("hasMore", "true"), ("nextCursor", str("page2"))])
    }

    // MARK: Details

    static func details(for id: String, saneNumbers: Bool) -> String? {
        guard let index = runs.firstIndex(where: { $0.id == id }) else { return nil }
        let r = runs[index]
        var logs: [(String, String)] = [("runner", str(hostileLog)), ("linc", str(c1 + "\n" + controls + "\n" + bidi))]
        var usage = obj([("model", str(escapes)), ("inputTokens", "1200"), ("outputTokens", str("300")),
                         ("toolCalls", "2.5"), ("durationMs", "4000"),
                         ("summary", obj([("totalTokens", "1500"), ("costMicros", "1234")])),
                         ("entries", arr([usageEntry(tokens: "1000", model: escapes), usageEntry(tokens: "500", model: c1),
                                          "null", str("entry")]))])
        switch index {
        case 0:
            logs += [("\u{1B}]0;STREAM-TITLE\u{07}evil", str("stream named with an escape")),
                     ("流れ\u{202E}", str(wide)), ("", str("empty name")), ("numbers", "12"), ("nothing", "null")]
        case 3: logs = [("runtime", str(megabyteLine + "\n" + hostileLog)), ("runner", str(hostileLog))]
        case 5: return "{\"id\":\"\(r.id)\",\"status\":\"completed\",\"result\":{\"logs\":{\"runner\":\"abc"
        case 6: return "[\"\(r.id)\", 1, null]"
        default: break
        }
        switch (index, saneNumbers) {
        // Numbers that trap if summed or scaled without care: the sum of a run's own counts past
        // Int64.max, 5e18 on several runs (their total overflows), negative counts and running
        // totals, and floats where integers belong.
        case (7, false):
            usage = obj([("inputTokens", int64Max), ("outputTokens", "1"), ("toolCalls", int64Min),
                         ("durationMs", int64Min), ("summary", obj([("costMicros", int64Min)])),
                         ("entries", arr([usageEntry(tokens: "-1000000", model: "m"), usageEntry(tokens: int64Max, model: "m"),
                                          usageEntry(tokens: "12.75", model: "m"), usageEntry(tokens: "1e300", model: "m")]))])
        case (1, false), (3, false), (8, false):
            usage = obj([("inputTokens", "5e18"), ("outputTokens", "5e18"), ("toolCalls", "-3"),
                         ("summary", obj([("totalTokens", "5e18"), ("costMicros", "5e18")])),
                         ("entries", arr([usageEntry(tokens: "5e18", model: "m"), usageEntry(tokens: "5e18", model: "m")]))])
        case (2, false):
            usage = obj([("summary", obj([("totalTokens", "-5"), ("costMicros", "-1")])),
                         ("entries", arr([usageEntry(tokens: "-7", model: "m"), usageEntry(tokens: "-9", model: "m")]))])
        default: break
        }
        let steps = arr([
            obj([("id", str("step_1")), ("type", str("tool_call")), ("toolName", str(escapes + "read")),
                 ("toolInput", obj([("path", str(all)), ("n", saneNumbers ? "3" : int64Max)])), ("content", str(all)),
                 ("durationMs", saneNumbers ? "250" : "-5"), ("timestamp", str("2026-11-22T11:47:46.105Z"))]),
            obj([("id", "17"), ("type", str(bidi + "thinking")), ("content", str(longName)),
                 ("durationMs", saneNumbers ? "1.5" : int64Max)]),
            obj([("id", str("step_3")), ("type", str("tool_result")), ("toolOutput", arr([str(c1), "{\"deep\":[[[[[[1]]]]]]}"]))]),
            "null", str("a step that is a string"), "[]",
        ])
        let result = obj([("output", str("Output " + all + "\n" + longName)),
                          ("error", str("Error " + escapes + c1)),
                          ("finalResponse", obj([("summary", str(all)), ("issues", arr([str(escapes), "5", str(bidi)]))])),
                          ("logs", obj(logs))])
        return obj([("id", str(r.id)), ("agentId", str(agentIds[r.agent])), ("status", str(r.status)),
                     ("prompt", str(r.prompt)), ("guidance", str(all)), ("model", str(escapes)),
                     ("provider", str(c1)), ("runtimeState", str(bidi)), ("result", result), ("steps", steps),
                     ("usage", usage), ("createdAt", str("2026-11-22T11:42:22.250Z")),
                     ("startedAt", str("2026-11-22T11:49:00Z"))])
    }

    static func usageEntry(tokens: String, model: String) -> String {
        obj([("id", str("use_" + escapes)), ("kind", str(c1)), ("service", str(bidi)), ("endpoint", str(escapes)),
             ("method", "5"), ("statusCode", "\"200\""), ("costMicros", tokens), ("promptTokens", tokens),
             ("completionTokens", "0"), ("totalTokens", tokens), ("model", str(model)),
             ("timestamp", str("2026-11-22T11:47:46.105Z")), ("metadata", obj([("x", str(all))]))])
    }

    // MARK: Errors

    /// Error bodies for every write: JSON with hostile text and wrong types, or no JSON at all.
    static func error(_ n: Int) -> (status: Int, contentType: String, body: String) {
        switch n % 4 {
        case 0:
            return (400, "application/json", obj([("error", obj([("message", str("Bad " + all)), ("type", "5"),
                                                                 ("code", arr([str(escapes)]))]))]))
        case 1:
            return (409, "application/json", obj([("message", str("Conflict " + escapes + c1)), ("code", str(bidi))]))
        case 2:
            return (500, "text/html", "<html>\u{1B}]0;HTML-TITLE\u{07}\u{9D}0;C1\u{9C} Internal \u{1B}[5mError\u{0}</html>")
        default:
            return (503, "application/json", "{\"error\":{\"message\":\"cut off \\u001b]52;c;aGk=\\u0007")
        }
    }

    /// Run events: hostile log lines, odd event names and ids, and a malformed payload.
    static let events: String = [
        "id: 1\nevent: log\ndata: " + obj([("type", str("log")), ("stream", str(escapes)), ("line", str(all))]) + "\n\n",
        "id: \u{1B}]0;ID\u{07}\nevent: \u{9D}0;EV\u{9C}\ndata: " + str(controls) + "\n\n",
        ": comment \u{1B}]0;C\u{07}\n\n",
        "id: 3\ndata: {\"type\":\"log\",\"line\":\n\n",
        "id: 4\nevent: done\ndata: {\"type\":\"done\"}\n\n",
    ].joined()
}
