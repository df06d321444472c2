// swift-tools-version:6.0
import PackageDescription

// The libFuzzer targets, kept out of the main package so `swift build` there never sees them.
// Build and run them with `scripts/fuzz.sh` (it adds `-sanitize=fuzzer,address`, which must reach
// the library's code too, and links the fuzzer's own `main`).
let package = Package(
    name: "TripletForgeFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "TripletForge", path: "..")],
    targets: [
        .executableTarget(
            name: "tf-fuzz",
            dependencies: [.product(name: "TripletForge", package: "TripletForge")],
            // No `main` of its own: libFuzzer's calls `LLVMFuzzerTestOneInput`.
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ]
)
