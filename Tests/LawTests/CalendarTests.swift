import AimakApp
import Foundation
import Testing
@testable import Law
import LegalData
import WorkingDays

enum BundledCalendar {
    static let text = try! String(contentsOf: LegalData.calendarFile, encoding: .utf8)
    static let calendar: WorkingCalendar = {
        do { return try CalendarParser.load(text, file: "kg-working-days.yaml") } catch { fatalError("bundled calendar does not load:\n\(error)") }
    }()
}

/// One line of `law/scenarios/working-days/*.yaml`.
struct DayScenario: CustomTestStringConvertible, Sendable {
    var file: String
    var line: Int
    var fields: [String: Value]
    var testDescription: String { "\(file):\(line) \(fields["day"]?.description ?? fields["add"]?.description ?? "")" }

    static func all() throws -> [DayScenario] {
        try ScenarioFiles.read(Bundled.lawFolder.appendingPathComponent("scenarios/working-days")).map { DayScenario(file: $0.file, line: $0.line, fields: $0.fields) }
    }
}

@Suite struct WorkingDayScenarios {
    static let scenarios = (try? DayScenario.all()) ?? []

    @Test func everyKindOfDayIsCovered() {
        #expect(Self.scenarios.count >= 80)
        let kinds = Set(Self.scenarios.compactMap { $0.fields["reason"]?.stringValue })
        #expect(kinds.isSuperset(of: ["weekend", "holiday", "movable-holiday", "carried-over", "moved", "added"]))
        let years = Set(Self.scenarios.compactMap { $0.fields["day"]?.stringValue?.prefix(4) })
        #expect(years.isSuperset(of: (2010...2026).map { String($0) }.map { Substring($0) }))
    }

