/// Where a calendar fact comes from. The loader fills it from the cited data file; the engine only
/// carries it to the answer.
public struct CalendarCitation: Hashable, Sendable {
    /// verified | secondary | inference | unverified
    public var status: String
    public var provision: String?
    public var basis: String?
    public var url: String?
    public var note: String?

    public init(status: String, provision: String? = nil, basis: String? = nil, url: String? = nil, note: String? = nil) {
        self.status = status
        self.provision = provision
        self.basis = basis
        self.url = url
        self.note = note
    }
}

/// Names of a holiday in the three languages of Aimak.
public struct HolidayNames: Hashable, Sendable {
    public var ky: String
    public var ru: String
    public var en: String
    public init(ky: String, ru: String, en: String) { (self.ky, self.ru, self.en) = (ky, ru, en) }
}

/// The rules a working-day calendar is built from, as read from the data file. Plain values, so a
/// test can write a calendar of its own.
public struct CalendarRules: Sendable {
    /// A Labour Code (or any act) that lists the fixed public holidays.
    public struct Code: Sendable {
        public var id: String
        public var names: HolidayNames
        /// First and last day the code governs; nil = open.
        public var from: Day?
        public var to: Day?
        /// A holiday falling on a day off moves to the next working day (2004 Code art. 113).
        public var carryOver: Bool
        public var cite: CalendarCitation
        public init(id: String, names: HolidayNames, from: Day?, to: Day?, carryOver: Bool, cite: CalendarCitation) {
            (self.id, self.names, self.from, self.to, self.carryOver, self.cite) = (id, names, from, to, carryOver, cite)
        }
        func governs(_ day: Day) -> Bool { (from.map { day >= $0 } ?? true) && (to.map { day <= $0 } ?? true) }
    }

    /// One fixed holiday as one code gives it: month-day pairs, optionally only in some years.
    public struct Holiday: Sendable {
        public var id: String
        public var names: HolidayNames
        public var code: String
        public var days: [(month: Int, day: Int)]
        public var fromYear: Int?
        public var toYear: Int?
        public var note: String?
        public init(id: String, names: HolidayNames, code: String, days: [(month: Int, day: Int)],
                    fromYear: Int? = nil, toYear: Int? = nil, note: String? = nil) {
            (self.id, self.names, self.code, self.days, self.fromYear, self.toYear, self.note) = (id, names, code, days, fromYear, toYear, note)
        }
    }

    /// A movable holiday's date in one year (Orozo Ait, Kurman Ait).
    public struct Movable: Sendable {
        public var id: String
        public var day: Day
        public var cite: CalendarCitation
        public init(id: String, day: Day, cite: CalendarCitation) { (self.id, self.day, self.cite) = (id, day, cite) }
    }

    /// What a resolution did to one year's days.
    public struct Year: Sendable {
        public var year: Int
        public var movable: [Movable]
        public var carriedOver: [Day]
        public var moved: [(off: Day, worked: Day)]
        public var extraDaysOff: [Day]
        public var extraCite: CalendarCitation?
        public var cite: CalendarCitation
        public var note: String?
        public init(year: Int, movable: [Movable], carriedOver: [Day], moved: [(off: Day, worked: Day)],
                    extraDaysOff: [Day], extraCite: CalendarCitation?, cite: CalendarCitation, note: String?) {
            (self.year, self.movable, self.carriedOver, self.moved, self.extraDaysOff, self.extraCite, self.cite, self.note) =
                (year, movable, carriedOver, moved, extraDaysOff, extraCite, cite, note)
        }
    }

    public var codes: [Code]
    public var holidays: [Holiday]
    public var movableNames: [String: HolidayNames]
    public var years: [Year]
    public var weekCite: CalendarCitation

    public init(codes: [Code], holidays: [Holiday], movableNames: [String: HolidayNames], years: [Year], weekCite: CalendarCitation) {
        (self.codes, self.holidays, self.movableNames, self.years, self.weekCite) = (codes, holidays, movableNames, years, weekCite)
    }
}

