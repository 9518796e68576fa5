import EventLog
import Foundation
import Logging
import PostgresNIO
import WorkingDays

extension PostgresCell {
    /// A TEXT column (UTF-8 in both formats); a NULL is corrupt here (the nullable column is read apart).
    func text() throws -> String {
        guard let bytes else { throw EventStoreError.corrupt("column \(columnName) is NULL") }
        return String(buffer: bytes)
    }

    /// An integer column: big-endian bytes in the binary format, digits in the text format.
    func integer() throws -> Int64 {
        guard let bytes else { throw EventStoreError.corrupt("column \(columnName) is NULL") }
        switch (format, bytes.readableBytes) {
        case (.binary, 8): return bytes.getInteger(at: bytes.readerIndex, as: Int64.self)!
        case (.binary, 4): return Int64(bytes.getInteger(at: bytes.readerIndex, as: Int32.self)!)
        case (.binary, 2): return Int64(bytes.getInteger(at: bytes.readerIndex, as: Int16.self)!)
        default:
            guard format == .text, let n = Int64(String(buffer: bytes)) else {
                throw EventStoreError.corrupt("column \(columnName) is not an integer (\(dataType))")
            }
            return n
        }
    }
}

extension PostgresCell {
    /// Calls `body` with each element of a one-dimensional array in the binary format, read in
    /// place (nil for a NULL element). Written by hand because postgres-nio decodes an array into
    /// values through its generic decoding, which the aggregated log scan would pay per event.
    func forEachElement(_ body: (UnsafeRawBufferPointer?) throws -> Void) throws {
        let corrupt = EventStoreError.corrupt("column \(columnName) is not a one-dimensional array in the binary format (\(dataType))")
        guard let bytes, format == .binary else { throw corrupt }
        try bytes.withUnsafeReadableBytes { raw in
            var at = 0
            func int32() throws -> Int {
                guard at + 4 <= raw.count else { throw corrupt }
                defer { at += 4 }
                return Int(Int32(bigEndian: raw.loadUnaligned(fromByteOffset: at, as: Int32.self)))
            }
            let dimensions = try int32()
            _ = try int32()  // has NULLs
            _ = try int32()  // element type
            if dimensions == 0 { return }
            guard dimensions == 1 else { throw corrupt }
            let count = try int32()
            guard count >= 0 else { throw corrupt }
            _ = try int32()  // lower bound
            for _ in 0..<count {
                let length = try int32()
                if length < 0 { try body(nil); continue }
                guard at + length <= raw.count else { throw corrupt }
                try body(UnsafeRawBufferPointer(rebasing: raw[at..<(at + length)]))
                at += length
            }
        }
    }
}

/// One row of the aggregated log scan: consecutive events of one stream, read column by column.
struct StreamChunk {
    let stream: String
    /// The stream's number, where the next page starts.
    let streamID: Int64
    var events: [RecordedEvent] = []
    var lastVersion: Int { events.last?.version ?? 0 }

    init(_ row: PostgresRow) throws {
        var cells = row.makeIterator()
        func next() throws -> PostgresCell {
            guard let cell = cells.next() else { throw EventStoreError.corrupt("a row of the log scan has too few columns") }
            return cell
        }
        stream = try next().text()
        func integers(_ cell: PostgresCell) throws -> [Int64] {
            var out: [Int64] = []
            try cell.forEachElement { e in
                switch e?.count {
                case 8: out.append(Int64(bigEndian: e!.loadUnaligned(as: Int64.self)))
                case 4: out.append(Int64(Int32(bigEndian: e!.loadUnaligned(as: Int32.self))))
                default: throw EventStoreError.corrupt("column \(cell.columnName) holds a NULL or a value that is not an integer")
                }
            }
            return out
        }
        func texts(_ cell: PostgresCell) throws -> [String?] {
            var out: [String?] = []
            try cell.forEachElement { e in out.append(e.map { String(decoding: $0, as: UTF8.self) }) }
            return out
        }
        let positions = try integers(try next()), versions = try integers(try next())
        let types = try texts(try next())
        var days: [Day?] = [], badDates: [Int: String] = [:]
        try next().forEachElement { e in
            let day = e.flatMap { Day(isoBytes: $0) }
            if day == nil { badDates[days.count] = e.map { String(decoding: $0, as: UTF8.self) } ?? "NULL" }
            days.append(day)
        }
        let authors = try texts(try next()), recorded = try texts(try next()), keys = try texts(try next()), data = try texts(try next())
        streamID = try next().integer()
        let n = positions.count
        guard [versions.count, types.count, days.count, authors.count, recorded.count, keys.count, data.count].allSatisfy({ $0 == n }) else {
            throw EventStoreError.corrupt("stream '\(stream)': the log scan's columns differ in length")
        }
        let id = StreamID(unchecked: stream)
        events.reserveCapacity(n)
        for i in 0..<n {
            guard let day = days[i] else { throw EventStoreError.corrupt("event \(positions[i]): legal date '\(badDates[i] ?? "")'") }
            guard let type = types[i], let author = authors[i], let at = recorded[i], let text = data[i] else {
                throw EventStoreError.corrupt("event \(positions[i]): a required column is NULL")
            }
            events.append(RecordedEvent(position: positions[i], stream: id, version: Int(versions[i]), type: type, legalDate: day,
                                        author: author, recordedAt: at, idempotencyKey: keys[i], dataText: text))
        }
        // Each array follows the ordered subquery; should a server ever aggregate otherwise, the
        // order is restored rather than trusted.
        if !zip(events, events.dropFirst()).allSatisfy({ $0.version < $1.version }) { events.sort { $0.version < $1.version } }
    }
}