    @Test(arguments: scenarios)
    func scenario(_ s: DayScenario) throws {
        let cal = BundledCalendar.calendar
        let f = s.fields
        if let expectedError = f["error"]?.stringValue {
            do {
                if let d = f["day"]?.stringValue { _ = try cal.status(of: day(d)) }
                if let a = f["add"]?.listValue { _ = try cal.adding(workingDays: a[1].intValue!, to: day(a[0].stringValue!)) }
                Issue.record("expected an error containing '\(expectedError)'")
            } catch let e as CalendarError {
                #expect(e.message.contains(expectedError), "\(e.message)")
            }
            return
        }
        if let d = f["day"]?.stringValue {
            let st = try cal.status(of: day(d))
            let expectWorking = f["working"]?.description == "true"
            #expect(st.isWorking == expectWorking, "\(d): working = \(st.isWorking), reasons \(st.reasons)")
            if let reason = f["reason"]?.stringValue {
                let kinds = st.reasons.map(kind)
                let main = kinds.first { $0.0 != "weekend" } ?? kinds.first
                #expect(main?.0 == reason, "\(d): reasons \(kinds)")
                if let id = f["id"]?.stringValue { #expect(main?.1 == id, "\(d): \(kinds)") }
                if let from = f["from"]?.stringValue { #expect(main?.1 == from, "\(d): \(kinds)") }
                if let w = f["worked_instead"]?.stringValue { #expect(main?.1 == w, "\(d): \(kinds)") }
                if let status = f["status"]?.stringValue {
                    let cited = st.reasons.first { kind($0).0 == reason }?.citation
                    #expect(cited?.status == status, "\(d): the \(reason) is cited as \(cited?.status ?? "nothing")")
                }
            }
            if let off = f["worked_instead_of"]?.stringValue { #expect(st.workedInsteadOf == day(off)) }
            let expectProvisional = f["provisional"]?.description == "true"
            #expect((st.provisional != nil) == expectProvisional, "\(d): provisional \(st.provisional ?? "no")")
        }
        if let a = f["add"]?.listValue, let expect = f["expect"]?.stringValue {
            let r = try cal.adding(workingDays: a[1].intValue!, to: day(a[0].stringValue!))
            #expect(r.day == day(expect), "\(a): got \(r.day)")
            let expectProvisional = f["provisional"]?.description == "true"
            #expect(r.isProvisional == expectProvisional, "\(a): \(r.provisional)")
        }
    }

    func kind(_ r: DayOffReason) -> (String, String) {
        switch r {
        case .weekend: ("weekend", "")
        case .holiday(let id, _, _, _, _): ("holiday", id)
        case .movable(let id, _, _): ("movable-holiday", id)
        case .carriedOver(let from, _, _): ("carried-over", from.description)
        case .moved(let w, _): ("moved", w.description)
        case .added: ("added", "")
        }
    }
}

@Suite struct WorkingCalendarRules {
    let cal = BundledCalendar.calendar

    /// The calendar built from rules reproduces the full list of non-working weekdays of the fact
    /// sheet (§6.3) for 2010-2026, corrections applied: counted independently here from that list.
    @Test func workingDaysPerYear() throws {
        // Working days per year of a five-day week, counted by a separate script straight from the
        // fact sheet's list of non-working days (§6.3, with 8-9 Jan 2026 added) and its worked Saturdays.
        let expected = [2010: 248, 2011: 247, 2012: 250, 2013: 248, 2014: 249, 2015: 249, 2016: 248, 2017: 248,
                        2018: 246, 2019: 247, 2020: 248, 2021: 247, 2022: 246, 2023: 246, 2024: 248, 2025: 248, 2026: 245]
        for (year, n) in expected { #expect(try cal.year(year).workingDayCount == n, "\(year)") }
    }

    @Test func countingIsConsistentWithStatus() throws {
        // Walking day by day gives the same answer as the ranked table, on every day of 2010-2027.
        var d = day("2010-01-01")
        while d < day("2027-12-01") {
            let fast = try cal.adding(workingDays: 7, to: d).day
            var slow = d, left = 7
            while left > 0 { slow = slow.adding(days: 1); if try cal.isWorkingDay(slow) { left -= 1 } }
            #expect(fast == slow, "\(d)")
            d = d.adding(days: 1)
        }
    }

    @Test func unpublishedYearSaysSo() throws {
        let y = try cal.year(2027)
        #expect(y.unpublished?.contains("not published") == true)
        #expect(try cal.year(2026).unpublished == nil)
        #expect(try cal.year(2026).unverified.first?.contains("Kurman Ait") == true)
    }

    @Test(arguments: [
        ("years:\n  2010:\n    orozo-ait: 2010-09-10\n", "kurman-ait", "a published year needs the date of kurman-ait"),
        ("carried-over: [2010-03-22", "carried-over: [2010-06-15", "no holiday fell on a weekend"),
        ("    orozo-ait: 2011-08-30", "    orozo-ait: 2011-02-30", "is not a date"),
        ("    orozo-ait: 2012-08-19", "    orozo-ait: 2013-08-19", "is not in 2012"),
        ("labour-code-2025: { days: [08-31] }", "labour-code-2030: { days: [08-31] }", "unknown code 'labour-code-2030'"),
        ("  2013:\n", "", "must follow each other with no gap"),
        ("    carry-over: false\n", "    carry-over: maybe\n", "must be true or false"),
        ("      - { off: 2010-01-04, worked: 2010-01-16 }", "      - { off: 2010-01-04 }", "needs 'off' and 'worked'"),
        ("week:\n  days-off: [saturday, sunday]", "week:\n  days-off: [sunday]", "only the five-day week"),
        ("  labour-code-2004:\n    short:", "  labour-code-2004:\n    shrot:", "unknown field 'shrot'"),
    ])
    func badCalendarDataIsRefused(_ from: String, _ to: String, _ message: String) throws {
        var text = BundledCalendar.text
        if from.hasPrefix("years:") {
            // Drop Kurman Ait from 2010.
            text = text.replacingOccurrences(of: "    kurman-ait: 2010-11-16\n", with: "")
        } else if to.isEmpty {
            // Drop the whole year.
            let start = text.range(of: from)!, end = text.range(of: "  2014:\n")!
            text.removeSubrange(start.lowerBound..<end.lowerBound)
        } else {
            #expect(text.contains(from), "fixture out of date: \(from)")
            text = text.replacingOccurrences(of: from, with: to)
        }
        do {
            _ = try CalendarParser.load(text, file: "bad.yaml")
            Issue.record("no error for \(to)")
        } catch let e as LegalDataError {
            #expect(e.description.contains(message), "\(e)")
            #expect(e.description.hasPrefix("bad.yaml"))
        }
    }
}

/// Dates are read byte by byte (every stored event has one): only YYYY-MM-DD of a real day passes.
@Suite struct DayTextTests {
    @Test(arguments: ["2020-02-30", "2020-13-01", "2020-00-10", "2020-1-01", "2020-01-1", "+020-01-01", "2020-01-01 ", " 2020-01-01",
                      "2020/01/01", "2020-01-0x", "20200101", "", "2020-01-01T00:00", "２０２０-01-01"])
    func refused(_ text: String) { #expect(Day(iso: text) == nil, "'\(text)'") }

    @Test func readsRealDays() {
        #expect(Day(iso: "2024-02-29")?.description == "2024-02-29")
        #expect(Day(iso: "0001-01-01") != nil)
        #expect(Day(iso: "1929-04-30")?.description == "1929-04-30")
    }
}
