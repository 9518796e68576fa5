import Law
import WorkingDays

/// A day's status: working or not, and why not, each reason with its citation.
public struct DayAnswer: Codable, Sendable, Equatable {
    public struct Reason: Codable, Sendable, Equatable {
        public var text: String
        /// weekend, holiday, movable-holiday, carried-over, moved or added.
        public var kind: String
        public var id: String?
        public var code: String?
        public var from: String?
        public var workedInstead: String?
        public var status: String?
        public var basis: String?
        public var provision: String?
        enum CodingKeys: String, CodingKey { case text, kind, id, code, from, status, basis, provision, workedInstead = "worked_instead" }
    }
    public var day: String
    /// 1 = Monday … 7 = Sunday.
    public var weekday: Int
    public var working: Bool
    public var reasons: [Reason]
    public var workedInsteadOf: String?
    @Null public var provisional: String?
    enum CodingKeys: String, CodingKey { case day, weekday, working, reasons, provisional, workedInsteadOf = "worked_instead_of" }
}

/// A year's non-working days and its count of working days.
public struct CalendarYearAnswer: Codable, Sendable, Equatable {
    public var year: Int
    public var workingDays: Int
    public var published: Bool
    @Null public var unpublished: String?
    public var unverified: [String]
    @Null public var note: String?
    public var days: [DayAnswer]
    enum CodingKeys: String, CodingKey { case year, published, unpublished, unverified, note, days, workingDays = "working_days" }
}

/// The day N working (or calendar) days after a date, with the days off skipped.
public struct CalendarAddAnswer: Codable, Sendable, Equatable {
    public var from: String
    public var days: Int
    /// working-days or calendar-days.
    public var unit: String
    public var result: String
    public var weekday: Int
    public var provisional: [String]
    public var skipped: [DayAnswer]
}

/// The questions about working days.
public struct CalendarQueries: Sendable {
    public let calendar: WorkingCalendar
    public let text: CalendarText

    public init(calendar: WorkingCalendar, language: Language) { (self.calendar, text) = (calendar, CalendarText(language: language)) }

    /// The longest count taken: about four centuries of working days, far past any legal deadline.
    public static let maximumDays = 100_000

    public static func checkCount(_ days: Int) throws {
        guard days >= 0 else { throw AppError.badInput("a number of days must not be negative (got \(days))") }
        guard days <= maximumDays else { throw AppError.badInput("a number of days is at most \(maximumDays) (got \(days))") }
    }

    public func year(_ year: Int) throws -> CalendarYearAnswer {
        let y = try calendar.year(year)
        return CalendarYearAnswer(year: year, workingDays: y.workingDayCount, published: y.unpublished == nil, unpublished: y.unpublished,
                                  unverified: y.unverified, note: y.note, days: y.days.map(day))
    }

    public func day(_ iso: String) throws -> DayAnswer {
        guard let d = Day(iso: iso) else { throw AppError.badInput("'\(iso)' is not a date: write YYYY-MM-DD, e.g. 2025-03-21") }
        return day(try calendar.status(of: d))
    }

    public func add(_ days: Int, to iso: String, calendarDays: Bool = false) throws -> CalendarAddAnswer {
        guard let start = Day(iso: iso) else { throw AppError.badInput("'\(iso)' is not a date: write YYYY-MM-DD, e.g. 2025-03-01") }
        try Self.checkCount(days)
        let (result, skipped) = try count(days, from: start, calendarDays: calendarDays)
        return CalendarAddAnswer(from: start.description, days: days, unit: calendarDays ? "calendar-days" : "working-days",
                                 result: result.day.description, weekday: result.day.weekday, provisional: result.provisional,
                                 skipped: skipped.map(day))
    }

    /// The day `days` working (or calendar) days after `start`, and the days off other than plain
    /// weekends that the count skipped (what a reader wants to see: holidays, moved days).
    public func count(_ days: Int, from start: Day, calendarDays: Bool) throws -> (CountedDay, [DayStatus]) {
        try Self.checkCount(days)
        let result = calendarDays ? try calendar.adding(calendarDays: days, to: start) : try calendar.adding(workingDays: days, to: start)
        var skipped: [DayStatus] = []
        if !calendarDays, result.day > start {
            var d = start.adding(days: 1)
            while d < result.day {
                let s = try calendar.status(of: d)
                if !s.isWorking, s.reasons != [.weekend] { skipped.append(s) }
                d = d.adding(days: 1)
            }
        }
        return (result, skipped)
    }

