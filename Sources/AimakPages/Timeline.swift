import AimakApp
import Law
import WorkingDays

/// 1929 → today as a line under the organigram: each day the law changed is a mark linking to
/// the system on that day (its title names the acts that began or ended), the constitutional
/// eras are named bands, and the day shown is a marker.
public struct Timeline: Sendable {
    public struct Mark: Sendable { public var x: Int; public var date: String; public var title: String; public var href: String }
    public struct Era: Sendable {
        public var x: Int; public var w: Int; public var label: String; public var labelX: Int; public var href: String; public var index: Int
        public var from: String
        public var name: String
    }
    public struct Tick: Sendable { public var x: Int; public var year: Int }

    public var width: Int
    public var marks: [Mark]
    public var eras: [Era]
    public var ticks: [Tick]
    public var currentX: Int
    public var current: String
    public var lineEnd: Int
    public var formAction: String
    public var maxDate: String
    /// The first day the model answers for: the date field allows no earlier day.
    public var minDate: String

    /// The constitutional eras the article names: the Soviet constitutions, then those of 1993, 2007,
    /// 2010 and 2021. Each is drawn over the days its constitutions are in force in the data, until
    /// the next era begins, so a band links to a day the model answers for; an era whose
    /// constitutions a law folder lacks is not drawn (no other era is stretched over it).
    static let eras: [(sources: [String], name: String)] = [
        (["/akn/kg/act/1929/constitution-kirghiz-assr", "/akn/kg/act/1937/constitution-kirghiz-ssr", "/akn/kg/act/1978/constitution-kirghiz-ssr"], "era_soviet"),
        (["/akn/kg/act/1993/constitution"], "era_1993"), (["/akn/kg/act/2007/constitution-new-wording"], "era_2007"),
        (["/akn/kg/act/2010/constitution"], "era_2010"), (["/akn/kg/act/2021/constitution"], "era_2021"),
    ]

    public init(model: LegalModel, words: PageWords, language: Language, shown: Day, today: Day, path: String = "/", width: Int = 1120) {
        self.width = width
        let first = Day(year: 1929, month: 1, day: 1)!
        let last = Day(year: today.year + 1, month: 1, day: 1)!
        // Most changes come after independence: the Soviet decades take a quarter of the line,
        // 1991 to today the rest, so the marks of the last thirty years do not crowd.
        let pivot = Day(year: 1991, month: 1, day: 1)!
        let (left, right) = (16.0, Double(width - 16))
        let split = left + (right - left) * 0.25
        func x(_ d: Day) -> Int {
            let d = min(max(d, first), last)
            if d < pivot { return Int(left + (split - left) * Double(d - first) / Double(pivot - first)) }
            return Int(split + (right - split) * Double(d - pivot) / Double(last - pivot))
        }
        let text = LawText(model: model, language: language)
        // A mark for each day an act, or a part of one, begins or ends. A date known only to the year
        // or month is marked on its first possible day and said as it is known ("2008 (between …)"),
        // not as if it were that exact day.
        var names: [Day: [String]] = [:]
        func note(_ date: LegalDate, _ name: String) {
            names[date.earliest, default: []].append(date.isExact ? name : "\(name) (⚠ \(text.date(date)))")
        }
        for s in model.sources {
            note(s.period.start, text.shortName(s))
            if let end = s.period.end { note(end, "− " + text.shortName(s)) }
        }
        let inPart = words("timeline_in_part", language)
        var parts = Set<String>()  // one note per act and date, however many of its statements change then
        for e in model.entries {
            let s = model.sources[e.source]
            if e.period.start.written != s.period.start.written, parts.insert("\(s.id)+\(e.period.start.written)").inserted {
                note(e.period.start, "\(text.shortName(s)) \(inPart)")
            }
            if let end = e.period.end, end.written != s.period.end?.written, parts.insert("\(s.id)-\(end.written)").inserted {
                note(end, "− \(text.shortName(s)) \(inPart)")
            }
        }
        marks = names.keys.filter { $0 >= first && $0 <= today }.sorted().map { d in
            Mark(x: x(d), date: d.description, title: "\(PageRenderer.dateText(d.description, language)): " + names[d]!.joined(separator: "; "),
                 href: "\(path)?date=\(d)")
        }
        let present = Self.eras.compactMap { era -> (start: Day, end: Day, name: String)? in
            let sources = era.sources.compactMap(model.source)
            guard !sources.isEmpty else { return nil }
            return (sources.map(\.period.start.earliest).min()!, sources.map { $0.period.end?.earliest ?? last }.max()!, era.name)
        }
        eras = present.enumerated().map { i, era in
            let end = min(era.end, i + 1 < present.count ? present[i + 1].start : last)
            let (x0, x1) = (x(era.start), x(end))
            // A narrow era shows its year; its name is in the title.
            let name = words(era.name, language)
            let label = Double(name.count) * 6.5 < Double(x1 - x0) ? name : String(era.start.year)
            return Era(x: x0, w: max(1, x1 - x0), label: label, labelX: (x0 + x1) / 2, href: "\(path)?date=\(era.start)", index: i,
                       from: era.start.description, name: name)
        }
        ticks = ([1930, 1950, 1970, 1991] + Array(stride(from: 2000, through: today.year, by: 5))).map { Tick(x: x(Day(year: $0, month: 1, day: 1)!), year: $0) }
        currentX = x(shown)
        current = shown.description
        lineEnd = width - 16
        formAction = path
        maxDate = today.description
        minDate = model.firstDay.description
    }
}
