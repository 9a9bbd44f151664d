import DashCore

/// libFuzzer target `theme`: a theme file as `ThemeLoader` reads it, then resolved against the
/// built-in themes the way `--theme PATH` uses it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTheme(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: bytes, count: size), as: UTF8.self)
    let (definition, problems) = ThemeLoader.parse(text: text, path: "fuzz.toml")
    _ = problems.count
    if let definition {
        let (themes, more) = ThemeLoader.resolve([definition])
        _ = themes.count; _ = more.count
    }
    return 0
}