    public func day(_ st: DayStatus) -> DayAnswer {
        DayAnswer(day: st.day.description, weekday: st.day.weekday, working: st.isWorking, reasons: st.reasons.map { r in
            var m = DayAnswer.Reason(text: text.reason(r), kind: "")
            switch r {
            case .weekend: m.kind = "weekend"
            case .holiday(let id, _, let code, _, _): m.kind = "holiday"; m.id = id; m.code = code
            case .movable(let id, _, _): m.kind = "movable-holiday"; m.id = id
            case .carriedOver(let from, _, _): m.kind = "carried-over"; m.from = from.description
            case .moved(let worked, _): m.kind = "moved"; m.workedInstead = worked.description
            case .added: m.kind = "added"
            }
            if let c = r.citation { m.status = c.status; m.basis = c.basis; m.provision = c.provision }
            return m
        }, workedInsteadOf: st.workedInsteadOf?.description, provisional: st.provisional)
    }
}

/// The calendar's words in three languages.
public struct CalendarText: Sendable {
    public let language: Language
    public init(language: Language) { self.language = language }

    public enum Word: Sendable { case yearTitle, workingDays, calendarDays, workingDay, weekend, carriedOver, moved, added, workedInstead, skipped, provisional, note, notPublished }

    public func s(_ w: Word) -> String {
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

    public func name(_ n: HolidayNames) -> String {
        switch language { case .ky: n.ky; case .ru: n.ru; case .en: n.en }
    }

    public func weekday(_ d: Day) -> String {
        let names: [[String]] = [["дүйшөмбү", "шейшемби", "шаршемби", "бейшемби", "жума", "ишемби", "жекшемби"],
                                 ["понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"],
                                 ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]]
        let row = language == .ky ? 0 : language == .ru ? 1 : 2
        return names[row][d.weekday - 1]
    }

    public func cite(_ c: CalendarCitation?) -> String {
        guard let c else { return "" }
        // The basis is a reviewer's note in English: said only in English; in Kyrgyz and Russian
        // the article and the reliability are said in the reader's words.
        guard language == .en else {
            let status: String
            switch c.status {
            case "verified": status = language == .ky ? "текст менен текшерилген" : "проверено по тексту"
            case "secondary": status = language == .ky ? "экинчи даражадагы булак" : "вторичный источник"
            case "inference": status = language == .ky ? "корутунду" : "вывод"
            default: status = language == .ky ? "текшерилген эмес" : "не проверено"
            }
            let article = c.provision.flatMap { p -> String? in
                guard p.hasPrefix("art_"), let n = Int(p.dropFirst(4)) else { return nil }
                return language == .ky ? "Эмгек кодексинин \(n)-беренеси" : "статья \(n) Трудового кодекса"
            }
            return " [" + [article, status].compactMap { $0 }.joined(separator: " · ") + "]"
        }
        let basis = c.basis.map { b in b.range(of: " (").map { String(b[..<$0.lowerBound]) } ?? b } ?? c.url ?? ""
        return " [" + [c.provision, basis.isEmpty ? nil : basis, c.status].compactMap { $0 }.joined(separator: " · ") + "]"
    }

    public func reason(_ r: DayOffReason) -> String {
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

    public func line(_ st: DayStatus) -> String {
        let head = "\(st.day) \(weekday(st.day))"
        if st.isWorking {
            if let off = st.workedInsteadOf { return "\(head) — \(s(.workedInstead)) \(off)" }
            return "\(head) — \(s(.workingDay))"
        }
        return "\(head) — " + st.reasons.map(reason).joined(separator: "; ")
    }

    public func unpublished(_ year: Int, _ note: String) -> String {
        switch language {
        case .ky: "\(year) жылдын календары \(s(.notPublished)): Орозо айт, Курман айт жана которулган күндөр белгисиз"
        case .ru: "календарь на \(year) год \(s(.notPublished)): даты Орозо айт, Курман айт и переносы неизвестны"
        case .en: note
        }
    }
}
