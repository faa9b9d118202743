// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "strata",
    products: [.executable(name: "strata", targets: ["strata"])],
    dependencies: [
        // The command-line interface.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // SHA-256 for bundle checksums and the chain hash.
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
    ],
    targets: [
        // C libraries, linked from the system (Debian: apt-get install libyaml-dev libpq-dev).
        .systemLibrary(
            name: "CLibYAML", pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]),
        .systemLibrary(
            name: "CLibPQ", pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"]), .brew(["libpq"])]),

        // Offline and pure: YAML in, SQL text and snapshots out. No libpq, no disk writes.
        .target(name: "StrataCore", dependencies: ["CLibYAML"]),
        // The out/ directory: chain file, checksums, snapshots, release bundles; the compile use case
        // (reading the schema directory, appending a revision all or nothing).
        .target(
            name: "StrataBundle",
            dependencies: ["StrataCore", .product(name: "Crypto", package: "swift-crypto")]),
        // The libpq edge: apply, status, stamp, drift (the statement splitter is in StrataBundle).
        .target(name: "StrataApply", dependencies: ["StrataBundle", "StrataCore", "CLibPQ"]),
        .executableTarget(
            name: "strata",
            dependencies: [
                "StrataCore", "StrataBundle", "StrataApply",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // What the test targets share: running programs, the test server, scratch directories, seeds.
        .target(name: "StrataTestSupport", path: "Tests/StrataTestSupport"),
        .testTarget(name: "StrataCoreTests", dependencies: ["StrataCore"]),
        .testTarget(
            name: "ReferenceTests", dependencies: ["StrataCore", "StrataBundle"],
            exclude: ["Cases", "Errors"]),
        .testTarget(name: "StrataBundleTests", dependencies: ["StrataBundle", "StrataCore", "StrataTestSupport"]),
        .testTarget(
            name: "StrataApplyTests", dependencies: ["StrataApply", "StrataBundle", "StrataCore", "StrataTestSupport"]),
        .testTarget(name: "StrataCLITests", dependencies: ["strata", "StrataTestSupport"]),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("InternalImportsByDefault"),
        .enableUpcomingFeature("MemberImportVisibility"),
    ]
}
