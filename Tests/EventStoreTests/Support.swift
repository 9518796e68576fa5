import AimakApp
import EventLog
import Foundation
import GRDB
import Law
import LegalData
import Logging
import PostgresEventStore
import PostgresNIO
import Procedures
import SQLiteEventStore
import Territory
import Testing
import WorkingDays

/// The stores the suite runs against: SQLite always, PostgreSQL when `AIMAK_TEST_POSTGRES`
/// holds an address (`.ci/run` sets it after starting the machine's PostgreSQL).
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres
    var testDescription: String { rawValue }

    static let postgresURL: String? = ProcessInfo.processInfo.environment["AIMAK_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    static let available: [StoreKind] = postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    static let skipNote: Comment = "AIMAK_TEST_POSTGRES is not set: the PostgreSQL runs of the event-store suite were SKIPPED (set it to postgres://user:password@localhost/db to run them)"
}

/// A fresh, empty log for one test: a new SQLite file, or a new PostgreSQL schema.
struct TestLog {
    let kind: StoreKind
    /// What `--database` takes.
    let address: String
    let folder: URL

    init(_ kind: StoreKind) {
        self.kind = kind
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("aimak-store-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        switch kind {
        case .sqlite: address = folder.appendingPathComponent("log.sqlite").path
        case .postgres:
            let base = StoreKind.postgresURL!
            let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
            address = base + (base.contains("?") ? "&" : "?") + "schema=\(schema)"
        }
    }

    func open() async throws -> any EventStore {
        switch kind {
        case .sqlite: try SQLiteEventStore(path: address)
        case .postgres: try await PostgresEventStore(url: address)
        }
    }

    var schema: String? { kind == .postgres ? String(address.split(separator: "=").last!) : nil }

    /// Runs each statement whole, in order, outside the store (PostgreSQL: in the log's schema,
    /// created if missing).
    func raw(statements: [String]) async throws {
        switch kind {
        case .sqlite:
            let queue = try DatabaseQueue(path: address)
            try await queue.write { db in for sql in statements { try db.execute(sql: sql) } }
            try queue.close()
        case .postgres:
            try await PG.execute(statements: ["CREATE SCHEMA IF NOT EXISTS \(schema!)", "SET search_path TO \(schema!)"] + statements)
        }
    }

    /// Each statement, run outside the store, is refused by the log's append-only triggers.
    func expectRefusedAsAppendOnly(_ statements: [String], sourceLocation: SourceLocation = #_sourceLocation) async {
        for sql in statements {
            do {
                try await raw(sql)
                Issue.record("the database accepted: \(sql)", sourceLocation: sourceLocation)
            } catch {
                #expect(String(reflecting: error).contains("append-only"), "\(String(reflecting: error))", sourceLocation: sourceLocation)
            }
        }
    }

    /// Runs SQL outside the store, as another program (or a careless administrator) would.
    func raw(_ sql: String) async throws {
        switch kind {
        case .sqlite:
            let queue = try DatabaseQueue(path: address)
            try await queue.write { db in try db.execute(sql: sql) }
            try queue.close()
        case .postgres:
            try await PG.execute("SET search_path TO \(schema!); " + sql)
        }
    }
}

enum PG {
    static func settings() throws -> PostgresSettings { try PostgresSettings(url: StoreKind.postgresURL!) }

    static func execute(_ sql: String) async throws {
        let s = try settings()
        let conn = try await PostgresConnection.connect(
            configuration: .init(host: s.host, port: s.port, username: s.user, password: s.password, database: s.database, tls: .disable),
            id: 99, logger: Logger(label: "test"))
        defer { Task { try? await conn.close() } }
        for statement in sql.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) where !statement.isEmpty {
            try await conn.query(PostgresQuery(unsafeSQL: statement), logger: Logger(label: "test"))
        }
    }

    /// Each statement whole, in order, on one connection (for statements holding `;`, as a
    /// function's body does).
    static func execute(statements: [String]) async throws {
        let s = try settings()
        let conn = try await PostgresConnection.connect(
            configuration: .init(host: s.host, port: s.port, username: s.user, password: s.password, database: s.database, tls: .disable),
            id: 99, logger: Logger(label: "test"))
        defer { Task { try? await conn.close() } }
        for statement in statements {
            try await conn.query(PostgresQuery(unsafeSQL: statement), logger: Logger(label: "test"))
        }
    }
}

/// The bundled law, calendar and registry.
enum World {
    // The bundled law as every face loads it (one loader, one process cache).
    static let law = try! LawLibrary.bundled()
    static let model = law.model
    static let calendar = law.calendar
    static let registry = law.registry
    static let context = ProcedureContext(model: model, calendar: calendar, registry: registry, asOf: Day(year: 2026, month: 11, day: 24)!)
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// The `aimak` executable SwiftPM built next to the test bundle (for tests that kill a process).
func aimakExecutable() throws -> URL {
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = dir.appendingPathComponent("aimak")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    let fallback = World.repository.appendingPathComponent(".build/debug/aimak")
    if FileManager.default.isExecutableFile(atPath: fallback.path) { return fallback }
    throw EventStoreError.invalid("the aimak executable was not found next to the tests (run `swift build` first)")
}

func event(_ type: String = "noted", _ n: Int = 0, key: String? = nil, author: String = "clerk") -> NewEvent {
    NewEvent(type: type, legalDate: Day(year: 2025, month: 3, day: 1)!, author: author,
             data: ["n": .int(Int64(n)), "name": .string("Асанов А. \"Ӊ\" ✓")], idempotencyKey: key)
}

func expectStoreError(_ check: (EventStoreError) -> Bool, sourceLocation: SourceLocation = #_sourceLocation,
                      _ body: () async throws -> Void) async {
    do {
        try await body()
        Issue.record("no error", sourceLocation: sourceLocation)
    } catch let e as EventStoreError {
        #expect(check(e), "\(e)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
    }
}
