import Foundation

/// libFuzzer target `decode`: every answer body the client reads, through the decoder the
/// client uses (`JSONDecoder.caseDev`, as in `CaseDevClient.attempt`) and the error-body reader
/// (`CaseDevClient.httpError`). Compiled into one module with CaseDevAPI's sources, so internal
/// entry points are reachable. Decoding may fail; it may not trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecode(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let data = Data(bytes: bytes, count: size)
    let decoder = JSONDecoder.caseDev
    func read<T: Decodable>(_ type: T.Type) -> T? { try? decoder.decode(T.self, from: data) }

    if let page = read(RunPage.self) {
        for run in page.runs { touch(run.id, run.prompt, run.model, run.status.description) }
    }
    if let page = read(AgentPage.self) {
        for agent in page.agents { touch(agent.id, agent.name, agent.model, agent.description) }
    }
    if let agent = read(Agent.self) { touch(agent.id, agent.name, agent.instructions) }
    if let details = read(RunDetails.self) {
        touch(details.id, details.prompt, details.result?.output, details.result?.error)
        for (name, text) in details.result?.logs ?? [:] { touch(name, text) }
        for step in details.steps { touch(step.toolInput?.compactText, step.toolOutput?.compactText, step.content) }
        for entry in details.usage?.entries ?? [] { touch(entry.metadata?.compactText, entry.model) }
    }
    if let answer = read(ExecuteResponse.self) { touch(answer.runId, answer.output, answer.message) }
    _ = read(RunSummary.self)
    _ = read(RunCreated.self)
    _ = read(RunExecResponse.self)
    _ = read(RunStatusInfo.self)
    _ = read(CancelResponse.self)
    _ = read(WatchResponse.self)
    _ = read(OKResponse.self)
    if let any = read(JSONValue.self) { touch(any.compactText, any["error"]?.stringValue); _ = any.intValue }

    // Error bodies: any status, with the headers that steer retries.
    let status = size > 0 ? 400 + Int(bytes[0]) % 200 : 500
    let error = CaseDevClient.httpError(status: status, headers: ["Retry-After": String(decoding: data.prefix(12), as: UTF8.self),
                                                                  "x-should-retry": "true"], body: data)
    touch(error.description, error.message, error.code)
    _ = error.isRetryable
    return 0
}

/// Reads every string so lazily bridged storage is really decoded.
@inline(never)
func touch(_ values: String?...) {
    var n = 0
    for v in values { n &+= v?.utf8.count ?? 0 }
    if n == -1 { print(n) }
}
