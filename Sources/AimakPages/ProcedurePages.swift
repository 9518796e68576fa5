import AimakApp
import Law
import Procedures
import WorkingDays

/// What a refused form sends back to its page: which step, why, and what was typed (so nothing
/// the secretary entered is lost).
public struct FormFailure: Sendable {
    public var type: String
    public var error: AppError
    public var values: [String: String]
    public init(type: String, error: AppError, values: [String: String]) { (self.type, self.error, self.values) = (type, error, values) }
}

extension PageRenderer {
    func phaseLabel(_ phase: String?, _ lang: Language) -> String {
        guard let phase else { return "" }
        let id = "phase_\(phase)"
        return words.interface.phrases[id] != nil ? words(id, lang) : phase
    }

    func deadlineRows(_ deadlines: [DeadlineAnswer], _ lang: Language, today: Day) -> [[String: Any]] {
        let calendar = law.calendar
        return deadlines.map { d in
            var left = ""
            // Working days left after today, counted by the calendar the deadline was computed with.
            if d.status == "running", let due = d.due.flatMap({ Day(iso: $0) }), due > today,
               let n = try? calendar.workingDays(from: today.adding(days: 1), through: due) {
                left = words("days_left", lang).replacingOccurrences(of: "{n}", with: "\(n)")
            }
            return ["text": d.line.text, "due": d.due.map { PageRenderer.dateText($0, lang) } ?? "—", "status": d.status,
                    "statusLabel": words("deadline_\(d.status)", lang), "left": left, "citation": opt(d.line.citation)]
        }
    }

    /// Procedures with their phase and the deadlines still open or missed; the start form for a
    /// logged-in account.
    public func proceduresPage(_ list: [ProcedureSummaryAnswer], viewer: Viewer, units: [(code: String, name: String)], failure: FormFailure? = nil) -> String {
        let lang = viewer.language
        let rows: [[String: Any]] = list.map { p in
            let name = p.unit.flatMap { law.registry.unit($0, on: viewer.today)?.0.name(lang) ?? law.registry.history($0).last?.name(lang) } ?? ""
            return ["href": "/procedures/\(p.id)", "id": p.id, "kind": p.procedure.map { words("kind-\($0)", lang) } ?? "",
                    "unit": name, "started": p.started.map { PageRenderer.dateText($0, lang) } ?? "", "phase": phaseLabel(p.phase, lang),
                    "finished": p.finished ?? false, "overdue": p.overdue, "problem": opt(p.problem),
                    "deadlines": deadlineRows(p.openDeadlines, lang, today: viewer.today)]
        }
        let allKinds: [String] = ["akim-appointment", "oblast-head-appointment", "annual-report", "act-oversight", "coordination-request"]
        let kinds: [[String: Any]] = allKinds
            .filter { k in viewer.account.map { a in a.role.procedures.contains { $0.rawValue == k } } ?? false }
            .map { (k: String) -> [String: Any] in ["id": k, "label": words("kind-\(k)", lang), "selected": failure?.values["procedure"] == k] }
        let model: [String: Any] = [
            "t": words.table(lang), "procedures": rows, "hasProcedures": !rows.isEmpty, "canStart": !kinds.isEmpty && viewer.csrf != nil,
            "kinds": kinds, "units": units.map { ["code": $0.code, "name": $0.name] }, "csrf": viewer.csrf ?? "",
            "unit": failure?.values["unit"] ?? "", "date": failure?.values["date"] ?? viewer.today.description,
            "error": opt(failure.map { errorModel($0.error, lang) }), "loggedIn": viewer.account != nil,
        ]
        return page("procedures", title: words("procedures_title", lang), viewer: viewer, model: model)
    }