/// Why a day is not a working day. A day may have several reasons (a holiday on a Sunday).
public enum DayOffReason: Hashable, Sendable {
    case weekend
    /// A fixed public holiday of the code in force on that day.
    case holiday(id: String, names: HolidayNames, code: String, codeNames: HolidayNames, cite: CalendarCitation)
    /// Orozo Ait or Kurman Ait of that year.
    case movable(id: String, names: HolidayNames, cite: CalendarCitation)
    /// The next working day after a holiday that fell on a day off (2004 Code art. 113).
    case carriedOver(from: Day, names: HolidayNames, cite: CalendarCitation)
    /// A day off moved by resolution; `worked` is the day worked instead.
    case moved(worked: Day, cite: CalendarCitation)
    /// A day off added by resolution with no day worked instead.
    case added(cite: CalendarCitation)

    public var citation: CalendarCitation? {
        switch self {
        case .weekend: nil
        case .holiday(_, _, _, _, let c), .movable(_, _, let c), .carriedOver(_, _, let c), .moved(_, let c), .added(let c): c
        }
    }
}

/// What the calendar says about one day.
public struct DayStatus: Sendable {
    public var day: Day
    public var isWorking: Bool
    /// Empty for a working day.
    public var reasons: [DayOffReason]
    /// A Saturday (or other day off) made a working day by resolution, in exchange for this day off.
    public var workedInsteadOf: Day?
    /// Set when the day's status rests on data that is not published or not verified.
    public var provisional: String?
}

/// The result of counting days: the day reached and, when the count crossed a year whose movable
/// days are not published or an unverified day, why it is provisional.
public struct CountedDay: Sendable, Equatable {
    public var day: Day
    public var provisional: [String]
    public var isProvisional: Bool { !provisional.isEmpty }
}

public struct CalendarError: Error, Sendable, CustomStringConvertible, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The working days of the Kyrgyz Republic for state and municipal bodies (five-day week).
///
/// Built once from `CalendarRules` into a flat table of days from `firstDay` to `lastDay`, with the
/// rank of every working day, so "N working days after D" is two array reads.
public struct WorkingCalendar: Sendable {
    public let rules: CalendarRules
    public let firstDay: Day
    public let lastDay: Day
    /// Years whose movable days and resolutions are in the data.
    public let publishedYears: Set<Int>

    private let working: [Bool]
    /// Number of working days on or before each day of the table.
    private let rank: [Int32]
    /// Ordinals of the working days, in order.
    private let workingOrdinals: [Int32]
    private let reasons: [Int32: [DayOffReason]]
    private let workedInstead: [Int32: Day]
    /// Days whose status rests on unverified data, with the note, in order of day.
    private let unverified: [(ordinal: Int32, note: String)]

    /// The table reaches to the end of this year; counts beyond it are refused.
    public static let lastTableYear = 2099

