import AimakApp
import Law
import Territory
import WorkingDays

extension PageRenderer {
    func territoryQueries(_ lang: Language) -> TerritoryQueries { TerritoryQueries(registry: law.registry, law: queries(lang)) }

    static func name(_ names: [String: String], _ lang: Language, _ fallback: String) -> String {
        TerritoryWording.displayName(names, lang, fallback)
    }

    func typeLabel(_ type: String, _ lang: Language) -> String { UnitType(rawValue: type)?.label(lang) ?? type }

    /// The tree on a day (oblasts, their districts and cities; deeper levels on each unit's page),
    /// the counts by type, and a search across scripts.
    public func territoryPage(on day: Day, query: String?, viewer: Viewer) throws -> String {
        let lang = viewer.language
        let t = territoryQueries(lang)
        let tree = t.tree(on: day, depth: 2)
        func node(_ n: UnitNode) -> [String: Any] {
            let kids = n.children ?? []
            return ["href": "/territory/\(n.code)?date=\(day)", "name": Self.name(n.names, lang, n.code),
                    "type": typeLabel(n.type, lang), "uncertain": n.certainty == TerritorialUnit.Existence.uncertain.rawValue, "hasChildren": !kids.isEmpty,
                    "childCount": "\(kids.count)", "children": kids.map(node)]
        }
        var model: [String: Any] = [
            "t": words.table(lang), "date": day.description, "tree": tree.tree.map(node), "query": query ?? "", "hasQuery": query != nil,
            "minDate": law.registry.earliestDate.description,
            // Units known by name only are counted beside those with a code, not hidden in a note.
            "counts": UnitType.allCases.filter { (tree.counts[$0.rawValue] ?? 0) > 0 }.map { ["label": $0.label(lang), "count": "\(tree.counts[$0.rawValue] ?? 0)"] }
                + (tree.namedUnits.isEmpty ? [] : [["label": TerritoryWording.word("named-count", lang), "count": "\(tree.namedUnits.count)"]]),
            "gaps": UnitType.allCases.filter { (tree.counts[$0.rawValue] ?? 0) == 0 }.compactMap { TerritoryWording.gapNote($0, law.registry, lang) }
                + [TerritoryWording.districtGapNote(law.registry, named: t.named, on: day, lang), TerritoryWording.beforeCoverage(day, lang)].compactMap { $0 },
        ]
        if let query, !query.isEmpty {
            let found = try t.find(query, limit: 100)
            model["total"] = "\(found.total)"
            // A unit that did not exist on the page's day opens on a day it did: its last day, or its first.
            func openOn(_ m: UnitMatchAnswer) -> Day {
                if let to = m.validTo.flatMap(LegalDate.init(parsing:)), day > to.latest { return to.latest }
                if let from = m.validFrom.flatMap(LegalDate.init(parsing:)), day < from.earliest { return from.earliest }
                return day
            }
            model["matches"] = found.matches.map { m -> [String: Any] in
                ["href": "/territory/\(m.code)?date=\(openOn(m))", "name": Self.name(m.names, lang, m.code), "type": typeLabel(m.type, lang),
                 "parent": opt(m.parent.isEmpty ? nil : m.parent), "period": [m.validFrom, m.validTo].contains { $0 != nil } ? "\(m.validFrom ?? "…") – \(m.validTo ?? "…")" : ""]
            }
        }
        return page("territory", title: words("territory_title", lang), viewer: viewer, date: day.description, model: model)
    }

