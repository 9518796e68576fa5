import WorkingDays

/// A date the law gives with the precision the sources allow.
///
/// Commencement dates of several laws are not known to the day (the 2002, 2008 and 2011 laws);
/// such a date is a range `earliest...latest`, never a guess. A lookup on a day inside the range
/// answers "uncertain", and says why.
public struct LegalDate: Hashable, Sendable, CustomStringConvertible {
    public var earliest: Day
    public var latest: Day
    /// How the data file wrote it (`2008`, `2008-05`, `2008-05-29`, `unknown`).
    public var written: String

    public init(exactly day: Day) {
        earliest = day
        latest = day
        written = day.description
    }

    public init(earliest: Day, latest: Day, written: String) {
        self.earliest = earliest
        self.latest = latest
        self.written = written
    }

    public var isExact: Bool { earliest == latest }

    /// The latest day of a date known only to lie on or after a day (`2015-02-17..`): a fact read
    /// in a wording of that day, whose later fate was not read, answers "uncertain" from then on
    /// rather than holding for ever.
    public static let openEnd = Day(year: 9999, month: 12, day: 31)!

    /// Whether the date is only known to be on or after `earliest`: said by how it was written, so a
    /// real date in 9999 is not taken for one.
    public var isOpenEnded: Bool { written.hasSuffix("..") }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or any of these followed once by `..` (on or after it).
    public init?(parsing text: String) {
        if text.hasSuffix("..") {
            let from = String(text.dropLast(2))
            guard !from.hasSuffix("."), let date = LegalDate(parsing: from) else { return nil }
            self.init(earliest: date.earliest, latest: Self.openEnd, written: text)
            return
        }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            guard parts[0].count == 4, let y = Int(parts[0]),
                  let a = Day(year: y, month: 1, day: 1), let b = Day(year: y, month: 12, day: 31) else { return nil }
            self.init(earliest: a, latest: b, written: text)
        case 2:
            guard parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]), let m = Int(parts[1]),
                  let a = Day(year: y, month: m, day: 1),
                  let b = Day(year: y, month: m, day: Day.daysIn(month: m, year: y)) else { return nil }
            self.init(earliest: a, latest: b, written: text)
        case 3:
            guard let d = Day(iso: text) else { return nil }
            self.init(exactly: d)
        default:
            return nil
        }
    }

    /// The day after a (possibly imprecise) last day: the exclusive end of a period.
    func dayAfter() -> LegalDate {
        LegalDate(earliest: earliest.adding(days: 1), latest: isOpenEnded ? latest : latest.adding(days: 1), written: "after \(written)")
    }

    public var description: String {
        if isOpenEnded { return "\(earliest) or later" }
        return isExact ? earliest.description : "\(written) (between \(earliest) and \(latest))"
    }
}

/// Whether something is in force on a day, given imprecise dates.
public enum InForce: String, Sendable, Codable {
    case yes
    case no
    /// The day falls within an imprecise commencement or end date.
    case uncertain
}

/// A period in force: from `start` (inclusive) until `end` (exclusive), open-ended when `end` is nil.
public struct InForcePeriod: Hashable, Sendable {
    public var start: LegalDate
    public var end: LegalDate?

    public func status(on day: Day) -> InForce { Span(self).status(on: day) }

    /// The date that is not known when `day` is uncertain: the end once the start is past, else the start.
    public enum ImpreciseDate: String, Sendable { case start, end }

    /// Which of the period's dates makes `day` uncertain; nil when the period is certain on that day.
    public func impreciseDate(on day: Day) -> ImpreciseDate? {
        guard status(on: day) == .uncertain else { return nil }
        if let end, day >= end.earliest, day >= start.latest { return .end }
        return .start
    }
}
