@testable import EventLog
import Foundation
import Logging
@testable import PostgresEventStore
import PostgresNIO
@testable import SQLiteEventStore
import Testing
import WorkingDays

/// The same behaviour on both stores. Serialized: the PostgreSQL restart test must not run
/// while other tests use the server.
@Suite(.serialized) struct EventLogSuite {
    @Test(.enabled(if: StoreKind.postgresURL != nil, StoreKind.skipNote))
    func postgresRunsAreEnabled() {}

    @Test(arguments: StoreKind.available)
    func appendReadAndHeads(_ kind: StoreKind) async throws {
        let log = TestLog(kind)
        let store = try await log.open()
        defer { Task { await store.close() } }
        let a = try StreamID("akim-appointment-41708222000000-2010-03-01"), b = try StreamID("other")
        let first = try await store.append([event("started", 0)], to: a, expecting: .noStream)
        #expect(first.version == 1 && !first.deduplicated)
        let batch = try await store.append([event("one", 1), event("two", 2, key: "k-2")], to: a, expecting: .exactly(1))
        #expect(batch.events.map(\.version) == [2, 3])
        _ = try await store.append([event("x", 9)], to: b, expecting: .any)
        let read = try await store.events(in: a, after: 0)
        #expect(read.map(\.type) == ["started", "one", "two"])
        #expect(read.map(\.version) == [1, 2, 3])
        #expect(read[2].idempotencyKey == "k-2" && read[0].idempotencyKey == nil)
        #expect(read[1].author == "clerk" && read[1].legalDate.description == "2025-03-01")
        #expect(try read[1].data()["name"] == .string("Асанов А. \"Ӊ\" ✓"))
        #expect(read[0].recordedAt.count == 24 && read[0].recordedAt.hasSuffix("Z"), "ISO 8601 UTC with ms: \(read[0].recordedAt)")
        #expect(zip(read, read.dropFirst()).allSatisfy { $0.position < $1.position })
        #expect(try await store.events(in: a, after: 2).map(\.type) == ["two"])
        #expect(try await store.heads() == [a: 3, b: 1])
        #expect(try await store.count() == 4)
        #expect(try await store.schemaVersion() == EventLogSchema.version)
        #expect(try await store.events(in: try StreamID("none"), after: 0).isEmpty)
    }

    /// The whole-log readers (a rebuild reads with them; SQLite reads their columns directly)
    /// give every event exactly as a stream read does: interleaved streams, keys present and
    /// absent, non-ASCII authors and data, an empty log.
    @Test(arguments: StoreKind.available)
    func wholeLogReadsGiveEveryEventAsStored(_ kind: StoreKind) async throws {
        let log = TestLog(kind)
        let store = try await log.open()
        defer { Task { await store.close() } }
        var none: [RecordedEvent] = []
        try await store.scanStreams { _, events in none += events }
        #expect(none.isEmpty)
        let names = try ["b-stream", "a-stream", "a-stream-2", "a.z"].map { try StreamID($0) }
        for round in 0..<3 {
            for (i, name) in names.enumerated() {
                let key: String? = (round + i) % 2 == 0 ? "key-\(round)-\(i)" : nil
                _ = try await store.append([event("e\(round)", round * 10 + i, key: key, author: i == 3 ? "Айгүл Ж." : "clerk")], to: name, expecting: .any)
            }
        }
        var expected: [RecordedEvent] = []
        // Streams come in the order they began (b-stream first), not by name.
        for name in names { expected += try await store.events(in: name, after: 0) }
        var byStream: [RecordedEvent] = []
        var groups: [StreamID] = []
        try await store.scanStreams { stream, events in
            groups.append(stream)
            #expect(events.allSatisfy { $0.stream == stream })
            byStream += events
        }
        #expect(groups == names)
        #expect(byStream == expected)
        if let pg = store as? PostgresEventStore {
            // Pages smaller than a stream, equal to it, and ending where a stream does or not; one
            // row per stream in a page, or rows of runs of versions (as a page of very large
            // events is read again) shorter than a stream.
            for page in [1, 2, 3, 4, 5, 12] {
                for versionsPerRow in [nil, 1, 2] as [Int?] {
                    var small: [RecordedEvent] = [], smallGroups: [StreamID] = []
                    try await pg.scanStreams(page: page, versionsPerRow: versionsPerRow) { stream, events in
                        smallGroups.append(stream)
                        small += events
                    }
                    #expect(smallGroups == names, "page \(page), rows of \(versionsPerRow ?? 0) versions")
                    #expect(small == expected, "page \(page), rows of \(versionsPerRow ?? 0) versions")
                }
            }
        }
        var inOrder: [RecordedEvent] = []
        try await store.scan(batchSize: 5) { batch in
            #expect(batch.count <= 5)
            inOrder += batch
        }
        #expect(inOrder == expected.sorted { $0.position < $1.position })
        #expect(inOrder.filter { $0.idempotencyKey == nil }.count == 6)
    }

