import Foundation
import Testing
@testable import AimakCLI

/// `aimak calendar` and `aimak procedure`, driven in-process through the real argument parser,
/// with procedure files in a temporary folder.
@Suite struct ProcedureCLITests {
    func run(_ args: [String]) async throws -> String { try await CLI.run(args) }

    func expectError(_ args: [String], _ message: String, sourceLocation: SourceLocation = #_sourceLocation) async {
        await CLI.expectError(args, message, sourceLocation: sourceLocation)
    }

    func tempFile() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("aimak-\(UUID().uuidString).yaml").path
    }

    @Test func calendarYearAddAndDay() async throws {
        let year = try await run(["calendar", "2025"])
        #expect(year.contains("2025-03-21 Friday — Nooruz"))
        #expect(year.contains("2025-01-11 Saturday — working day, instead of the day off on 2025-01-02"))
        let add = try await run(["calendar", "add", "2025-03-01", "20"])
        #expect(add.hasPrefix("2025-03-01 + 20 working days = 2025-03-31 (Monday)"))
        #expect(add.contains("2025-03-21 Friday — Nooruz"))
        let ru = try await run(["calendar", "day", "2024-06-17", "--lang", "ru"])
        #expect(ru.contains("Курман айт"))
        let ky = try await run(["calendar", "2027", "--lang", "ky"])
        #expect(ky.contains("жарыялана элек"))
        let json = try await run(["calendar", "add", "2026-12-20", "20", "--json"])
        #expect(json.contains("\"result\" : \"2027-01-22\"") && json.contains("not published"))
        await expectError(["calendar", "day", "2009-06-01"], "before the working-day calendar")
        await expectError(["calendar", "add", "2025-02-30", "3"], "'2025-02-30' is not a date")
        await expectError(["calendar", "add", "2025-03-01", "--", "-2"], "must not be negative")
    }

    @Test func akimAppointmentThroughTheCommandLine() async throws {
        let file = tempFile()
        defer { try? FileManager.default.removeItem(atPath: file) }
        let header = try await run(["procedure", "new", "akim-appointment", "--unit", "41708222000000", "--date", "2010-03-01"])
        try header.write(toFile: file, atomically: true, encoding: .utf8)
        _ = try await run(["procedure", "add", file, "nominated", "by=prime-minister", "candidates=Asanov A.,Bekov B.,Duishenov D.", "--date", "2010-03-01", "--by", "secretary"])
        _ = try await run(["procedure", "add", file, "sitting", "seats=31", "present=25", "--date", "2010-03-10"])
        _ = try await run(["procedure", "add", file, "ballot", "votes=Asanov A.:12,Bekov B.:8,Duishenov D.:3", "blank=1", "invalid=1", "--date", "2010-03-10"])
        let before = try String(contentsOfFile: file, encoding: .utf8)

        // Impossible input: Duishenov was not in the top two; the file is unchanged.
        await expectError(["procedure", "add", file, "ballot", "votes=Asanov A.:15,Duishenov D.:8", "--date", "2010-03-10"],
                    "event 4: 'Duishenov D.' was not among the top two")
        await expectError(["procedure", "add", file, "ballot", "votes=Asanov A.:15,Bekov B.:x", "--date", "2010-03-10"],
                    "the count for 'Bekov B.' must be a whole number")
        await expectError(["procedure", "add", file, "ballot", "votes=Asanov A.:15,Bekov B.:10", "--date", "2010-03-09"],
                    "before the previous event")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == before)

        let line = try await run(["procedure", "add", file, "ballot", "votes=Asanov A.:16,Bekov B.:8", "--date", "2010-03-10"])
        #expect(line.contains("[appointment]"))
        let show = try await run(["procedure", "show", file])
        #expect(show.contains("quorum met: 25 present, at least 21 of 31 needed"))
        #expect(show.contains("run-off between Asanov A. / Bekov B."))
        #expect(show.contains("[Law No. 99 (2008) art. 14 · secondary source"))
        #expect(show.contains("`appointed`: the President appoints the akim"))
        let ky = try await run(["procedure", "show", file, "--lang", "ky"])
        #expect(ky.contains("кворум бар"))
        let json = try await run(["procedure", "show", file, "--json"])
        #expect(json.contains("\"phase\" : \"appointment\""))
        let minutes = try await run(["procedure", "minutes", file, "--lang", "ru"])
        #expect(minutes.contains("ПРОТОКОЛ СЕССИИ"))
        #expect(minutes.contains("| Asanov A. | 12 |") && minutes.contains("| Пустые бюллетени | 1 |"))
        #expect(minutes.contains("Общее число депутатов: 31. Присутствуют: 25."))
        let html = try await run(["procedure", "minutes", file, "--lang", "ky", "--html"])
        #expect(html.contains("<html lang=\"ky\">") && html.contains("<td>Asanov A.</td><td>16</td>"))
        // The file records who and when.
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains("recorded_by: \"secretary\"") && text.contains("recorded_at:"))
    }

    @Test func badProcedureInput() async throws {
        await expectError(["procedure", "new", "akim-appointment", "--unit", "41799999000000", "--date", "2010-03-01"], "no unit with code 41799999000000")
        await expectError(["procedure", "new", "akim-appointment", "--unit", "41708222000000", "--date", "1900-01-01"], "before the first source")
        await expectError(["procedure", "new", "mayor-of-mars", "--unit", "41708222000000", "--date", "2010-03-01"], "mayor-of-mars")
        await expectError(["procedure", "new", "annual-report", "--unit", "41708222000000", "--date", "2010-03-01", "--set", "colour=red"], "is not a setting")
        await expectError(["procedure", "show", "/nonexistent/p.yaml"], "cannot read /nonexistent/p.yaml")
        let file = tempFile()
        defer { try? FileManager.default.removeItem(atPath: file) }
        try "procedure: akim-appointment\nunit: \"41708222000000\"\nstarted: 2010-03-01\nevents: [ {type: nominated} ]\n".write(toFile: file, atomically: true, encoding: .utf8)
        do {
            _ = try await run(["procedure", "show", file])
            Issue.record("a malformed event was accepted")
        } catch {
            #expect("\(error)".contains("event 1") && "\(error)".contains("needs a date"))
        }
    }
}