/// The event log in PostgreSQL, for several servers sharing one database.
///
/// The same guarantees as the SQLite store. Concurrent appends to one stream are decided by the
/// unique (stream, version) index: the second writer's transaction fails and it gets a conflict.
/// Every commit sends `NOTIFY aimak_events, '<stream>'`, which the other servers LISTEN to.
public final class PostgresEventStore: EventStore, @unchecked Sendable {
    public let location: String
    let settings: PostgresSettings
    let client: PostgresClient
    let runTask: Task<Void, Never>
    let logger = Logger(label: "aimak.postgres")
    static let channel = "aimak_events"

    /// Connects to `url` (`postgres://user:password@host:port/database`), applies pending
    /// migrations, and refuses a database written by a newer Aimak.
    public init(url: String) async throws {
        settings = try PostgresSettings(url: url)
        location = settings.displayAddress
        var config = PostgresClient.Configuration(host: settings.host, port: settings.port, username: settings.user,
                                                  password: settings.password, database: settings.database, tls: .disable)
        config.options.connectTimeout = .seconds(5)
        // A server answers many requests at once; each holds a connection only for one statement
        // or one append's transaction.
        config.options.maximumConnections = 16
        if let schema = settings.schema { config.options.additionalStartupParameters = [("search_path", schema)] }
        let client = PostgresClient(configuration: config, backgroundLogger: Logger(label: "aimak.postgres.pool", factory: { _ in SwiftLogNoOpLogHandler() }))
        self.client = client
        runTask = Task { await client.run() }
        do {
            // The server must answer within 10 s; a migration then takes what it needs (schema 2
            // copies the events table: 3.1 s for a million events, measured), under an hour.
            _ = try await scalar("connect", "SELECT 0::int8")
            try await timed("migrate the log", seconds: 3600) {
                try await client.withTransaction(logger: self.logger) { conn in
                    try await Self.migrate(conn, location: self.location, schema: self.settings.schema)
                }
            }
        } catch {
            runTask.cancel()
            throw Self.translate(error, location: location, doing: "open the log")
        }
    }

