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
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // `swift package generate-documentation` for the library's DocC catalog (scripts/docs.sh).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // The system SQLite, through its C API (Debian: libsqlite3-dev).
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // gzip members: ISA-L's igzip when its library loads at run time (Debian: libisal-dev), else zlib.
        .target(name: "CDeflate", linkerSettings: [.linkedLibrary("z"), .linkedLibrary("dl")]),
        // gunzip of multi-member files with zlib, for `validate`.
        .target(name: "CInflate", linkerSettings: [.linkedLibrary("z")]),
        // Linux's atomic directory exchange (renameat2), which Swift's Glibc module does not expose.
        .target(name: "CAtomicRename"),
        // libpq's C API for `--db postgresql://…` (Debian: libpq-dev to build, libpq5 to run): a
        // blocking client with no event loop, loaded with dlopen on first use, so SQLite-only runs
        // neither link nor load it.
        .target(name: "CLibPQ", linkerSettings: [.linkedLibrary("dl")]),
        .target(
            name: "TripletForge",
            dependencies: [
                "CSQLite", "CLibPQ", "CDeflate", "CInflate", "CAtomicRename",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .executableTarget(
            name: "tripletforge",
            dependencies: [
                "TripletForge",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // The CLI's messages and progress lines; the library never logs or prints.
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "tripletforge-gen",
            dependencies: ["CSQLite", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "TripletForgeTests", dependencies: ["TripletForge", "CSQLite", "CLibPQ"]),
    ]
)
