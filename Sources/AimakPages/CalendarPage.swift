import AimakApp
import Law
import WorkingDays

extension PageRenderer {
    /// A year as twelve month grids with the days off marked and their reasons, and a
    /// "N working days after" form answered on the same page.
    public func calendarPage(year: Int, addFrom: String?, addDays: String?, viewer: Viewer) throws -> String {
        let lang = viewer.language
        let queries = CalendarQueries(calendar: law.calendar, language: lang)
        let answer = try queries.year(year)
        let byDay = Dictionary(answer.days.map { ($0.day, $0) }, uniquingKeysWith: { a, _ in a })
        let names = words("month_names", lang).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let short = words("weekday_short", lang).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let long = words("weekday_long", lang).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let weekdays = (0..<7).map { ["short": short.indices.contains($0) ? short[$0] : "", "long": long.indices.contains($0) ? long[$0] : ""] }
        var months: [[String: Any]] = []
        for m in 1...12 {
            guard let first = Day(year: year, month: m, day: 1) else { continue }
            var cells: [[String: Any]] = Array(repeating: ["class": "pad"], count: first.weekday - 1)
            for d in 1...Day.daysIn(month: m, year: year) {
                let day = Day(year: year, month: m, day: d)!
                let info = byDay[day.description]
                let working = info?.working ?? (day.weekday < 6)
                let reasons = info?.reasons.filter { $0.kind != "weekend" }.map(\.text) ?? []
                var cls = working ? "work" : "off"
                if !reasons.isEmpty { cls += working ? " moved" : " holiday" }
                cells.append(["class": cls, "n": "\(d)", "title": reasons.isEmpty ? (working ? "" : words("weekend", lang)) : reasons.joined(separator: "; ")])
            }
            while cells.count % 7 != 0 { cells.append(["class": "pad"]) }
            let weeks = stride(from: 0, to: cells.count, by: 7).map { ["days": Array(cells[$0..<$0 + 7])] }
            months.append(["name": names.indices.contains(m - 1) ? names[m - 1] : "\(m)", "weeks": weeks])
        }
        let offs: [[String: String]] = answer.days.filter { d in d.reasons.contains { $0.kind != "weekend" } }.map { d in
            ["date": PageRenderer.dateText(d.day, lang), "reason": d.reasons.filter { $0.kind != "weekend" }.map(\.text).joined(separator: "; ")]
        }
        var model: [String: Any] = [
            "t": words.table(lang), "year": "\(year)", "prev": "\(year - 1)", "next": "\(year + 1)", "workingDays": "\(answer.workingDays)",
            "unpublished": opt(answer.unpublished.map { CalendarText(language: lang).unpublished(year, $0) }), "months": months,
            "weekdays": weekdays, "offs": offs, "from": addFrom ?? "\(year)-01-01", "days": addDays ?? "20",
        ]
        if let addFrom, let addDays {
            do {
                guard let n = Int(addDays) else { throw AppError.badInput(words("add_days_not_number", lang)) }
                let a = try queries.add(n, to: addFrom)
                model["add"] = [
                    "text": words("add_result", lang).replacingOccurrences(of: "{days}", with: "\(a.days)")
                        .replacingOccurrences(of: "{from}", with: PageRenderer.dateText(a.from, lang))
                        .replacingOccurrences(of: "{result}", with: PageRenderer.dateText(a.result, lang)),
                    "skipped": a.skipped.map { PageRenderer.dateText($0.day, lang) + " — " + $0.reasons.map(\.text).joined(separator: "; ") },
                    "hasSkipped": !a.skipped.isEmpty,
                ] as [String: Any]
            } catch {
                model["addError"] = AppError(error).message
            }
        }
        return page("calendar", title: words("calendar_title", lang) + " \(year)", viewer: viewer, model: model)
    }
}
