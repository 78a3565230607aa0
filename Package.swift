// swift-tools-version:6.0
import PackageDescription

// The runtime is numeric code: without optimisation it is 10-50x slower, and without
// overflow checks its loops vectorise (see ../shared/NOTES.md). -Ounchecked applies to
// release builds only, which `make test` and `make run` use. -fno-math-errno: Swift's
// `squareRoot()` goes through a C shim that glibc's errno rules turn into sqrtss plus a call
// to sqrtf for negative inputs, per lane, which keeps Adam's SIMD8 update from vectorising
// (16 instructions per element instead of 7; measured with callgrind, Benchmarks/RESULTS.md).
let runtimeSettings: [SwiftSetting] = [
    .unsafeFlags(["-Ounchecked", "-wmo", "-Xcc", "-fno-math-errno"], .when(configuration: .release)),
]

let package = Package(
    name: "attn",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "attn", targets: ["attn"]),
        .executable(name: "attn-render", targets: ["attn-render"]),
        .executable(name: "attn-kernel", targets: ["attn-kernel"]),
        .library(name: "TensorRuntime", targets: ["TensorRuntime"]),
        .library(name: "AttnLang", targets: ["AttnLang"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CEditline", path: "Sources/CEditline", pkgConfig: "libedit",
                       providers: [.apt(["libedit-dev"])]),
        .systemLibrary(name: "CZMQ", path: "Sources/CZMQ", pkgConfig: "libzmq",
                       providers: [.apt(["libzmq3-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        // ICU for Unicode normalisation (normalize); its API is reached through static inline
        // wrappers in the shim header (see the header).
        .systemLibrary(name: "CICU", path: "Sources/CICU", pkgConfig: "icu-uc",
                       providers: [.apt(["libicu-dev"])]),
        // Small-product kernels in C: per-ISA variants (AVX-512, AVX2+FMA, baseline) picked by
        // cpuid at first use, which Swift cannot express for one function.
        .target(name: "CKernels", path: "Sources/CKernels",
                // DWARF 4: valgrind 3.19 (Benchmarks/profile.sh) cannot read the newer default.
                cSettings: [.unsafeFlags(["-O3", "-gdwarf-4"], .when(configuration: .release))]),
        .target(name: "TensorRuntime", dependencies: ["CBLAS", "CZlib", "CKernels"],
                swiftSettings: runtimeSettings),
        .target(name: "AttnLang", dependencies: ["TensorRuntime", "CICU"],
                swiftSettings: runtimeSettings),
        .target(name: "AttnRender", dependencies: ["AttnLang", "TensorRuntime", .product(name: "Ink", package: "Ink")]),
        .executableTarget(name: "attn", dependencies: [
            "AttnLang", "TensorRuntime", "CEditline",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .target(name: "TestSupport", dependencies: ["TensorRuntime"], path: "Tests/TestSupport"),
        .testTarget(name: "TensorRuntimeTests", dependencies: ["TensorRuntime", "TestSupport", "CKernels"],
                    resources: [.copy("Fixtures")]),
        // Fixtures/ is read through #filePath, not as a bundle resource.
        .testTarget(name: "AttnLangTests", dependencies: ["AttnLang", "TestSupport"],
                    exclude: ["Fixtures"], resources: [.copy("Golden")]),
        // A separate executable so that attn itself does not load Foundation (see its main.swift).
        .executableTarget(name: "attn-render", dependencies: [
            "AttnRender", "AttnLang",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The Jupyter kernel (`attn kernel`): ZeroMQ, HMAC and Foundation's JSON stay out of attn.
        // It is glue (sockets, JSON) around the optimised AttnLang, so it is built without
        // optimisation: Swift 6.3's loop-invariant code motion ran for over 10 minutes on it at -O.
        .executableTarget(name: "attn-kernel", dependencies: [
            "AttnLang", "CZMQ",
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: [.unsafeFlags(["-Onone"])]),
        .testTarget(name: "AttnRenderTests", dependencies: ["AttnRender", "AttnLang", "attn", "attn-render"]),
        .testTarget(name: "AttnCLITests", dependencies: ["attn", "AttnLang", "TestSupport"]),
    ],
    // Swift 5 mode: the runtime keeps process-wide settings (grad mode, generator, limits)
    // in globals, which Swift 6's strict checking would force behind locks on every op.
    swiftLanguageModes: [.v5]
)
