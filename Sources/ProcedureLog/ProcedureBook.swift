import Foundation
import Synchronization
import Territory
import EventLog
import Law
import Procedures
import WorkingDays

/// A procedure name that is not in the log.
public struct ProcedureNotFound: Error, Sendable, CustomStringConvertible {
    public let stream: StreamID
    public let location: String
    public var description: String { "there is no procedure '\(stream)' in \(location)" }
}

/// Every procedure in the log with its derived state, rebuilt from the log at start and kept
/// current: by this process's own appends, and by ``follow()`` for other processes' (another
/// server on the same PostgreSQL, the CLI on the same SQLite file).
///
/// The state of a procedure is a pure function of its events, so two books that have read the
/// same versions hold the same states; ``digest()`` lets tests check that they do.
public actor ProcedureBook {
    /// One procedure as the book knows it. The book holds, per procedure, only what a list shows
    /// (header, version, phase, deadlines), so its memory grows with the number of procedures, not
    /// of events; `record` and `state` are filled in the entries handed back by ``catchUp(_:)`` and
    /// the writes, which read the stream.
    public struct Entry: Sendable {
        public let stream: StreamID
        /// The last version read from the log.
        public let version: Int
        public let kind: ProcedureKind?
        public let unit: String?
        public let started: Day?
        public let phase: String?
        public let finished: Bool
        public let deadlines: [Deadline]
        /// The post an appointment fills.
        public let post: String?
        /// The whole record and state: only in entries just read from the log.
        public let record: ProcedureRecord?
        public let state: ProcedureState?
        /// Why the events could not be derived (the law data changed under an old procedure, say).
        public let problem: String?

        init(stream: StreamID, version: Int, record: ProcedureRecord?, state: ProcedureState?, problem: String?) {
            (self.stream, self.version, self.record, self.state, self.problem) = (stream, version, record, state, problem)
            (kind, unit, started) = (record?.kind, record?.unit, record?.started)
            (phase, finished, deadlines, post) = (state?.phase, state?.finished ?? false, state?.deadlines ?? [], state?.post)
        }

        /// The entry without its record and state: what the book keeps.
        var slim: Entry {
            Entry(stream: stream, version: version, kind: kind, unit: unit, started: started, phase: phase, finished: finished,
                  deadlines: deadlines, post: post, problem: problem)
        }

        private init(stream: StreamID, version: Int, kind: ProcedureKind?, unit: String?, started: Day?, phase: String?, finished: Bool,
                     deadlines: [Deadline], post: String?, problem: String?) {
            (self.stream, self.version, self.kind, self.unit, self.started, self.phase, self.finished, self.deadlines, self.post, self.problem) =
                (stream, version, kind, unit, started, phase, finished, deadlines, post, problem)
            (record, state) = (nil, nil)
        }
    }

    public nonisolated let store: any EventStore
    /// The law, calendar and registry procedures are derived with; the registry is replaced when a
    /// territorial change is recorded (``useRegistry(_:)``).
    public nonisolated var context: ProcedureContext { contextBox.withLock { $0 } }
    private nonisolated let contextBox: ContextBox
    private var entries: [StreamID: Entry] = [:]
    /// True once ``rebuild()`` has read the whole log (a server is ready then).
    public private(set) var isBuilt = false

    public init(store: any EventStore, context: ProcedureContext) {
        (self.store, self.contextBox) = (store, ContextBox(context))
    }

    /// Derives from now on with this registry (procedures already derived keep their state until
    /// they are appended to or the log is rebuilt).
    public nonisolated func useRegistry(_ registry: TerritorialRegistry) {
        contextBox.update { $0.registry = registry }
    }

    /// The context, shared by the actor and its nonisolated readers under a lock.
    final class ContextBox: @unchecked Sendable {
        private let lock = NSLock()
        private var value: ProcedureContext
        init(_ value: ProcedureContext) { self.value = value }
        func withLock<T>(_ body: (ProcedureContext) -> T) -> T { lock.lock(); defer { lock.unlock() }; return body(value) }
        func update(_ body: (inout ProcedureContext) -> Void) { lock.lock(); defer { lock.unlock() }; body(&value) }
    }

    /// Reads the whole log and derives every procedure. Returns the number of streams and events.
    @discardableResult
    public func rebuild() async throws -> (streams: Int, events: Int) {
        var events = 0
        let context = self.context
        // The log is read on one thread while its streams are derived on the others: deriving is
        // most of the work, and each stream is derived once, from all its events, independently.
        // A few streams in flight at most, so memory follows procedures, not events.
        let derived = Mutex<[StreamID: Entry]>([:])
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let workers = WorkerThreads(count: cores, capacity: 2 * cores)
        // finish() blocks until the last stream is derived: off the shared pool, then resume.
        func finished() async { await withCheckedContinuation { done in Thread { workers.finish(); done.resume() }.start() } }
        do {
            try await store.scanStreams { stream, stored in
                guard ProcedureStream.isProcedure(stream) else { return }
                events += stored.count
                workers.submit {
                    let entry = Self.derive(stream, stored, context, keepingHistory: false).slim
                    derived.withLock { $0[stream] = entry }
                }
            }
        } catch {
            await finished()
            throw error
        }
        await finished()
        let fresh = derived.withLock { $0 }
        entries = fresh
        isBuilt = true
        return (fresh.count, events)
    }

    /// The entry of a stream's events; `keepingHistory: false` when only its summary is kept.
    static func derive(_ stream: StreamID, _ stored: [RecordedEvent], _ context: ProcedureContext, keepingHistory: Bool = true) -> Entry {
        let version = stored.last?.version ?? 0
        do {
            return derive(stream, version, try ProcedureStream.record(from: stored), context, keepingHistory: keepingHistory)
        } catch {
            return Entry(stream: stream, version: version, record: nil, state: nil, problem: "\(error)")
        }
    }

    static func derive(_ stream: StreamID, _ version: Int, _ record: ProcedureRecord, _ context: ProcedureContext, keepingHistory: Bool = true) -> Entry {
        do {
            let state = try ProcedureEngine.derive(record, in: context, keepingHistory: keepingHistory)
            return Entry(stream: stream, version: version, record: record, state: state, problem: nil)
        } catch {
            return Entry(stream: stream, version: version, record: record, state: nil, problem: "\(error)")
        }
    }

    /// What the book holds of a procedure (no record or state: ``catchUp(_:)`` reads those).
    public func entry(_ stream: StreamID) -> Entry? { entries[stream] }

    /// All procedures, by stream name.
    public func all() -> [Entry] { entries.values.sorted { $0.stream < $1.stream } }

    /// A fingerprint of what the book holds: every stream with its version and phase.
    public func digest() -> String {
        all().map { "\($0.stream)@\($0.version):\($0.phase ?? "-")" }.joined(separator: "\n")
    }

    /// Reads the stream from the log (one read), derives it, keeps its summary, and returns it
    /// whole, with its record and state. Nil when the stream does not exist.
    @discardableResult
    public func catchUp(_ stream: StreamID) async throws -> Entry? {
        try await read(stream).entry
    }

    /// The stream's events and the entry derived from them.
    private func read(_ stream: StreamID) async throws -> (entry: Entry?, events: [RecordedEvent]) {
        let stored = try await store.events(in: stream, after: 0)
        guard !stored.isEmpty else { return (nil, []) }
        let entry = Self.derive(stream, stored, context)
        keep(entry)
        return (entry, stored)
    }

    /// Keeps the summary of an entry unless the book already holds a later version.
    private func keep(_ entry: Entry) {
        if let known = entries[entry.stream], known.version > entry.version { return }
        entries[entry.stream] = entry.slim
    }

    /// Compares every stream's version with the log and catches up those behind.
    public func catchUpAll() async throws {
        for (stream, version) in try await store.heads() where ProcedureStream.isProcedure(stream) && (entries[stream]?.version ?? 0) < version {
            try await catchUp(stream)
        }
    }

    /// Keeps the book current with appends made elsewhere until the task is cancelled.
    public nonisolated func follow() -> Task<Void, Never> {
        let changes = store.changes()
        return Task {
            for await change in changes {
                switch change {
                case .appended(let stream) where ProcedureStream.isProcedure(stream):
                    // The book's own appends notify it too: only a stream with events it has not
                    // read is read again.
                    let known = await self.entry(stream)?.version ?? 0
                    if let newer = try? await self.store.events(in: stream, after: known), !newer.isEmpty {
                        _ = try? await self.catchUp(stream)
                    }
                case .appended: break
                case .mayHaveMissed: try? await self.catchUpAll()
                }
            }
        }
    }

    // MARK: Writing

    /// Starts a procedure: checks it derives, then creates its stream (which must not exist).
    public func start(_ record: ProcedureRecord, id: String?, author: String, idempotencyKey: String? = nil) async throws -> Entry {
        try await open(record, id: id, author: author, idempotencyKey: idempotencyKey).entry
    }

    /// ``start(_:id:author:idempotencyKey:)``, saying whether this request created the procedure
    /// or found it created already by an earlier request with the same key.
    public func open(_ record: ProcedureRecord, id: String?, author: String, idempotencyKey: String? = nil) async throws -> Appended {
        let state = try ProcedureEngine.derive(record, in: context)
        let event = ProcedureStream.startEvent(record, author: author, idempotencyKey: idempotencyKey)
        var result: AppendResult
        var stream: StreamID
        if let id {
            stream = try StreamID(id)
            guard ProcedureStream.isProcedure(stream) else {
                throw EventStoreError.invalid("'\(id)' is not a procedure name: names beginning with '\(ProcedureStream.reservedPrefix)' are reserved for accounts")
            }
            result = try await store.append([event], to: stream, expecting: .noStream)
        } else {
            // The readable name, with -2, -3 … when a procedure of that kind, unit and day exists.
            // Trying each name in turn lets a retry with the same key find its own procedure.
            let base = ProcedureStream.suggestedID(kind: record.kind, unit: record.unit, started: record.started)
            var n = 1
            while true {
                stream = try StreamID(n == 1 ? base : "\(base)-\(n)")
                do {
                    result = try await store.append([event], to: stream, expecting: .noStream)
                    break
                } catch EventStoreError.conflict where n < 1_000 {
                    n += 1
                } catch EventStoreError.idempotencyKeyReused(let key, let holder)
                            where holder != stream && (holder.rawValue == base || holder.rawValue.hasPrefix(base + "-")) {
                    // A retry whose first attempt got a later name: answer from there.
                    stream = holder
                    result = try await store.append([event], to: holder, expecting: .noStream)
                    _ = key
                    break
                }
            }
        }
        if result.deduplicated {
            return Appended(entry: try await applied(result, to: stream), version: result.version, alreadyStored: true)
        }
        // A new stream holds exactly this record: its state is the one just derived.
        let entry = Entry(stream: stream, version: result.version, record: record, state: state, problem: nil)
        keep(entry)
        return Appended(entry: entry, version: result.version, alreadyStored: false)
    }

    /// Appends one event to a procedure: the book catches up, the event must derive with the law
    /// (otherwise nothing is written), and the log must still be at `expecting` (by default the
    /// version just read) — else a conflict, and the caller reads again.
    public func append(_ event: ProcedureEvent, to stream: StreamID, expecting: Int? = nil, author: String,
                       idempotencyKey: String? = nil) async throws -> Entry {
        try await record(event, to: stream, expecting: expecting, author: author, idempotencyKey: idempotencyKey).entry
    }

    /// What an append did: the procedure after it, the version the event has in the log, and
    /// whether it was stored now or found stored already (a retry with the same key).
    public struct Appended: Sendable {
        public let entry: Entry
        public let version: Int
        public let alreadyStored: Bool
    }

    /// ``append(_:to:expecting:author:idempotencyKey:)``, saying which version the event got and
    /// whether this request stored it.
    public func record(_ event: ProcedureEvent, to stream: StreamID, expecting: Int? = nil, author: String,
                       idempotencyKey: String? = nil) async throws -> Appended {
        // One read of the stream, one derivation with the new event.
        guard ProcedureStream.isProcedure(stream) else { throw ProcedureNotFound(stream: stream, location: store.location) }
        let (read, stored) = try await read(stream)
        guard let current = read else { throw ProcedureNotFound(stream: stream, location: store.location) }
        guard var record = current.record else { throw ProcedureError("'\(stream)' cannot be read: \(current.problem ?? "")") }
        let new = ProcedureStream.event(event, author: author, idempotencyKey: idempotencyKey)
        // A retried request whose event is already stored: answer as the first time (with the
        // version the event was stored at), do not derive anew.
        if let key = idempotencyKey, let found = stored.first(where: { $0.idempotencyKey == key }) {
            if found.isSame(as: new, in: stream) { return Appended(entry: current, version: found.version, alreadyStored: true) }
            throw EventStoreError.idempotencyKeyReused(key: key, stream: stream)
        }
        if let expecting, expecting != current.version {
            throw EventStoreError.conflict(stream: stream, expected: expecting, actual: current.version)
        }
        var appendedEvent = event
        appendedEvent.recordedBy = new.author
        record.events.append(appendedEvent)
        let state: ProcedureState
        do { state = try ProcedureEngine.derive(record, in: context) } catch let e as ProcedureError {
            throw ProcedureError(e.message, key: e.key, args: e.args, event: e.event.map { $0 + 1 })  // counted as stream versions
        }
        let result = try await store.append([new], to: stream, expecting: .exactly(current.version))
        if result.deduplicated {
            // Another request with this key got there between our read and our write.
            return Appended(entry: try await catchUp(stream) ?? current, version: result.version, alreadyStored: true)
        }
        if var last = record.events.last {
            last.recordedAt = result.events.last?.recordedAt
            record.events[record.events.count - 1] = last
        }
        let entry = Entry(stream: stream, version: result.version, record: record, state: state, problem: nil)
        keep(entry)
        return Appended(entry: entry, version: result.version, alreadyStored: false)
    }

    /// Loads a whole procedure record as a new stream (an import). Running it again with the same
    /// file stores nothing new: its events carry idempotency keys made from the stream name.
    public func importRecord(_ record: ProcedureRecord, id: String, author: String) async throws -> (Entry, deduplicated: Bool) {
        _ = try ProcedureEngine.derive(record, in: context, keepingHistory: false)
        let stream = try StreamID(id)
        let events = ProcedureStream.events(for: record, author: author, keyPrefix: "import:\(stream)")
        let result = try await store.append(events, to: stream, expecting: .noStream)
        return (try await applied(result, to: stream), result.deduplicated)
    }

    private func applied(_ result: AppendResult, to stream: StreamID) async throws -> Entry {
        try await catchUp(stream) ?? Self.derive(stream, result.events, context)
    }
}
