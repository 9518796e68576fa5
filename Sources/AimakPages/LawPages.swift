import AimakApp
import Law
import WorkingDays

extension PageRenderer {
    /// An act's period in force in the reader's language; a date known only to the year or month
    /// is said as such (the law's own wording of ranges, from the vocabulary).
    func period(_ p: InForcePeriod, _ lang: Language) -> String {
        let text = LawText(model: law.model, language: lang)
        func day(_ d: LegalDate) -> String { d.isExact ? PageRenderer.dateText(d.earliest.description, lang) : text.date(d) }
        guard let end = p.end else { return day(p.start) + " — " + words("in_force_open", lang) }
        return day(p.start) + " — " + day(end)
    }

    /// Every act of the model: its period in force, what ended or amended it, how it was read.
    public func sourcesPage(viewer: Viewer) -> String {
        let lang = viewer.language
        let q = queries(lang)
        let byID = Dictionary(law.model.sources.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func name(_ id: String) -> String { byID[id].map { q.text.shortName($0) } ?? id }
        let rows: [[String: Any]] = law.model.sources.filter { !$0.isDraft }.map { s in
            [
                "href": Self.sourceHref(s.id), "name": q.text.shortName(s), "title": s.title.text(lang),
                "period": period(s.period, lang), "statements": s.statements.count,
                "status": s.reliability.rawValue, "statusLabel": words("status_\(s.reliability.rawValue)", lang), "notRead": s.statements.isEmpty,
                "endedBy": opt(s.endedBy.map(name)), "endedByHref": opt(s.endedBy.map(Self.sourceHref)),
                "amends": s.amends.map { ["href": Self.sourceHref($0), "name": name($0)] },
            ]
        }
        return page("sources", title: words("sources_title", lang), viewer: viewer, model: ["t": words.table(lang), "sources": rows])
    }

    /// One act: its statements grouped by provision, each with its status and link.
    public func sourcePage(_ id: String, viewer: Viewer) throws -> String {
        let lang = viewer.language
        let q = queries(lang)
        let detail = try q.sourceDetail(id)
        let s = detail.source
        let byID = Dictionary(law.model.sources.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func name(_ id: String) -> String { byID[id].map { q.text.shortName($0) } ?? id }
        // Statements grouped by provision, in the act's order (art. 42(1) before art. 70(1) before
        // art. 95), those whose provision is not identified last.
        var groups: [String: [[String: Any]]] = [:]
        for st in detail.statements {
            // Internal notes are written in English for the data's reviewers; a ky/ru page shows them only in English pages.
            groups[st.cite.provision ?? "", default: []].append([
                "id": st.id, "status": st.cite.status, "statusLabel": words("status_\(st.cite.status)", lang),
                "facts": st.facts.enumerated().map { i, f in ["text": f.text, "last": i == st.facts.count - 1] as [String: Any] },
                "url": opt((st.cite.url != s.url ? st.cite.url : nil)), "note": opt((lang == .en ? st.cite.note : nil)),
            ])
        }
        let amendedBy = law.model.sources.filter { $0.amends.contains(s.id) }.map { ["href": Self.sourceHref($0.id), "name": q.text.shortName($0)] }
        let model: [String: Any] = [
            "t": words.table(lang), "period": byID[s.id].map { period($0.period, lang) } ?? s.inForceFrom, "adopted": opt(s.adopted.map { PageRenderer.dateText($0, lang) }),
            "endedBy": opt(s.endedBy.map(name)), "endedByHref": opt(s.endedBy.map(Self.sourceHref)),
            "amends": (s.amends ?? []).map { ["href": Self.sourceHref($0), "name": name($0)] }, "hasAmends": !(s.amends ?? []).isEmpty,
            "amendedBy": amendedBy, "hasAmendedBy": !amendedBy.isEmpty,
            "status": s.status, "statusLabel": words("status_\(s.status)", lang), "url": opt(s.url), "file": s.file,
            "notRead": detail.statements.isEmpty, "articles": Self.actOrder(groups.keys).map { id in
                ["heading": id.isEmpty ? words("provision_unknown", lang) : provision(id, lang) ?? id, "statements": groups[id] ?? []] as [String: Any]
            },
        ]
        let title = byID[s.id].map { q.text.shortName($0) + " — " + $0.title.text(lang) } ?? s.id
        return page("source", title: title, viewer: viewer, model: model)
    }

    /// The constitutional principles of self-government on a day, and the findings against each.
    public func principlesPage(on day: Day, viewer: Viewer) -> String {
        let lang = viewer.language
        let answer = queries(lang).principles(at: day)
        let rows: [[String: Any]] = answer.principles.map { p in
            [
                "id": p.id, "label": p.label, "inForce": p.inForce, "hasFindings": !p.findings.isEmpty, "findings": findingRows(p.findings, lang),
                "established": opt(p.establishedBy.map { c -> [String: Any] in
                    ["source": c.sourceName, "sourceHref": Self.sourceHref(c.source), "provision": opt(provision(c.provision, lang)),
                     "status": c.status, "statusLabel": words("status_\(c.status)", lang)]
                }),
            ]
        }
        return page("principles", title: words("principles_title", lang), viewer: viewer, date: answer.date,
                    model: ["t": words.table(lang), "principles": rows, "date": answer.date, "minDate": law.model.firstDay.description])
    }
}

extension PageRenderer {
    /// Provision ids (`art_70__para_2`) in the act's order: by the numbers they contain, article
    /// first; "" (provision not identified) last.
    static func actOrder(_ ids: some Sequence<String>) -> [String] {
        func numbers(_ id: String) -> [Int] { id.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) } }
        return ids.sorted { a, b in
            if a.isEmpty != b.isEmpty { return b.isEmpty }
            let (x, y) = (numbers(a), numbers(b))
            return x != y ? x.lexicographicallyPrecedes(y) : a < b
        }
    }
}
