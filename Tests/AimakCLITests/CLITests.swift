import Foundation
import Testing
import AimakApp
@testable import AimakCLI

/// The command line, driven in-process through the real argument parser.
@Suite struct CLITests {
    func run(_ args: [String]) throws -> String {
        _ = CLI.home
        var command = try Aimak.parseAsRoot(args)
        guard let text = command as? any TextCommand else {
            try command.run()
            return ""
        }
        return try text.output()
    }

    @Test func atShowsBodiesWithCitations() throws {
        let out = try run(["at", "2009-01-01"])
        #expect(out.contains("akim"))
        #expect(out.contains("[Law No. 99 (2008) art. 14 · secondary source"))
        #expect(out.contains("is not part of: local self-government"))
    }

    @Test func atWithoutADateShowsTodayWithStatuses() throws {
        let out = try run(["at"])
        #expect(out.contains("Law No. 123 (2021)"))
        #expect(out.contains("by: President"))
        #expect(out.contains("· secondary source"))
        #expect(out.contains("· verified]"))
        #expect(out.contains("Law No. 113 (2022)") && out.contains("its content is not in the data"))
    }

    @Test func diffAcrossTheReformsNamesTheActsAndBothSides() throws {
        let out = try run(["diff", "2021-01-01", "2022-01-01"])
        #expect(out.contains("Acts that took effect in this period:"))
        #expect(out.contains("2021-10-21 Law No. 123 (2021)"))
        #expect(out.contains("~ head of the ayil okmotu — by: ayil kenesh"))
        #expect(out.contains("→ by: akim"))
        let amendment = try run(["diff", "2022-11-01", "2023-01-01"])
        #expect(amendment.contains("Law No. 113 (2022)") && amendment.contains("its content is not in the data"))
        let json = try run(["diff", "2025-09-30", "2025-11-01", "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let acts = try #require(object?["acts_taking_effect"] as? [[String: Any]])
        #expect(acts.map { $0["id"] as? String } == ["/akn/kg/act/2025/native-ban-repeal"])
    }

    @Test func checkIn2022ShowsAppointedSelfGovernmentHeads() throws {
        let out = try run(["check", "--at", "2022-01-01"])
        #expect(out.contains("akim, a state body, appoints the head of the ayil okmotu"))
        #expect(out.contains("/akn/kg/act/2021/123#head-appointment"))
    }

    @Test func territoryTreeCountsAndGaps() async throws {
        let out = try await CLI.run(["territory", "--at", "2026-01-01", "--depth", "3"])
        #expect(out.contains("district: 40"))
        // Only the consolidated ayil aimaks with a known code are in the tree; the ayil aimaks known
        // by name are listed under their district; the districts of which nothing is known are named.
        #expect(out.contains("districts with no ayil aimak with a classifier code in the dataset on this date: 39") && out.contains("Sokuluk District"))
        #expect(out.contains("nothing is known of the post-reform units of these districts:") && out.contains("Kemin District"))
        #expect(out.contains("Ming-Bulak — ayil aimak (code not known; named by a source of 2024-02-21; formed from Aleksandrovka, Sadovyy, Sretenka)"))
        let moskva = try await CLI.run(["territory", "show", "41708217000000", "--at", "2026-01-01"])
        #expect(moskva.contains("Ayil aimaks known by name only (classifier code not known): 1") && moskva.contains("  Ming-Bulak — ayil aimak (code not known"))
        let ky = try await CLI.run(["territory", "--at", "2026-01-01", "--lang", "ky"])
        #expect(ky.contains("Миң-Булак айыл аймагы — айыл аймагы (коду белгисиз; 2024-02-21 күнкү булакта аталган; Александровка, Садовый, Сретенка айыл аймактарынан түзүлгөн)"))
        #expect(out.contains("villages whose ayil aimak on this date is not in the dataset"))
        let csv = try await CLI.run(["territory", "--at", "2023-01-01", "--csv"])
        let expectedRows: Int = 1 + 7 + 2 + 40 + 4 + 13 + 17 + 9 + 452 + 1893
        let rows = csv.split(separator: "\n").count
        #expect(rows == expectedRows)
        let json = try await CLI.run(["territory", "--at", "2023-01-01", "--json", "--depth", "1"])
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect((object?["counts"] as? [String: Int])?["ayil-aimak"] == 452)
    }

    @Test func territoryFindAndShow() async throws {
        #expect(try await CLI.run(["territory", "find", "sokuluk"]).contains("41708222000000  Sokuluk District"))
        #expect(try await CLI.run(["territory", "find", "Сокулук", "--lang", "ky"]).contains("Сокулук району"))
        let show = try await CLI.run(["territory", "show", "41708222000000", "--at", "2009-01-01"])
        #expect(show.contains("district kenesh — self-government representative body"))
        #expect(show.contains("akim — local state administration"))
        #expect(show.contains("with the consent of: district kenesh"))
        let ayil = try await CLI.run(["territory", "show", "41708222865000", "--at", "2022-01-01", "--lang", "ru"])
        #expect(ayil.contains("глава айыл окмоту"))
        #expect(ayil.contains("Закон № 123 (2021)"))
    }

    func failure(_ args: [String]) async -> String {
        do { _ = try await CLI.run(args) } catch { return "\(error)" }
        Issue.record("\(args) did not fail")
        return ""
    }

    func error(_ args: [String]) -> String {
        do { _ = try run(args) } catch { return "\(error)" }
        Issue.record("\(args) did not fail")
        return ""
    }

    @Test func territoryBadInputGetsClearErrors() async throws {
        #expect(await failure(["territory", "show", "41799999000000"]).contains("no unit with code 41799999000000"))
        #expect(await failure(["territory", "show", "41708222865000", "--at", "2026-01-01"]).contains("does not exist on 2026-01-01"))
        #expect(await failure(["territory", "--at", "1900-01-01"]).contains("before any date the territorial dataset states"))
        #expect(await failure(["territory", "--at", "2020-13-01"]).contains("is not a date"))
        #expect(await failure(["territory", "find", "zzzqqq"]).contains("no unit matches"))
        // After the 2024 reform: a village names the nearest listed unit above it, a district its villages.
        let village = try await CLI.run(["territory", "show", "41702205848010", "--at", "2026-11-30"])
        #expect(village.contains("nearest listed unit above: Ak-Suu District — district 41702205000000"), "\(village)")
        let district = try await CLI.run(["territory", "show", "41702205000000", "--at", "2026-11-30"])
        #expect(district.contains("(48 villages whose ayil aimak on this date is not in the dataset)"), "\(district)")
        // --at was ignored and not even checked; now it keeps the units of that day.
        #expect(await failure(["territory", "find", "Sokuluk", "--at", "abc"]).contains("is not a date"))
        #expect(try await CLI.run(["territory", "find", "Sokuluk", "--at", "2009-01-01"]).contains("41708222865000"))
        #expect(try await !CLI.run(["territory", "find", "Sokuluk", "--at", "2026-01-01"]).contains("41708222865000"))
        // The limit counts characters, as the API's document says: 150 Cyrillic letters are allowed.
        #expect(await failure(["territory", "find", String(repeating: "ж", count: 150)]).contains("no unit matches"))
        #expect(await failure(["territory", "find", String(repeating: "ж", count: 201)]).contains("longer than 200 characters"))
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("aimak-bad-units.csv")
        try "code,type\n41702000000000,oblast\n".write(to: bad, atomically: true, encoding: .utf8)
        #expect(await failure(["territory", "--units", bad.path]).contains("[header]: expected the columns"))
    }

    @Test func territoryPopoloIsJSON() async throws {
        let out = try await CLI.run(["territory", "popolo", "--at", "2022-01-01"])
        let object = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
        #expect((object?["areas"] as? [Any])?.isEmpty == false)
        #expect((object?["posts"] as? [Any])?.isEmpty == false)
    }

    @Test func atInKyrgyzAndRussian() throws {
        #expect(try run(["at", "2009-01-01", "--lang", "ky"]).contains("райондук кеңеш"))
        #expect(try run(["at", "2009-01-01", "--lang", "ru"]).contains("районный кенеш"))
    }

    @Test func atJSONIsMachineReadable() throws {
        let out = try run(["at", "2012-06-01", "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
        let facts = try #require(object?["facts"] as? [[String: Any]])
        let by = facts.first { $0["key"] as? String == "formation/akim/by" }
        #expect(by?["value"] as? String == "prime-minister")
        #expect((by?["cite"] as? [String: Any])?["akn"] as? String == "/akn/kg/act/2011/220/!main~art_14__para_2")
    }

    @Test func diffReproducesTheArticlesComparison() throws {
        let out = try run(["diff", "2002-06-01", "2009-01-01"])
        #expect(out.contains("− district state administration — supports: district kenesh — self-financing"))
        #expect(out.contains("+ district state administration — power: housing programmes"))
    }

    /// A change resting on a fact that is not certain on its day says so, as `at` does (a probe found
    /// `diff` printing 24 uncertain facts of 2002 as settled), and an act's uncertain end is named as such.
    @Test func diffAndAtSayWhatIsNotCertain() throws {
        let out = try run(["diff", "2001-06-01", "2002-06-01"])
        #expect(out.contains("⚠ uncertain — date of entry into force not known: 2002 (between 2002-01-12 and 2002-12-31)"), "\(out)")
        let at = try run(["at", "2002-06-01", "--lang", "ru"])
        #expect(at.contains("(неточно — дата прекращения действия неизвестна: 2002 (в период с 2002-01-12 по 2002-12-31))"), "\(at)")
        #expect(!at.contains("between"), "dates in the language asked")
    }

    @Test func explainNamesTheOverriddenStatements() throws {
        let out = try run(["explain", "formation/akim/by", "--at", "2012-06-01"])
        #expect(out.contains("applies"))
        #expect(out.contains("/akn/kg/act/2011/220#akim-on-kenesh-proposal"))
    }

    @Test func checkReportsThe2007Tension() throws {
        let out = try run(["check", "--at", "2009-01-01"])
        #expect(out.contains("local self-government is part of the system of state power"))
    }

    @Test func sourcesListsEveryEra() throws {
        let out = try run(["sources"])
        for year in ["1929", "1937", "1978", "1993", "1996", "2002", "2007", "2008", "2010", "2011"] {
            #expect(out.contains("(\(year))"), "missing \(year)")
        }
    }

    @Test func draftDiffShowsFindings() throws {
        // The draft the API and page tests compare too.
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("law/scenarios/drafts/heads-appointed-by-akim.yaml")
        let out = try run(["diff", "--draft", file.path, "--at", "2015-01-01"])
        #expect(out.contains("akim, a state body, appoints the head of the ayil okmotu"))
    }

    @Test func validateTheBundledLaw() throws {
        #expect(try run(["validate"]).hasPrefix("OK"))
    }

    @Test func datesOutOfRangeAndMalformedGetClearErrors() {
        #expect(throws: (any Error).self) { try run(["at", "1900-01-01"]) }
        #expect(throws: (any Error).self) { try run(["at", "2009-02-30"]) }
        #expect(throws: (any Error).self) { try run(["explain", "formation/nobody"]) }
    }
}

/// `aimak sources --coverage`: the figures add up and name the known gaps.
@Suite struct CoverageTests {
    @Test func theCoverageReportAddsUp() async throws {
        let json = try await CLI.run(["sources", "--coverage", "--json"])
        let c = try JSONDecoder().decode(CoverageAnswer.self, from: Data(json.utf8))
        #expect(c.total.statements == c.acts.map(\.counts.statements).reduce(0, +))
        #expect(c.total.byStatus.values.reduce(0, +) == c.total.statements)
        #expect(c.total.statements > 250 && c.total.byStatus["verified"]! > 10)
        // Law No. 113 (2022) amends Law No. 123; its content is not in the data.
        #expect(c.actsNotRead.contains { $0.hasPrefix("/akn/kg/act/2022/113") })
        #expect(!c.actsWithImpreciseStart.isEmpty)
        // After the 2024-2025 reform the dataset lists almost no ayil aimak: those districts are named.
        #expect(c.territory.districtsWithoutAyilAimaks.count >= 30)
        let text = try await CLI.run(["sources", "--coverage"])
        #expect(text.contains("Total: \(c.total.statements) statements: \(c.total.byStatus["verified"]!) verified"))
        // The share is exact and rounded once, for display: 65 of 303 (21.45 %) once read "22 %".
        let verified = c.total.byStatus["verified"]!
        #expect(c.total.verifiedShare == Double(verified) / Double(c.total.statements))
        let percent = (Double(verified) * 100 / Double(c.total.statements)).rounded()
        #expect(text.contains("\(verified) verified (\(Int(percent)) %)"), "\(text.prefix(200))")
        var then = c
        then.total.statements = 303
        then.total.byStatus = ["verified": 65]
        then.total.verifiedShare = 65.0 / 303
        let line = SourcesCommand.render(then)
        #expect(line.contains("65 verified (21 %)"), "\(line.prefix(200))")
    }
}

/// `aimak territory change` and `changes`: a merge recorded in a store, and every territory command
/// answering from the registry with it.
@Suite struct TerritoryChangeCLITests {
    /// Territory commands read the store's changes by awaiting, not by blocking a thread: many at
    /// once in one process (as the tests and the server run them, on a pool of one thread per
    /// core) all answer. Blocking on a semaphore here once left every thread waiting.
    @Test(.timeLimit(.minutes(1)))
    func manyTerritoryCommandsOnAStoreAnswerAtOnce() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aimak-tc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("a.sqlite").path
        let file = folder.appendingPathComponent("rename.json").path
        try #"{"kind": "rename", "effective": "2024-09-01", "basis": "/akn/kg/act/2024/150", "code": "41708222000000", "names": {"en": "Sokuluk Rayon"}}"#
            .write(toFile: file, atomically: true, encoding: .utf8)
        _ = try await CLI.run(["territory", "change", file, "--database", db])
        try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 {
                group.addTask { try await CLI.run(["territory", "show", "41708222000000", "--at", "2025-01-01", "--database", db]) }
            }
            for try await out in group { #expect(out.contains("Sokuluk Rayon"), "\(out.prefix(200))") }
        }
    }

    @Test func aMergeRecordedFromTheCommandLineIsAnsweredByTheTerritoryCommands() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aimak-tc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("a.sqlite").path
        let file = folder.appendingPathComponent("merge.json").path
        try #"{"kind": "merge", "effective": "2024-09-01", "basis": "/akn/kg/act/2024/150", "codes": ["41708222865000", "41708222869000"], "unit": {"code": "41708222899000", "type": "ayil-aimak", "names": {"en": "Greater Sokuluk"}, "parent": "41708222000000"}}"#
            .write(toFile: file, atomically: true, encoding: .utf8)
        let out = try await CLI.run(["territory", "change", file, "--database", db])
        #expect(out.contains("territorial change 1 recorded"))
        await CLI.expectError(["territory", "change", file, "--database", db], "does not exist on 2024-09-01")
        #expect(try await CLI.run(["territory", "changes", "--database", db]).contains("merge 41708222865000+41708222869000 → 41708222899000"))
        let show = try await CLI.run(["territory", "show", "41708222899000", "--at", "2025-01-01", "--database", db])
        #expect(show.contains("Greater Sokuluk"))
        let tree = try await CLI.run(["territory", "--at", "2025-01-01", "--database", db, "--depth", "3"])
        #expect(tree.contains("Greater Sokuluk"))
        // A backup carries the changes; a restore checks them against the bundled registry and keeps them.
        let backup = folder.appendingPathComponent("b.jsonl").path, restored = folder.appendingPathComponent("r.sqlite").path
        _ = try await CLI.run(["backup", backup, "--database", db])
        _ = try await CLI.run(["restore", backup, "--database", restored])
        #expect(try await CLI.run(["territory", "show", "41708222899000", "--at", "2025-01-01", "--database", restored]).contains("Greater Sokuluk"))
        // Without the store, the bundled registry alone.
        await CLI.expectError(["territory", "show", "41708222899000", "--at", "2025-01-01", "--database", folder.appendingPathComponent("none.sqlite").path],
                              "no unit with code 41708222899000")
    }
}

/// `aimak store benchmark` on SQLite: the plain and indexed INSERTs write files of their own, which are
/// gone when it ends, so only the benchmarked store is left next to it.
@Suite struct StoreBenchmarkCLITests {
    @Test func theScratchFilesAreRemoved() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aimak-sb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("b.sqlite").path
        let out = try await CLI.run(["store", "benchmark", "--rebuild", "0", "--appends", "5", "--batched", "200", "--database", db])
        #expect(out.contains("ratio append/plain") && out.contains("each in a file of their own"), "\(out)")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") }
        #expect(left == ["b.sqlite"], "\(left)")
    }

    @Test(arguments: [["--appends=-1"], ["--appends", "0"], ["--batched", "50"], ["--rebuild=-5"], ["--batched", "999999999999"]])
    func countsOutOfRangeAreRefusedBeforeAnythingIsWritten(_ bad: [String]) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aimak-sb-\(UUID().uuidString)")
        let db = folder.appendingPathComponent("b.sqlite").path
        let option = String(bad[0].split(separator: "=")[0])
        await CLI.expectError(["store", "benchmark", "--database", db] + bad, "\(option) is ")
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }
}
