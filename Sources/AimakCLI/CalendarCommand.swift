import ArgumentParser
import Foundation
import Law
import LegalData
import WorkingDays

/// `aimak calendar …`: the working days of state and municipal bodies.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Working days of the Kyrgyz Republic: a year's days off, a day's status, deadlines in working days.",
        subcommands: [CalendarYear.self, CalendarAdd.self, CalendarDay.self],
        defaultSubcommand: CalendarYear.self)
}

struct CalendarOptions: ParsableArguments {
    @Option(name: .long, help: "A calendar YAML file to use instead of the bundled kg-working-days.yaml.")
    var calendar: String?

    func load() throws -> WorkingCalendar { try CalendarStore.load(file: calendar) }
}

/// Loads the working-day calendar once per process.
enum CalendarStore {
    private static let cache = ProcessCache<WorkingCalendar>()

    static func load(file: String?) throws -> WorkingCalendar {
        try cache.file(file, bundled: LegalData.calendarFile, name: "calendar/kg-working-days.yaml") { try CalendarParser.load($0, file: $1) }
    }
}

/// `aimak calendar 2025`
struct CalendarYear: TextCommand {
    static let configuration = CommandConfiguration(commandName: "year", abstract: "The non-working days of a year, each with its reason and citation.")

    @Argument(help: "The year, e.g. 2025.")
    var year: Int

    @OptionGroup var common: CommonOptions
    @OptionGroup var options: CalendarOptions

    func output() throws -> String {
        let cal = try options.load()
        let y: YearCalendar
        do { y = try cal.year(year) } catch let e as CalendarError { throw CLIError(e.message) }
        let t = CalendarText(language: common.lang)
        if common.json {
            return try jsonText([
                "year": year, "working_days": y.workingDayCount, "published": y.unpublished == nil,
                "unpublished": y.unpublished as Any? ?? NSNull(), "unverified": y.unverified, "note": y.note as Any? ?? NSNull(),
                "days": y.days.map { t.json($0) },
            ])
        }
        var lines = ["\(t.s(.yearTitle)) \(year) — \(y.workingDayCount) \(t.s(.workingDays))"]
        if let u = y.unpublished { lines.append("⚠ \(t.unpublished(year, u))") }
        for u in y.unverified { lines.append("⚠ \(u)") }
        lines.append("")
        for d in y.days { lines.append(t.line(d)) }
        if let note = y.note { lines.append(""); lines.append("\(t.s(.note)): \(note)") }
        return lines.joined(separator: "\n")
    }
}

/// `aimak calendar add 2025-03-01 20`
struct CalendarAdd: TextCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "The day N working days (or calendar days) after a date.")

    @Argument(help: "The start date (YYYY-MM-DD); it is not counted.")
    var date: String

    @Argument(help: "How many days to add.")
    var days: Int

    @Flag(name: .long, help: "Count calendar days instead of working days.")
    var calendarDays = false

    @OptionGroup var common: CommonOptions
    @OptionGroup var options: CalendarOptions

    func output() throws -> String {
        let cal = try options.load()
        guard let start = Day(iso: date) else { throw ValidationError("'\(date)' is not a date: write YYYY-MM-DD, e.g. 2025-03-01") }
        let t = CalendarText(language: common.lang)
        let result: CountedDay
        do {
            result = calendarDays ? try cal.adding(calendarDays: days, to: start) : try cal.adding(workingDays: days, to: start)
        } catch let e as CalendarError { throw CLIError(e.message) }
        var skipped: [DayStatus] = []
        if !calendarDays, result.day > start {
            var d = start.adding(days: 1)
            while d < result.day {
                let s = try cal.status(of: d)
                if !s.isWorking, s.reasons != [.weekend] { skipped.append(s) }
                d = d.adding(days: 1)
            }
        }
        if common.json {
            return try jsonText([
                "from": start.description, "days": days, "unit": calendarDays ? "calendar-days" : "working-days",
                "result": result.day.description, "weekday": result.day.weekday, "provisional": result.provisional,
                "skipped": skipped.map { t.json($0) },
            ])
        }
        var lines = ["\(start) + \(days) \(t.s(calendarDays ? .calendarDays : .workingDays)) = \(result.day) (\(t.weekday(result.day)))"]
        if !skipped.isEmpty {
            lines.append("\(t.s(.skipped)):")
            for s in skipped { lines.append("  " + t.line(s)) }
        }
        for p in result.provisional { lines.append("⚠ \(t.s(.provisional)): \(p)") }
        return lines.joined(separator: "\n")
    }
}

/// `aimak calendar day 2025-03-21`
struct CalendarDay: TextCommand {
    static let configuration = CommandConfiguration(commandName: "day", abstract: "Whether a date is a working day, and why not.")

    @Argument(help: "The date (YYYY-MM-DD).")
    var date: String

    @OptionGroup var common: CommonOptions
    @OptionGroup var options: CalendarOptions

    func output() throws -> String {
        let cal = try options.load()
        guard let day = Day(iso: date) else { throw ValidationError("'\(date)' is not a date: write YYYY-MM-DD, e.g. 2025-03-21") }
        let s: DayStatus
        do { s = try cal.status(of: day) } catch let e as CalendarError { throw CLIError(e.message) }
        let t = CalendarText(language: common.lang)
        if common.json { return try jsonText(t.json(s)) }
        var lines = [t.line(s)]
        if let p = s.provisional { lines.append("⚠ \(t.s(.provisional)): \(p)") }
        return lines.joined(separator: "\n")
    }
}

