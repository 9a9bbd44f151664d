/// List prices of the models the emulator bills, in micro-dollars per token, so a run on an
/// opus agent costs about twenty times one on haiku, as it would for real.
struct ModelPrice: Sendable {
    var input: Double
    var output: Double

    static func of(_ model: String) -> ModelPrice {
        let m = model.lowercased()
        if m.contains("opus") { return ModelPrice(input: 15, output: 75) }
        if m.contains("haiku") { return ModelPrice(input: 1, output: 5) }
        if m.contains("gpt-5-mini") { return ModelPrice(input: 0.25, output: 2) }
        if m.contains("gpt-5-nano") { return ModelPrice(input: 0.05, output: 0.4) }
        if m.contains("gpt-5") { return ModelPrice(input: 1.25, output: 10) }
        return ModelPrice(input: 3, output: 15)  // sonnet and anything unknown
    }

    func micros(prompt: Int, completion: Int) -> Int {
        Int((Double(prompt) * input + Double(completion) * output).rounded())
    }

    /// The cheap model an agent's tools call internally (search reranking, page summaries).
    static func helper(for model: String) -> String {
        model.lowercased().hasPrefix("openai/") ? "openai/gpt-5-mini" : "anthropic/claude-haiku-4.5"
    }
}