    /// Opening a log waits only for migrations of its own schema: a log in another schema whose
    /// migration is stalled (here its schema table is locked, as a slow client would hold it)
    /// does not keep it waiting.
    @Test(.enabled(if: StoreKind.postgresURL != nil, StoreKind.skipNote))
    func aStalledMigrationOfAnotherSchemaDoesNotBlockOpening() async throws {
        let s = try PG.settings(), logger = Logger(label: "test")
        let conn = try await PostgresConnection.connect(
            configuration: .init(host: s.host, port: s.port, username: s.user, password: s.password, database: s.database, tls: .disable),
            id: 98, logger: logger)
        let other = TestLog(.postgres), mine = TestLog(.postgres)
        let schema = other.schema!
        try await conn.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA \(schema)"), logger: logger)
        try await conn.query(PostgresQuery(unsafeSQL: "CREATE TABLE \(schema).aimak_schema (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)"), logger: logger)
        try await conn.query("BEGIN", logger: logger)
        try await conn.query(PostgresQuery(unsafeSQL: "LOCK TABLE \(schema).aimak_schema IN ACCESS EXCLUSIVE MODE"), logger: logger)
        // The other log's opening takes its migration lock, then waits on the table.
        let stalled = Task { try await other.open() }
        try await Task.sleep(for: .milliseconds(500))
        var failure: (any Error)?
        do {
            let clock = ContinuousClock(), start = clock.now
            let store = try await mine.open()
            #expect(clock.now - start < .seconds(5), "opening waited for another schema's migration")
            _ = try await store.append([event("one")], to: try StreamID("s"), expecting: .noStream)
            await store.close()
        } catch {
            failure = error
        }
        // Whatever happened, the lock is released and every connection closed.
        try? await conn.query("ROLLBACK", logger: logger)
        if let opened = try? await stalled.value { await opened.close() }
        try await conn.close()
        if let failure { throw failure }
    }

    /// A legal date the store cannot read (written by another program) stops a whole-log read
    /// with the event's position, instead of a wrong date.
    @Test(arguments: StoreKind.available)
    func aCorruptDateStopsAWholeLogReadWithItsPosition(_ kind: StoreKind) async throws {
        let log = TestLog(kind)
        let store = try await log.open()
        _ = try await store.append([event("one", 1)], to: try StreamID("s"), expecting: .any)
        await store.close()
        // The append-only trigger is dropped first, as only another program would.
        try await log.raw(kind == .sqlite
            ? "DROP TRIGGER aimak_events_no_update; UPDATE aimak_events SET legal_date = '2025-13-01'"
            : "DROP TRIGGER aimak_events_no_change ON aimak_events; UPDATE aimak_events SET legal_date = '2025-13-01'")
        let reopened = try await log.open()
        defer { Task { await reopened.close() } }
        await expectStoreError({ $0.description.contains("legal date '2025-13-01'") }) {
            try await reopened.scanStreams { _, _ in }
        }
        await expectStoreError({ $0.description.contains("legal date '2025-13-01'") }) {
            try await reopened.scan(batchSize: 10) { _ in }
        }
    }

