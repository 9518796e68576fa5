import AimakApp
import EventLog
import Foundation
import Law
import ProcedureLog
import Procedures
import Testing
import WorkingDays

/// Procedure scenarios from `law/scenarios/procedures/`, as the procedure tests read them.
struct StoredScenario: Sendable {
    var name: String
    var fields: [String: Value]

    static func all() throws -> [StoredScenario] {
        try ScenarioFiles.read(World.repository.appendingPathComponent("law/scenarios/procedures"))
            .map { StoredScenario(name: $0.fields["name"]?.description ?? "?", fields: $0.fields) }
    }

    func record() throws -> ProcedureRecord {
        var m = fields
        for k in ["name", "expect", "error", "as_of"] { m.removeValue(forKey: k) }
        return try ProcedureRecord.parse(JSON.object(m.mapValues(JSON.init)).text, file: name)
    }
}

extension EventLogSuite {
    /// Every procedure scenario, appended event by event through the book: an accepted scenario
    /// ends in the same state as deriving its file; a refused one is refused at the same event with
    /// the same reason, and the log keeps only the events before it.
    @Test(arguments: StoreKind.available)
    func everyProcedureScenarioRunsThroughTheLog(_ kind: StoreKind) async throws {
        let store = try await TestLog(kind).open()
        let book = ProcedureBook(store: store, context: World.context)
        let scenarios = try StoredScenario.all()
        #expect(scenarios.count >= 59)
        var refused = 0
        for (i, s) in scenarios.enumerated() {
            let record = try s.record()
            let expectedError: String? = { if case .map(let e) = s.fields["error"] { e["contains"]?.description } else { s.fields["error"]?.description } }()
            let fileResult = Result { try ProcedureEngine.derive(record, in: World.context) }
            var header = record
            header.events = []
            let entry: ProcedureBook.Entry
            do {
                entry = try await book.start(header, id: "s\(i)", author: "test")
            } catch {
                #expect(expectedError != nil, "\(s.name): start refused: \(error)")
                refused += 1
                continue
            }
            var failedAt: Error?
            var version = entry.version
            for e in record.events {
                do {
                    version = try await book.append(e, to: entry.stream, author: "test").version
                } catch {
                    failedAt = error
                    break
                }
            }
            let stored = try await store.events(in: entry.stream, after: 0)
            #expect(stored.count == version, "\(s.name): only accepted events are stored")
            switch fileResult {
            case .success(let state):
                #expect(failedAt == nil, "\(s.name): \(String(describing: failedAt))")
                let final = await book.entry(entry.stream)
                #expect(final?.phase == state.phase, "\(s.name)")
                #expect(final?.deadlines.map(\.due) == state.deadlines.map(\.due), "\(s.name)")
                var back = try ProcedureStream.record(from: stored)
                back.events = back.events.map { var e = $0; e.recordedBy = nil; e.recordedAt = nil; return e }
                #expect(back == record, "\(s.name): the stream holds the record")
            case .failure(let error):
                refused += 1
                let fileMessage = (error as? ProcedureError)?.message ?? "\(error)"
                let storeMessage = (failedAt as? ProcedureError)?.message ?? "\(String(describing: failedAt))"
                #expect(fileMessage == storeMessage, "\(s.name)")
                if let n = (error as? ProcedureError)?.event { #expect(stored.count == n, "\(s.name): events before the refused one") }
            }
        }
        #expect(refused >= 25)
        // A rebuild from the log gives the same book.
        let digest = await book.digest()
        let fresh = ProcedureBook(store: store, context: World.context)
        let (streams, _) = try await fresh.rebuild()
        #expect(await fresh.digest() == digest)
        #expect(streams == (try await store.heads().count))
        await store.close()
    }

    /// Two servers on one log: each follows the other's appends and they hold the same state.
    @Test(arguments: StoreKind.available)
    func twoServersSeeEachOthersAppends(_ kind: StoreKind) async throws {
        let log = TestLog(kind)
        let storeA = try await log.open(), storeB = try await log.open()
        let a = ProcedureBook(store: storeA, context: World.context), b = ProcedureBook(store: storeB, context: World.context)
        try await a.rebuild(); try await b.rebuild()
        let followA = a.follow(), followB = b.follow()
        try await Task.sleep(for: .milliseconds(300))  // listening
        let header = ProcedureRecord(kind: .akimAppointment, unit: "41708222000000", started: Day(year: 2010, month: 3, day: 1)!)
        let started = try await a.start(header, id: nil, author: "server-a")
        #expect(started.stream.rawValue == "akim-appointment-41708222000000-2010-03-01")
        let nominated = ProcedureEvent(type: "nominated", date: Day(year: 2010, month: 3, day: 1)!,
                                       fields: ["by": "prime-minister", "candidates": .list(["Asanov A.", "Bekov B."])])
        _ = try await b.append(nominated, to: started.stream, author: "server-b")
        let sitting = ProcedureEvent(type: "sitting", date: Day(year: 2010, month: 3, day: 5)!, fields: ["seats": 31, "present": 29])
        _ = try await a.append(sitting, to: started.stream, author: "server-a")
        // A writer on stale state gets a conflict, not a lost step.
        await #expect(throws: EventStoreError.conflict(stream: started.stream, expected: 2, actual: 3)) {
            _ = try await b.append(sitting, to: started.stream, expecting: 2, author: "server-b")
        }
        var same = false
        for _ in 0..<50 where !same {
            try await Task.sleep(for: .milliseconds(100))
            let (da, db) = (await a.digest(), await b.digest())
            same = da == db && da.contains("@3:")
        }
        let (da, db) = (await a.digest(), await b.digest())
        #expect(same, "A: \(da) B: \(db)")
        #expect(await b.entry(started.stream)?.phase == "voting")
        // Another procedure started elsewhere appears too.
        _ = try await b.start(header, id: nil, author: "server-b")
        same = false
        for _ in 0..<50 where !same {
            try await Task.sleep(for: .milliseconds(100))
            same = await a.all().count == 2
        }
        #expect(await a.all().map(\.stream.rawValue) == ["akim-appointment-41708222000000-2010-03-01", "akim-appointment-41708222000000-2010-03-01-2"])
        followA.cancel(); followB.cancel()
        await storeA.close(); await storeB.close()
    }

    @Test(arguments: StoreKind.available)
    func aStreamThatNoLongerDerivesIsReportedNotFatal(_ kind: StoreKind) async throws {
        let store = try await TestLog(kind).open()
        _ = try await store.append([event("not-a-procedure")], to: try StreamID("stray"), expecting: .noStream)
        let book = ProcedureBook(store: store, context: World.context)
        let (streams, events) = try await book.rebuild()
        #expect(streams == 1 && events == 1)
        #expect(await book.entry(try StreamID("stray"))?.problem?.contains("does not start with procedure-started") == true)
        await store.close()
    }
}
