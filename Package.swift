// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Aimak",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "aimak", targets: ["aimak"]),
        .library(name: "Law", targets: ["Law"]),
        .library(name: "Territory", targets: ["Territory"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.30.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    ],
    targets: [
        // The legal data files: what a jurist reads and edits. Bundled into the binary as resources.
        .target(
            name: "LegalData",
            path: "law",
            exclude: ["README.md", "glossary.md", "scenarios", "territory/README.md"],
            resources: [.copy("sources"), .copy("vocabulary.yaml"), .copy("interface.yaml"), .copy("territory/kg-territory.csv"), .copy("territory/kg-named-units.csv"),
                        .copy("calendar/kg-working-days.yaml")],
            plugins: ["CompileLaw"]
        ),
        // The law read once, at build time: the data files checked and compiled into `law.aimakdata`,
        // which a process loads without parsing YAML (see `CompiledData`).
        .executableTarget(name: "aimak-compile-law", dependencies: ["Law", "Territory"], path: "Sources/AimakLawCompiler"),
        .plugin(name: "CompileLaw", capability: .buildTool(), dependencies: ["aimak-compile-law"]),
        // Pure domain: sources, statements, resolution at a date, diff, explanation, principle checks.
        // Civil dates and the working-day calendar of the Kyrgyz Republic (pure; the data file is read by Law).
        .target(name: "WorkingDays"),
        .target(name: "Law", dependencies: ["WorkingDays", .product(name: "Yams", package: "Yams")]),
        // The administrative-territorial registry: units with their history, search, and the bodies
        // that govern each unit on a date (from the legal model).
        .target(name: "Territory", dependencies: ["Law", "WorkingDays"]),
        // Procedures between the bodies (akim appointment, oversight of acts, reports, coordination):
        // events in, state, next steps, deadlines and explanation out, by the law at the procedure's date.
        .target(name: "Procedures", dependencies: ["Law", "Territory", "WorkingDays"]),
        // The append-only event log: events, streams, expected versions, idempotency keys, the
        // portable backup format and the schema (pure; the stores below implement it).
        .target(name: "EventLog", dependencies: ["WorkingDays"]),
        // The embedded default store: one SQLite file (GRDB), WAL, durable commits.
        .target(name: "SQLiteEventStore", dependencies: [
            "EventLog", "WorkingDays", .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift", condition: .when(platforms: [.linux])),
        ]),
        // The shared store for several servers: PostgreSQL (postgres-nio), LISTEN/NOTIFY.
        .target(name: "PostgresEventStore", dependencies: [
            "EventLog", .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
        ]),
        // Procedures kept in the event log: records as streams, derived state rebuilt and kept current.
        .target(name: "ProcedureLog", dependencies: ["EventLog", "Procedures", "Law", "Territory", "WorkingDays"]),
        // The application layer shared by the command line, the HTTP API and the pages: the use cases
        // of Aimak as plain functions over an injected environment (law, clock, store), answering
        // Codable transfer types, and the one source of wording in three languages.
        .target(name: "AimakApp", dependencies: [
            "Law", "LegalData", "Territory", "Procedures", "EventLog", "SQLiteEventStore", "PostgresEventStore",
            "ProcedureLog", "WorkingDays",
            .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The web pages: the answers of the application layer as HTML and SVG (Mustache templates),
        // in Kyrgyz, Russian and English. Pure rendering: no HTTP, no store.
        .target(name: "AimakPages", dependencies: [
            "AimakApp", "Law", "LegalData", "Territory", "Procedures", "WorkingDays",
            .product(name: "Mustache", package: "swift-mustache"),
        ], resources: [.copy("Templates")]),
        // The HTTP face: routing, problem+json, accounts, roles and tokens, metrics (Hummingbird 2).
        .target(name: "AimakServer", dependencies: [
            "AimakApp", "AimakPages", "Law", "Territory", "Procedures", "EventLog", "ProcedureLog", "WorkingDays",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
        ], resources: [.copy("openapi.yaml")]),
        // The command line as a library, so tests drive it in-process.
        .target(
            name: "AimakCLI",
            dependencies: [
                "AimakApp", "AimakServer", "AimakPages",
                "Law", "LegalData", "Territory", "Procedures", "EventLog", "SQLiteEventStore", "PostgresEventStore", "ProcedureLog",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "aimak", dependencies: ["AimakCLI"], linkerSettings: [
            // Nothing loads a symbol of the executable by name, and exporting its 50,000 symbols
            // (which the link arguments of --static-swift-stdlib ask for) costs every start: the
            // loader relocates against them and dladdr walks them (a cold `aimak --help` or `at`
            // about 1 ms faster and 1-2 MB smaller, measured in issue 14). Position independence
            // (ASLR) is kept on purpose: the same binary serves the API. Its 138,000 relative
            // relocations are packed (RELR: 3.3 MB of relocation records become 27 KB), so a start
            // no longer reads them all: peak RSS of a cold command about 2.5 MB lower, same speed
            // (issue 14). gold cannot pack them: the toolchain's lld links; glibc 2.36 runs it.
            .unsafeFlags(["-use-ld=lld", "-Xlinker", "--no-export-dynamic", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"],
                         .when(platforms: [.linux])),
            // Release builds take the C++ runtime from its static archive (Linker/static-libstdc++ says
            // why); they are meant to be built with --static-swift-stdlib, as the README's deployment and
            // benchmark builds are. A release build without it also gets the shared copy its Swift
            // runtime loads: two copies that share nothing but malloc, which works but saves nothing.
            // Debug builds keep the shared one only.
            .unsafeFlags(["-L", Context.packageDirectory + "/Linker/static-libstdc++"],
                         .when(platforms: [.linux], configuration: .release)),
        ]),
        .testTarget(name: "LawTests", dependencies: ["Law", "LegalData", "WorkingDays", "AimakApp"]),
        .testTarget(name: "AimakCLITests", dependencies: ["AimakCLI", "AimakApp", "EventLog", "Procedures", "ProcedureLog", "Law", "WorkingDays"], exclude: ["Hostile"]),
        .testTarget(name: "ProcedureTests", dependencies: ["Procedures", "Territory", "Law", "LegalData", "WorkingDays", "AimakApp"]),
        .testTarget(name: "EventStoreTests", dependencies: [
            "EventLog", "SQLiteEventStore", "PostgresEventStore", "ProcedureLog", "Procedures", "Law", "LegalData",
            "Territory", "WorkingDays", "AimakCLI", "AimakApp",
            .product(name: "GRDB", package: "GRDB.swift"), .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "ServerTests", dependencies: [
            "AimakServer", "AimakApp", "AimakPages", "AimakCLI", "EventLog", "Procedures", "Law",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        .testTarget(name: "TerritoryTests", dependencies: ["Territory", "Law", "LegalData", "WorkingDays", "AimakApp"],
                    resources: [.copy("Fixtures")]),
    ]
)