    /// One unit on a day: names, parent, units within it, the bodies governing it, and its history.
    public func unitPage(_ code: String, on day: Day, viewer: Viewer) throws -> String {
        let lang = viewer.language
        // The two refusals a reader meets here, in the reader's words (the layer below speaks to the
        // command line: "try 'aimak territory find NAME'").
        let history = law.registry.history(String(code.prefix(32)))
        if history.isEmpty { throw refusal(.notFound, "err_unknown_unit", lang, ["code": String(code.prefix(32))]) }
        if law.registry.unit(code, on: day) == nil {
            // A date known only to its year is written as the year, not as its first or last day.
            func date(_ d: LegalDate?) -> String { d.map { $0.isExact ? PageRenderer.dateText($0.earliest.description, lang) : $0.written } ?? "…" }
            let periods = history.map { v in "\(v.name(lang)): \(date(v.validFrom)) – \(date(v.validTo))" }.joined(separator: "; ")
            throw refusal(.notFound, "err_unit_not_on_date", lang, ["date": PageRenderer.dateText(day.description, lang), "periods": periods])
        }
        let u = try territoryQueries(lang).unit(code, on: day)
        let name = Self.name(u.names, lang, u.code)
        let model: [String: Any] = [
            "t": words.table(lang), "date": u.date, "code": u.code, "type": typeLabel(u.type, lang),
            "names": ["ky", "ru", "en"].compactMap { l in u.names[l].map { ["lang": words("lang_\(l)", lang), "code": l, "name": $0] } },
            "parent": opt(u.parent.map { ["href": "/territory/\($0.code)?date=\(u.date)", "name": $0.name] }),
            "adminCenter": opt(u.adminCenter),
            "children": u.children.map { ["href": "/territory/\($0.code)?date=\(u.date)", "name": $0.name] },
            "hasChildren": !u.children.isEmpty, "childCount": "\(u.children.count)",
            "ancestor": opt(u.nearestListedAncestor.map { ["href": "/territory/\($0.code)?date=\(u.date)", "name": $0.name] }),
            "lost": u.childrenWhoseParentIsNotListed.map { ["href": "/territory/\($0.code)?date=\(u.date)", "name": $0.name] },
            "hasLost": !u.childrenWhoseParentIsNotListed.isEmpty, "lostCount": "\(u.childrenWhoseParentIsNotListed.count)",
            "hasNamed": !u.namedUnits.isEmpty, "namedCount": "\(u.namedUnits.count)", "namedTitle": TerritoryWording.word("named-units", lang),
            "named": u.namedUnits.map { n -> [String: Any] in
                ["name": Self.name(n.names, lang, ""), "about": TerritoryWording.namedDescription(n, lang),
                 "source": opt(n.sourceURL.hasPrefix("https://") || n.sourceURL.hasPrefix("http://") ? n.sourceURL : nil)]
            },
            "bodies": u.bodies.map { b -> [String: Any] in
                ["href": "/bodies/\(b.id)?date=\(u.date)", "label": b.label, "status": b.cite.status, "statusLabel": words("status_\(b.cite.status)", lang),
                 "formation": b.formation.map(\.text)]
            },
            "history": u.history.map { v -> [String: Any] in
                ["period": "\(v.validFrom ?? "…") – \(v.validTo ?? "…")", "name": Self.name(v.names, lang, ""),
                 "type": typeLabel(v.type, lang), "sources": v.sources.joined(separator: ", "), "notes": opt((lang == .en ? v.notes : nil))]
            },
        ]
        return page("unit", title: name, viewer: viewer, date: u.date, model: model)
    }
}

extension PageRenderer {
    static let changeKinds = ["merge", "create", "rename", "change-type", "change-parent", "abolish", "split"]

    /// The territorial changes recorded over the file, and for an administrator of the republic
    /// the form that records one (what was typed is kept when the change is refused).
    public func territoryChangesPage(_ recorded: [RecordedTerritorialChange], canRecord: Bool, values: [String: String] = [:],
                                     error: AppError? = nil, viewer: Viewer) -> String {
        let lang = viewer.language
        let registry = law.registry
        func unitLink(_ code: String, _ day: String) -> [String: String] {
            let u = Day(iso: day).flatMap { registry.unit(code, on: $0)?.0 } ?? registry.history(code).last
            return ["href": "/territory/\(code)?date=\(day)", "name": u.map { $0.name(lang) } ?? code]
        }
        let rows: [[String: Any]] = recorded.map { r in
            let c = r.change
            let codes = [c.code].compactMap { $0 } + (c.codes ?? []) + [c.unit?.code].compactMap { $0 } + (c.units ?? []).map(\.code)
            return ["version": "\(r.version)", "effective": PageRenderer.dateText(c.effective, lang), "kind": words("tkind_\(c.kind.rawValue)", lang),
                    "units": codes.map { unitLink($0, c.effective) }, "basis": c.basis, "url": opt(c.url), "author": r.author]
        }
        let types = UnitType.allCases.map { t in ["id": t.rawValue, "label": t.label(lang), "selected": values["type"] == t.rawValue] as [String: Any] }
        let newTypes = UnitType.allCases.map { t in
            ["id": t.rawValue, "label": t.label(lang), "selected": (values["new_type"] ?? UnitType.ayilAimak.rawValue) == t.rawValue] as [String: Any]
        }
        let model: [String: Any] = [
            "t": words.table(lang), "changes": rows, "hasChanges": !rows.isEmpty, "canRecord": canRecord, "csrf": viewer.csrf ?? "",
            "kinds": Self.changeKinds.map { ["id": $0, "label": words("tkind_\($0)", lang), "selected": values["kind"] == $0] as [String: Any] },
            "types": types, "newTypes": newTypes, "v": values, "error": opt(error.map { errorModel($0, lang) }),
        ]
        return page("territory-changes", title: words("tchanges_title", lang), viewer: viewer, model: model)
    }
}