    /// Runs `body`, failing with a clear error if the server does not answer within `seconds`.
    /// The pool keeps retrying a server that is down and a waiting request does not always stop
    /// when cancelled, so the caller is answered without waiting for it; the abandoned request is
    /// cancelled, and an append in it cannot commit without a connection.
    func timed<T: Sendable>(_ doing: String, seconds: Int = 10, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let location = self.location
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let once = Once()
            let timer = TimerBox()
            let work = Task {
                do {
                    let value = try await body()
                    if once.claim() { continuation.resume(returning: value) }
                } catch {
                    if once.claim() { continuation.resume(throwing: error) }
                }
                timer.cancel()  // no sleeping timer outlives a finished call
            }
            timer.set(Task {
                try? await Task.sleep(for: .seconds(seconds))
                guard !Task.isCancelled else { return }
                if once.claim() {
                    work.cancel()
                    continuation.resume(throwing: EventStoreError.unavailable(
                        "PostgreSQL at \(location) did not answer within \(seconds) s, could not \(doing) (is it running?); nothing was written"))
                }
            })
        }
    }

    // MARK: Schema

    static let migrations: [Int: [String]] = [
        1: [
            """
            CREATE TABLE aimak_events (
              position BIGSERIAL PRIMARY KEY,
              stream TEXT NOT NULL,
              version INTEGER NOT NULL CHECK (version >= 1),
              type TEXT NOT NULL CHECK (type <> ''),
              legal_date TEXT NOT NULL CHECK (legal_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
              author TEXT NOT NULL,
              recorded_at TEXT NOT NULL,
              idempotency_key TEXT UNIQUE,
              data TEXT NOT NULL,
              UNIQUE (stream, version))
            """,
            """
            CREATE FUNCTION aimak_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'aimak_events is append-only: a correction is a new event'; END $$
            """,
            // Events are never changed or removed: a correction is a new event.
            "CREATE TRIGGER aimak_events_no_change BEFORE UPDATE OR DELETE ON aimak_events FOR EACH ROW EXECUTE FUNCTION aimak_events_append_only()",
            "CREATE TRIGGER aimak_events_no_truncate BEFORE TRUNCATE ON aimak_events FOR EACH STATEMENT EXECUTE FUNCTION aimak_events_append_only()",
        ],
        // Streams interned, idempotency keys apart (issue 14): the uniqueness an append relies on
        // is checked on two integers instead of a name and a number, and no index holds an entry
        // for every event without a key. Measured by Benchmarks/log-schemas.py: the database's
        // part of an append went from 0.75-0.77 of plain INSERTs to 0.92-0.95. The events are
        // copied into a new table (rather than updated in place, which left a dead copy of every
        // row and the old columns' bytes in the live ones), keeping every position; the position
        // counter moves to the new table with its value, so no position is ever given twice. The
        // indexes are built once, after the copy.
        2: [
            "CREATE TABLE aimak_streams (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
            // Ids in the order the streams began, as a stream created later gets a larger one.
            "INSERT INTO aimak_streams (name) SELECT stream FROM aimak_events GROUP BY stream ORDER BY MIN(position)",
            "CREATE TABLE aimak_idempotency_keys (position BIGINT PRIMARY KEY, key TEXT NOT NULL UNIQUE)",
            "INSERT INTO aimak_idempotency_keys (position, key) SELECT position, idempotency_key FROM aimak_events WHERE idempotency_key IS NOT NULL",
            """
            CREATE TABLE aimak_events_2 (
              position BIGINT NOT NULL,
              stream_id BIGINT NOT NULL,
              version INTEGER NOT NULL CHECK (version >= 1),
              type TEXT NOT NULL CHECK (type <> ''),
              legal_date TEXT NOT NULL CHECK (legal_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
              author TEXT NOT NULL,
              recorded_at TEXT NOT NULL,
              data TEXT NOT NULL)
            """,
            """
            INSERT INTO aimak_events_2 (position, stream_id, version, type, legal_date, author, recorded_at, data)
            SELECT e.position, s.id, e.version, e.type, e.legal_date, e.author, e.recorded_at, e.data
            FROM aimak_events e JOIN aimak_streams s ON s.name = e.stream ORDER BY e.position
            """,
            """
            DO $$ DECLARE counter text := pg_get_serial_sequence('aimak_events', 'position'); BEGIN
              EXECUTE format('ALTER SEQUENCE %s OWNED BY aimak_events_2.position', counter);
              EXECUTE format('ALTER TABLE aimak_events_2 ALTER COLUMN position SET DEFAULT nextval(%L::regclass)', counter);
            END $$
            """,
            // Dropping the table drops its triggers and constraints, not the counter it no longer owns.
            "DROP TABLE aimak_events",
            "ALTER TABLE aimak_events_2 RENAME TO aimak_events",
            "ALTER TABLE aimak_events ADD CONSTRAINT aimak_events_pkey PRIMARY KEY (position)",
            "ALTER TABLE aimak_events ADD CONSTRAINT aimak_events_stream_id_version_key UNIQUE (stream_id, version)",
            """
            CREATE OR REPLACE FUNCTION aimak_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '% is append-only: a correction is a new event', TG_TABLE_NAME; END $$
            """,
        ] + ["aimak_events", "aimak_streams", "aimak_idempotency_keys"].flatMap { table in
            ["CREATE TRIGGER \(table)_no_change BEFORE UPDATE OR DELETE ON \(table) FOR EACH ROW EXECUTE FUNCTION aimak_events_append_only()",
             "CREATE TRIGGER \(table)_no_truncate BEFORE TRUNCATE ON \(table) FOR EACH STATEMENT EXECUTE FUNCTION aimak_events_append_only()"]
        },
    ]

    static func migrate(_ conn: PostgresConnection, location: String, schema: String?) async throws {
        let logger = Logger(label: "aimak.postgres")
        // Servers starting together on one log migrate one at a time. The lock is per schema (an
        // advisory lock is already per database): logs in other schemas never wait for this one,
        // whose client may be slow between its statements.
        try await conn.query("SELECT pg_advisory_xact_lock(7216055, hashtext(COALESCE(\(schema), current_schema())))", logger: logger)
        if let schema { try await conn.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)"), logger: logger) }
        try await conn.query("CREATE TABLE IF NOT EXISTS aimak_schema (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)", logger: logger)
        var current = 0
        for try await v in try await conn.query("SELECT COALESCE(MAX(version), 0) FROM aimak_schema", logger: logger).decode(Int.self) { current = v }
        if current == 0 {
            // A table of that name not made by Aimak: refuse rather than guess.
            var exists = false
            for try await e in try await conn.query("SELECT to_regclass('aimak_events') IS NOT NULL", logger: logger).decode(Bool.self) { exists = e }
            if exists {
                throw EventStoreError.notAnAimakDatabase("\(location) has a table aimak_events that Aimak did not create (no schema version); nothing was changed")
            }
        }
        if current > EventLogSchema.version {
            throw EventStoreError.newerSchema(location: location, found: current, known: EventLogSchema.version)
        }
        guard current < EventLogSchema.version else { return }
        for version in (current + 1)...EventLogSchema.version {
            for sql in migrations[version] ?? [] { try await conn.query(PostgresQuery(unsafeSQL: sql), logger: logger) }
            let description = EventLogSchema.migrations[version] ?? ""
            try await conn.query("INSERT INTO aimak_schema (version, description, applied_at) VALUES (\(version), \(description), \(recordingTime()))", logger: logger)
        }
    }

    // MARK: Appending

    public func append(_ events: [NewEvent], to stream: StreamID, expecting: ExpectedVersion) async throws -> AppendResult {
        // A unique-index violation means another writer committed between our read and our insert:
        // decide again on the new state (it gives a conflict, or the stored events for a retried key).
        var attempt = 0
        while true {
            attempt += 1
            let sent = Flag()
            do {
                // No BEGIN/COMMIT: the batch is one INSERT statement, atomic on its own, and the
                // unique indexes refuse it whole if another writer got there after our read (then
                // we decide again). Two round trips instead of five.
                return try await timed("append to '\(stream)'") {
                    try await self.client.withConnection { conn in
                        do {
                            return try await Self.append(events, to: stream, expecting: expecting, conn: conn, sent: sent)
                        } catch let error as PSQLError where !Self.isUniqueViolation(error) {
                            // postgres-nio keeps a statement whose preparation failed (a timeout, a
                            // cancel) failed for the life of the connection: close it, so the pool
                            // opens a fresh one rather than handing every later append a dead one.
                            try? await conn.close()
                            throw error
                        }
                    }
                }
            } catch {
                if Self.isUniqueViolation(error), attempt < 5 { continue }
                // The INSERT commits on its own: once it was sent, only an error the server
                // reported means it was not stored. A lost connection or no answer in time is
                // an unknown outcome, and said so.
                let reportedByServer = (error as? PSQLError)?.serverInfo?[.sqlState] != nil
                let noAnswer: Bool
                if case .unavailable = error as? EventStoreError { noAnswer = true } else { noAnswer = !(error is EventStoreError) }
                if sent.isSet, !reportedByServer, noAnswer {
                    throw EventStoreError.unavailable("PostgreSQL at \(location) did not confirm the append to '\(stream)' (\(Self.short(error))); it may or may not be stored — read the stream, or retry with the same idempotency key")
                }
                throw Self.translate(error, location: location, doing: "append to '\(stream)'")
            }
        }
    }

    static func append(_ events: [NewEvent], to stream: StreamID, expecting: ExpectedVersion, conn: PostgresConnection,
                       sent: Flag = Flag()) async throws -> AppendResult {
        // A user's step names the version it saw and carries no retry key: the batch is written
        // in one statement that inserts only if the stream is still at that version (one round
        // trip). Nothing inserted means it is not: decide on the stream's real state below.
        if case .exactly(let expected) = expecting, events.allSatisfy({ $0.idempotencyKey == nil }),
           case .write(let first) = try AppendDecision.decide(events, to: stream, expecting: expecting, current: expected, stored: []) {
            let out = try await insert(events, to: stream, first: first, ifHeadIs: expected, conn: conn, sent: sent)
            if !out.isEmpty { return AppendResult(events: out, deduplicated: false) }
        }
        var current = 0
        for try await v in try await conn.query("""
            SELECT COALESCE(MAX(e.version), 0) FROM aimak_events e JOIN aimak_streams s ON s.id = e.stream_id WHERE s.name = \(stream.rawValue)
            """, logger: logger).decode(Int.self) {
            current = v
        }
        var stored: [RecordedEvent] = []
        let keys = events.compactMap(\.idempotencyKey)
        if !keys.isEmpty {
            let rows = try await conn.query("\(unescaped: select) WHERE k.key = ANY(\(keys))", logger: logger)
            for try await row in rows { stored.append(try event(row)) }
        }
        switch try AppendDecision.decide(events, to: stream, expecting: expecting, current: current, stored: stored) {
        case .duplicate(let earlier):
            return AppendResult(events: earlier, deduplicated: true)
        case .write(let first):
            return AppendResult(events: try await insert(events, to: stream, first: first, ifHeadIs: nil, conn: conn, sent: sent), deduplicated: false)
        }
    }

    static let logger = Logger(label: "aimak.postgres")

    /// Inserts the batch as versions `first`, `first + 1` … in one statement, with its
    /// notification; with `ifHeadIs`, only if the stream's last version is that one (else nothing
    /// is inserted and no notification is sent). Returns the stored events.
    ///
    /// PostgreSQL delivers the NOTIFY when the statement commits, never for a batch refused. The
    /// recording time is the database's clock, so several servers agree on it, one for the whole
    /// batch (as SQLite's). One row comes back, the positions in version order and the time:
    /// decoding a row per event was a fifth of the append's own cost. The notification is an
    /// uncorrelated subquery in that row, which exists only if events were inserted; its empty
    /// column is not read.
    ///
    /// A new stream's row is made in the same statement, only when the batch may begin the
    /// stream (no condition, or the condition that it does not exist yet); two writers beginning
    /// one stream at once meet on its unique name, and the second decides again.
    static func insert(_ events: [NewEvent], to stream: StreamID, first: Int, ifHeadIs head: Int?, conn: PostgresConnection,
                       sent: Flag) async throws -> [RecordedEvent] {
        let n = events.count
        let versions = (0..<n).map { first + $0 }
        let types = events.map(\.type), dates = events.map(\.legalDate.description), authors = events.map(\.author)
        let keys = events.map { $0.idempotencyKey ?? "" }, data = events.map(\.dataText)
        let unconditional = head == nil, condition = head ?? 0
        let mayBegin = head == nil || head == 0, hasKeys = events.contains { $0.idempotencyKey != nil }
        sent.set()
        let rows = try await conn.execute(AppendStatement(
            stream: stream.rawValue, mayBegin: mayBegin, versions: versions, types: types, dates: dates, authors: authors, data: data,
            unconditional: unconditional, condition: condition, keys: keys, hasKeys: hasKeys), logger: logger)
        // Only what the server chose comes back (positions, recording time): the rest is what was
        // sent, so a batch's data does not travel twice.
        var out: [RecordedEvent] = []
        for try await row in rows {
            var cells = row.makeIterator()
            guard let positionsCell = cells.next(), let timeCell = cells.next() else {
                throw EventStoreError.corrupt("the inserted events came back with too few columns")
            }
            var positions: [Int64] = []
            positions.reserveCapacity(n)
            try positionsCell.forEachElement { e in
                guard let e, e.count == 8 else { throw EventStoreError.corrupt("an inserted event came back without its position") }
                positions.append(Int64(bigEndian: e.loadUnaligned(as: Int64.self)))
            }
            guard positions.count == n else { throw EventStoreError.corrupt("\(positions.count) of \(n) inserted events came back") }
            let at = try timeCell.text()
            out.reserveCapacity(n)
            for (i, e) in events.enumerated() {
                out.append(RecordedEvent(position: positions[i], stream: stream, version: first + i, type: e.type, legalDate: e.legalDate,
                                         author: e.author, recordedAt: at, idempotencyKey: e.idempotencyKey, dataText: data[i]))
            }
        }
        return out
    }

    /// The append's one statement (see ``insert(_:to:first:ifHeadIs:conn:sent:)``), prepared once
    /// per connection: planning it on every append cost about a tenth of the database's part
    /// (measured with psycopg against plain INSERTs: 0.82 planned each time, 0.92 prepared).
    struct AppendStatement: PostgresPreparedStatement {
        static let name = "aimak_append_v2"
        static let sql = """
            WITH known AS (SELECT id FROM aimak_streams WHERE name = $1),
            begun AS (INSERT INTO aimak_streams (name) SELECT $1 WHERE $2 AND NOT EXISTS (SELECT 1 FROM known) RETURNING id),
            sid AS (SELECT id FROM known UNION ALL SELECT id FROM begun),
            head AS (SELECT COALESCE(MAX(version), 0) AS h FROM aimak_events WHERE stream_id = (SELECT id FROM sid)),
            recorded AS (SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at),
            inserted AS (
              INSERT INTO aimak_events (stream_id, version, type, legal_date, author, recorded_at, data)
              SELECT (SELECT id FROM sid), v, t, d, a, recorded.at, x
              FROM unnest($3::int8[], $4::text[], $5::text[], $6::text[], $7::text[]) AS u(v, t, d, a, x), head, recorded
              WHERE EXISTS (SELECT 1 FROM sid) AND ($8 OR head.h = $9)
              ORDER BY v
              RETURNING position, version, recorded_at),
            keyed AS (
              INSERT INTO aimak_idempotency_keys (position, key)
              SELECT i.position, u.k FROM inserted i JOIN unnest($3::int8[], $10::text[]) AS u(v, k) ON u.v = i.version
              WHERE $11 AND u.k <> '')
            SELECT array_agg(position ORDER BY version), min(recorded_at), (SELECT pg_notify('\(channel)', $1))::text
            FROM inserted HAVING count(*) > 0
            """

        var stream: String, mayBegin: Bool, versions: [Int], types: [String], dates: [String], authors: [String], data: [String]
        var unconditional: Bool, condition: Int, keys: [String], hasKeys: Bool

        func makeBindings() throws -> PostgresBindings {
            var b = PostgresBindings(capacity: 11)
            b.append(stream); b.append(mayBegin); b.append(versions); b.append(types); b.append(dates); b.append(authors)
            b.append(data); b.append(unconditional); b.append(condition); b.append(keys); b.append(hasKeys)
            return b
        }

        func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
    }

    // MARK: Reading

    /// Every column of an event, its stream's name and its key joined in, in the order
    /// ``event(_:)`` reads them.
    static let select = """
        SELECT e.position, s.name, e.version, e.type, e.legal_date, e.author, e.recorded_at, k.key, e.data
        FROM aimak_events e JOIN aimak_streams s ON s.id = e.stream_id LEFT JOIN aimak_idempotency_keys k ON k.position = e.position
        """

    static func event(_ row: PostgresRow) throws -> RecordedEvent {
        var lastStream: (bytes: ByteBuffer, id: StreamID)?
        return try event(row, lastStream: &lastStream)
    }

    /// An event from its row, read from the cells' bytes: a rebuild reads every row of the log,
    /// and postgres-nio's generic tuple decoding was most of that read. TEXT is UTF-8 in the
    /// binary format; a stream's name is made once per run of rows of the same stream.
    static func event(_ row: PostgresRow, lastStream: inout (bytes: ByteBuffer, id: StreamID)?) throws -> RecordedEvent {
        var cells = row.makeIterator()
        func next() throws -> PostgresCell {
            guard let cell = cells.next() else { throw EventStoreError.corrupt("a row of aimak_events has too few columns") }
            return cell
        }
        let position = try next().integer()
        let streamCell = try next()
        let stream: StreamID
        if let last = lastStream, let bytes = streamCell.bytes, bytes == last.bytes {
            stream = last.id
        } else {
            stream = StreamID(unchecked: try streamCell.text())
            lastStream = streamCell.bytes.map { ($0, stream) }
        }
        let version = try next().integer()
        let type = try next().text()
        let dateCell = try next()
        guard let day = dateCell.bytes.flatMap({ Day(isoBytes: $0.readableBytesView) }) else {
            throw EventStoreError.corrupt("event \(position): legal date '\((try? dateCell.text()) ?? "")'")
        }
        let author = try next().text(), recordedAt = try next().text()
        let keyCell = try next()
        let key = keyCell.bytes == nil ? nil : try keyCell.text()
        let data = try next().text()
        return RecordedEvent(position: position, stream: stream, version: Int(version), type: type, legalDate: day,
                             author: author, recordedAt: recordedAt, idempotencyKey: key, dataText: data)
    }

    func rows(_ doing: String, _ query: PostgresQuery) async throws -> [RecordedEvent] {
        do {
            return try await timed(doing) {
                var out: [RecordedEvent] = []
                var lastStream: (bytes: ByteBuffer, id: StreamID)?
                for try await row in try await self.client.query(query, logger: self.logger) { out.append(try Self.event(row, lastStream: &lastStream)) }
                return out
            }
        } catch {
            throw Self.translate(error, location: location, doing: doing)
        }
    }

    public func events(in stream: StreamID, after version: Int) async throws -> [RecordedEvent] {
        try await rows("read '\(stream)'", "\(unescaped: Self.select) WHERE s.name = \(stream.rawValue) AND e.version > \(version) ORDER BY e.version")
    }

    public func heads() async throws -> [StreamID: Int] {
        do {
            return try await timed("read the streams") {
                var out: [StreamID: Int] = [:]
                // A stream's row is written with its first event, in the same statement.
                let heads: PostgresQuery = "SELECT s.name, (SELECT MAX(version) FROM aimak_events WHERE stream_id = s.id)::int8 FROM aimak_streams s"
                for try await (s, v) in try await self.client.query(heads, logger: self.logger).decode((String, Int).self) {
                    out[StreamID(unchecked: s)] = v
                }
                return out
            }
        } catch { throw Self.translate(error, location: location, doing: "read the streams") }
    }

    public func count() async throws -> Int {
        try await scalar("count the events", "SELECT COUNT(*)::int8 FROM aimak_events")
    }

    public func schemaVersion() async throws -> Int {
        try await scalar("read the schema version", "SELECT COALESCE(MAX(version), 0)::int8 FROM aimak_schema")
    }

    func scalar(_ doing: String, _ query: PostgresQuery) async throws -> Int {
        do {
            return try await timed(doing) {
                var n = 0
                for try await v in try await self.client.query(query, logger: self.logger).decode(Int.self) { n = v }
                return n
            }
        } catch { throw Self.translate(error, location: location, doing: doing) }
    }

    /// Reads in pages by position (keyset), so a large log is never held at once.
    public func scan(batchSize: Int, _ body: ([RecordedEvent]) throws -> Void) async throws {
        var after: Int64 = 0
        while true {
            let batch = try await rows("read the log", "\(unescaped: Self.select) WHERE e.position > \(after) ORDER BY e.position LIMIT \(batchSize)")
            if batch.isEmpty { return }
            try body(batch)
            after = batch.last!.position
            if batch.count < batchSize { return }
        }
    }

    /// The log stream by stream, read in pages of `page` events in the order of the (stream,
    /// version) index, each page's events aggregated by the server into one row of arrays per
    /// stream: a rebuild reads a million events, and decoding a million rows one message at a
    /// time was most of its time, client and server. The next page is fetched while the caller
    /// handles this one (so two or three pages are in memory at once); a stream longer than a
    /// page is handed over whole.
    public func scanStreams(_ body: (StreamID, [RecordedEvent]) throws -> Void) async throws {
        try await scanStreams(page: 50_000, body)
    }

    /// - Parameter versionsPerRow: nil for one row per stream in a page; a number to split each
    ///   stream's row into runs of that many versions, as a page is read again when its arrays
    ///   would pass PostgreSQL's 1 GB limit on one value (events of megabytes each).
    func scanStreams(page: Int, versionsPerRow: Int? = nil, _ body: (StreamID, [RecordedEvent]) throws -> Void) async throws {
        @Sendable func query(after: (stream: Int64, version: Int), versionsPerRow: Int?) async throws -> [StreamChunk] {
            // A page is larger than one query's rows: a slow server gets a minute, not 10 s.
            try await timed("read the log", seconds: 60) {
                var out: [StreamChunk] = []
                // The LIMIT inside keeps the scan on the index, a page at a time; each array keeps
                // the subquery's order. Grouped by stream alone, the rows come in that order with
                // no sort on the server (grouping by runs of versions costs a sort of the page:
                // about a third more of the server's time). The names are joined to the grouped
                // rows, one per stream.
                let run = versionsPerRow.map { "(version - 1) / \($0)" } ?? "0"
                // Ordered by the runs only when there are several per stream: sorting on a constant
                // still cost the server a sort of rows of large arrays.
                let order = versionsPerRow == nil ? "g.stream_id" : "g.stream_id, g.run"
                let rows = try await self.client.query("""
                    SELECT s.name, g.p, g.v, g.t, g.d, g.a, g.r, g.k, g.x, g.stream_id
                    FROM (SELECT stream_id, \(unescaped: run) AS run, array_agg(position) p, array_agg(version) v, array_agg(type) t,
                                 array_agg(legal_date) d, array_agg(author) a, array_agg(recorded_at) r, array_agg(key) k, array_agg(data) x
                          FROM (SELECT e.stream_id, e.position, e.version, e.type, e.legal_date, e.author, e.recorded_at, k.key, e.data
                                FROM aimak_events e LEFT JOIN aimak_idempotency_keys k ON k.position = e.position
                                WHERE (e.stream_id, e.version) > (\(after.stream), \(after.version))
                                ORDER BY e.stream_id, e.version LIMIT \(page)) AS e
                          GROUP BY stream_id, run ORDER BY stream_id, run) AS g
                    JOIN aimak_streams s ON s.id = g.stream_id
                    ORDER BY \(unescaped: order)
                    """, logger: self.logger)
                for try await row in rows { out.append(try StreamChunk(row)) }
                return out
            }
        }
        @Sendable func fetch(after: (stream: Int64, version: Int)) async throws -> [StreamChunk] {
            do {
                do {
                    return try await query(after: after, versionsPerRow: versionsPerRow)
                } catch where versionsPerRow == nil && Self.sqlState(error) == "54000" {
                    // Program limit exceeded: an array or a row of this page would pass 1 GB.
                    return try await query(after: after, versionsPerRow: 256)
                }
            } catch {
                throw Self.translate(error, location: self.location, doing: "read the log")
            }
        }
        // Best effort: a prefetched page still being read when the caller stops is read to its
        // end and dropped (the query cannot be interrupted), one page at most.
        var next = Task { try await fetch(after: (0, 0)) }
        defer { next.cancel() }
        var current: [RecordedEvent] = []
        while true {
            try Task.checkCancellation()
            let chunks = try await next.value
            let full = chunks.reduce(0) { $0 + $1.events.count } == page
            if full, let last = chunks.last {
                let after = (last.streamID, last.lastVersion)
                next = Task { try await fetch(after: after) }
            }
            for c in chunks {
                if let last = current.last, last.stream.rawValue != c.stream {
                    try body(last.stream, current)
                    current = []
                }
                // A stream's first row is taken as it is (no copy of its events); only a stream
                // that goes on into the next page is appended to.
                if current.isEmpty { current = c.events } else { current.append(contentsOf: c.events) }
            }
            if !full { break }
        }
        if let last = current.last { try body(last.stream, current) }
    }

    // MARK: Restore

    public func restore(_ next: () throws -> [RecordedEvent]?) async throws {
        do {
            // Fail fast when the server is down (the pool would keep retrying).
            _ = try await scalar("restore", "SELECT 0::int8")
            try await client.withConnection { conn in
                try await conn.query("BEGIN", logger: logger)
                do {
                    var existing = 0
                    for try await n in try await conn.query("SELECT COUNT(*)::int8 FROM aimak_events", logger: logger).decode(Int.self) { existing = n }
                    guard existing == 0 else {
                        throw EventStoreError.notEmpty("\(location) already holds \(existing) events: restore goes into an empty log only (nothing was restored)")
                    }
                    // Streams get their numbers in the order they first appear, as they did when appended.
                    var seen: Set<StreamID> = []
                    while let batch = try next() {
                        let positions = batch.map(\.position), streams = batch.map(\.stream.rawValue), versions = batch.map { Int64($0.version) }
                        let types = batch.map(\.type), dates = batch.map(\.legalDate.description), authors = batch.map(\.author)
                        let times = batch.map(\.recordedAt), keys = batch.map { $0.idempotencyKey ?? "" }, data = batch.map(\.dataText)
                        var begun: [String] = []
                        for e in batch where seen.insert(e.stream).inserted { begun.append(e.stream.rawValue) }
                        try await conn.query("""
                            INSERT INTO aimak_streams (name) SELECT n FROM unnest(\(begun)::text[]) WITH ORDINALITY AS u(n, i) ORDER BY i
                            """, logger: logger)
                        try await conn.query("""
                            INSERT INTO aimak_events (position, stream_id, version, type, legal_date, author, recorded_at, data)
                            SELECT p, s.id, v, t, d, a, r, x
                            FROM unnest(\(positions)::int8[], \(streams)::text[], \(versions)::int8[], \(types)::text[], \(dates)::text[],
                                        \(authors)::text[], \(times)::text[], \(data)::text[]) AS u(p, n, v, t, d, a, r, x)
                              JOIN aimak_streams s ON s.name = u.n
                            """, logger: logger)
                        try await conn.query("""
                            INSERT INTO aimak_idempotency_keys (position, key) SELECT p, k FROM unnest(\(positions)::int8[], \(keys)::text[]) AS u(p, k) WHERE k <> ''
                            """, logger: logger)
                    }
                    try await conn.query("SELECT setval(pg_get_serial_sequence('aimak_events', 'position'), GREATEST((SELECT MAX(position) FROM aimak_events), 1), (SELECT COUNT(*) > 0 FROM aimak_events))", logger: logger)
                    try await conn.query("COMMIT", logger: logger)
                } catch {
                    // A connection must never go back to the pool inside a transaction (appends
                    // start none of their own): if the rollback fails, the connection is closed.
                    do { try await conn.query("ROLLBACK", logger: logger) } catch { try? await conn.close() }
                    throw error
                }
            }
        } catch {
            throw Self.translate(error, location: location, doing: "restore")
        }
    }

    // MARK: Changes

    /// LISTEN on a connection of its own; after a reconnect, `.mayHaveMissed` asks the reader to
    /// compare everything (notifications sent while it was away are lost).
    public func changes() -> AsyncStream<LogChange> {
        AsyncStream { continuation in
            let settings = self.settings
            let task = Task {
                var first = true
                while !Task.isCancelled {
                    do {
                        let conn = try await PostgresConnection.connect(
                            configuration: .init(host: settings.host, port: settings.port, username: settings.user,
                                                 password: settings.password, database: settings.database, tls: .disable),
                            id: 1, logger: Logger(label: "aimak.postgres.listen", factory: { _ in SwiftLogNoOpLogHandler() }))
                        defer { Task { try? await conn.close() } }
                        try await conn.listen(on: Self.channel) { notifications in
                            if !first { continuation.yield(.mayHaveMissed) }
                            first = false
                            for try await n in notifications {
                                if let s = try? StreamID(n.payload) { continuation.yield(.appended(s)) }
                            }
                        }
                    } catch {
                        first = false
                    }
                    if Task.isCancelled { break }
                    try? await Task.sleep(for: .milliseconds(500))
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    public func close() async {
        runTask.cancel()
    }

    // MARK: Errors

    static func sqlState(_ error: any Error) -> String? {
        if let e = error as? PSQLError { return e.serverInfo?[.sqlState] }
        if let t = error as? PostgresTransactionError {
            for inner in [t.closureError, t.commitError, t.beginError].compactMap({ $0 }) { if let s = sqlState(inner) { return s } }
        }
        return nil
    }

    static func isUniqueViolation(_ error: any Error) -> Bool { sqlState(error) == "23505" || sqlState(error) == "40001" }

    static func translate(_ error: any Error, location: String, doing: String) -> any Error {
        if let e = error as? EventStoreError { return e }
        if let t = error as? PostgresTransactionError {
            if let inner = t.closureError { return translate(inner, location: location, doing: doing) }
            if let commit = t.commitError {
                return EventStoreError.unavailable("PostgreSQL at \(location): the commit did not complete (\(short(commit))) while trying to \(doing); it may or may not be stored — read the stream, or retry with the same idempotency key")
            }
            if let begin = t.beginError { return translate(begin, location: location, doing: doing) }
        }
        if let e = error as? PSQLError {
            if let state = e.serverInfo?[.sqlState] {
                let message = e.serverInfo?[.message] ?? ""
                switch state {
                case "3D000": return EventStoreError.unavailable("PostgreSQL at \(location): the database does not exist (\(message))")
                case "28P01", "28000": return EventStoreError.unavailable("PostgreSQL at \(location): login refused (\(message))")
                case "53100": return EventStoreError.unavailable("PostgreSQL at \(location): the server's disk is full, could not \(doing); nothing was written")
                case "25006": return EventStoreError.unavailable("PostgreSQL at \(location) is read-only, could not \(doing); nothing was written")
                case "57P01", "57P02", "57P03": return EventStoreError.unavailable("PostgreSQL at \(location) is shutting down or starting up, could not \(doing); nothing was written — retry when it is back")
                default: return EventStoreError.unavailable("PostgreSQL at \(location): could not \(doing): \(message) [\(state)]; nothing was written")
                }
            }
            return EventStoreError.unavailable("PostgreSQL at \(location) is unreachable or closed the connection (\(e.code)), could not \(doing); nothing was written — retry when it is back")
        }
        return EventStoreError.unavailable("PostgreSQL at \(location): could not \(doing): \(short(error))")
    }

    static func short(_ error: any Error) -> String {
        if let e = error as? PSQLError { return e.serverInfo?[.message] ?? "\(e.code)" }
        return String(describing: error).prefix(200).description
    }
}

/// A flag set once and read from another task (whether an append's INSERT was sent).
final class Flag: @unchecked Sendable {
    private var value = false
    private let lock = NSLock()
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}

/// True for the first caller only.
final class Once: @unchecked Sendable {
    private var done = false
    private let lock = NSLock()
    func claim() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if done { return false }
        done = true
        return true
    }
}

/// A `postgres://user:password@host:port/database` address, read once.
public struct PostgresSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    /// The PostgreSQL schema for Aimak's tables (`?schema=NAME`), created if missing; default: the user's search path.
    public var schema: String?

    public init(url: String) throws {
        guard let c = URLComponents(string: url), ["postgres", "postgresql"].contains(c.scheme ?? "") else {
            throw EventStoreError.invalid("'\(url)' is not a PostgreSQL address: write postgres://user:password@host:5432/database")
        }
        host = c.host.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        port = c.port ?? 5432
        guard let user = c.user, !user.isEmpty else { throw EventStoreError.invalid("'\(maskedAddress(url))': the address names no user (postgres://user:password@host/database)") }
        self.user = user.removingPercentEncoding ?? user
        password = c.password.map { $0.removingPercentEncoding ?? $0 }
        let db = c.path.hasPrefix("/") ? String(c.path.dropFirst()) : c.path
        guard !db.isEmpty else { throw EventStoreError.invalid("'\(maskedAddress(url))': the address names no database (…/database)") }
        database = db
        for item in c.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                if item.value != "disable" {
                    throw EventStoreError.invalid("sslmode=\(item.value ?? "") is not supported yet: Aimak connects without TLS (loopback or a private network); use sslmode=disable")
                }
            case "schema":
                guard let v = item.value, let first = v.unicodeScalars.first, (0x61...0x7A).contains(first.value) || first == "_",
                      v.unicodeScalars.allSatisfy({ (0x61...0x7A).contains($0.value) || (0x30...0x39).contains($0.value) || $0 == "_" }), v.count <= 60
                else { throw EventStoreError.invalid("schema=\(item.value ?? ""): a schema name is lower-case letters, digits and '_'") }
                schema = v
            default:
                throw EventStoreError.invalid("'\(item.name)' is not an option of the PostgreSQL address (sslmode=disable, schema=NAME)")
            }
        }
    }

    /// The address without the password, for messages.
    public var displayAddress: String { "postgres://\(user)@\(host):\(port)/\(database)" + (schema.map { "?schema=\($0)" } ?? "") }
}