    /// One procedure: where it stands, the rules applied with citations, the deadlines counting
    /// down, its events, and only the next steps the law allows, each as a form.
    public func procedurePage(_ p: ProcedureAnswer, events: [EventAnswer], viewer: Viewer, canWrite: Bool, failure: FormFailure? = nil) -> String {
        let lang = viewer.language
        let q = queries(lang)
        // The candidates a step can name, as the engine has them (in a run-off only its candidates).
        let candidates = p.candidates ?? []
        // Who the law at the procedure's date names for each role, to preselect it.
        let lawDay = Day(iso: p.lawDate) ?? viewer.today
        let facts = Dictionary(q.system(at: lawDay, inWords: false).facts.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        func named(_ key: String) -> String? {
            switch facts[key] ?? nil { case .string(let s)?: s; case .list(let l)?: l.first?.stringValue; default: nil }
        }
        let post = p.post ?? ""
        let actors = law.model.vocabulary.entities.filter { $0.value.kind == .post || $0.value.kind == .body }
            .map { (id: $0.key, label: $0.value.labels.text(lang)) }.sorted { $0.label < $1.label }
        func actorField(_ name: String, _ preset: String?) -> [String: Any] {
            let chosen = failure?.values[name] ?? preset ?? ""
            return ["name": name, "label": words("field_\(name)", lang), "select": true,
                    "options": actors.map { ["value": $0.id, "label": $0.label, "selected": $0.id == chosen] as [String: Any] }]
        }
        func choiceField(_ name: String, _ options: [String]) -> [String: Any] {
            ["name": name, "label": words("field_\(name)", lang), "select": true,
             "options": options.map { ["value": $0, "label": $0 == "none" ? words("choice_none", lang) : $0, "selected": failure?.values[name] == $0] as [String: Any] }]
        }
        func numberField(_ name: String, required: Bool = true) -> [String: Any] {
            ["name": name, "label": words("field_\(name)", lang), "number": true, "required": required, "value": failure?.values[name] ?? ""]
        }
        func textField(_ name: String, lines: Bool = false, required: Bool = false) -> [String: Any] {
            ["name": name, "label": words(words.interface.phrases["form_\(name)"] != nil ? "form_\(name)" : "field_\(name)", lang), "text": !lines, "lines": lines,
             "required": required, "value": failure?.values[name] ?? ""]
        }
        func dayField(_ name: String, required: Bool = true) -> [String: Any] {
            ["name": name, "label": words("field_\(name)", lang), "day": true, "required": required, "value": failure?.values[name] ?? ""]
        }
        /// A choice among ids of the vocabulary or the interface, each shown in words.
        func valueField(_ name: String, _ values: [String]) -> [String: Any] {
            ["name": name, "label": words("field_\(name)", lang), "select": true,
             "options": values.map { v in
                 ["value": v, "label": words.interface.phrases["value_\(v)"] != nil ? words("value_\(v)", lang) : law.model.vocabulary.label(v, lang),
                  "selected": failure?.values[name] == v] as [String: Any]
             }]
        }
        func fields(for type: String) -> [[String: Any]] {
            switch type {
            case "nominated": return [actorField("by", named("formation/\(post)/on_proposal_of") ?? named("formation/\(post)/by")), textField("candidates", lines: true)]
            case "withdrawn": return p.post == nil ? [] : [choiceField("candidate", candidates)]  // a request's withdrawal names no one
            case "sitting": return [numberField("seats"), numberField("present"), numberField("elected", required: false)]
            case "ballot":
                var out: [[String: Any]] = candidates.enumerated().map { i, c in
                    ["name": "vote_\(i)", "label": words("field_votes_for", lang).replacingOccurrences(of: "{name}", with: c), "number": true,
                     // Every candidate standing is counted (the API refuses a ballot without one), but
                     // in a run-off after a tie for second place only the leader and one of the tied.
                     "required": p.phase == "voting" || candidates.count <= 2, "value": failure?.values["vote_\(i)"] ?? "", "hidden": ["name": "candidate_\(i)", "value": c]]
                }
                out += [numberField("against", required: false), numberField("blank", required: false), numberField("invalid", required: false)]
                return out
            case "result": return [choiceField("chosen", candidates + ["none"])]
            case "agreed", "disagreed": return [actorField("by", named("formation/\(post)/in_agreement_with"))]
            case "appointed": return [actorField("by", named("formation/\(post)/by")), choiceField("person", candidates)]
            case "refused": return [actorField("by", named("formation/\(post)/by"))]
            // Oversight, annual reports and coordination requests: each field by its name, as the
            // engine reads it (OversightProcedure, AnnualReportProcedure, CoordinationProcedure).
            case "act-registered": return [actorField("body", "ayil-kenesh"), textField("act", required: true)]
            case "suspended": return [actorField("by", nil), textField("ground", required: true)]
            case "appealed": return [actorField("by", nil), actorField("to", "court")]
            case "court-decided": return [valueField("decision", StepValues.courtDecisions), dayField("in_force")]
            case "annulled", "suspension-lifted": return [actorField("by", nil)]
            case "scheduled": return [numberField("year"), dayField("due")]
            case "delivered": return [numberField("year")]
            case "requested":
                return [textField("to", required: true), valueField("subject", StepValues.requestSubjects),
                        dayField("due", required: false), numberField("within_working_days", required: false)]
            case "prosecutor-notified", "answered": return []
            default: return [textField("fields", lines: true)]
            }
        }
        let lastDate = events.last?.date ?? p.lawDate
        let forms: [[String: Any]] = canWrite ? p.next.map { step in
            [
                "type": step.event, "label": step.text, "fields": fields(for: step.event), "version": "\(p.version ?? 0)",
                // The last step's date, not today's: a step of an old procedure is not silently dated today.
                "date": failure?.type == step.event ? (failure?.values["date"] ?? lastDate) : lastDate,
                "error": opt(failure.flatMap { $0.type == step.event ? errorModel($0.error, lang) : nil }), "generic": !Self.formTypes.contains(step.event),
            ]
        } : []
        func lines(_ l: [ProcedureLineAnswer]) -> [[String: Any]] {
            l.map { ["text": $0.text, "citation": opt($0.citation), "silent": $0.lawSilent ?? false, "inference": opt($0.inference)] }
        }
        let model: [String: Any] = [
            "t": words.table(lang), "id": p.id ?? "", "summary": p.summary, "phase": phaseLabel(p.phase, lang), "finished": p.finished,
            "unit": p.unitName, "unitHref": "/territory/\(p.unit)?date=\(p.lawDate)", "lawDate": PageRenderer.dateText(p.lawDate, lang),
            "kind": words("kind-\(p.procedure)", lang), "rules": lines(p.rules), "history": lines(p.history),
            "deadlines": deadlineRows(p.deadlines, lang, today: viewer.today), "hasDeadlines": !p.deadlines.isEmpty,
            "events": events.map { e in
                ["version": "\(e.version)", "type": eventLabel(e.type, kind: p.procedure, lang), "date": PageRenderer.dateText(e.date, lang), "author": e.author,
                 "fields": e.fields.keys.sorted().map { k in "\(fieldLabel(k, lang)): \(e.fields[k].map { show($0, key: k, lang) } ?? "")" }.joined(separator: "; ")]
            },
            "forms": forms, "canWrite": canWrite, "hasNext": !p.next.isEmpty, "csrf": viewer.csrf ?? "", "loggedIn": viewer.account != nil,
            "hasSittings": !p.sittings.isEmpty, "nextSteps": p.next.map(\.text),
            "failure": opt(failure.flatMap { f in forms.contains { ($0["type"] as? String) == f.type } ? nil : errorModel(f.error, lang) }),
        ]
        return page("procedure", title: "\(words("kind-\(p.procedure)", lang)) — \(p.unitName)", viewer: viewer, model: model)
    }

    /// The steps that have their own form; any other step takes `name=value` lines.
    static let formTypes: Set<String> = ["nominated", "withdrawn", "sitting", "ballot", "result", "agreed", "disagreed", "appointed", "refused",
                                         "act-registered", "suspended", "prosecutor-notified", "appealed", "court-decided", "annulled",
                                         "suspension-lifted", "scheduled", "delivered", "requested", "answered"]

    /// An event by its name in the interface, the procedure's own name for it first (a coordination
    /// request's `withdrawn` is not a candidate's).
    public func eventLabel(_ type: String, kind: String, _ lang: Language) -> String {
        words.interface.phrases["event_\(kind)_\(type)"] != nil ? words("event_\(kind)_\(type)", lang) : words("event_\(type)", lang)
    }

    public func fieldLabel(_ key: String, _ lang: Language) -> String {
        words.interface.phrases["field_\(key)"] != nil ? words("field_\(key)", lang) : law.model.vocabulary.label(key, lang)
    }

    /// A stored field as the reader says it: ids of the vocabulary by their label, a procedure by
    /// its name, a unit by its name; names of people and counts as written.
    func show(_ v: Value, key: String, _ lang: Language) -> String {
        switch v {
        case .string(let s):
            if key == "procedure" { return words("kind-\(s)", lang) }
            if key == "unit" { return unitName(s, lang) }
            if ["in_force", "due"].contains(key), Day(iso: s) != nil { return PageRenderer.dateText(s, lang) }
            if words.interface.phrases["value_\(s)"] != nil { return words("value_\(s)", lang) }
            return law.model.vocabulary.entities[s] != nil || law.model.vocabulary.phrases[s] != nil ? law.model.vocabulary.label(s, lang) : s
        case .int(let n): return String(n)
        case .bool(let b): return b ? "✓" : "✗"
        case .list(let l): return l.map { show($0, key: key, lang) }.joined(separator: ", ")
        case .map(let m): return m.keys.sorted().map { "\($0): \(show(m[$0]!, key: "", lang))" }.joined(separator: ", ")
        }
    }

    func unitName(_ code: String, _ lang: Language) -> String {
        (law.registry.unit(code, on: Day(year: 2100, month: 1, day: 1)!)?.0 ?? law.registry.history(code).last).map { $0.name(lang) } ?? code
    }

    /// The minutes of the sittings, printable (print CSS), in the reader's language.
    public func minutesPage(_ p: ProcedureAnswer, viewer: Viewer) -> String {
        let lang = viewer.language
        let sittings: [[String: Any]] = p.sittings.map { s in
            [
                "date": PageRenderer.dateText(s.date, lang), "body": s.bodyLabel, "seats": "\(s.seats)", "present": "\(s.present)",
                "quorum": s.quorum.text, "quorumCitation": opt(s.quorum.citation), "candidates": s.candidates.joined(separator: ", "),
                "ballots": s.ballots.map { b in
                    ["round": "\(b.round)", "votes": b.votes.map { ["candidate": $0.candidate, "votes": "\($0.votes)"] },
                     "against": "\(b.against)", "blank": "\(b.blank)", "invalid": "\(b.invalid)"] as [String: Any]
                },
                "outcome": s.outcome.map { ["text": $0.text, "citation": opt($0.citation)] },
            ]
        }
        let model: [String: Any] = [
            "t": words.table(lang), "id": p.id ?? "", "unit": p.unitName, "kind": words("kind-\(p.procedure)", lang), "sittings": sittings,
            "hasSittings": !sittings.isEmpty, "summary": p.summary, "lang": lang.rawValue,
        ]
        return page("minutes", title: words("minutes_title", lang) + " — " + p.unitName, viewer: viewer, model: model)
    }
}
