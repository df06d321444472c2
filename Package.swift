// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "TripletForge",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "TripletForge", targets: ["TripletForge"]),
        .executable(name: "tripletforge", targets: ["tripletforge"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // The system SQLite and zlib, through their C APIs (Debian: libsqlite3-dev, zlib1g-dev).
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Linux's atomic directory exchange (renameat2), which Swift's Glibc module does not expose.
        .target(name: "CAtomicRename"),
        .target(
            name: "TripletForge",
            dependencies: [
                "CSQLite", "CZlib", "CAtomicRename",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .executableTarget(
            name: "tripletforge",
            dependencies: [
                "TripletForge",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "tripletforge-gen",
            dependencies: ["CSQLite", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "TripletForgeTests", dependencies: ["TripletForge", "CSQLite"]),
    ]
)
