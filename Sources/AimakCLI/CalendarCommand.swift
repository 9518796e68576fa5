import AimakApp
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

/// Loads the working-day calendar once per process (by the app layer).
enum CalendarStore {
    static func load(file: String?) throws -> WorkingCalendar { try LawLibrary.calendar(file) }
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
        if common.json { return try answerJSON(CalendarQueries(calendar: cal, language: common.lang).year(year)) }
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
        guard let start = Day(iso: date) else { throw CLIError("'\(date)' is not a date: write YYYY-MM-DD, e.g. 2025-03-01") }
        let t = CalendarText(language: common.lang)
        let queries = CalendarQueries(calendar: cal, language: common.lang)
        let (result, skipped): (CountedDay, [DayStatus])
        do { (result, skipped) = try queries.count(days, from: start, calendarDays: calendarDays) }
        catch let e as AppError { throw CLIError(e.message) } catch let e as CalendarError { throw CLIError(e.message) }
        if common.json {
            do { return try answerJSON(try queries.add(days, to: date, calendarDays: calendarDays)) }
            catch let e as AppError { throw CLIError(e.message) }
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
        guard let day = Day(iso: date) else { throw CLIError("'\(date)' is not a date: write YYYY-MM-DD, e.g. 2025-03-21") }
        let s: DayStatus
        do { s = try cal.status(of: day) } catch let e as CalendarError { throw CLIError(e.message) }
        let t = CalendarText(language: common.lang)
        if common.json { return try answerJSON(CalendarQueries(calendar: cal, language: common.lang).day(s)) }
        var lines = [t.line(s)]
        if let p = s.provisional { lines.append("⚠ \(t.s(.provisional)): \(p)") }
        return lines.joined(separator: "\n")
    }
}

