import EventLog
import Foundation
import Testing
@testable import AimakCLI

extension EventLogSuite {
    func aimak(_ args: [String]) async throws -> String {
        var command = try Aimak.parseAsRoot(args)
        if let text = command as? any AsyncTextCommand { return try await text.output() }
        if let text = command as? any TextCommand { return try text.output() }
        try command.run()
        return ""
    }

    /// A procedure file imported, continued in the store, listed, backed up and restored elsewhere,
    /// all through the command line.
    @Test(arguments: StoreKind.available)
    func theCommandLineWorksOnTheStore(_ kind: StoreKind) async throws {
        let log = TestLog(kind)
        let db = ["--database", log.address]
        let file = log.folder.appendingPathComponent("sokuluk-2010.yaml").path
        try await aimak(["procedure", "new", "akim-appointment", "--unit", "41708222000000", "--date", "2010-03-01"])
            .write(toFile: file, atomically: true, encoding: .utf8)
        _ = try await aimak(["procedure", "add", file, "nominated", "by=prime-minister", "candidates=Asanov A.,Bekov B.,Duishenov D.", "--date", "2010-03-01"])
        let imported = try await aimak(["import", file] + db)
        #expect(imported.contains("→ sokuluk-2010: 2 events [voting]"))
        #expect(try await aimak(["import", file] + db).contains("already imported, nothing new"))

        let id = "sokuluk-2010"
        _ = try await aimak(["procedure", "add", id, "sitting", "seats=31", "present=25", "--date", "2010-03-10", "--store", "--by", "secretary"] + db)
        let ballot = ["procedure", "add", id, "ballot", "votes=Asanov A.:12,Bekov B.:8,Duishenov D.:3", "blank=1", "invalid=1",
                      "--date", "2010-03-10", "--store", "--expect-version", "3", "--idempotency-key", "ballot-1"] + db
        #expect(try await aimak(ballot).hasPrefix("4: ballot 2010-03-10"))
        #expect(try await aimak(ballot).hasPrefix("4: ballot 2010-03-10"), "a retry is answered, not stored again")
        // Stale version, impossible count: refused, nothing written.
        await expectCLIError(["procedure", "add", id, "sitting", "seats=31", "present=25", "--date", "2010-03-11", "--store", "--expect-version", "3"] + db,
                             "is at version 4, not 3")
        await expectCLIError(["procedure", "add", id, "ballot", "votes=Asanov A.:15,Duishenov D.:8", "--date", "2010-03-10", "--store"] + db,
                             "event 5: 'Duishenov D.' was not among the top two")
        await expectCLIError(["procedure", "show", "nothing-here", "--store"] + db, "there is no procedure 'nothing-here'")

        let show = try await aimak(["procedure", "show", id, "--store", "--lang", "ru"] + db)
        #expect(show.contains("Асанов") || show.contains("Asanov A."))
        let minutes = try await aimak(["procedure", "minutes", id, "--store"] + db)
        #expect(minutes.contains("Asanov A.") && minutes.contains("12"))
        let list = try await aimak(["procedure", "list", "--store"] + db)
        #expect(list.contains("1 procedures, 4 events") && list.contains("sokuluk-2010  v4  akim-appointment 41708222000000 from 2010-03-01  [run-off]"))
        let info = try await aimak(["store", "info"] + db)
        #expect(info.contains("schema version: \(EventLogSchema.version)") && info.contains("events: 4"))

        let backup = log.folder.appendingPathComponent("backup.jsonl").path
        #expect(try await aimak(["backup", backup] + db).hasPrefix("4 events from"))
        let other = TestLog(.sqlite)
        #expect(try await aimak(["restore", backup, "--database", other.address]).hasPrefix("4 events from"))
        #expect(try await aimak(["procedure", "list", "--store", "--database", other.address]).contains("[run-off]"))
        await expectCLIError(["restore", backup, "--database", other.address], "restore goes into an empty log only")
    }

    func expectCLIError(_ args: [String], _ message: String, sourceLocation: SourceLocation = #_sourceLocation) async {
        do {
            _ = try await aimak(args)
            Issue.record("no error for \(args)", sourceLocation: sourceLocation)
        } catch {
            let text = (error as? CLIError)?.description ?? "\(error)"
            #expect(text.contains(message), "\(text)", sourceLocation: sourceLocation)
        }
    }
}
