import DashCore

/// libFuzzer target `config`: the settings file as `ConfigFile.load` reads it. A broken file
/// must give problems to show, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: bytes, count: size), as: UTF8.self)
    let (config, problems) = ConfigFile.parse(text, path: "fuzz.toml")
    _ = config.baseURL?.count; _ = config.interval; _ = problems.count
    return 0
}
