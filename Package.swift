// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    // The row path keeps its state in final classes it owns alone; dynamic exclusivity checks on
    // every access cost more than they catch there (docs/PERFORMANCE.md).
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Kiosque",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kiosque", targets: ["kiosque"]),
        .library(name: "KiosqueCore", targets: ["KiosqueCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // HMAC-SHA256 of many short values at once in SIMD lanes (AVX-512, AVX2), for pseudonyms.
        .target(name: "CHashLanes"),
        // sync_file_range, which Swift's Glibc module does not export (it needs _GNU_SOURCE).
        .target(name: "CFileHints"),
        // Header-only: the first byte of a class in a cell, 16 bytes at a time (SSE2), for the CSV reader and writers.
        .target(name: "CByteScan"),
        .target(
            name: "KiosqueCore",
            dependencies: [
                "CCurl",
                "CZlib",
                "CHashLanes",
                "CFileHints",
                "CByteScan",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "kiosque",
            dependencies: [
                "KiosqueCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // The fuzzing harness: built for real only by `make fuzz`, with -sanitize=fuzzer -DFUZZING.
        .executableTarget(
            name: "KiosqueFuzz",
            dependencies: ["KiosqueCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KiosqueTests",
            dependencies: ["KiosqueCore", "kiosque", .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["Fixtures", "Support/http_server.py", "Support/browser_check.py", "Support/ftp_server.py"],
            swiftSettings: swiftSettings
        ),
    ]
)
