import ArgumentParser
import EventLog
import Foundation
import PostgresEventStore
import ProcedureLog
import Procedures
import SQLiteEventStore
import WorkingDays

/// `aimak store benchmark`: durable appends against plain INSERTs of the same rows into the same
/// database, and rebuilding the derived state from a large log — for each store given, in one run.
/// Use empty databases: the benchmark writes its own streams.
struct StoreBenchmark: AsyncTextCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark",
        abstract: "Appends per second vs plain INSERTs, and rebuilding derived state from a large log, per store.")

    @Option(name: .long, help: "A store to measure (repeatable; default: a new SQLite file in a temporary folder). Use an empty database.")
    var database: [String] = []

    @Option(name: .long, help: "Single appends (one durable commit each).")
    var appends = 1_000

    @Option(name: .long, help: "Events in the batched run (batches of 100).")
    var batched = 20_000

    @Option(name: .long, help: "Events in the log the derived state is rebuilt from (procedures of 1,000 events).")
    var rebuild = 1_000_000

    @OptionGroup var common: CommonOptions
    @OptionGroup var options: ProcedureOptions

    /// A count below one would make an empty range (a trap) or a rate of 0/0; the ceilings keep a
    /// mistyped number from filling the disk.
    func validate() throws {
        guard (1...1_000_000).contains(appends) else { throw ValidationError("--appends is 1 to 1,000,000, not \(appends)") }
        guard (100...10_000_000).contains(batched) else { throw ValidationError("--batched is 100 to 10,000,000 (batches of 100), not \(batched)") }
        guard (0...100_000_000).contains(rebuild) else { throw ValidationError("--rebuild is 0 to 100,000,000, not \(rebuild)") }
    }

    func output() async throws -> String {
        let ctx = try options.context(common, asOf: Day(year: 2026, month: 11, day: 24)!)
        var addresses = database
        if addresses.isEmpty {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aimak-bench-\(UUID().uuidString)")
            addresses = [dir.appendingPathComponent("bench.sqlite").path]
        }
        var out: [String] = []
        for address in addresses {
            let store = try await openStore(address)
            out.append("== \(store.location)")
            out.append(contentsOf: try await measure(store, ctx))
            await store.close()
        }
        return out.joined(separator: "\n")
    }

    func seconds(_ body: () async throws -> Void) async rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try await body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    func row(_ n: Int) -> NewEvent {
        NewEvent(type: "ballot", legalDate: Day(year: 2010, month: 3, day: 10)!, author: "secretary",
                 data: ["votes": .object(["Asanov A.": .int(12), "Bekov B.": .int(8), "Duishenov D.": .int(Int64(n % 30))]), "blank": .int(1)])
    }

    func measure(_ store: any EventStore, _ ctx: ProcedureContext) async throws -> [String] {
        let tag = UUID().uuidString.prefix(8).lowercased()
        var lines: [String] = []
        func rate(_ n: Int, _ s: Double) -> String { String(format: "%.0f/s", Double(n) / s) }

        // The scratch tables of the plain INSERTs are made afresh (a crashed run may have left
        // them) before anything is timed. On SQLite each writer has a file of its own: in one file
        // the write-ahead log's checkpoints fall on whichever writer commits when it fills, so one
        // writer's cost was timed as another's (measured: a change that sped up the log's table
        // made the plain INSERTs 10 % faster).
        var scratch: [SQLiteEventStore] = []
        var plainTarget: any EventStore = store, indexedTarget: any EventStore = store, queuedTarget: SQLiteEventStore?
        // The scratch files go when the timing ends, also when it fails part-way.
        func removeScratch() async {
            for other in scratch {
                await other.close()
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: other.location + suffix) }
            }
        }
        do {
            if let s = store as? SQLiteEventStore {
                let base = s.location
                for name in ["plain", "indexed", "queued"] {
                    let path = "\(base).\(name)-\(tag).sqlite"
                    let other = try SQLiteEventStore(path: path)
                    scratch.append(other)
                    try other.createBenchmarkTables()
                }
                plainTarget = scratch[0]
                indexedTarget = scratch[1]
                queuedTarget = scratch[2]
            }
            try await dropPlain(store)
            if let p = store as? PostgresEventStore { try await p.createBenchmarkTables() }

            // 1. One event per durable commit: the log's append against a plain INSERT.
            let rows = (0..<appends).map(row)
            let single = try StreamID("bench-single-\(tag)")
            var version = 0
            let appendSingle = try await seconds {
                for r in rows { version = try await store.append([r], to: single, expecting: .exactly(version)).version }
            }
            let plainSingle = try await seconds { try await plainInserts(plainTarget, rows, oneTransaction: false, batch: 1) }
            lines.append("single appends (1 event per commit, \(appends)): append \(rate(appends, appendSingle)), plain INSERT \(rate(appends, plainSingle)); ratio append/plain \(String(format: "%.2f", plainSingle / appendSingle))")

            // 2. Batches of 100 events per commit. The writers take turns batch by batch, each round
            // in another order, so each meets the same state of the database and the disk
            // (checkpoints, cache, load) as often as the others.
            let many = (0..<batched).map(row)
            let batchedStream = try StreamID("bench-batched-\(tag)")
            version = 0
            var appendBatched = 0.0, plainBatched = 0.0, indexedBatched = 0.0, fourthBatched = 0.0
            // The fourth writer: on SQLite the plain INSERTs through the append's asynchronous call,
            // on PostgreSQL the plain INSERT prepared as the append's statement is.
            let prepared = store as? PostgresEventStore
            let writers = queuedTarget == nil && prepared == nil ? 3 : 4
            for (round, chunk) in stride(from: 0, to: many.count, by: 100).enumerated() {
                let part = Array(many[chunk..<min(chunk + 100, many.count)])
                for turn in 0..<writers {
                    switch (turn + round) % writers {
                    case 0:
                        appendBatched += try await seconds {
                            version = try await store.append(part, to: batchedStream, expecting: .exactly(version)).version
                        }
                    case 1: plainBatched += try await seconds { try await plainInserts(plainTarget, part, oneTransaction: true, batch: 100, firstVersion: chunk + 1) }
                    case 2: indexedBatched += try await seconds { try await plainInserts(indexedTarget, part, oneTransaction: true, batch: 100, indexed: true, firstVersion: chunk + 1) }
                    default:
                        fourthBatched += try await seconds {
                            if let queuedTarget {
                                try await queuedTarget.queuedPlainInserts(part, stream: try StreamID("plain"), firstVersion: chunk + 1)
                            } else {
                                try await prepared?.preparedPlainInserts(part, stream: try StreamID("plain"), firstVersion: chunk + 1)
                            }
                        }
                    }
                }
            }
            lines.append("batched appends (100 events per commit, \(batched)): append \(rate(batched, appendBatched)), plain INSERT \(rate(batched, plainBatched)); ratio append/plain \(String(format: "%.2f", plainBatched / appendBatched))")
            lines.append("  the same INSERTs into a table with the first schema's two unique indexes (stream name and version; the key as a column): \(rate(batched, indexedBatched)); ratio to plain \(String(format: "%.2f", plainBatched / indexedBatched))")
            if prepared != nil {
                lines.append("  the same plain INSERT as a statement prepared once per connection, as the append's is: \(rate(batched, fourthBatched)); ratio append/plain \(String(format: "%.2f", fourthBatched / appendBatched))")
            }
            if queuedTarget != nil {
                lines.append("  the same plain INSERTs through the asynchronous write call the append uses (its hop to the writer's queue and back): \(rate(batched, fourthBatched)); ratio append/plain \(String(format: "%.2f", fourthBatched / appendBatched))")
            }
            if !scratch.isEmpty { lines.append("  (on SQLite the plain, indexed and queued tables are each in a file of their own, so no writer pays another's checkpoints)") }
            try await dropPlain(store)
        } catch {
            await removeScratch()
            throw error
        }
        await removeScratch()

        // 3. Rebuild: procedures of 1,000 real events (akim appointment under the 2008 law).
        if rebuild > 0 {
            let procedure = benchmarkAppointment(events: 999)  // 1,000 with procedure-started
            let streams = max(1, rebuild / 1_000)
            let fill = try await seconds {
                for p in 0..<streams {
                    let events = ProcedureStream.events(for: procedure, author: "bench")
                    _ = try await store.append(events, to: try StreamID("bench-proc-\(tag)-\(p)"), expecting: .noStream)
                }
            }
            let total = try await store.count()
            var scanned = 0
            let scan = try await seconds { try await store.scanStreams { _, events in scanned += events.count } }
            lines.append("read the whole log, stream by stream, without deriving (\(scanned) events): \(String(format: "%.2f", scan)) s")
            let book = ProcedureBook(store: store, context: ctx)
            var result = (streams: 0, events: 0)
            let cpuBefore = cpuSeconds()
            let rebuilt = try await seconds { result = try await book.rebuild() }
            let cpu = cpuSeconds() - cpuBefore
            let phases = Set(await book.all().compactMap(\.phase))
            lines.append("filled \(streams) procedures × \(procedure.events.count + 1) events in \(String(format: "%.1f", fill)) s")
            lines.append("rebuild derived state from \(result.events) events (\(result.streams) streams; log holds \(total)): \(String(format: "%.2f", rebuilt)) s = \(rate(result.events, rebuilt)) (CPU \(String(format: "%.2f", cpu)) s); phases \(phases.sorted()); max RSS \(maxRSSMegabytes()) MB")
        }
        return lines
    }

    func plainInserts(_ store: any EventStore, _ rows: [NewEvent], oneTransaction: Bool, batch: Int, indexed: Bool = false,
                      firstVersion: Int = 1) async throws {
        if let s = store as? SQLiteEventStore {
            for chunk in stride(from: 0, to: rows.count, by: batch) {
                try s.plainInserts(Array(rows[chunk..<min(chunk + batch, rows.count)]), stream: try StreamID("plain"), oneTransaction: oneTransaction,
                                   indexed: indexed, firstVersion: firstVersion + chunk)
            }
        } else if let p = store as? PostgresEventStore {
            for chunk in stride(from: 0, to: rows.count, by: batch) {
                try await p.plainInserts(Array(rows[chunk..<min(chunk + batch, rows.count)]), stream: try StreamID("plain"), indexed: indexed,
                                         firstVersion: firstVersion + chunk)
            }
        }
    }

    func dropPlain(_ store: any EventStore) async throws {
        if let s = store as? SQLiteEventStore { try s.dropBenchmarkTable() }
        if let p = store as? PostgresEventStore { try await p.dropBenchmarkTable() }
    }
}

/// User and system CPU time of the process so far: with the wall time, how many cores a step kept busy.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func maxRSSMegabytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss / 1024
}
