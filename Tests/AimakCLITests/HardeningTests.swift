import AimakApp
@testable import AimakCLI
import ArgumentParser
import EventLog
import Foundation
import Testing

/// Nothing a user sends crashes Aimak or changes what it stored: each case of the hostile probe
/// (issue "Nothing a user sends can crash Aimak…") as a test. The inputs are in `Hostile/`.
@Suite(.serialized) struct HardeningTests {
    static let hostile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Hostile")

    func run(_ args: [String]) async throws -> String { try await CLI.run(args) }

    func expectError(_ args: [String], _ message: String, sourceLocation: SourceLocation = #_sourceLocation) async {
        await CLI.expectError(args, message, sourceLocation: sourceLocation)
    }

    func folder() throws -> URL {
        let f = FileManager.default.temporaryDirectory.appendingPathComponent("aimak-hard-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: f, withIntermediateDirectories: true)
        return f
    }

    func started(_ dir: URL) async throws -> String {
        let file = dir.appendingPathComponent("p.yaml").path
        try await run(["procedure", "new", "akim-appointment", "--unit", "41708222000000", "--date", "2010-03-01"]).write(toFile: file, atomically: true, encoding: .utf8)
        _ = try await run(["procedure", "add", file, "nominated", "by=prime-minister", "candidates=Asanov A.,Bekov B.,Duishenov D.", "--date", "2010-03-01"])
        return file
    }

    // 1. Numbers crash nothing: counts beyond reality are refused with the event and the reason.
    @Test func hugeNumbersAreRefusedNotTrapped() async throws {
        let dir = try folder()
        let file = try await started(dir)
        let before = try String(contentsOfFile: file, encoding: .utf8)
        await expectError(["procedure", "add", file, "sitting", "seats=9223372036854775807", "present=9223372036854775807", "--date", "2010-03-10"],
                          "is larger than 100000")
        _ = try await run(["procedure", "add", file, "sitting", "seats=31", "present=25", "--date", "2010-03-10"])
        await expectError(["procedure", "add", file, "ballot", "votes=Asanov A.:9223372036854775807", "blank=9223372036854775807", "--date", "2010-03-10"],
                          "no count in a procedure is larger than 100000")
        #expect(try String(contentsOfFile: file, encoding: .utf8) != before)  // only the sitting was added
        for name in ["int-max-sitting.yaml", "int-max-votes.yaml"] {
            await expectError(["procedure", "show", Self.hostile.appendingPathComponent(name).path], "larger than 100000")
        }
        await expectError(["calendar", "add", "2025-01-01", "9223372036854775807"], "a number of days is at most 100000")
    }

    /// An error quoting a data file's line reaches the terminal without its control characters (an
    /// escape sequence in a YAML file cleared and recoloured the screen through `validate`).
    @Test func errorsReachTheTerminalWithoutControlCharacters() async throws {
        let file = try folder().appendingPathComponent("esc.yaml")
        try "source: x\u{1B}[2J\u{1B}[31mRED\n".write(to: file, atomically: true, encoding: .utf8)
        var command = try Aimak.parseAsRoot(["validate", file.path])
        do {
            if var a = command as? any AsyncParsableCommand { try await a.run() } else { try command.run() }
            Issue.record("accepted")
        } catch {
            let text = "\(error)"
            #expect(!text.unicodeScalars.contains { $0.value == 0x1B }, "\(text.debugDescription)")
            #expect(text.contains("esc.yaml"), "still names the file: \(text)")
        }
    }

    /// The command line writes to the store through the application layer, with the API's checks:
    /// a step dated after today would block every later append through the API (found by a probe).
    @Test func theStoreRefusesFromTheCommandLineWhatTheAPIRefuses() async throws {
        let db = try folder().appendingPathComponent("a.sqlite").path
        await expectError(["procedure", "new", "act-oversight", "--unit", "41708222000000", "--date", "2100-01-01", "--store", "--database", db],
                          "a procedure cannot start after today")
        _ = try await run(["procedure", "new", "act-oversight", "--unit", "41708222000000", "--date", "2015-01-01", "--store", "--id", "p", "--database", db])
        await expectError(["procedure", "add", "p", "act-registered", "body=ayil-kenesh", "act=D1", "--date", "2100-01-01", "--store", "--database", db],
                          "a step cannot be dated after today")
        let info = try await run(["store", "info", "--database", db])
        #expect(info.contains("events: 1"), "\(info)")
        let added = try await run(["procedure", "add", "p", "act-registered", "body=ayil-kenesh", "act=D1", "--date", "2015-01-02", "--store", "--database", db])
        #expect(added.hasPrefix("2: act-registered 2015-01-02"), "\(added)")
    }

    /// A procedure file imported into the store is held to the API's checks too (a probe imported a
    /// step dated after today, and a name with an escape sequence).
    @Test func anImportIsHeldToTheAPIsChecks() async throws {
        let dir = try folder()
        let db = dir.appendingPathComponent("a.sqlite").path, file = dir.appendingPathComponent("p.yaml").path
        try (try await run(["procedure", "new", "act-oversight", "--unit", "41708222000000", "--date", "2015-01-01"])).write(toFile: file, atomically: true, encoding: .utf8)
        _ = try await run(["procedure", "add", file, "act-registered", "body=ayil-kenesh", "act=D1", "--date", "2100-01-01"])
        await expectError(["import", file, "--database", db], "event 1: a step cannot be dated after today")
        try (try await run(["procedure", "new", "akim-appointment", "--unit", "41708222000000", "--date", "2010-03-01"])).write(toFile: file, atomically: true, encoding: .utf8)
        let yaml = try String(contentsOfFile: file, encoding: .utf8) + "events:\n  - { type: nominated, date: 2010-03-01, by: prime-minister, candidates: [\"Dui\\e[31mD\"] }\n"
        try yaml.replacingOccurrences(of: "events: []\n", with: "").write(toFile: file, atomically: true, encoding: .utf8)
        await expectError(["import", file, "--database", db], "control character")
        // The name it is stored under is held to the API's rule too: not another unit's readable name.
        try (try await run(["procedure", "new", "akim-appointment", "--unit", "41708222000000", "--date", "2010-03-01"])).write(toFile: file, atomically: true, encoding: .utf8)
        await expectError(["import", file, "--database", db, "--id", "akim-appointment-41708203000000-2010-03-01"], "reads as another procedure's name")
        // The store was opened for the import, and nothing is in it.
        let info = try await run(["store", "info", "--database", db])
        #expect(info.contains("events: 0"), "\(info)")
    }

    // 2 and 7. A restore is checked by the law and by each line's checksum; nothing is half-restored.
    @Test func restoresAreCheckedByTheLawAndTheirChecksums() async throws {
        let dir = try folder()
        let db = dir.appendingPathComponent("a.sqlite").path, other = dir.appendingPathComponent("b.sqlite").path
        let backup = dir.appendingPathComponent("b.jsonl").path
        _ = try await run(["procedure", "new", "akim-appointment", "--unit", "41708222000000", "--date", "2010-03-01", "--store", "--id", "p", "--database", db])
        _ = try await run(["procedure", "add", "p", "nominated", "by=prime-minister", "candidates=Asanov A.,Bekov B.", "--date", "2010-03-01", "--store", "--database", db])
        _ = try await run(["procedure", "add", "p", "sitting", "seats=31", "present=25", "--date", "2010-03-10", "--store", "--database", db])
        _ = try await run(["backup", backup, "--database", db])
        let good = try String(contentsOfFile: backup, encoding: .utf8)
        #expect(good.contains("\"crc32\":"))
        func restoreEdited(_ edit: (String) -> String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
            let path = dir.appendingPathComponent("edited-\(UUID().uuidString).jsonl").path
            try edit(good).write(toFile: path, atomically: true, encoding: .utf8)
            try? FileManager.default.removeItem(atPath: other)
            await expectError(["restore", path, "--database", other], message, sourceLocation: sourceLocation)
            if FileManager.default.fileExists(atPath: other) {
                let info = try await run(["store", "info", "--database", other])
                #expect(info.contains("events: 0"), sourceLocation: sourceLocation)
            }
        }
        // Edited and re-checksummed by hand would need the CRC; a plain edit is caught by it, even one digit.
        try await restoreEdited({ $0.replacingOccurrences(of: "\"seats\":31", with: "\"seats\":30") }, "does not match its checksum")
        try await restoreEdited({ $0.replacingOccurrences(of: "Bekov B.", with: "Bekov C.") }, "does not match its checksum")
        try await restoreEdited({ $0.replacingOccurrences(of: "\"legal_date\":\"2010-03-10\"", with: "\"legal_date\":\"2010-03-11\"") }, "does not match its checksum")
        // Every single-character change inside the values of the event lines is caught.
        let eventLines = good.split(separator: "\n").dropFirst().dropLast()
        var flips = 0
        for (n, line) in eventLines.enumerated() {
            for offset in stride(from: 10, to: line.count - 2, by: max(1, line.count / 5)) {
                var chars = Array(line)
                guard chars[offset].isLetter || chars[offset].isNumber else { continue }
                chars[offset] = chars[offset] == "1" ? "2" : (chars[offset] == "a" ? "b" : "1")
                let edited = good.replacingOccurrences(of: String(line), with: String(chars))
                try await restoreEdited({ _ in edited }, "nothing was restored")
                flips += 1
            }
            _ = n
        }
        #expect(flips >= 8)
        // A backup edited consistently (checksum recomputed) to hold what the law refuses: refused by the law, naming the line.
        func resum(_ text: String) -> String {
            text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
                guard line.contains("\"crc32\":") else { return String(line) }
                guard case .object(var m)? = try? JSON(parsing: String(line)) else { return String(line) }
                m.removeValue(forKey: "crc32")
                m["crc32"] = .string(crc32Hex(JSON.object(m).text))
                return JSON.object(m).text
            }.joined(separator: "\n")
        }
        try await restoreEdited({ resum($0.replacingOccurrences(of: "\"present\":25", with: "\"present\":99")) }, ".jsonl:4: procedure 'p', version 3")
        try await restoreEdited({ resum($0.replacingOccurrences(of: "\"present\":25", with: "\"present\":99")) }, "99 deputies present but the body has 31 seats (the law refuses it)")
        try await restoreEdited({ resum($0.replacingOccurrences(of: "\"seats\":31", with: "\"seats\":9223372036854775807")) }, "larger than 100000")
        try await restoreEdited({ resum($0.replacingOccurrences(of: "\"type\":\"sitting\"", with: "\"type\":\"coronation\"")) }, "the law refuses it")
        // The untouched backup restores.
        try? FileManager.default.removeItem(atPath: other)
        #expect(try await run(["restore", backup, "--database", other]).contains("3 events"))
    }

