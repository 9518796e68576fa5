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

    /// The constitutional eras the article names: the Soviet constitutions, then those of 1993, 2007, 2010 and 2021.
    static let eraStarts: [(String, String)] = [
        ("1929-01-01", "era_soviet"), ("1993-05-05", "era_1993"), ("2007-10-23", "era_2007"), ("2010-06-27", "era_2010"), ("2021-05-05", "era_2021"),
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
        var names: [Day: [String]] = [:]
        for s in model.sources {
            names[s.period.start.latest, default: []].append(text.shortName(s))
            if let end = s.period.end { names[end.latest, default: []].append("− " + text.shortName(s)) }
        }
        marks = model.changeDays.filter { $0 >= first && $0 <= today }.map { d in
            Mark(x: x(d), date: d.description, title: "\(PageRenderer.dateText(d.description, language)): " + (names[d] ?? []).joined(separator: "; "),
                 href: "\(path)?date=\(d)")
        }
        let starts = Self.eraStarts.map { (Day(iso: $0.0)!, $0.1) }
        eras = starts.enumerated().map { i, era in
            let end = i + 1 < starts.count ? starts[i + 1].0 : last
            let (x0, x1) = (x(era.0), x(end))
            // A narrow era shows its year; its name is in the title.
            let name = words(era.1, language)
            let label = Double(name.count) * 6.5 < Double(x1 - x0) ? name : (i == 0 ? "1929" : String(era.0.year))
            return Era(x: x0, w: max(1, x1 - x0), label: label, labelX: (x0 + x1) / 2, href: "\(path)?date=\(era.0)", index: i,
                       from: era.0.description, name: name)
        }
        ticks = ([1930, 1950, 1970, 1991] + Array(stride(from: 2000, through: today.year, by: 5))).map { Tick(x: x(Day(year: $0, month: 1, day: 1)!), year: $0) }
        currentX = x(shown)
        current = shown.description
        lineEnd = width - 16
        formAction = path
        maxDate = today.description
    }
}
