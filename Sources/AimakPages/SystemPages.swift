import AimakApp
import Foundation
import Law
import WorkingDays

/// A value for a template, or `false` when absent. Mustache (swift-mustache) would take a
/// `nil` inside `Any` for a present value, and a missing key for one to look up in the outer
/// context; `false` is absent in both `{{#x}}` and `{{^x}}`.
func opt<T>(_ value: T?) -> Any { value.map { $0 as Any } ?? false }

extension PageRenderer {
    func queries(_ language: Language) -> LawQueries { LawQueries(model: law.model, language: language) }

    /// A provision in the reader's language (`art_14` → «14-берене», «статья 14», "art. 14").
    func provision(_ id: String?, _ language: Language) -> String? {
        guard let id else { return nil }
        return LawText(model: law.model, language: language).provision(id)
    }

    /// One statement as a row of a table: what it says, where, and how sure the reading is.
    func row(_ f: FactAnswer, _ language: Language, date: String) -> [String: Any] {
        ["text": f.text, "source": f.cite.sourceName, "sourceHref": Self.sourceHref(f.cite.source), "provision": opt(provision(f.cite.provision, language)),
         "url": opt(f.cite.url), "status": f.cite.status, "statusLabel": words("status_\(f.cite.status)", language),
         "explain": "/explain/\(f.key)?date=\(date)", "uncertain": opt(f.certainty == "certain" ? nil : words("certainty_\(f.certainty)", language)),
         "note": opt(f.note),
         "read": opt(readText(f.cite, language))]
    }

    /// What was read, for a verified statement: the copy's language and the wording's date.
    func readText(_ c: CitationAnswer, _ language: Language) -> String? {
        guard let l = c.language, let e = c.edition else { return nil }
        let name = ["ky", "ru", "en"].contains(l) ? words("text_lang_\(l)", language) : l
        return words("read_in", language).replacingOccurrences(of: "{language}", with: name)
            .replacingOccurrences(of: "{edition}", with: e.count == 10 ? PageRenderer.dateText(e, language) : e)
    }

    /// `/akn/kg/act/2008/99` → `/sources/akn/kg/act/2008/99`.
    static func sourceHref(_ id: String) -> String { "/sources" + id }