    @Test(arguments: StoreKind.available)
    func staleWritersGetAConflictAndNothingIsWritten(_ kind: StoreKind) async throws {
        let store = try await TestLog(kind).open()
        defer { Task { await store.close() } }
        let s = try StreamID("p")
        _ = try await store.append([event("a")], to: s, expecting: .noStream)
        _ = try await store.append([event("b")], to: s, expecting: .exactly(1))
        await expectStoreError({ $0 == .conflict(stream: s, expected: 1, actual: 2) }) {
            _ = try await store.append([event("stale")], to: s, expecting: .exactly(1))
        }
        await expectStoreError({ $0 == .conflict(stream: s, expected: 0, actual: 2) }) {
            _ = try await store.append([event("again")], to: s, expecting: .noStream)
        }
        await expectStoreError({ $0 == .conflict(stream: s, expected: 5, actual: 2) }) {
            _ = try await store.append([event("ahead")], to: s, expecting: .exactly(5))
        }
        #expect(try await store.events(in: s, after: 0).map(\.type) == ["a", "b"])
    }

    @Test(arguments: StoreKind.available)
    func aRetriedAppendIsStoredOnce(_ kind: StoreKind) async throws {
        let store = try await TestLog(kind).open()
        defer { Task { await store.close() } }
        let s = try StreamID("p")
        _ = try await store.append([event("a")], to: s, expecting: .noStream)
        let once = try await store.append([event("vote", 1, key: "req-1")], to: s, expecting: .exactly(1))
        // The retry names the version it had before the first try; it gets the stored event back.
        let again = try await store.append([event("vote", 1, key: "req-1")], to: s, expecting: .exactly(1))
        #expect(again.deduplicated && again.events == once.events)
        // A batch retried whole.
        let batch = [event("x", 1, key: "b-1"), event("y", 2, key: "b-2")]
        let b1 = try await store.append(batch, to: s, expecting: .exactly(2))
        let b2 = try await store.append(batch, to: s, expecting: .exactly(2))
        #expect(b2.deduplicated && b2.events == b1.events)
        // The same key for something else is refused.
        await expectStoreError({ if case .idempotencyKeyReused(let k, _) = $0 { k == "req-1" } else { false } }) {
            _ = try await store.append([event("vote", 2, key: "req-1")], to: s, expecting: .exactly(4))
        }
        await expectStoreError({ if case .idempotencyKeyReused = $0 { true } else { false } }) {
            _ = try await store.append([event("vote", 1, key: "req-1")], to: try StreamID("elsewhere"), expecting: .any)
        }
        #expect(try await store.count() == 4)
    }