private func maskedAddress(_ url: String) -> String {
    guard var c = URLComponents(string: url) else { return url }
    if c.password != nil { c.password = "***" }
    return c.string ?? url
}

extension PostgresEventStore {
    /// For the benchmark: the same rows as one plain INSERT into a scratch table of the same shape
    /// (no version check, no idempotency lookup, no notification), committed on its own. With
    /// `indexed`, the table has the two unique indexes of the log's first schema (stream name and
    /// version; the key as a column): the shape schema 2 replaced, measured in the same run.
    public func plainInserts(_ rows: [NewEvent], stream: StreamID, indexed: Bool = false, firstVersion: Int = 1) async throws {
        let statement = PlainInsertStatement(rows, stream: stream, firstVersion: firstVersion)
        let table = indexed ? "aimak_bench_indexed" : "aimak_bench_plain"
        try await client.query(PostgresQuery(unsafeSQL: PlainInsertStatement.insertSQL(into: table), binds: try statement.makeBindings()), logger: logger)
    }

    /// The same plain INSERT as a statement prepared once per connection, as the append's is: the
    /// benchmark times both, to tell the log's own work from the planning a prepared statement saves.
    public func preparedPlainInserts(_ rows: [NewEvent], stream: StreamID, firstVersion: Int) async throws {
        let statement = PlainInsertStatement(rows, stream: stream, firstVersion: firstVersion)
        _ = try await client.withConnection { conn in try await conn.execute(statement, logger: Self.logger) }
    }

