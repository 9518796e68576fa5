import EventLog
import Foundation
import GRDB
import PostgresEventStore
import SQLiteEventStore
import Testing
import WorkingDays

/// Mounting a small tmpfs makes a real full or read-only disk; it needs root (as on CI).
let canMountTmpfs: Bool = {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aimak-mount-probe-\(getpid())").path
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    guard shell("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", dir) == 0 else { return false }
    return shell("umount", dir) == 0
}()

/// Runs a command and waits for it (posix_spawn and waitpid: Foundation's Process did not see
/// the end of `pg_ctlcluster start`, whose server keeps running).
@discardableResult
func shell(_ args: String...) -> Int32 {
    var pid: pid_t = 0
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for fd: Int32 in [0, 1, 2] { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
    let argv = args.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    guard posix_spawnp(&pid, args[0], &actions, nil, argv, environ) == 0 else { return -1 }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
}

extension EventLogSuite {
    /// `aimak store stress` appends and prints each acknowledged version; it is killed with
    /// SIGKILL mid-stream. Every acknowledged event must be there, nothing partial, and the log
    /// must open and take appends again.
    @Test(arguments: StoreKind.available)
    func killedMidStreamLosesNoAcknowledgedEvent(_ kind: StoreKind) async throws {
        let log = TestLog(kind)
        await (try await log.open()).close()
        let process = Process()
        process.executableURL = try aimakExecutable()
        process.arguments = ["store", "stress", "--database", log.address, "--stream", "crash", "--count", "100000"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        var acked = 0
        var buffer = Data()
        while acked < 150 {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            let text = String(decoding: buffer, as: UTF8.self)
            acked = text.split(separator: "\n").compactMap { $0.hasPrefix("acked ") ? Int($0.dropFirst(6)) : nil }.max() ?? 0
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        // Acknowledgements written after our last read still count.
        buffer.append(pipe.fileHandleForReading.readDataToEndOfFile())
        acked = String(decoding: buffer, as: UTF8.self).split(separator: "\n").compactMap { $0.hasPrefix("acked ") ? Int($0.dropFirst(6)) : nil }.max() ?? 0
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(acked >= 150)

        let store = try await log.open()
        let events = try await store.events(in: try StreamID("crash"), after: 0)
        #expect(events.count >= acked, "acknowledged \(acked), found \(events.count)")
        #expect(events.count <= acked + 1, "at most the one in flight beyond the last acknowledgement")
        #expect(events.map(\.version) == Array(1...max(1, events.count)))
        for e in events { #expect(try e.data()["padding"]?.stringValue?.count == 2_000) }
        if kind == .sqlite {
            let queue = try DatabaseQueue(path: log.address)
            let check = try await queue.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
            #expect(check == "ok")
            try queue.close()
        }
        let more = try await store.append([event("after-crash")], to: try StreamID("crash"), expecting: .exactly(events.count))
        #expect(more.version == events.count + 1)
        print("[\(kind)] killed after \(acked) acknowledged appends; \(events.count) stored, integrity ok")
        await store.close()
    }

    @Test(.enabled(if: canMountTmpfs, "mounting a tmpfs needs root: the full-disk and read-only tests were SKIPPED"))
    func aFullDiskIsAClearErrorAndNothingIsHalfWritten() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aimak-full-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        #expect(shell("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", dir) == 0)
        defer { shell("umount", dir) }
        let store = try SQLiteEventStore(path: dir + "/log.sqlite")
        let s = try StreamID("big")
        var version = 0
        var failure: EventStoreError?
        for i in 0..<200 {
            var e = event("page", i)
            e.data["blob"] = .string(String(repeating: "ж", count: 4_000))
            do {
                version = try await store.append([e, e].enumerated().map { var x = $1; x.data["half"] = .int(Int64($0)); return x }, to: s, expecting: .exactly(version)).version
            } catch let error as EventStoreError {
                failure = error
                break
            }
        }
        #expect(failure?.description.contains("the disk is full") == true, "\(String(describing: failure))")
        #expect(failure?.description.contains("nothing was written") == true)
        // Both halves of every batch, or neither.
        let stored = try await store.events(in: s, after: 0)
        #expect(stored.count == version && version % 2 == 0)
        // Space comes back: the log goes on from where it was.
        #expect(shell("mount", "-o", "remount,size=16m", dir) == 0)
        let next = try await store.append([event("after")], to: s, expecting: .exactly(version))
        #expect(next.version == version + 1)
        await store.close()
    }

    @Test(.enabled(if: canMountTmpfs, "mounting a tmpfs needs root: the full-disk and read-only tests were SKIPPED"))
    func aReadOnlyDiskIsAClearErrorAndWorksAgainWhenWritable() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aimak-ro-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        #expect(shell("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", dir) == 0)
        defer { shell("umount", dir) }
        let path = dir + "/log.sqlite"
        let first = try SQLiteEventStore(path: path)
        _ = try await first.append([event("a")], to: try StreamID("p"), expecting: .noStream)
        await first.close()
        #expect(shell("mount", "-o", "remount,ro", dir) == 0)
        do {
            let store = try SQLiteEventStore(path: path)
            await expectStoreError({ $0.description.contains("read-only") && $0.description.contains("nothing was written") }) {
                _ = try await store.append([event("b")], to: try StreamID("p"), expecting: .exactly(1))
            }
            await store.close()
        } catch let e as EventStoreError {
            #expect(e.description.contains("read-only") || e.description.contains("writable"), "\(e)")
        }
        #expect(shell("mount", "-o", "remount,rw", dir) == 0)
        let store = try SQLiteEventStore(path: path)
        #expect(try await store.append([event("b")], to: try StreamID("p"), expecting: .exactly(1)).version == 2)
        await store.close()
    }

    @Test func corruptedAndForeignFilesAreRefusedUntouched() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aimak-foreign-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        // Not SQLite at all.
        let junk = dir.appendingPathComponent("junk.sqlite").path
        let junkBytes = Data((0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try junkBytes.write(to: URL(fileURLWithPath: junk))
        await expectStoreError({ $0.description.contains("is not an Aimak event log: it is not a SQLite database, or it is corrupted") }) {
            _ = try SQLiteEventStore(path: junk)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: junk)) == junkBytes)
        // Another program's database.
        let other = dir.appendingPathComponent("other.sqlite").path
        let queue = try DatabaseQueue(path: other)
        try await queue.write { try $0.execute(sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('keep me')") }
        try queue.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: other))
        await expectStoreError({ $0.description.contains("SQLite database of another program (tables: notes)") }) {
            _ = try SQLiteEventStore(path: other)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: other)) == before)
        // An Aimak log damaged on disk: the damage is reported when the pages are read.
        let damaged = dir.appendingPathComponent("damaged.sqlite").path
        let store = try SQLiteEventStore(path: damaged)
        for i in 0..<60 { _ = try await store.append([step(i)], to: try StreamID("s\(i % 3)"), expecting: .any) }
        await store.close()
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: damaged))
        try handle.seek(toOffset: 4096 * 2)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 4096 * 3))
        try handle.close()
        do {
            let reopened = try SQLiteEventStore(path: damaged)
            await expectStoreError({ $0.description.contains("corrupted") }) {
                try await reopened.scan(batchSize: 100) { _ in }
            }
            await reopened.close()
        } catch let e as EventStoreError {
            #expect(e.description.contains("corrupted"), "\(e)")
        }
    }

    @Test(.enabled(if: StoreKind.postgresURL != nil, StoreKind.skipNote))
    func aForeignPostgresTableIsRefused() async throws {
        let log = TestLog(.postgres)
        try await PG.execute("CREATE SCHEMA \(log.schema!); CREATE TABLE \(log.schema!).aimak_events (x int)")
        await expectStoreError({ $0.description.contains("has a table aimak_events that Aimak did not create") }) {
            _ = try await log.open()
        }
    }

    @Test func anUnreachablePostgresIsAClearError() async throws {
        await expectStoreError({ $0.description.contains("did not answer") || $0.description.contains("unreachable") }) {
            _ = try await PostgresEventStore(url: "postgres://aimak:x@127.0.0.1:9/aimak")
        }
        await expectStoreError({ $0.description.contains("not a PostgreSQL address") }) { _ = try PostgresSettings(url: "mysql://x@y/z") }
        await expectStoreError({ $0.description.contains("names no database") }) { _ = try PostgresSettings(url: "postgres://u:p@host") }
        await expectStoreError({ $0.description.contains("not an option") }) { _ = try PostgresSettings(url: "postgres://u@h/db?color=red") }
    }

    /// The machine's PostgreSQL is stopped and started again under a running store (CI only:
    /// AIMAK_TEST_PG_RESTART=1, as it stops the server for everyone).
    @Test(.enabled(if: StoreKind.postgresURL != nil && ProcessInfo.processInfo.environment["AIMAK_TEST_PG_RESTART"] == "1",
                   "AIMAK_TEST_PG_RESTART=1 is not set: the PostgreSQL stop/start test was SKIPPED"))
    func postgresGoingDownAndComingBack() async throws {
        let log = TestLog(.postgres)
        let store = try await log.open()
        let s = try StreamID("through-restart")
        _ = try await store.append([event("before")], to: s, expecting: .noStream)
        #expect(shell("pg_ctlcluster", "15", "main", "stop") == 0)
        await expectStoreError({ if case .unavailable = $0 { true } else { false } }) {
            _ = try await store.append([event("while-down", key: "down-1")], to: s, expecting: .exactly(1))
        }
        #expect(shell("pg_ctlcluster", "15", "main", "start") == 0)
        // The same request retried until the server is back: stored once.
        var result: AppendResult?
        for _ in 0..<30 where result == nil {
            result = try? await store.append([event("while-down", key: "down-1")], to: s, expecting: .exactly(1))
            if result == nil { try await Task.sleep(for: .milliseconds(500)) }
        }
        #expect(result?.version == 2)
        #expect(try await store.events(in: s, after: 0).map(\.type) == ["before", "while-down"])
        await store.close()
    }
}
