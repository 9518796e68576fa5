import WorkingDays

/// Reads the working-day calendar data file (`law/calendar/kg-working-days.yaml`) into
/// `CalendarRules`, with the same discipline as the legal sources: every field checked, every
/// error located by file, line and field, and nothing built from a file with an error.
public struct CalendarParser {
    let r: NodeReader

    public init(file: String) { r = NodeReader(file: file) }

    public static func load(_ text: String, file: String) throws -> WorkingCalendar {
        try load(try DataNode.parse(text, file: file), file: file)
    }

    /// Builds the calendar from its parsed document (the compiled form of the bundled file).
    public static func load(_ root: DataNode, file: String) throws -> WorkingCalendar {
        let rules = try CalendarParser(file: file).read(root)
        do {
            return try WorkingCalendar(rules: rules)
        } catch let e as CalendarError {
            throw LegalDataError(file: file, line: 0, field: nil, rule: e.message)
        }
    }

    public func parse(_ text: String) throws -> CalendarRules {
        try read(try DataNode.parse(text, file: r.file))
    }

    public func read(_ root: DataNode) throws -> CalendarRules {
        let top = try r.mapping(root, "")
        try r.checkKeys(top, allowed: ["week", "codes", "holidays", "movable", "years-cite", "years"], "")
        func need(_ key: String) throws -> DataNode {
            guard let n = top[key] else { throw r.error(nil, key, "the calendar needs '\(key)'") }
            return n
        }
        let week = try r.mapping(try need("week"), "week")
        try r.checkKeys(week, allowed: ["days-off", "cite"], "week")
        let daysOff = try r.strings(week["days-off"] ?? .sequence([], line: 0), "week.days-off")
        guard daysOff == ["saturday", "sunday"] else {
            throw r.error(week["days-off"], "week.days-off", "only the five-day week (days-off: [saturday, sunday]) is supported")
        }
        let weekCite = try cite(week["cite"], "week.cite")

        var codes: [CalendarRules.Code] = []
        for (id, node) in try r.mapping(try need("codes"), "codes") {
            let path = "codes.\(id)"
            let m = try r.mapping(node, path)
            try r.checkKeys(m, allowed: ["short", "in-force", "carry-over", "cite"], path)
            let period = try m["in-force"].map { try r.mapping($0, "\(path).in-force") } ?? []
            try r.checkKeys(period, allowed: ["from", "to"], "\(path).in-force")
            guard let carry = m["carry-over"] else { throw r.error(node, "\(path).carry-over", "say whether the code carries holidays over (true/false)") }
            codes.append(.init(id: id, names: try names(m["short"], "\(path).short"),
                               from: try period["from"].map { try day($0, "\(path).in-force.from") },
                               to: try period["to"].map { try day($0, "\(path).in-force.to") },
                               carryOver: try r.bool(carry, "\(path).carry-over"), cite: try cite(m["cite"], "\(path).cite")))
        }
        let codeIDs = Set(codes.map(\.id))

        var holidays: [CalendarRules.Holiday] = []
        for (id, node) in try r.mapping(try need("holidays"), "holidays") {
            let path = "holidays.\(id)"
            let m = try r.mapping(node, path)
            let holidayNames = try names(m["names"], "\(path).names")
            for (codeID, rule) in m where codeID != "names" {
                let rp = "\(path).\(codeID)"
                guard codeIDs.contains(codeID) else {
                    throw r.error(rule, rp, "unknown code '\(codeID)' (known: \(codeIDs.sorted().joined(separator: ", ")))")
                }
                let rm = try r.mapping(rule, rp)
                try r.checkKeys(rm, allowed: ["days", "from", "to", "note"], rp)
                guard let daysNode = rm["days"] else { throw r.error(rule, "\(rp).days", "list the days as MM-DD") }
                let days = try r.sequence(daysNode, "\(rp).days").enumerated().map { i, n in try monthDay(n, "\(rp).days[\(i)]") }
                holidays.append(.init(id: id, names: holidayNames, code: codeID, days: days,
                                      fromYear: try rm["from"].map { try r.int($0, "\(rp).from") },
                                      toYear: try rm["to"].map { try r.int($0, "\(rp).to") },
                                      note: try rm["note"].map { try r.string($0, "\(rp).note") }))
            }
        }

        var movableNames: [String: HolidayNames] = [:]
        for (id, node) in try r.mapping(try need("movable"), "movable") {
            let m = try r.mapping(node, "movable.\(id)")
            try r.checkKeys(m, allowed: ["names"], "movable.\(id)")
            movableNames[id] = try names(m["names"], "movable.\(id).names")
        }

        let yearsCite = try cite(top["years-cite"], "years-cite")
        var years: [CalendarRules.Year] = []
        for (key, node) in try r.mapping(try need("years"), "years") {
            let path = "years.\(key)"
            guard let year = Int(key), (1900...2099).contains(year) else { throw r.error(node, path, "'\(key)' is not a year") }
            let m = try r.mapping(node, path)
            try r.checkKeys(m, allowed: Set(movableNames.keys).union(["carried-over", "moved", "extra-days-off", "extra-days-off-cite", "note"]), path)
            func inYear(_ n: DataNode, _ p: String) throws -> Day {
                let d = try day(n, p)
                guard d.year == year else { throw r.error(n, p, "\(d) is not in \(year)") }
                return d
            }
            var movable: [CalendarRules.Movable] = []
            for id in movableNames.keys.sorted() {
                guard let n = m[id] else { throw r.error(node, "\(path).\(id)", "a published year needs the date of \(id)") }
                if case .mapping(let mm, _) = n {
                    try r.checkKeys(mm, allowed: ["day", "status", "note"], "\(path).\(id)")
                    guard let dn = mm["day"] else { throw r.error(n, "\(path).\(id).day", "give the day") }
                    let status = try mm["status"].map { try r.reliability($0, "\(path).\(id).status") } ?? .secondary
                    var c = yearsCite
                    c.status = status.rawValue
                    c.note = try mm["note"].map { try r.string($0, "\(path).\(id).note") }
                    movable.append(.init(id: id, day: try inYear(dn, "\(path).\(id).day"), cite: c))
                } else {
                    movable.append(.init(id: id, day: try inYear(n, "\(path).\(id)"), cite: yearsCite))
                }
            }
            let carried = try (m["carried-over"].map { try r.sequence($0, "\(path).carried-over") } ?? [])
                .enumerated().map { i, n in try inYear(n, "\(path).carried-over[\(i)]") }
            var moved: [(off: Day, worked: Day)] = []
            for (i, n) in (try m["moved"].map { try r.sequence($0, "\(path).moved") } ?? []).enumerated() {
                let p = "\(path).moved[\(i)]"
                let mm = try r.mapping(n, p)
                try r.checkKeys(mm, allowed: ["off", "worked"], p)
                guard let off = mm["off"], let worked = mm["worked"] else { throw r.error(n, p, "a moved day needs 'off' and 'worked'") }
                let offDay = try inYear(off, "\(p).off"), workedDay = try day(worked, "\(p).worked")
                guard workedDay != offDay else { throw r.error(n, p, "the day worked is the day off") }
                moved.append((offDay, workedDay))
            }
            let extra = try (m["extra-days-off"].map { try r.sequence($0, "\(path).extra-days-off") } ?? [])
                .enumerated().map { i, n in try inYear(n, "\(path).extra-days-off[\(i)]") }
            years.append(.init(year: year, movable: movable, carriedOver: carried, moved: moved, extraDaysOff: extra,
                               extraCite: try m["extra-days-off-cite"].map { try cite($0, "\(path).extra-days-off-cite") },
                               cite: yearsCite, note: try m["note"].map { try r.string($0, "\(path).note") }))
        }
        let sorted = years.map(\.year).sorted()
        if let first = sorted.first, sorted != Array(first..<(first + sorted.count)) {
            throw r.error(top["years"], "years", "the published years must follow each other with no gap (found \(sorted.map(String.init).joined(separator: ", ")))")
        }
        return CalendarRules(codes: codes, holidays: holidays, movableNames: movableNames, years: years, weekCite: weekCite)
    }