    /// The benchmark's plain INSERT of a batch: one statement, sent as it is or prepared.
    struct PlainInsertStatement: PostgresPreparedStatement {
        static let name = "aimak_bench_plain_insert"
        static let sql = insertSQL(into: "aimak_bench_plain")
        static func insertSQL(into table: String) -> String {
            """
            INSERT INTO \(table) (stream, version, type, legal_date, author, recorded_at, idempotency_key, data)
            SELECT s, v, t, d, a, to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), NULLIF(k, ''), x
            FROM unnest($1::text[], $2::int8[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS u(s, v, t, d, a, k, x)
            """
        }
        typealias Row = ()
        var streams: [String], versions: [Int], types: [String], dates: [String], authors: [String], keys: [String], data: [String]

        init(_ rows: [NewEvent], stream: StreamID, firstVersion: Int) {
            streams = Array(repeating: stream.rawValue, count: rows.count)
            versions = rows.indices.map { firstVersion + $0 }
            (types, dates, authors) = (rows.map(\.type), rows.map(\.legalDate.description), rows.map(\.author))
            (keys, data) = (rows.map { $0.idempotencyKey ?? "" }, rows.map(\.dataText))
        }

        func makeBindings() throws -> PostgresBindings {
            var b = PostgresBindings(capacity: 7)
            b.append(streams); b.append(versions); b.append(types); b.append(dates); b.append(authors); b.append(keys); b.append(data)
            return b
        }

