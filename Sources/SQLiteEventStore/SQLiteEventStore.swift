import EventLog
import Foundation
import GRDB
import WorkingDays

/// The embedded event log: one SQLite file, WAL mode, every commit synced to disk.
///
/// Several processes may share the file (the CLI while `aimak serve` runs): writes take SQLite's
/// write lock at the start of the transaction (`BEGIN IMMEDIATE`) and wait up to 10 s for it.
public final class SQLiteEventStore: EventStore, @unchecked Sendable {
    public let location: String
    let pool: DatabasePool

    /// The file used when none is given: `$AIMAK_HOME/aimak.sqlite`, else
    /// `$XDG_DATA_HOME/aimak/aimak.sqlite`, else `~/.local/share/aimak/aimak.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let home = environment["AIMAK_HOME"], !home.isEmpty { return home + "/aimak.sqlite" }
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/aimak/aimak.sqlite" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share/aimak/aimak.sqlite"
    }

    /// Opens the log at `path`, creating the file (and its folder) on first use and applying
    /// pending migrations. Refuses a file that is not SQLite, another program's database, or a
    /// database written by a newer Aimak, without changing it.
    public init(path: String) throws {
        location = path
        let url = URL(fileURLWithPath: path)
        let fm = FileManager.default
        if fm.fileExists(atPath: path) {
            try Self.inspect(path)
        } else {
            do { try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true) } catch {
                throw EventStoreError.unavailable("cannot create the folder for \(path): \(error.localizedDescription)")
            }
        }
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            // FULL: in WAL mode, NORMAL may lose the last commits on power loss; an acknowledged
            // append must survive.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            try pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    try Self.migrate(db, path: path)
                    return .commit
                }
            }
        } catch {
            throw Self.translate(error, path: path, doing: "open")
        }
    }

    /// A read-only look at an existing file before anything writes to it.
    static func inspect(_ path: String) throws {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(10)
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            defer { try? queue.close() }
            try queue.read { db in
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
                if tables.isEmpty { return }
                guard tables.contains("aimak_schema"), tables.contains("aimak_events") else {
                    throw EventStoreError.notAnAimakDatabase(
                        "\(path) is a SQLite database of another program (tables: \(tables.prefix(5).joined(separator: ", "))), not an Aimak event log; nothing was changed")
                }
                let found = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM aimak_schema") ?? 0
                if found > EventLogSchema.version {
                    throw EventStoreError.newerSchema(location: path, found: found, known: EventLogSchema.version)
                }
            }
        } catch {
            throw translate(error, path: path, doing: "open")
        }
    }

    /// Migration 1 and any later ones, each recorded in `aimak_schema`.
    static let migrations: [Int: [String]] = [
        1: [
            """
            CREATE TABLE aimak_schema (
              version INTEGER PRIMARY KEY,
              description TEXT NOT NULL,
              applied_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE aimak_events (
              position INTEGER PRIMARY KEY AUTOINCREMENT,
              stream TEXT NOT NULL,
              version INTEGER NOT NULL CHECK (version >= 1),
              type TEXT NOT NULL CHECK (type <> ''),
              legal_date TEXT NOT NULL CHECK (legal_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
              author TEXT NOT NULL,
              recorded_at TEXT NOT NULL,
              idempotency_key TEXT UNIQUE,
              data TEXT NOT NULL,
              UNIQUE (stream, version))
            """,
            // Events are never changed or removed: a correction is a new event.
            "CREATE TRIGGER aimak_events_no_update BEFORE UPDATE ON aimak_events BEGIN SELECT RAISE(ABORT, 'aimak_events is append-only: a correction is a new event'); END",
            "CREATE TRIGGER aimak_events_no_delete BEFORE DELETE ON aimak_events BEGIN SELECT RAISE(ABORT, 'aimak_events is append-only: a correction is a new event'); END",
        ],
        // Streams interned, idempotency keys apart (issue 14): the uniqueness an append relies on
        // is checked on two integers instead of a name and a number, and no index holds an entry
        // for every event without a key. Measured by Benchmarks/log-schemas.py: the database's
        // part of an append went from 0.73-0.75 of plain INSERTs to 0.97-0.99. The table is
        // rebuilt (SQLite cannot drop a column's UNIQUE), keeping every position, and the
        // position counter, so no position is ever given twice.
        2: [
            "CREATE TABLE aimak_streams (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
            // Ids in the order the streams began, as a stream created later gets a larger one.
            "INSERT INTO aimak_streams (name) SELECT stream FROM aimak_events GROUP BY stream ORDER BY MIN(position)",
            """
            CREATE TABLE aimak_events_2 (
              position INTEGER PRIMARY KEY AUTOINCREMENT,
              stream_id INTEGER NOT NULL,
              version INTEGER NOT NULL CHECK (version >= 1),
              type TEXT NOT NULL CHECK (type <> ''),
              legal_date TEXT NOT NULL CHECK (legal_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
              author TEXT NOT NULL,
              recorded_at TEXT NOT NULL,
              data TEXT NOT NULL,
              UNIQUE (stream_id, version))
            """,
            """
            INSERT INTO aimak_events_2 (position, stream_id, version, type, legal_date, author, recorded_at, data)
            SELECT e.position, s.id, e.version, e.type, e.legal_date, e.author, e.recorded_at, e.data
            FROM aimak_events e JOIN aimak_streams s ON s.name = e.stream ORDER BY e.position
            """,
            "CREATE TABLE aimak_idempotency_keys (position INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE)",
            "INSERT INTO aimak_idempotency_keys (position, key) SELECT position, idempotency_key FROM aimak_events WHERE idempotency_key IS NOT NULL",
            "DELETE FROM sqlite_sequence WHERE name = 'aimak_events_2'",
            "INSERT INTO sqlite_sequence (name, seq) SELECT 'aimak_events_2', seq FROM sqlite_sequence WHERE name = 'aimak_events'",
            // Dropping a table drops its triggers first, so they do not fire.
            "DROP TABLE aimak_events",
            "ALTER TABLE aimak_events_2 RENAME TO aimak_events",
        ] + ["aimak_events", "aimak_streams", "aimak_idempotency_keys"].flatMap { table in
            ["UPDATE", "DELETE"].map { change in
                "CREATE TRIGGER \(table)_no_\(change.lowercased()) BEFORE \(change) ON \(table) BEGIN SELECT RAISE(ABORT, '\(table) is append-only: a correction is a new event'); END"
            }
        },
    ]

    static func migrate(_ db: Database, path: String) throws {
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        var current = 0
        if tables.contains("aimak_schema") {
            current = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM aimak_schema") ?? 0
        } else if !tables.isEmpty {
            throw EventStoreError.notAnAimakDatabase("\(path) is a SQLite database of another program, not an Aimak event log; nothing was changed")
        }
        if current > EventLogSchema.version {
            throw EventStoreError.newerSchema(location: path, found: current, known: EventLogSchema.version)
        }
        for version in (current + 1)...max(current + 1, EventLogSchema.version) where version <= EventLogSchema.version {
            for sql in migrations[version] ?? [] { try db.execute(sql: sql) }
            try db.execute(sql: "INSERT INTO aimak_schema (version, description, applied_at) VALUES (?, ?, ?)",
                           arguments: [version, EventLogSchema.migrations[version] ?? "", recordingTime()])
        }
    }

    // MARK: Appending

    public func append(_ events: [NewEvent], to stream: StreamID, expecting: ExpectedVersion) async throws -> AppendResult {
        do {
            return try await pool.writeWithoutTransaction { db in
                var result: AppendResult!
                try db.inTransaction(.immediate) {
                    result = try Self.append(events, to: stream, expecting: expecting, in: db)
                    return result.deduplicated ? .rollback : .commit
                }
                return result
            }
        } catch {
            throw Self.translate(error, path: location, doing: "append to '\(stream)'")
        }
    }

    static func append(_ events: [NewEvent], to stream: StreamID, expecting: ExpectedVersion, in db: Database) throws -> AppendResult {
        // Prepared once per connection and reused: compiling the SQL cost more than running it.
        let streamID = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM aimak_streams WHERE name = ?"), arguments: [stream.rawValue])
        let current = try streamID.flatMap { id in
            try Int.fetchOne(db.cachedStatement(sql: "SELECT MAX(version) FROM aimak_events WHERE stream_id = ?"), arguments: [id])
        } ?? 0
        var stored: [RecordedEvent] = []
        let keys = events.compactMap(\.idempotencyKey)
        if !keys.isEmpty {
            let byKey = try db.cachedStatement(sql: "\(select) WHERE k.key = ?")
            for key in keys {
                if let row = try Row.fetchOne(byKey, arguments: [key]) { stored.append(try event(row)) }
            }
        }
        switch try AppendDecision.decide(events, to: stream, expecting: expecting, current: current, stored: stored) {
        case .duplicate(let earlier):
            return AppendResult(events: earlier, deduplicated: true)
        case .write(let first):
            let id: Int64
            if let streamID { id = streamID } else {
                try db.cachedStatement(sql: "INSERT INTO aimak_streams (name) VALUES (?)").execute(arguments: [stream.rawValue])
                id = db.lastInsertedRowID
            }
            let now = recordingTime()
            var out: [RecordedEvent] = []
            out.reserveCapacity(events.count)
            let insert = try EventInsert(db)
            for (i, e) in events.enumerated() {
                let data = e.dataText
                let position = try insert(stream: id, version: first + i, type: e.type, legalDate: e.legalDate.description, author: e.author,
                                          recordedAt: now, data: data)
                if let key = e.idempotencyKey {
                    try db.cachedStatement(sql: "INSERT INTO aimak_idempotency_keys (position, key) VALUES (?, ?)").execute(arguments: [position, key])
                }
                out.append(RecordedEvent(position: position, stream: stream, version: first + i, type: e.type,
                                         legalDate: e.legalDate, author: e.author, recordedAt: now, idempotencyKey: e.idempotencyKey, dataText: data))
            }
            return AppendResult(events: out, deduplicated: false)
        }
    }

    // MARK: Reading

    /// Every column of an event, its stream's name and its key joined in, in the order
    /// ``event(_:)`` and ``EventRows`` read them.
    static let select = """
        SELECT e.position, s.name, e.version, e.type, e.legal_date, e.author, e.recorded_at, k.key, e.data
        FROM aimak_events e JOIN aimak_streams s ON s.id = e.stream_id LEFT JOIN aimak_idempotency_keys k ON k.position = e.position
        """

    static func event(_ row: Row) throws -> RecordedEvent {
        let dateText: String = row[4]
        guard let day = Day(iso: dateText) else { throw EventStoreError.corrupt("event \(row[0] as Int64): legal date '\(dateText)'") }
        return RecordedEvent(position: row[0], stream: StreamID(unchecked: row[1]), version: row[2], type: row[3], legalDate: day,
                             author: row[5], recordedAt: row[6], idempotencyKey: row[7], dataText: row[8])
    }

    public func events(in stream: StreamID, after version: Int) async throws -> [RecordedEvent] {
        try await read("read '\(stream)'") { db in
            try Row.fetchAll(db, sql: "\(Self.select) WHERE s.name = ? AND e.version > ? ORDER BY e.version",
                             arguments: [stream.rawValue, version]).map(Self.event)
        }
    }

    public func heads() async throws -> [StreamID: Int] {
        try await read("read the streams") { db in
            var out: [StreamID: Int] = [:]
            // A stream's row is written with its first event, in the same transaction.
            for row in try Row.fetchAll(db, sql: "SELECT s.name, (SELECT MAX(version) FROM aimak_events WHERE stream_id = s.id) FROM aimak_streams s") {
                out[StreamID(unchecked: row[0])] = row[1]
            }
            return out
        }
    }

    public func count() async throws -> Int {
        try await read("count the events") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM aimak_events") ?? 0 }
    }

    public func schemaVersion() async throws -> Int {
        try await read("read the schema version") { db in try Int.fetchOne(db, sql: "SELECT MAX(version) FROM aimak_schema") ?? 0 }
    }

    public func scan(batchSize: Int, _ body: ([RecordedEvent]) throws -> Void) async throws {
        do {
            try readSync { db in
                var batch: [RecordedEvent] = []
                batch.reserveCapacity(batchSize)
                try EventRows(db, sql: "\(Self.select) ORDER BY e.position").forEach { e in
                    batch.append(e)
                    if batch.count == batchSize { try body(batch); batch.removeAll(keepingCapacity: true) }
                }
                if !batch.isEmpty { try body(batch) }
            }
        } catch {
            throw Self.translate(error, path: location, doing: "read the log")
        }
    }

    public func scanStreams(_ body: (StreamID, [RecordedEvent]) throws -> Void) async throws {
        do {
            try readSync { db in
                // Streams in the order they began; the (stream_id, version) index gives each one's
                // events in order without sorting.
                var current: [RecordedEvent] = []
                try EventRows(db, sql: "\(Self.select) ORDER BY e.stream_id, e.version").forEach { e in
                    if let last = current.last, last.stream != e.stream { try body(last.stream, current); current.removeAll(keepingCapacity: true) }
                    current.append(e)
                }
                if let last = current.last { try body(last.stream, current) }
            }
        } catch {
            throw Self.translate(error, path: location, doing: "read the log")
        }
    }

    /// GRDB's blocking calls, for closures that are not Sendable (cursors handed to the caller).
    private func readSync<T>(_ body: (Database) throws -> T) throws -> T { try pool.read(body) }
    private func writeSync<T>(_ body: (Database) throws -> T) throws -> T { try pool.writeWithoutTransaction(body) }

    func read<T: Sendable>(_ doing: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do { return try await pool.read(body) } catch { throw Self.translate(error, path: location, doing: doing) }
    }

    // MARK: Restore

    public func restore(_ next: () throws -> [RecordedEvent]?) async throws {
        do {
            try writeSync { db in
                try db.inTransaction(.immediate) {
                    let existing = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM aimak_events") ?? 0
                    guard existing == 0 else {
                        throw EventStoreError.notEmpty("\(self.location) already holds \(existing) events: restore goes into an empty log only (nothing was restored)")
                    }
                    let insert = try db.cachedStatement(sql: """
                        INSERT INTO aimak_events (position, stream_id, version, type, legal_date, author, recorded_at, data)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                    let newStream = try db.cachedStatement(sql: "INSERT INTO aimak_streams (name) VALUES (?)")
                    let newKey = try db.cachedStatement(sql: "INSERT INTO aimak_idempotency_keys (position, key) VALUES (?, ?)")
                    // Streams get their ids in the order they first appear, as they did when appended.
                    var ids: [StreamID: Int64] = [:]
                    while let batch = try next() {
                        for e in batch {
                            let id: Int64
                            if let known = ids[e.stream] { id = known } else {
                                try newStream.execute(arguments: [e.stream.rawValue])
                                id = db.lastInsertedRowID
                                ids[e.stream] = id
                            }
                            try insert.execute(arguments: [e.position, id, e.version, e.type, e.legalDate.description, e.author, e.recordedAt, e.dataText])
                            if let key = e.idempotencyKey { try newKey.execute(arguments: [e.position, key]) }
                        }
                    }
                    return .commit
                }
            }
        } catch {
            throw Self.translate(error, path: location, doing: "restore")
        }
    }

    // MARK: Changes

    /// SQLite has no notifications between processes: the log is polled (every 200 ms) for
    /// events after the last position seen.
    public func changes() -> AsyncStream<LogChange> {
        let pool = self.pool
        return AsyncStream { continuation in
            let task = Task {
                var last = (try? await pool.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(position) FROM aimak_events") ?? 0 }) ?? 0
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(200))
                    let seen = last
                    guard let rows = try? await pool.read({ db -> [(String, Int64)] in
                        // NOT INDEXED: read only the events after `seen` by position (left to
                        // itself, SQLite walked the whole (stream_id, version) index every poll).
                        try Row.fetchAll(db, sql: """
                            SELECT s.name, m.p FROM (SELECT stream_id, MAX(position) AS p FROM aimak_events NOT INDEXED WHERE position > ? GROUP BY stream_id) AS m
                            JOIN aimak_streams s ON s.id = m.stream_id
                            """, arguments: [seen])
                            .map { ($0[0], $0[1]) }
                    }) else { continue }
                    for (stream, position) in rows {
                        continuation.yield(.appended(StreamID(unchecked: stream)))
                        last = max(last, position)
                    }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    public func close() async {
        try? pool.close()
    }

    // MARK: Errors

    /// SQLite's result codes as messages that say where and what, and that nothing was written.
    static func translate(_ error: any Error, path: String, doing: String) -> any Error {
        if error is EventStoreError { return error }
        guard let db = error as? DatabaseError else { return error }
        switch db.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return EventStoreError.notAnAimakDatabase("\(path) is not an Aimak event log: it is not a SQLite database, or it is corrupted (\(db.message ?? "")); nothing was changed")
        case .SQLITE_FULL:
            return EventStoreError.unavailable("\(path): the disk is full, could not \(doing); nothing was written. Free some space and retry")
        case .SQLITE_READONLY:
            return EventStoreError.unavailable("\(path) is read-only, could not \(doing); nothing was written")
        case .SQLITE_CANTOPEN:
            return EventStoreError.unavailable("cannot open \(path) to \(doing): check that the folder exists and is writable")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return EventStoreError.unavailable("\(path) is locked by another process (waited 10 s), could not \(doing); nothing was written")
        case .SQLITE_IOERR:
            return EventStoreError.unavailable("\(path): a disk error, could not \(doing) (\(db.message ?? "")); nothing was written")
        case .SQLITE_CONSTRAINT:
            return EventStoreError.invalid("\(path): the log refused the write (\(db.message ?? "constraint")); nothing was written")
        default:
            return EventStoreError.unavailable("\(path): could not \(doing): \(db.message ?? "\(db)")")
        }
    }
}

extension SQLiteEventStore {
    /// For the benchmark: the same rows as plain INSERTs into a scratch table of the same shape
    /// (no version check, no idempotency lookup), one commit per row or one for all. With
    /// `indexed`, the table has the two unique indexes of the log's first schema ((stream name,
    /// version) and the idempotency key as a column): the shape schema 2 replaced, measured in the
    /// same run.
    public func plainInserts(_ rows: [NewEvent], stream: StreamID, oneTransaction: Bool, indexed: Bool = false, firstVersion: Int = 1) throws {
        try pool.writeWithoutTransaction { db in
            try Self.insertPlain(rows, stream: stream, into: indexed ? "aimak_bench_indexed" : "aimak_bench_plain", firstVersion: firstVersion,
                                 oneTransaction: oneTransaction, in: db)
        }
    }

    /// The same plain INSERTs in one transaction, through GRDB's asynchronous write as
    /// ``append(_:to:expecting:)`` is: the caller's task waits while the writer's queue runs them,
    /// so a server's threads never block on the disk. The benchmark times both ways, to tell the
    /// log's own work from that hop.
    public func queuedPlainInserts(_ rows: [NewEvent], stream: StreamID, firstVersion: Int) async throws {
        try await pool.writeWithoutTransaction { db in
            try Self.insertPlain(rows, stream: stream, into: "aimak_bench_plain", firstVersion: firstVersion, oneTransaction: true, in: db)
        }
    }

    static func insertPlain(_ rows: [NewEvent], stream: StreamID, into table: String, firstVersion: Int, oneTransaction: Bool, in db: Database) throws {
        let insert = try db.cachedStatement(sql: "INSERT INTO \(table) (stream, version, type, legal_date, author, recorded_at, idempotency_key, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        let now = recordingTime()
        func run() throws {
            for (i, e) in rows.enumerated() {
                try insert.execute(arguments: [stream.rawValue, firstVersion + i, e.type, e.legalDate.description, e.author, now, e.idempotencyKey, e.dataText])
            }
        }
        if oneTransaction { try db.inTransaction { try run(); return .commit } } else { try run() }
    }

    /// The scratch tables, made before anything is timed (so no INSERT pays for them).
    public func createBenchmarkTables() throws {
        try pool.writeWithoutTransaction { db in
            for indexed in [false, true] {
                let table = indexed ? "aimak_bench_indexed" : "aimak_bench_plain"
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS \(table) (position INTEGER PRIMARY KEY AUTOINCREMENT, stream TEXT NOT NULL, version INTEGER NOT NULL, type TEXT NOT NULL, legal_date TEXT NOT NULL, author TEXT NOT NULL, recorded_at TEXT NOT NULL, idempotency_key TEXT\(indexed ? " UNIQUE" : ""), data TEXT NOT NULL\(indexed ? ", UNIQUE (stream, version)" : ""))")
            }
        }
    }

    public func dropBenchmarkTable() throws {
        try pool.writeWithoutTransaction { db in try db.execute(sql: "DROP TABLE IF EXISTS aimak_bench_plain; DROP TABLE IF EXISTS aimak_bench_indexed") }
    }
}