    /// The quick whitespace checks answer as the Character-by-Character ones they replace: ASCII,
    /// non-ASCII spaces, "\r\n" as one Character, a space carrying a combining mark, a prepended
    /// mark before a space, empty text.
    @Test func whitespaceChecksAnswerAsCharactersDo() {
        let texts = ["", " ", "ballot", "two words", "tab\there", "line\r\n", "\u{0B}", "Айгүл Ж.", "\u{00A0}", "\u{3000}x", "x\u{2028}",
                     " \u{0301}", "\u{0301}", "\u{0600} ", "\u{0085}", "\u{1F1F0}\u{1F1EC}", "e\u{0301}", " \u{00A0}\t"]
        for text in texts {
            #expect(NewEvent.hasWhitespace(text) == text.contains { $0.isWhitespace }, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            #expect(NewEvent.hasNonWhitespace(text) == text.contains { !$0.isWhitespace }, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test(arguments: StoreKind.available)
    func badInputIsRefusedWithTheReason(_ kind: StoreKind) async throws {
        let store = try await TestLog(kind).open()
        defer { Task { await store.close() } }
        let s = try StreamID("p")
        await expectStoreError({ $0.description.contains("nothing to append") }) { _ = try await store.append([], to: s, expecting: .any) }
        await expectStoreError({ $0.description.contains("not an event type") }) { _ = try await store.append([event("two words")], to: s, expecting: .any) }
        await expectStoreError({ $0.description.contains("needs its author") }) { _ = try await store.append([event("a", author: " ")], to: s, expecting: .any) }
        await expectStoreError({ $0.description.contains("same idempotency key") }) {
            _ = try await store.append([event("a", key: "k"), event("b", key: "k")], to: s, expecting: .any)
        }
        await expectStoreError({ $0.description.contains("not a stream name") }) { _ = try StreamID("Has Spaces") }
        await expectStoreError({ $0.description.contains("not a stream name") }) { _ = try StreamID("") }
        #expect(try await store.count() == 0)
    }

    @Test(arguments: StoreKind.available)
    func eventsCannotBeChangedOrRemoved(_ kind: StoreKind) async throws {
        let log = TestLog(kind)
        let store = try await log.open()
        _ = try await store.append([event("a")], to: try StreamID("p"), expecting: .noStream)
        await store.close()
        await log.expectRefusedAsAppendOnly(["UPDATE aimak_events SET type = 'forged'", "DELETE FROM aimak_events"])
        let again = try await log.open()
        #expect(try await again.events(in: try StreamID("p"), after: 0).map(\.type) == ["a"])
        await again.close()
    }

    /// Writers with their own connections begin the same new streams at the same moment: for each
    /// stream exactly one wins and the others are told it exists; retried with one idempotency key,
    /// the event is stored once and every writer gets it back. No stream is left without its
    /// first event (`heads` reads every stream).
    @Test(arguments: StoreKind.available)
    func writersBeginningOneStreamAtOnce(_ kind: StoreKind) async throws {
        let log = TestLog(kind)
        let setup = try await log.open()
        let writers = 4, rounds = 8
        let stores = try await withThrowingTaskGroup(of: (any EventStore).self) { group in
            for _ in 0..<writers { group.addTask { try await log.open() } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for round in 0..<rounds {
            let fresh = try StreamID("begun-\(round)"), keyed = try StreamID("keyed-\(round)")
            let outcomes = try await withThrowingTaskGroup(of: (won: Bool, keyed: [Int64]).self) { group in
                for (w, store) in stores.enumerated() {
                    group.addTask {
                        var won = false
                        do {
                            _ = try await store.append([event("started", w)], to: fresh, expecting: .noStream)
                            won = true
                        } catch EventStoreError.conflict {}
                        let result = try await store.append([event("started", 99, key: "begin-\(round)")], to: keyed, expecting: .any)
                        return (won, result.events.map(\.position))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter(\.won).count == 1, "round \(round): one writer begins the stream")
            #expect(Set(outcomes.map(\.keyed)).count == 1, "round \(round): every writer gets the one stored event")
        }
        let heads = try await setup.heads()
        #expect(heads.count == 2 * rounds && heads.values.allSatisfy { $0 == 1 })
        for store in stores { await store.close() }
        await setup.close()
    }

    /// Eight writers, each with its own connection (as eight servers would), append 15 events each
    /// to one stream, reading the version and retrying on conflict. No step is lost or doubled.
    @Test(arguments: StoreKind.available)
    func concurrentWritersLoseNothing(_ kind: StoreKind) async throws {
        let log = TestLog(kind)
        let setup = try await log.open()
        let s = try StreamID("contested")
        _ = try await setup.append([event("started")], to: s, expecting: .noStream)
        let writers = 8, each = 15
        let conflicts = try await withThrowingTaskGroup(of: Int.self) { group in
            for w in 0..<writers {
                group.addTask {
                    let store = try await log.open()
                    var conflicts = 0
                    for i in 0..<each {
                        while true {
                            let version = try await store.heads()[s] ?? 0
                            do {
                                _ = try await store.append([event("step", w * 100 + i, author: "writer-\(w)")], to: s, expecting: .exactly(version))
                                break
                            } catch EventStoreError.conflict {
                                conflicts += 1
                            }
                        }
                    }
                    await store.close()
                    return conflicts
                }
            }
            return try await group.reduce(0, +)
        }
        let stored = try await setup.events(in: s, after: 0)
        #expect(stored.count == 1 + writers * each)
        #expect(stored.map(\.version) == Array(1...(1 + writers * each)))
        let ns = try stored.dropFirst().map { try $0.data()["n"]!.intValue! }
        #expect(Set(ns).count == writers * each, "every writer's every step is there once")
        // Each writer's own steps are in its order.
        for w in 0..<writers {
            let mine = ns.filter { $0 / 100 == Int64(w) }
            #expect(mine == mine.sorted())
        }
        print("[\(kind)] \(writers) writers × \(each) appends on one stream: \(conflicts) conflicts reported and retried")
        await setup.close()
    }

    /// A log written by the first schema (stream names and keys in the events' own columns) is
    /// migrated when opened: every event keeps its position, stream, version, key and data;
    /// streams keep the order they began; a retried key is still recognised; no position is given
    /// twice, not even one a failed append had taken; the new tables are append-only too.
    @Test(arguments: StoreKind.available)
    func aLogOfTheFirstSchemaIsMigratedKeepingEveryEvent(_ kind: StoreKind) async throws {
        let log = TestLog(kind)
        let first = (kind == .sqlite ? SQLiteEventStore.migrations[1] : PostgresEventStore.migrations[1])!
        // SQLite's first migration makes the schema table; PostgreSQL's store makes it before any.
        let schemaTable = "CREATE TABLE IF NOT EXISTS aimak_schema (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)"
        let keyed = event("started", 1, key: "key-1")
        // (position, stream, version, key): p-b began first; position 3 was taken by a failed append.
        let rows: [(Int, String, Int, String?)] = [(1, "p-b", 1, nil), (2, "p-a", 1, "key-1"), (4, "p-b", 2, nil), (5, "p-a", 2, nil)]
        let inserts = rows.map { p, stream, v, key in
            let e = v == 1 && key != nil ? keyed : event("noted", p)
            let data = e.dataText.replacingOccurrences(of: "'", with: "''")
            return "INSERT INTO aimak_events (position, stream, version, type, legal_date, author, recorded_at, idempotency_key, data) VALUES (\(p), '\(stream)', \(v), '\(e.type)', '2025-03-01', 'clerk', '2026-01-01T00:00:00.000Z', \(key.map { "'\($0)'" } ?? "NULL"), '\(data)')"
        }
        // The position counter as a failed append after position 5 left it (positions 6 and 7 taken).
        let counter = kind == .sqlite
            ? "UPDATE sqlite_sequence SET seq = 7 WHERE name = 'aimak_events'"
            : "SELECT setval(pg_get_serial_sequence('aimak_events', 'position'), 7)"
        try await log.raw(statements: (kind == .postgres ? [schemaTable] : []) + first + ["INSERT INTO aimak_schema (version, description, applied_at) VALUES (1, 'the event log', 'x')"] + inserts + [counter])

        let store = try await log.open()
        #expect(try await store.schemaVersion() == 2)
        let a = try StreamID("p-a"), b = try StreamID("p-b")
        let read = try await store.events(in: a, after: 0)
        #expect(read.map(\.position) == [2, 5] && read.map(\.version) == [1, 2])
        #expect(read.map(\.idempotencyKey) == ["key-1", nil])
        #expect(read[0].dataText == keyed.dataText && read[0].recordedAt == "2026-01-01T00:00:00.000Z")
        #expect(try await store.heads() == [a: 2, b: 2])
        var groups: [StreamID] = []
        try await store.scanStreams { stream, _ in groups.append(stream) }
        #expect(groups == [b, a])
        let retried = try await store.append([keyed], to: a, expecting: .noStream)
        #expect(retried.deduplicated && retried.events.map(\.position) == [2])
        let next = try await store.append([event("noted", 9)], to: b, expecting: .exactly(2))
        #expect(next.events.map(\.position) == [8] && next.version == 3)
        let fresh = try await store.append([event("noted", 10)], to: try StreamID("p-c"), expecting: .noStream)
        #expect(fresh.events.map(\.position) == [9])
        await store.close()
        await log.expectRefusedAsAppendOnly(["UPDATE aimak_streams SET name = 'forged'", "DELETE FROM aimak_idempotency_keys",
                                             "UPDATE aimak_events SET type = 'forged'", "DELETE FROM aimak_events"])
        // Opened again, nothing is migrated twice.
        let again = try await log.open()
        #expect(try await again.count() == 6)
        #expect(try await again.schemaVersion() == 2)
        await again.close()
    }

    @Test(arguments: StoreKind.available)
    func aNewerDatabaseIsRefused(_ kind: StoreKind) async throws {
        let log = TestLog(kind)
        await (try await log.open()).close()
        try await log.raw("INSERT INTO aimak_schema (version, description, applied_at) VALUES (99, 'from the future', 'x')")
        await expectStoreError({ $0.description.contains("schema version 99, newer than this aimak knows (\(EventLogSchema.version))") }) {
            _ = try await log.open()
        }
    }
}
