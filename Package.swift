// swift-tools-version: 6.1
import PackageDescription

// Layers, lowest first; a target only depends on targets above it in this list:
//   SLAModel      pure values (tickets, events, policies, instants)
//   SLAEngine     business calendars and lifecycle replay (pure, deterministic)
//   SLAImport     CSV/TSV/JSON readers and mappings into the model
//   SLAStore      SQLite schema, migrations, bulk upserts and queries (GRDB)
//   SLAReports    aggregation and the HTML / CSV / XLSX renderers
//   SLAOsTicketDatabase  pulls tickets and history from osTicket's MariaDB/MySQL database (Connector/C)
//   SLASynthetic  the deterministic synthetic help desk behind `slareport generate`
//   SLAPipeline   the pipeline as a library: import (files or an osTicket pull), recompute, report, the lock, progress
//   slareport     the thin command-line executable
// The importer's and the store's loops run in release builds without Swift's run-time checks of
// exclusive access (each access to a class's stored property registered and looked up: callgrind of
// a 10,000-ticket profile import, the writing thread 1,963M -> 1,910M instructions, the deriving
// thread 1,413M -> 1,374M). Debug builds, which the tests run, keep every check.
let hotLoopSettings: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "slareport",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "slareport", targets: ["slareport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .target(name: "SLAModel"),
        .target(name: "SLAEngine", dependencies: ["SLAModel"]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // SHA-256 of whole export files (`BackgroundChecksum`).
        .systemLibrary(name: "COpenSSL", providers: [.apt(["libssl-dev"])]),
        .target(name: "SLAImport", dependencies: ["SLAModel", "SLAEngine", "CZlib", "Yams"], swiftSettings: hotLoopSettings),
        .target(name: "SLAStore", dependencies: [
            "SLAModel", "SLAEngine",
            .product(name: "GRDB", package: "GRDB.swift"),
            // The bulk-insert loop binds values through SQLite's C API.
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
            "CSQLiteSetup", "CFileWriteback",
        ], swiftSettings: hotLoopSettings),
        .systemLibrary(name: "CXlsxWriter", providers: [.apt(["libxlsxwriter-dev"])]),
        // The deflate level of libxlsxwriter's packager (it has no option for it).
        .target(name: "CWorkbookDeflate", linkerSettings: [.linkedLibrary("dl")]),
        // SQLite's process-wide settings (sqlite3_config is variadic: Swift cannot call it).
        .target(name: "CSQLiteSetup", linkerSettings: [.linkedLibrary("sqlite3")]),
        // Starts the kernel's writeback of a file being built (sync_file_range needs _GNU_SOURCE).
        .target(name: "CFileWriteback"),
        .target(name: "SLAReports", dependencies: ["SLAModel", "SLAEngine", "CXlsxWriter", "CWorkbookDeflate", "CZlib"]),
        .systemLibrary(name: "CMariaDB", pkgConfig: "libmariadb", providers: [.apt(["libmariadb-dev"])]),
        // The two shipped queries (sample-data/osticket/*.sql, linked into SQL/) are compiled in: one text for
        // `mysql --batch` and for the direct reader.
        .target(name: "SLAOsTicketDatabase", dependencies: ["SLAModel", "SLAEngine", "SLAImport", "CMariaDB"],
                resources: [.embedInCode("SQL/export-tickets.sql"), .embedInCode("SQL/export-history.sql")]),
        .target(name: "SLASynthetic", dependencies: ["SLAModel", "SLAEngine"]),
        // glibc's mallopt (`LargeBlockRelease`): malloc.h is not in Swift's Glibc module.
        .systemLibrary(name: "CMalloc"),
        .target(name: "SLAPipeline", dependencies: [
            "SLAModel", "SLAEngine", "SLAImport", "SLAStore", "SLAReports", "SLAOsTicketDatabase", "COpenSSL", "CMalloc"]),
        .executableTarget(name: "slareport", dependencies: [
            "SLAModel", "SLAEngine", "SLAImport", "SLAStore", "SLAReports", "SLASynthetic", "SLAOsTicketDatabase",
            "SLAPipeline",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Test helpers shared by the test targets (scratch folders removed after each test); no product uses it.
        .target(name: "TestScratch", path: "Tests/TestScratch"),
        .testTarget(name: "SLAModelTests", dependencies: ["SLAModel"]),
        .testTarget(name: "SLAEngineTests", dependencies: ["SLAModel", "SLAEngine"]),
        .testTarget(name: "SLAImportTests", dependencies: ["TestScratch", "SLAModel", "SLAEngine", "SLAImport"],
                    resources: [.copy("Fixtures")]),
        // GRDB: a test builds a database as main's schema left it and checks that it migrates.
        .testTarget(name: "SLAStoreTests", dependencies: ["TestScratch", "SLAModel", "SLAEngine", "SLAImport", "SLAStore", "SLASynthetic",
                                                          .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "SLAReportsTests", dependencies: ["TestScratch", "SLAModel", "SLAEngine", "SLAReports", "CXlsxWriter", "CZlib"]),
        .testTarget(name: "SLAPipelineTests", dependencies: [
            "TestScratch", "SLAModel", "SLAEngine", "SLAImport", "SLAStore", "SLAReports", "SLAPipeline"]),
        // Runs the built executable as cron would: locks, exit codes, files, crashes.
        .testTarget(name: "slareportTests", dependencies: ["TestScratch", "slareport", "SLAStore", "SLAReports"]),
        .testTarget(name: "SLAOsTicketDatabaseTests", dependencies: ["TestScratch", "SLAModel", "SLAImport", "SLAOsTicketDatabase"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "SLASyntheticTests", dependencies: ["TestScratch", "SLAModel", "SLAEngine", "SLAImport", "SLASynthetic"]),
    ]
)
