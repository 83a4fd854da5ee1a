// swift-tools-version: 6.2
import PackageDescription

// Target graph (arrows point down, no cycles) — see docs/ARCHITECTURE.md:
//
//   git-codecloud ─ CodecloudCLI ─ CodecloudCore ─┬─ CodecloudAPI (+ AsyncHTTPClient)
//                                                 ├─ CodecloudGit ─ Clibgit2 (system libgit2)
//                                                 ├─ CodecloudCron
//                                                 └─ CodecloudProcess
//   codecloud-emulator ─ CodecloudEmulator ─┬─ CodecloudCron (+ Hummingbird, swift-crypto)
//                                           └─ CodecloudProcess
//
// CodecloudProcess (Foundation only) is the package's one way to start a child process and its
// one PATH lookup, for the CLI, the emulator and the tests alike.
//
// The CLI's own graph stays lean (argument parser, libgit2, Foundation, AsyncHTTPClient on
// SwiftNIO with BoringSSL built in): start-up time is a product feature. Not FoundationNetworking:
// it brings libcurl and some thirty shared libraries to map and relocate at every start
// (docs/ARCHITECTURE.md, "HTTP"). The emulator's server stack is only linked into the emulator.
let package = Package(
    name: "git-codecloud",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "git-codecloud", targets: ["git-codecloud"]),
        .executable(name: "codecloud-emulator", targets: ["codecloud-emulator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // Traits off: the emulator needs neither swift-configuration nor the FullFoundation
        // extras, and dropping them cuts a cold build by about 15 %.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        // Hummingbird's own dependencies, named here because the emulator imports them directly
        // (Tests/Scripts/check_imports.py fails on a module that only arrives transitively).
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(
            name: "Clibgit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"]), .brew(["libgit2"])]
        ),
        .target(name: "CodecloudGit", dependencies: ["Clibgit2"]),
        .target(
            name: "CodecloudAPI",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(name: "CodecloudCron"),
        .target(name: "CodecloudProcess"),
        .target(name: "CodecloudCore", dependencies: ["CodecloudAPI", "CodecloudGit", "CodecloudCron", "CodecloudProcess"]),
        .target(
            name: "CodecloudCLI",
            dependencies: [
                "CodecloudCore", "CodecloudAPI", "CodecloudGit", "CodecloudCron", "CodecloudProcess",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "git-codecloud", dependencies: ["CodecloudCLI", "CodecloudCore"]),
        .target(
            name: "CodecloudEmulator",
            dependencies: [
                "CodecloudCron", "CodecloudProcess",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "codecloud-emulator",
            dependencies: [
                "CodecloudEmulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Test scaffolding. CodecloudTestSandbox is neutral (scratch directories, the developer-like
        // HOME, await-condition, loopback sockets; no client module), so the emulator's tests
        // cannot check the emulator with the client's own types. CodecloudTestSupport adds the
        // client's side (StubTransport, API fixtures, captured OutputStreams, process runner).
        .target(name: "CodecloudTestSandbox", dependencies: ["CodecloudProcess"]),
        .target(name: "CodecloudTestSupport", dependencies: ["CodecloudTestSandbox", "CodecloudAPI", "CodecloudCore", "CodecloudProcess"]),
        .testTarget(name: "CodecloudGitTests", dependencies: ["CodecloudGit", "CodecloudTestSupport"]),
        .testTarget(
            name: "CodecloudAPITests",
            dependencies: ["CodecloudAPI", "CodecloudTestSupport"]
        ),
        .testTarget(name: "CodecloudCronTests", dependencies: ["CodecloudCron"]),
        .testTarget(
            name: "CodecloudCoreTests",
            dependencies: ["CodecloudCore", "CodecloudAPI", "CodecloudGit", "CodecloudCron", "CodecloudProcess", "CodecloudTestSupport"]
        ),
        .testTarget(
            name: "CodecloudCLITests",
            dependencies: [
                "CodecloudCLI", "CodecloudCore", "CodecloudAPI", "CodecloudGit", "CodecloudTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "CodecloudEmulatorTests",
            dependencies: [
                "CodecloudEmulator", "CodecloudProcess", "CodecloudTestSandbox",
                // The loopback webhook receiver in the tests is a small Hummingbird app.
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["CodecloudTestSupport", "CodecloudEmulator", "CodecloudCore", "CodecloudAPI", "CodecloudProcess"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