    private func cite(_ node: DataNode?, _ path: String) throws -> CalendarCitation {
        guard let node else { throw r.error(nil, path, "every calendar fact needs its citation") }
        let c = try r.citation(node, path)
        return CalendarCitation(status: c.reliability.rawValue, provision: c.provision, basis: c.basis, url: c.url, note: c.note)
    }

    private func names(_ node: DataNode?, _ path: String) throws -> HolidayNames {
        guard let node else { throw r.error(nil, path, "give the names in ky, ru and en") }
        let m = try r.mapping(node, path)
        try r.checkKeys(m, allowed: ["ky", "ru", "en"], path)
        guard let ky = m["ky"], let ru = m["ru"], let en = m["en"] else { throw r.error(node, path, "give the names in ky, ru and en") }
        return HolidayNames(ky: try r.string(ky, "\(path).ky"), ru: try r.string(ru, "\(path).ru"), en: try r.string(en, "\(path).en"))
    }

    private func day(_ node: DataNode, _ path: String) throws -> Day {
        let s = try r.string(node, path)
        guard let d = Day(iso: s) else { throw r.error(node, path, "'\(s)' is not a date (YYYY-MM-DD)") }
        return d
    }

    private func monthDay(_ node: DataNode, _ path: String) throws -> (month: Int, day: Int) {
        let s = try r.string(node, path)
        let parts = s.split(separator: "-")
        guard parts.count == 2, let m = Int(parts[0]), let d = Int(parts[1]), Day(year: 2000, month: m, day: d) != nil else {
            throw r.error(node, path, "'\(s)' is not a month and day (MM-DD)")
        }
        return (m, d)
    }
}
