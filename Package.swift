// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "whereabouts",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "whereabouts", targets: ["whereabouts"]),
        .executable(name: "whereabouts-bench", targets: ["whereabouts-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.17.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
    ],
    targets: [
        .target(
            name: "WhereaboutsCore",
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .target(
            name: "WhereaboutsSecurity",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
            ],
            exclude: ["Resources/COMMON-PASSWORDS-NOTICE.md"],
            resources: [.copy("Resources/common-passwords.txt")],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .target(
            name: "WhereaboutsEvidence",
            dependencies: ["WhereaboutsSecurity", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .target(
            name: "WhereaboutsCyber",
            dependencies: ["WhereaboutsCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .target(
            name: "WhereaboutsNames",
            exclude: ["Resources/HAN-READINGS-NOTICE.md"],
            resources: [.copy("Resources/han-readings.tsv")],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .target(
            name: "WhereaboutsDocuments",
            dependencies: ["CZlib"],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .target(
            name: "WhereaboutsLinkage",
            dependencies: [
                "WhereaboutsCore", "WhereaboutsNames", .product(name: "CSV", package: "CSV.swift"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        /// Starting a file's write-back to disk without waiting (decision 0035).
        .target(name: "CFileWriteback"),
        /// Inflating a ZIP entry with the system's zlib (XLSX exports, decision 0036).
        .target(name: "CZlib", linkerSettings: [.linkedLibrary("z")]),
        .target(
            name: "WhereaboutsStore",
            dependencies: [
                "WhereaboutsDocuments",
                "WhereaboutsCore",
                "WhereaboutsSecurity",
                "WhereaboutsNames",
                "WhereaboutsEvidence",
                "CFileWriteback",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CSV", package: "CSV.swift"),
            ],
            exclude: ["Resources/HURIDOCS-NOTICE.md"],
            resources: [
                .copy("Resources/huridocs_microthesauri.csv"), .copy("Resources/huridocs_labels_ko_ja.csv"),
            ]
        ),
        .target(
            name: "WhereaboutsEstimation",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .target(
            name: "WhereaboutsOperations",
            dependencies: [
                "WhereaboutsCore", "WhereaboutsStore", "WhereaboutsSecurity", "WhereaboutsEvidence",
                "WhereaboutsDocuments",
                "WhereaboutsLinkage", "WhereaboutsEstimation", "WhereaboutsCyber",
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .target(
            name: "WhereaboutsServer",
            dependencies: [
                "WhereaboutsDocuments",
                "WhereaboutsCore",
                "WhereaboutsStore",
                "WhereaboutsOperations",
                "WhereaboutsSecurity",
                "WhereaboutsEvidence",
                "WhereaboutsEstimation",
                "WhereaboutsCyber",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [
                .copy("Web/Resources/strings-en.json"), .copy("Web/Resources/strings-ko.json"),
                .copy("Web/Resources/strings-ja.json"),
                .copy("Web/Resources/form-strings-en.json"), .copy("Web/Resources/form-strings-ko.json"),
                .copy("Web/Resources/form-strings-ja.json"),
            ]
        ),
        .target(
            name: "WhereaboutsTestSupport",
            dependencies: [
                "WhereaboutsStore",
                "WhereaboutsSecurity",
                "WhereaboutsEvidence",
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "whereabouts",
            dependencies: [
                "WhereaboutsCore",
                "WhereaboutsStore",
                "WhereaboutsOperations",
                "WhereaboutsServer",
                "WhereaboutsSecurity",
                "WhereaboutsDemo",
                "WhereaboutsLinkage",
                "WhereaboutsEvidence",
                "WhereaboutsDocuments",
                "WhereaboutsEstimation",
                "WhereaboutsCyber",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "WhereaboutsDemo",
            dependencies: ["WhereaboutsCore"]
        ),
        .executableTarget(
            name: "whereabouts-bench",
            dependencies: [
                "WhereaboutsCore",
                "WhereaboutsStore",
                "WhereaboutsOperations",
                "WhereaboutsEvidence",
                "WhereaboutsSecurity",
                "WhereaboutsDemo",
                "whereabouts",
                "WhereaboutsLinkage",
                "WhereaboutsEstimation",
                "WhereaboutsTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "WhereaboutsCoreTests",
            dependencies: [
                "WhereaboutsCore",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "WhereaboutsNamesTests",
            dependencies: [
                "WhereaboutsNames",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "WhereaboutsLinkageTests",
            dependencies: [
                "WhereaboutsLinkage", "WhereaboutsNames", "WhereaboutsDemo", "WhereaboutsCore",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "WhereaboutsEstimationTests",
            dependencies: ["WhereaboutsEstimation", "WhereaboutsLinkage"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "WhereaboutsEvidenceTests",
            dependencies: ["WhereaboutsEvidence", "WhereaboutsSecurity"]
        ),
        .testTarget(
            name: "WhereaboutsDocumentsTests",
            dependencies: ["WhereaboutsDocuments"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "WhereaboutsCyberTests",
            dependencies: ["WhereaboutsCyber", "WhereaboutsCore"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "WhereaboutsSecurityTests",
            dependencies: ["WhereaboutsSecurity"]
        ),
        .testTarget(
            name: "WhereaboutsStoreTests",
            dependencies: [
                "WhereaboutsDocuments",
                "WhereaboutsCore", "WhereaboutsStore", "WhereaboutsDemo", "WhereaboutsSecurity",
                "WhereaboutsTestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "CSV", package: "CSV.swift"), .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "WhereaboutsOperationsTests",
            dependencies: [
                "WhereaboutsOperations", "WhereaboutsStore", "WhereaboutsCore", "WhereaboutsSecurity",
                "WhereaboutsTestSupport", "WhereaboutsEvidence", "WhereaboutsEstimation",
            ]
        ),
        .testTarget(
            name: "WhereaboutsCLITests",
            dependencies: [
                "whereabouts",
                "WhereaboutsEvidence",
                "WhereaboutsStore",
                "WhereaboutsSecurity",
                "WhereaboutsTestSupport",
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),
        .testTarget(
            name: "WhereaboutsServerTests",
            dependencies: [
                "WhereaboutsDocuments",
                "WhereaboutsCore",
                "WhereaboutsStore",
                "WhereaboutsServer",
                "WhereaboutsSecurity",
                "WhereaboutsTestSupport",
                "WhereaboutsLinkage",
                "WhereaboutsEvidence",
                "WhereaboutsOperations",
                "WhereaboutsEstimation",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
    ]
)