    public init(rules: CalendarRules) throws {
        self.rules = rules
        guard let firstYear = rules.years.map(\.year).min() else {
            throw CalendarError("the calendar data lists no year")
        }
        let first = Day(year: firstYear, month: 1, day: 1)!
        let last = Day(year: Self.lastTableYear, month: 12, day: 31)!
        firstDay = first
        lastDay = last
        publishedYears = Set(rules.years.map(\.year))
        let count = last - first + 1
        var reasons: [Int32: [DayOffReason]] = [:]
        var workedInstead: [Int32: Day] = [:]
        var unverified: [Int32: String] = [:]
        func add(_ day: Day, _ reason: DayOffReason) {
            guard day >= first, day <= last else { return }
            reasons[day.ordinal, default: []].append(reason)
        }
        let codes = Dictionary(uniqueKeysWithValues: rules.codes.map { ($0.id, $0) })
        for year in firstYear...Self.lastTableYear {
            for h in rules.holidays {
                guard let code = codes[h.code] else { throw CalendarError("holiday '\(h.id)' names unknown code '\(h.code)'") }
                if let f = h.fromYear, year < f { continue }
                if let t = h.toYear, year > t { continue }
                for (m, d) in h.days {
                    guard let day = Day(year: year, month: m, day: d) else { continue }
                    if code.governs(day) { add(day, .holiday(id: h.id, names: h.names, code: code.id, codeNames: code.names, cite: code.cite)) }
                }
            }
        }
        for y in rules.years {
            for m in y.movable {
                let names = rules.movableNames[m.id] ?? HolidayNames(ky: m.id, ru: m.id, en: m.id)
                add(m.day, .movable(id: m.id, names: names, cite: m.cite))
                if m.cite.status == "unverified" {
                    unverified[m.day.ordinal] = "\(names.en) \(y.year) on \(m.day) is unverified"
                        + (m.cite.note.map { ": \($0)" } ?? "")
                }
            }
            for c in y.carriedOver {
                // The holiday it carries: the nearest holiday before it that fell on a weekend.
                var from: (Day, HolidayNames, CalendarCitation)?
                var probe = c.adding(days: -1)
                while probe >= c.adding(days: -7), from == nil {
                    if probe.weekday >= 6, let list = reasons[probe.ordinal] {
                        for r in list {
                            if case .holiday(_, let n, let codeID, _, _) = r, let code = codes[codeID] { from = (probe, n, code.cite) }
                            if case .movable(_, let n, _) = r, let code = rules.codes.first(where: { $0.governs(probe) }) {
                                from = (probe, n, code.cite)
                            }
                        }
                    }
                    probe = probe.adding(days: -1)
                }
                guard let from else {
                    throw CalendarError("\(y.year): \(c) is listed as carried over, but no holiday fell on a weekend in the week before it")
                }
                guard codes.values.first(where: { $0.governs(from.0) })?.carryOver == true else {
                    throw CalendarError("\(y.year): \(c) is listed as carried over, but the code in force on \(from.0) carries nothing over")
                }
                add(c, .carriedOver(from: from.0, names: from.1, cite: from.2))
            }
            for (off, worked) in y.moved {
                add(off, .moved(worked: worked, cite: y.cite))
                workedInstead[worked.ordinal] = off
            }
            for d in y.extraDaysOff { add(d, .added(cite: y.extraCite ?? y.cite)) }
        }
        var working = [Bool](repeating: true, count: count)
        var rank = [Int32](repeating: 0, count: count)
        var ordinals: [Int32] = []
        ordinals.reserveCapacity(count * 5 / 7)
        var n: Int32 = 0
        for i in 0..<count {
            let day = first.adding(days: i)
            var isWorking = day.weekday < 6 && reasons[day.ordinal] == nil
            if workedInstead[day.ordinal] != nil { isWorking = true }
            if day.weekday >= 6, reasons[day.ordinal] != nil { reasons[day.ordinal]!.insert(.weekend, at: 0) }
            if isWorking { n += 1; ordinals.append(day.ordinal) }
            working[i] = isWorking
            rank[i] = n
        }
        self.working = working
        self.rank = rank
        self.workingOrdinals = ordinals
        self.reasons = reasons
        self.workedInstead = workedInstead
        self.unverified = unverified.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    private func index(_ day: Day) throws -> Int {
        guard day >= firstDay else {
            throw CalendarError("\(day) is before the working-day calendar, which starts on \(firstDay): the non-working days of earlier years are not in the data")
        }
        guard day <= lastDay else { throw CalendarError("\(day) is after the end of the calendar table (\(lastDay))") }
        return day - firstDay
    }

    /// Why a year's days are provisional, or nil when the year is published.
    public func unpublishedNote(_ year: Int) -> String? {
        guard !publishedYears.contains(year) else { return nil }
        return "the calendar for \(year) is not published in the data: Orozo Ait, Kurman Ait and the days moved by resolution are unknown"
    }

    /// Is the day a working day, and why not.
    public func status(of day: Day) throws -> DayStatus {
        let i = try index(day)
        var list = reasons[day.ordinal] ?? []
        if working[i] { list = [] } else if list.isEmpty { list = [.weekend] }
        var provisional = unpublishedNote(day.year)
        if let u = unverified.first(where: { $0.ordinal == day.ordinal }) { provisional = u.note }
        return DayStatus(day: day, isWorking: working[i], reasons: list, workedInsteadOf: workedInstead[day.ordinal],
                         provisional: provisional)
    }

    public func isWorkingDay(_ day: Day) throws -> Bool { working[try index(day)] }

    /// The `n`-th working day after `day` (n ≥ 1), not counting `day` itself. `n == 0` gives `day`.
    public func adding(workingDays n: Int, to day: Day) throws -> CountedDay {
        guard n >= 0 else { throw CalendarError("a number of working days must not be negative (got \(n))") }
        let i = try index(day)
        if n == 0 { return CountedDay(day: day, provisional: provisionalNotes(from: day, through: day)) }
        // Checked: a count from law data or a request may be any Int; the sum must not trap.
        let (target, overflow) = (Int(rank[i]) - 1).addingReportingOverflow(n)
        guard !overflow, target < workingOrdinals.count else {
            throw CalendarError("\(n) working days after \(day) is beyond the end of the calendar table (\(lastDay))")
        }
        let result = Day(ordinal: workingOrdinals[target])
        return CountedDay(day: result, provisional: provisionalNotes(from: day.adding(days: 1), through: result))
    }

    /// The day `n` calendar days after `day`, with the same range checks.
    public func adding(calendarDays n: Int, to day: Day) throws -> CountedDay {
        _ = try index(day)
        guard n >= 0 else { throw CalendarError("a number of calendar days must not be negative (got \(n))") }
        guard n <= 1_000_000 else { throw CalendarError("\(n) calendar days after \(day) is beyond the end of the calendar table (\(lastDay))") }
        let result = day.adding(days: n)
        _ = try index(result)
        return CountedDay(day: result, provisional: [])
    }

    /// Working days in the closed range, both ends included.
    public func workingDays(from start: Day, through end: Day) throws -> Int {
        let a = try index(start), b = try index(end)
        guard a <= b else { return 0 }
        return Int(rank[b]) - (a == 0 ? 0 : Int(rank[a - 1]))
    }

    /// Every day of the year that is not a working day although it is not a weekend, and every
    /// weekend day that has a reason of its own (a holiday on a Sunday), in order; plus the
    /// Saturdays worked instead.
    public func year(_ year: Int) throws -> YearCalendar {
        guard let start = Day(year: year, month: 1, day: 1), let end = Day(year: year, month: 12, day: 31) else {
            throw CalendarError("\(year) is not a year the calendar can show")
        }
        _ = try index(start)
        _ = try index(end)
        var days: [DayStatus] = []
        var d = start
        while d <= end {
            let s = try status(of: d)
            if !s.isWorking, s.reasons != [.weekend] { days.append(s) }
            if s.isWorking, s.workedInsteadOf != nil { days.append(s) }
            d = d.adding(days: 1)
        }
        let note = rules.years.first { $0.year == year }?.note
        let unverifiedNotes = unverified.filter { Day(ordinal: $0.ordinal).year == year }.map(\.note)
        return YearCalendar(year: year, days: days, workingDayCount: try workingDays(from: start, through: end),
                            unpublished: unpublishedNote(year), unverified: unverifiedNotes, note: note)
    }

    private func provisionalNotes(from start: Day, through end: Day) -> [String] {
        guard start <= end else { return [] }
        var notes: [String] = []
        for y in start.year...end.year { if let n = unpublishedNote(y) { notes.append(n) } }
        for u in unverified where u.ordinal >= start.ordinal && u.ordinal <= end.ordinal { notes.append(u.note) }
        return notes
    }
}

/// One year of the calendar: its notable days and whether they are all known.
public struct YearCalendar: Sendable {
    public var year: Int
    /// Non-working days other than plain weekends, and Saturdays worked instead, in order.
    public var days: [DayStatus]
    public var workingDayCount: Int
    public var unpublished: String?
    public var unverified: [String]
    public var note: String?
}
