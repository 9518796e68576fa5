/// An append-only log of events in streams, with optimistic concurrency.
///
/// Both stores (SQLite, PostgreSQL) give the same guarantees, proven by one test suite:
/// - an append is all or nothing and durable once it returns;
/// - it names the version it expects and fails with ``EventStoreError/conflict(stream:expected:actual:)``
///   when another writer got there first, so no step is ever lost or overwritten;
/// - an event carrying an idempotency key already stored is not stored again: the retry gets the
///   stored events back (``AppendResult/deduplicated``);
/// - stored events are never updated or deleted (the schema refuses it).
public protocol EventStore: AnyObject, Sendable {
    /// Where the log is (a file path, or a PostgreSQL address without its password).
    var location: String { get }

    /// Appends events to a stream that must be at `expecting`.
    func append(_ events: [NewEvent], to stream: StreamID, expecting: ExpectedVersion) async throws -> AppendResult

    /// The stream's events after `version`, in order (all of them for 0).
    func events(in stream: StreamID, after version: Int) async throws -> [RecordedEvent]

    /// Every stream and its current version.
    func heads() async throws -> [StreamID: Int]

    /// Every event, in log order, handed over in batches (for backups).
    func scan(batchSize: Int, _ body: ([RecordedEvent]) throws -> Void) async throws

    /// Every stream with all its events in version order, one stream at a time, the streams in
    /// the order they began (for rebuilding derived state).
    func scanStreams(_ body: (StreamID, [RecordedEvent]) throws -> Void) async throws

    /// The number of events in the log.
    func count() async throws -> Int

    /// The schema version of the database.
    func schemaVersion() async throws -> Int

    /// Loads events exported by a backup into an empty log, in one transaction, keeping their
    /// positions, versions and recording times. `next` gives batches until it returns nil; an error
    /// anywhere leaves the log empty.
    func restore(_ next: () throws -> [RecordedEvent]?) async throws

    /// The streams appended to, by this process or by another (PostgreSQL: LISTEN/NOTIFY;
    /// SQLite: polling), as they are committed. Each call gives a new sequence.
    func changes() -> AsyncStream<LogChange>

    /// Releases connections and files.
    func close() async
}

/// A change seen in the log.
public enum LogChange: Sendable, Equatable {
    /// Events were appended to this stream.
    case appended(StreamID)
    /// The watch was interrupted (a lost connection) and is back: any stream may have changed.
    case mayHaveMissed
}

/// Why the log refused or could not do something. Every message says where and what.
public enum EventStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stream is not at the version the writer expected: someone else appended first.
    case conflict(stream: StreamID, expected: Int, actual: Int)
    /// An idempotency key already stored with a different event.
    case idempotencyKeyReused(key: String, stream: StreamID)
    /// The event or the request is not valid.
    case invalid(String)
    /// The database cannot be reached or written (down, full, read-only, busy). Nothing was written.
    case unavailable(String)
    /// The file or database is not an Aimak event log (another program's, or corrupted).
    case notAnAimakDatabase(String)
    /// The database was written by a newer Aimak.
    case newerSchema(location: String, found: Int, known: Int)
    /// Stored data that does not read back.
    case corrupt(String)
    /// A restore into a log that already has events.
    case notEmpty(String)
    /// A backup file that cannot be restored: where and what.
    case backup(String)

    public var description: String {
        switch self {
        case .conflict(let s, let expected, let actual):
            expected == 0
                ? "conflict: the stream '\(s)' already exists (at version \(actual)); nothing was written"
                : "conflict: the stream '\(s)' is at version \(actual), not \(expected) — someone else appended first; read it again and retry. Nothing was written"
        case .idempotencyKeyReused(let key, let s):
            "the idempotency key '\(key)' is already stored with a different event (stream '\(s)'); nothing was written"
        case .invalid(let m): m
        case .unavailable(let m): m
        case .notAnAimakDatabase(let m): m
        case .newerSchema(let location, let found, let known):
            "\(location): the database has schema version \(found), newer than this aimak knows (\(known)); use a newer aimak. Nothing was changed"
        case .corrupt(let m): "the log holds data that does not read back: \(m)"
        case .notEmpty(let m): m
        case .backup(let m): m
        }
    }
}

/// The schema both stores implement; its version is written in the database, and a database
/// with a higher version is refused.
public enum EventLogSchema {
    /// The version this build writes and understands.
    public static let version = 2

    /// What each migration does (the SQL is per store).
    public static let migrations: [Int: String] = [
        1: "the event log: events with stream, version, type, legal date, author, recording time, idempotency key, data; append-only",
        2: "streams interned as numbers and idempotency keys in a table of their own (faster appends); every event kept as it was",
    ]
}

/// What an append should do, decided from what the store holds. The same rules for every store.
public enum AppendDecision: Sendable, Equatable {
    /// Write the events as versions `firstVersion`, `firstVersion + 1`, …
    case write(firstVersion: Int)
    /// All of them are already stored (a retry): return these.
    case duplicate([RecordedEvent])

    /// - Parameters:
    ///   - current: the stream's version now (0 when it does not exist).
    ///   - stored: the stored events whose idempotency keys are among the batch's keys.
    public static func decide(_ events: [NewEvent], to stream: StreamID, expecting: ExpectedVersion,
                              current: Int, stored: [RecordedEvent]) throws(EventStoreError) -> AppendDecision {
        guard !events.isEmpty else { throw .invalid("nothing to append") }
        for e in events { try e.validate() }
        let keys = events.compactMap(\.idempotencyKey)
        guard Set(keys).count == keys.count else { throw .invalid("two events in one append carry the same idempotency key") }
        if !stored.isEmpty {
            let byKey = Dictionary(stored.map { ($0.idempotencyKey ?? "", $0) }, uniquingKeysWith: { a, _ in a })
            let matched = events.compactMap { e in e.idempotencyKey.flatMap { byKey[$0] }.flatMap { $0.isSame(as: e, in: stream) ? $0 : nil } }
            if matched.count == events.count { return .duplicate(matched.sorted { $0.version < $1.version }) }
            let reused = events.first { e in e.idempotencyKey.flatMap { byKey[$0] }.map { !$0.isSame(as: e, in: stream) } ?? false }
            let key = reused?.idempotencyKey ?? stored[0].idempotencyKey ?? ""
            // Name the stream the key is stored in: that is where the earlier request went.
            throw .idempotencyKeyReused(key: key, stream: byKey[key]?.stream ?? stream)
        }
        if case .exactly(let n) = expecting, n != current { throw .conflict(stream: stream, expected: n, actual: current) }
        return .write(firstVersion: current + 1)
    }
}