/// The calendar's words in three languages.
struct CalendarText {
    let language: Language

    enum Word { case yearTitle, workingDays, calendarDays, workingDay, weekend, carriedOver, moved, added, workedInstead, skipped, provisional, note, notPublished }

    func s(_ w: Word) -> String {
        let t: (String, String, String)
        switch w {
        case .yearTitle: t = ("Иш эмес күндөр", "Нерабочие дни", "Non-working days of")
        case .workingDays: t = ("иш күнү", "рабочих дней", "working days")
        case .calendarDays: t = ("календардык күн", "календарных дней", "calendar days")
        case .workingDay: t = ("иш күнү", "рабочий день", "working day")
        case .weekend: t = ("дем алыш күнү", "выходной день", "weekend")
        case .carriedOver: t = ("которулган дем алыш күнү", "выходной, перенесённый с", "carried over from")
        case .moved: t = ("токтом менен которулган дем алыш; ордуна иштелген күн", "выходной, перенесённый постановлением; отработан", "day off moved by resolution; worked instead on")
        case .added: t = ("токтом менен кошумча дем алыш күнү", "дополнительный выходной по постановлению", "extra day off by resolution")
        case .workedInstead: t = ("иш күнү, ордуна дем алыш", "рабочий день вместо выходного", "working day, instead of the day off on")
        case .skipped: t = ("эсепке кирбеген дем алыш күндөр", "пропущенные нерабочие дни", "days off skipped")
        case .provisional: t = ("болжолдуу", "предварительно", "provisional")
        case .note: t = ("Эскертүү", "Примечание", "Note")
        case .notPublished: t = ("жарыялана элек", "не опубликован", "not published")
        }
        switch language { case .ky: return t.0; case .ru: return t.1; case .en: return t.2 }
    }

    func name(_ n: HolidayNames) -> String {
        switch language { case .ky: n.ky; case .ru: n.ru; case .en: n.en }
    }

    func weekday(_ d: Day) -> String {
        let names: [[String]] = [["дүйшөмбү", "шейшемби", "шаршемби", "бейшемби", "жума", "ишемби", "жекшемби"],
                                 ["понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"],
                                 ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]]
        let row = language == .ky ? 0 : language == .ru ? 1 : 2
        return names[row][d.weekday - 1]
    }

    func cite(_ c: CalendarCitation?) -> String {
        guard let c else { return "" }
        let basis = c.basis.map { b in b.range(of: " (").map { String(b[..<$0.lowerBound]) } ?? b } ?? c.url ?? ""
        return " [" + [c.provision, basis.isEmpty ? nil : basis, c.status].compactMap { $0 }.joined(separator: " · ") + "]"
    }

    func reason(_ r: DayOffReason) -> String {
        switch r {
        case .weekend: return s(.weekend)
        case .holiday(_, let n, _, let code, var c):
            c.provision = [name(code), c.provision].compactMap { $0 }.joined(separator: " ")
            return name(n) + cite(c)
        case .movable(_, let n, let c): return name(n) + cite(c)
        case .carriedOver(let from, let n, let c): return "\(s(.carriedOver)) \(from) (\(name(n)))" + cite(c)
        case .moved(let worked, let c): return "\(s(.moved)) \(worked) (\(weekday(worked)))" + cite(c)
        case .added(let c): return s(.added) + cite(c)
        }
    }

    func line(_ st: DayStatus) -> String {
        let head = "\(st.day) \(weekday(st.day))"
        if st.isWorking {
            if let off = st.workedInsteadOf { return "\(head) — \(s(.workedInstead)) \(off)" }
            return "\(head) — \(s(.workingDay))"
        }
        return "\(head) — " + st.reasons.map(reason).joined(separator: "; ")
    }

    func unpublished(_ year: Int, _ note: String) -> String {
        switch language {
        case .ky: "\(year) жылдын календары \(s(.notPublished)): Орозо айт, Курман айт жана которулган күндөр белгисиз"
        case .ru: "календарь на \(year) год \(s(.notPublished)): даты Орозо айт, Курман айт и переносы неизвестны"
        case .en: note
        }
    }

    func json(_ st: DayStatus) -> [String: Any] {
        var o: [String: Any] = ["day": st.day.description, "weekday": st.day.weekday, "working": st.isWorking]
        o["reasons"] = st.reasons.map { r -> [String: Any] in
            var m: [String: Any] = ["text": reason(r)]
            switch r {
            case .weekend: m["kind"] = "weekend"
            case .holiday(let id, _, let code, _, _): m["kind"] = "holiday"; m["id"] = id; m["code"] = code
            case .movable(let id, _, _): m["kind"] = "movable-holiday"; m["id"] = id
            case .carriedOver(let from, _, _): m["kind"] = "carried-over"; m["from"] = from.description
            case .moved(let worked, _): m["kind"] = "moved"; m["worked_instead"] = worked.description
            case .added: m["kind"] = "added"
            }
            if let c = r.citation { m["status"] = c.status; m["basis"] = c.basis ?? NSNull(); m["provision"] = c.provision ?? NSNull() }
            return m
        }
        if let off = st.workedInsteadOf { o["worked_instead_of"] = off.description }
        o["provisional"] = st.provisional ?? NSNull()
        return o
    }
}