    // 3 and 10. YAML anchors, aliases, tags, duplicate keys and bad encodings are refused at once, with a line.
    @Test func hostileYAMLIsRefusedBeforeItIsExpanded() async throws {
        let started = Date()
        await expectError(["procedure", "show", Self.hostile.appendingPathComponent("billion-laughs.yaml").path], "anchors (&) are not allowed")
        #expect(Date().timeIntervalSince(started) < 5, "refused before expansion, not after")
        await expectError(["procedure", "show", Self.hostile.appendingPathComponent("binary-tag.yaml").path], "tags (!) are not allowed")
        await expectError(["procedure", "show", Self.hostile.appendingPathComponent("not-utf8.yaml").path], "is not UTF-8 text")
        do {
            _ = try await run(["procedure", "show", Self.hostile.appendingPathComponent("duplicate-key.yaml").path])
            Issue.record("a duplicate key was accepted")
        } catch {
            let text = "\(error)"
            #expect(text.contains("started") && text.count < 600, "a short message naming the key, not the whole file: \(text)")
        }
    }

    // 4. A key or a candidate given twice is an error, not a silent choice.
    @Test func repeatedKeysAndNamesAreErrors() async throws {
        let file = try await started(try folder())
        await expectError(["procedure", "add", file, "sitting", "present=25", "present=2", "seats=31", "--date", "2010-03-10"], "'present' is given twice")
        _ = try await run(["procedure", "add", file, "sitting", "seats=31", "present=25", "--date", "2010-03-10"])
        await expectError(["procedure", "add", file, "ballot", "votes=Asanov A.:12,Asanov A.:3", "--date", "2010-03-10"], "'Asanov A.' is named twice")
    }