        func decodeRow(_ row: PostgresRow) throws {}
    }

    /// The scratch tables, made before anything is timed (so no INSERT pays for them).
    public func createBenchmarkTables() async throws {
        for indexed in [false, true] {
            let table = indexed ? "aimak_bench_indexed" : "aimak_bench_plain"
            try await client.query(PostgresQuery(unsafeSQL: """
                CREATE TABLE IF NOT EXISTS \(table) (position BIGSERIAL PRIMARY KEY, stream TEXT NOT NULL, version INTEGER NOT NULL,
                  type TEXT NOT NULL, legal_date TEXT NOT NULL, author TEXT NOT NULL, recorded_at TEXT NOT NULL,
                  idempotency_key TEXT\(indexed ? " UNIQUE" : ""), data TEXT NOT NULL\(indexed ? ", UNIQUE (stream, version)" : ""))
                """), logger: logger)
        }
    }

    public func dropBenchmarkTable() async throws {
        try await client.query("DROP TABLE IF EXISTS aimak_bench_plain", logger: logger)
        try await client.query("DROP TABLE IF EXISTS aimak_bench_indexed", logger: logger)
    }
}

/// The timer of a timed call, cancelled when the call finishes first.
final class TimerBox: @unchecked Sendable {
    private var task: Task<Void, Never>?
    private var cancelled = false
    private let lock = NSLock()
    func set(_ t: Task<Void, Never>) {
        lock.lock(); defer { lock.unlock() }
        if cancelled { t.cancel() } else { task = t }
    }
    func cancel() {
        lock.lock(); defer { lock.unlock() }
        cancelled = true
        task?.cancel()
    }
}
