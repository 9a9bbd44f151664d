// swift-tools-version:6.2
import PackageDescription

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "casedash",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "casedash", targets: ["casedash"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        // ncursesw through Debian's headers; the shim defines what SwiftPM's dropped -D flags would.
        .systemLibrary(name: "CNCursesW", providers: [.apt(["libncurses-dev"])]),
        // glibc's <malloc.h> (mallopt), for the arena limit the dashboard sets at start.
        .systemLibrary(name: "CMalloc"),
        // The case.dev wire format and client: requests and answers through Foundation's
        // URLSession; streamed bodies (the events stream, details read as they arrive) through
        // AsyncHTTPClient, because URLSession on Linux spins on an open transfer that is idle.
        .target(name: "CaseDevAPI", dependencies: [
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "DequeModule", package: "swift-collections"),
        ], swiftSettings: strict),
        // In-process emulator of the case.dev Agent API.
        .target(name: "CaseDevEmulator", dependencies: [
            "CaseDevAPI",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "CompressNIO", package: "compress-nio"),
        ], swiftSettings: strict),
        // Following one run's logs (events stream with resume, fallback to polling, reconciliation,
        // merged order, bounds), with no terminal in it: the dashboard and the commands share it.
        .target(name: "RunFollow", dependencies: [
            "CaseDevAPI",
            .product(name: "DequeModule", package: "swift-collections"),
        ], swiftSettings: strict),
        // Usage of finished runs: the record, the aggregator the dashboard and `casedash usage`
        // share (pure), the on-disk cache and the bounded fetcher (the runtime's, with the I/O).
        .target(name: "RunUsage", dependencies: ["CaseDevAPI"], swiftSettings: strict),
        // Pure dashboard core: state, update, view into a cell grid, themes. No terminal, no
        // network, no files.
        .target(name: "DashCore", dependencies: ["CaseDevAPI", "RunFollow", "RunUsage"], exclude: ["README.md"], swiftSettings: strict),
        // The settings file and theme files (TOML): read, checked and merged into values the core
        // takes. Shared by the dashboard and the commands.
        .target(name: "DashSettings", dependencies: [
            "DashCore", "CaseDevAPI",
            .product(name: "TOMLKit", package: "TOMLKit"),
        ], swiftSettings: strict),
        // The only module that touches ncurses.
        .target(name: "DashTerm", dependencies: ["DashCore", "CNCursesW"], swiftSettings: strict),
        .executableTarget(name: "casedash", dependencies: [
            "CaseDevAPI", "CMalloc",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"), "CaseDevEmulator", "DashCore", "DashSettings", "DashTerm", "RunFollow", "RunUsage",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        // Micro-benchmarks (frame, list page, details body): a plain executable, so CI builds
        // nothing more than it; timings are printed, never asserted.
        .executableTarget(name: "casedash-bench", dependencies: ["CaseDevAPI", "DashCore", "RunUsage"], swiftSettings: strict),
        .testTarget(name: "CaseDevAPITests", dependencies: [
            "CaseDevAPI", "CaseDevEmulator",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
        ], swiftSettings: strict),
        // The executable's own pieces that can be tested without a terminal (the log file).
        .testTarget(name: "CaseDashTests", dependencies: [
            "casedash", "CaseDevAPI",
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        // Runs the built casedash binary: start-up errors and crash containment seen from outside.
        .testTarget(name: "CaseDashCLITests", swiftSettings: strict),
        // The scripting commands against the in-process emulator, and the usage cache.
        .testTarget(name: "CommandTests", dependencies: [
            "casedash", "CaseDevAPI", "CaseDevEmulator", "RunFollow", "RunUsage",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: strict),
        .testTarget(name: "DashTermTests", dependencies: ["DashCore", "DashTerm", "CNCursesW"], swiftSettings: strict),
        .testTarget(name: "RunFollowTests", dependencies: ["RunFollow", "CaseDevAPI"], swiftSettings: strict),
        .testTarget(name: "DashSettingsTests", dependencies: ["DashCore", "DashSettings"], swiftSettings: strict),
        .testTarget(name: "DashCoreTests", dependencies: ["DashCore", "CaseDevAPI", "CaseDevEmulator", "RunFollow", "RunUsage"],
                    exclude: ["Snapshots"], swiftSettings: strict),
    ]
)