    // 5. Rewriting a procedure file keeps its mode and its links, and leaves no temporary file.
    @Test func rewritesKeepModeAndLinks() async throws {
        let dir = try folder()
        let file = try await started(dir)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        let link = dir.appendingPathComponent("link.yaml").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: file)
        _ = try await run(["procedure", "add", link, "sitting", "seats=31", "present=25", "--date", "2010-03-10"])
        #expect((try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int) == 0o600)
        #expect((try FileManager.default.attributesOfItem(atPath: link)[.type] as? FileAttributeType) == .typeSymbolicLink)
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains("type: sitting"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["link.yaml", "p.yaml"])
    }

    // 6. A mistyped store does not destroy a backup or create an empty store.
    @Test func aMistypedStoreDestroysNothing() async throws {
        let dir = try folder()
        let backup = dir.appendingPathComponent("important.jsonl").path
        try "precious".write(toFile: backup, atomically: true, encoding: .utf8)
        let typo = dir.appendingPathComponent("typo.sqlite").path
        await expectError(["backup", backup, "--database", typo], "exists; give --force")
        await expectError(["backup", dir.appendingPathComponent("new.jsonl").path, "--database", typo], "there is no store at")
        await expectError(["store", "info", "--database", typo], "there is no store at")
        #expect(!FileManager.default.fileExists(atPath: typo))
        #expect(try String(contentsOfFile: backup, encoding: .utf8) == "precious")
        await expectError(["store", "info", "--database", dir.path], "is a folder")
    }

    // 8. A retried append says it was already stored, with the version it was stored at.
    @Test func idempotentRetriesSayAlreadyStored() async throws {
        let db = try folder().appendingPathComponent("s.sqlite").path
        _ = try await run(["procedure", "new", "akim-appointment", "--unit", "41708222000000", "--date", "2010-03-01", "--store", "--id", "p", "--database", db])
        _ = try await run(["procedure", "new", "akim-appointment", "--unit", "41708203000000", "--date", "2010-03-01", "--store", "--id", "q", "--database", db])
        let args = ["procedure", "add", "p", "nominated", "by=prime-minister", "candidates=Asanov A.,Bekov B.", "--date", "2010-03-01", "--store",
                    "--database", db, "--idempotency-key", "k1"]
        let first = try await run(args)
        _ = try await run(["procedure", "add", "p", "sitting", "seats=31", "present=25", "--date", "2010-03-10", "--store", "--database", db])
        let again = try await run(args)
        #expect(first.hasPrefix("2:") && again.hasPrefix("2:") && again.contains("already stored"))
        do {
            _ = try await run(["procedure", "add", "q", "nominated", "by=prime-minister", "candidates=X Y.,Z W.", "--date", "2010-03-01", "--store",
                               "--database", db, "--idempotency-key", "k1"])
            Issue.record("a reused key was accepted")
        } catch {
            #expect("\(error)".contains("stream 'p'"), "names the stream the key is stored in: \(error)")
        }
    }

    // 9. Names cannot forge the minutes or the terminal.
    @Test func namesCannotForgeTheMinutes() async throws {
        let file = Self.hostile.appendingPathComponent("forged-minutes.yaml").path
        let md = try await run(["procedure", "minutes", file])
        #expect(!md.split(separator: "\n").contains { $0.hasPrefix("## Fake") })
        #expect(!md.contains("<script>") && md.contains("\\<script\\>"))
        #expect(!md.contains("\u{1b}"))
        #expect(md.contains("| Bekov \\| B. | 3 |"))
        let html = try await run(["procedure", "minutes", file, "--html"])
        #expect(!html.contains("<script>") && html.contains("&lt;script&gt;"))
        #expect(!html.contains("<h2>Fake") && !html.contains("\u{1b}"))
        #expect(html.contains("<td>Bekov | B.</td><td>3</td>"))
        // Over the command line such names are refused at entry.
        let plain = try await started(try folder())
        _ = try await run(["procedure", "add", plain, "sitting", "seats=31", "present=25", "--date", "2010-03-10"])
        await expectError(["procedure", "add", plain, "ballot", "votes=Asanov A.\n## Fake:12", "--date", "2010-03-10"], "control character")
    }

    // 10. Distinct exit codes: conflict 3, store unavailable 4.
    @Test func exitCodesTellConflictsAndOutagesApart() async throws {
        let db = try folder().appendingPathComponent("s.sqlite").path
        _ = try await run(["procedure", "new", "akim-appointment", "--unit", "41708222000000", "--date", "2010-03-01", "--store", "--id", "p", "--database", db])
        var conflict = try Aimak.parseAsRoot(["procedure", "add", "p", "nominated", "by=prime-minister", "candidates=A B.,C D.", "--date", "2010-03-01",
                                              "--store", "--database", db, "--expect-version", "7"]) as! any AsyncParsableCommand
        do {
            try await conflict.run()
            Issue.record("no conflict")
        } catch let e as ExitCode { #expect(e.rawValue == 3) }
        var outage = try Aimak.parseAsRoot(["store", "info", "--database", "/nonexistent/dir/x.sqlite"]) as! any AsyncParsableCommand
        do {
            try await outage.run()
            Issue.record("no error")
        } catch let e as ExitCode { #expect(e.rawValue == 4) }
    }
}

/// The backup's checksum, as a test that edits a backup on purpose would compute it.
func crc32Hex(_ text: String) -> String {
    var table = [UInt32](repeating: 0, count: 256)
    for i in 0..<256 { var c = UInt32(i); for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }; table[i] = c }
    var c: UInt32 = 0xFFFF_FFFF
    for b in text.utf8 { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
    let s = String(c ^ 0xFFFF_FFFF, radix: 16)
    return String(repeating: "0", count: 8 - s.count) + s
}
