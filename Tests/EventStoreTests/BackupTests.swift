import EventLog
import Foundation
import Testing
import WorkingDays

extension EventLogSuite {
    /// A log with a bit of everything: several streams, batches, keys, non-ASCII and escaped text.
    func fill(_ store: any EventStore) async throws {
        let a = try StreamID("akim-appointment-41708222000000-2010-03-01"), b = try StreamID("act-oversight-41708000000000-2012-05-02")
        _ = try await store.append([event("procedure-started", 0)], to: a, expecting: .noStream)
        _ = try await store.append([event("procedure-started", 0, key: "import:b:1")], to: b, expecting: .noStream)
        for i in 1...20 {
            _ = try await store.append([step(i)], to: i % 2 == 0 ? a : b, expecting: .any)
        }
        _ = try await store.append([event("x", 1), event("y", 2), event("z", 3)], to: a, expecting: .any)
    }

    func step(_ i: Int) -> NewEvent {
        var e = event("step", i, key: i % 3 == 0 ? "req-\(i)" : nil, author: i % 2 == 0 ? "Ж. Бекова" : "clerk")
        e.data["text"] = .string("line\nbreak \\ tab\t \u{1}")
        e.data["list"] = .array([.int(-5), .bool(true), .object(["z": .int(1), "a": .string("ё")])])
        return e
    }

    func tempFile(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("aimak-\(UUID().uuidString)-\(name)").path
    }

    @Test(arguments: StoreKind.available)
    func backupAndRestoreRoundTripExactly(_ kind: StoreKind) async throws {
        let source = try await TestLog(kind).open()
        try await fill(source)
        let first = tempFile("1.jsonl"), second = tempFile("2.jsonl")
        #expect(try await Backup.write(source, to: first) == 25)
        let target = try await TestLog(kind).open()
        #expect(try await Backup.restore(target, from: first) == 25)
        try await Backup.write(target, to: second)
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)))
        #expect(try await target.heads() == source.heads())
        // The restored log goes on: new positions after the restored ones, versions continue.
        let s = try StreamID("akim-appointment-41708222000000-2010-03-01")
        let next = try await target.append([event("after")], to: s, expecting: .exactly(14))
        #expect(next.version == 15 && next.events[0].position > 25)
        // A retried request from before the backup is still recognised.
        let retried = try await target.append([step(3)], to: try StreamID("act-oversight-41708000000000-2012-05-02"), expecting: .exactly(1))
        #expect(retried.deduplicated && retried.version == 3)
        // Only into an empty log.
        await expectStoreError({ if case .notEmpty = $0 { true } else { false } }) { _ = try await Backup.restore(target, from: first) }
        await source.close(); await target.close()
    }

    /// SQLite → PostgreSQL → SQLite gives the same file each time.
    @Test(.enabled(if: StoreKind.postgresURL != nil, StoreKind.skipNote))
    func backupsMoveBetweenSQLiteAndPostgres() async throws {
        let sqlite = try await TestLog(.sqlite).open()
        try await fill(sqlite)
        let f1 = tempFile("s.jsonl"), f2 = tempFile("p.jsonl"), f3 = tempFile("s2.jsonl")
        try await Backup.write(sqlite, to: f1)
        let pg = try await TestLog(.postgres).open()
        try await Backup.restore(pg, from: f1)
        try await Backup.write(pg, to: f2)
        let back = try await TestLog(.sqlite).open()
        try await Backup.restore(back, from: f2)
        try await Backup.write(back, to: f3)
        let bytes = try [f1, f2, f3].map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        #expect(bytes[0] == bytes[1] && bytes[1] == bytes[2])
        // The PostgreSQL sequence continues after the restored positions.
        let e = try await pg.append([event("later")], to: try StreamID("new"), expecting: .noStream)
        #expect(e.events[0].position == 26)
        await sqlite.close(); await pg.close(); await back.close()
    }

    /// A damaged backup is refused with the line and the reason, and nothing is restored.
    @Test(arguments: StoreKind.available)
    func damagedBackupsRestoreNothing(_ kind: StoreKind) async throws {
        let source = try await TestLog(kind).open()
        try await fill(source)
        let good = tempFile("good.jsonl")
        try await Backup.write(source, to: good)
        await source.close()
        let lines = try String(contentsOfFile: good, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 28)  // header, 25 events, closing line, final newline
        func variant(_ change: ([String]) -> [String]) throws -> String {
            let path = tempFile("bad.jsonl")
            try change(lines).joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let cases: [(String, ([String]) -> [String])] = [
            ("ends without its closing line", { Array($0.prefix(20)) }),
            (":1: this is not an Aimak backup", { ["{\"hello\":1}"] + $0.dropFirst() }),
            (":6: not JSON", { var l = $0; l[5] = String(l[5].dropLast(3)); return l }),
            ("jumps to version", { var l = $0; l.remove(at: 10); return l }),
            ("position", { var l = $0; l.swapAt(3, 4); return l }),
            ("the closing line says 25 events, the file has 24", { var l = $0; l.remove(at: 25); return l }),
            ("text after the closing line", { $0.dropLast() + ["{\"x\":1}", ""] }),
            ("is not a date", { var l = $0; l[2] = l[2].replacingOccurrences(of: "2025-03-01", with: "2025-02-30"); return l }),
            ("unknown field 'extra'", { var l = $0; l[2] = "{\"extra\":1," + l[2].dropFirst(); return l }),
        ]
        for (message, change) in cases {
            let path = try variant(change)
            let target = try await TestLog(kind).open()
            await expectStoreError({ $0.description.contains(message) && $0.description.contains("nothing was restored") }) {
                _ = try await Backup.restore(target, from: path)
            }
            #expect(try await target.count() == 0, "\(message): the log stays empty")
            await target.close()
        }
    }
}