    /// The home page: the system on a day as an organigram, the timeline, the bodies and the acts in force.
    public func systemPage(on day: Day, viewer: Viewer) -> String {
        let lang = viewer.language
        let q = queries(lang)
        // Drawn, not read: the facts' sentences are not needed here.
        let system = q.system(at: day, inWords: false)
        let org = Organigram(system, words: words, language: lang)
        let timeline = Timeline(model: law.model, words: words, language: lang, shown: day, today: viewer.today)
        let byLevel = Dictionary(grouping: org.boxes, by: \.level)
        let facts = Dictionary(system.facts.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let levels: [[String: Any]] = Organigram.levelOrder.compactMap { level in
            guard let boxes = byLevel[level] else { return nil }
            return ["label": words(level, lang), "bodies": boxes.sorted { $0.label < $1.label }.map { b -> [String: Any] in
                let status = facts["body/\(b.id)"]?.cite.status ?? "secondary"
                return ["href": b.href, "label": b.label, "status": status, "statusLabel": words("status_\(status)", lang)]
            }]
        }
        let sources = Dictionary(law.model.sources.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let text = LawText(model: law.model, language: lang)
        let acts: [[String: Any]] = system.sourcesInForce.compactMap { s in
            guard let source = sources[s.source] else { return nil }
            return ["href": Self.sourceHref(s.source), "name": text.shortName(source) + " — " + source.title.text(lang), "uncertain": s.status == "uncertain"]
        }
        let model: [String: Any] = [
            "t": words.table(lang), "org": org, "timeline": timeline, "levels": levels, "acts": acts, "date": system.date,
            "today": viewer.today.description, "lang": lang.rawValue, "hasConflicts": !system.conflicts.isEmpty,
            "legendArrows": legend(lang),
        ]
        return page("system", title: words("system_title", lang), viewer: viewer, date: system.date, model: model)
    }

    func legend(_ lang: Language) -> [[String: String]] {
        Organigram.styles.map { ["style": $0, "label": words("legend_\($0)", lang)] }
    }

    /// A body or post on a day: how it is formed, its powers, its relations, each with its citation.
    public func bodyPage(_ id: String, on day: Day, viewer: Viewer) throws -> String {
        let lang = viewer.language
        guard law.model.vocabulary.entities[id] != nil else { throw AppError.notFound("no body or post '\(id)' in the vocabulary") }
        let system = queries(lang).system(at: day)
        let date = system.date
        func about(_ f: FactAnswer) -> Bool {
            let p = f.key.split(separator: "/")
            return p.count > 1 && (p[1] == id || (p[0] == "relation" && p.count > 3 && p[3] == id))
        }
        let mine = system.facts.filter(about)
        let sections: [(String, (FactAnswer) -> Bool)] = [
            ("body_section_status", { $0.key.hasPrefix("body/") }),
            ("body_section_formation", { $0.key.hasPrefix("formation/") }),
            ("body_section_powers", { $0.key.hasPrefix("power/") }),
            ("body_section_relations_out", { $0.key.hasPrefix("relation/\(id)/") }),
            ("body_section_relations_in", { $0.key.hasPrefix("relation/") && !$0.key.hasPrefix("relation/\(id)/") }),
            ("body_section_procedures", { $0.key.hasPrefix("procedure/") }),
        ]
        let groups: [[String: Any]] = sections.compactMap { key, test in
            let facts = mine.filter(test)
            return facts.isEmpty ? nil : ["heading": words(key, lang), "facts": facts.map { row($0, lang, date: date) }]
        }
        let model: [String: Any] = ["t": words.table(lang), "groups": groups, "date": date, "exists": system.facts.contains { $0.key == "body/\(id)" }]
        return page("body", title: law.model.vocabulary.label(id, lang), viewer: viewer, date: date, model: model)
    }

    /// Why a fact is what it is on a day: every statement about it, and which one applies.
    public func explainPage(_ key: String, on day: Day, viewer: Viewer) throws -> String {
        let lang = viewer.language
        let q = queries(lang)
        let answers = try q.explain(key, at: day)
        let items: [[String: Any]] = answers.map { a in
            // Whether a statement is in force, an uncertain end said as such. An answer that is not
            // certain says why above its statements, in the words the CLI prints (its note).
            func inForce(_ status: String, _ about: String?) -> String {
                words(about == "end" ? "in_force_uncertain_end" : "in_force_\(status)", lang)
            }
            let warning = a.resolved?.note
            return [
                "name": q.text.factName(a.key),
                "resolved": opt(a.resolved.map { r -> [String: Any] in ["text": r.text, "warning": opt(warning)] }),
                "statements": a.statements.map { s -> [String: Any] in
                    ["text": s.text, "role": q.text.phrase("role-\(s.role)"), "source": s.cite.sourceName, "sourceHref": Self.sourceHref(s.cite.source),
                     "provision": opt(provision(s.cite.provision, lang)), "url": opt(s.cite.url), "inForce": inForce(s.inForce, s.uncertainAbout),
                     "read": opt(readText(s.cite, lang)),
                     "status": s.cite.status, "statusLabel": words("status_\(s.cite.status)", lang)]
                },
            ]
        }
        let model: [String: Any] = ["t": words.table(lang), "items": items, "date": day.description]
        return page("explain", title: words("explain_title", lang), viewer: viewer, date: day.description, model: model)
    }
}

extension PageRenderer {
    /// The comparisons the article itself makes, one click away.
    static let examples: [(String, String)] = [("2002-01-01", "2009-01-01"), ("2011-01-01", "2013-01-01"), ("2021-01-01", "2022-01-01")]

    func changeRows(_ changes: [ChangeAnswer], _ q: LawQueries, date: String) -> [[String: Any]] {
        let lang = q.language
        return changes.map { c in
            [
                "key": c.key, "kind": c.kind, "kindLabel": q.text.phrase("diff-\(c.kind)"), "name": q.text.factName(c.key),
                "explain": "/explain/\(c.key)?date=\(date)",
                "before": opt(c.before.map { row($0, lang, date: date) }), "after": opt(c.after.map { row($0, lang, date: date) }),
            ]
        }
    }

    func findingRows(_ findings: [FindingAnswer], _ lang: Language) -> [[String: String]] {
        findings.map { f in
            ["text": f.text, "cites": f.statements.map { c in [c.sourceName, provision(c.provision, lang)].compactMap { $0 }.joined(separator: ", ") }
                .joined(separator: "; ")]
        }
    }

    /// The bodies a list of changes touches (their boxes are marked `changed`).
    static func bodiesTouched(_ changes: [ChangeAnswer]) -> Set<String> {
        var out = Set<String>()
        for c in changes {
            let p = c.key.split(separator: "/").map(String.init)
            guard p.count > 1, ["body", "formation", "power", "relation"].contains(p[0]) else { continue }
            out.insert(p[1])
            if p[0] == "relation", p.count > 3 { out.insert(p[3]) }
        }
        return out
    }

    /// Two days side by side: both organigrams with what was added, removed and changed marked,
    /// the lawyer's list of changes with citations on both sides, and the principle findings.
    public func comparePage(from d1: Day?, to d2: Day?, viewer: Viewer) -> String {
        let lang = viewer.language
        let q = queries(lang)
        var model: [String: Any] = [
            "t": words.table(lang), "legendArrows": legend(lang), "minDate": law.model.firstDay.description,
            "examples": Self.examples.enumerated().map { i, e in
                ["href": "/compare?from=\(e.0)&to=\(e.1)", "label": "\(e.0.prefix(4)) / \(e.1.prefix(4))", "last": i == Self.examples.count - 1] as [String: Any]
            },
            "from": d1?.description ?? "2002-01-01", "to": d2?.description ?? "2009-01-01", "hasResult": false,
        ]
        if let d1, let d2 {
            let (before, after) = (q.system(at: d1, inWords: false), q.system(at: d2, inWords: false))
            let diff = q.diff(from: d1, to: d2)
            let touched = Self.bodiesTouched(diff.changes)
            let sources = Dictionary(law.model.sources.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            func day(_ d: LegalDate?) -> String {
                guard let d else { return "" }
                return d.isExact ? PageRenderer.dateText(d.earliest.description, lang) : q.text.date(d)
            }
            func act(_ a: DiffAnswer.ActAnswer) -> [String: String] {
                let s = sources[a.id]
                return ["href": Self.sourceHref(a.id), "name": s.map { q.text.shortName($0) + " — " + $0.title.text(lang) } ?? a.id,
                        "from": day(s?.period.start), "until": day(s?.period.end)]
            }
            model["hasResult"] = true
            model["fromText"] = PageRenderer.dateText(before.date, lang)
            model["toText"] = PageRenderer.dateText(after.date, lang)
            model["before"] = Organigram(before, words: words, language: lang, compare: after, laterThanCompare: false, changedBodies: touched, width: 1120)
            model["after"] = Organigram(after, words: words, language: lang, compare: before, laterThanCompare: true, changedBodies: touched, width: 1120)
            model["actsTakingEffect"] = diff.actsTakingEffect.map(act)
            model["hasActsTakingEffect"] = !diff.actsTakingEffect.isEmpty
            model["actsEnding"] = diff.actsEnding.map(act)
            model["hasActsEnding"] = !diff.actsEnding.isEmpty
            model["changes"] = changeRows(diff.changes, q, date: d2.description)
            model["hasChanges"] = !diff.changes.isEmpty
            model["beforeLabel"] = PageRenderer.dateText(before.date, lang)
            model["afterLabel"] = PageRenderer.dateText(after.date, lang)
            model["findingsBefore"] = findingRows(law.model.checkPrinciples(at: d1).findings.map(q.finding), lang)
            model["findingsAfter"] = findingRows(law.model.checkPrinciples(at: d2).findings.map(q.finding), lang)
        }
        return page("compare", title: words("compare_title", lang), viewer: viewer, model: model)
    }

    /// A draft put on top of the law: what it would change, and the principle findings without and with it.
    public func draftPage(yaml: String?, date: Day?, viewer: Viewer) -> String {
        let lang = viewer.language
        let q = queries(lang)
        var model: [String: Any] = ["t": words.table(lang), "yaml": yaml ?? "", "date": date?.description ?? "", "hasResult": false,
                                    "minDate": law.model.firstDay.description]
        if let yaml, !yaml.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            do {
                let answer = try q.draftDiff(yaml, file: "draft.yaml", at: date)
                model["hasResult"] = true
                model["changes"] = changeRows(answer.changes, q, date: answer.date)
                model["hasChanges"] = !answer.changes.isEmpty
                model["beforeLabel"] = words("findings_without_draft", lang)
                model["afterLabel"] = words("findings_with_draft", lang)
                model["findingsBefore"] = findingRows(answer.findingsWithoutDraft, lang)
                model["findingsAfter"] = findingRows(answer.findingsWithDraft, lang)
            } catch {
                model["error"] = AppError(error).message
            }
        }
        return page("draft", title: words("draft_title", lang), viewer: viewer, model: model)
    }
}
