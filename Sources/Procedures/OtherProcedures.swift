import Law
import Territory
import WorkingDays

/// Oversight of an unlawful act of a self-government body: registered, suspended by the head of
/// administration the law names, the prosecutor notified, the appeal to court, the court's decision
/// in force, the act annulled or the suspension lifted.
struct OversightProcedure {
    let record: ProcedureRecord
    let unit: TerritorialUnit
    let rules: RuleReader
    let ctx: ProcedureContext

    var phase = "registration"
    var body: String?
    var suspendedOn: Day?
    var notifiedOn: Day?
    var court: (decision: String, inForce: Day)?
    var appealed = false
    var endedOn: Day?
    let history: History

    var suspendedBy: Rule<[String]> { rules.names("procedure/act-suspension/suspended_by") }
    var notify: Rule<[String]> { rules.names("procedure/act-suspension/notify") }
    var notifyWhen: Rule<String> { rules.name("procedure/act-suspension/notify_when") }
    var appealTo: Rule<[String]> { rules.names("procedure/act-suspension/appeal_to") }
    var untilRule: Rule<String> { rules.name("procedure/act-suspension/acts_in_force_until") }

    /// Who may suspend acts of `body`: the procedure's list, and every relation "may suspend acts of"
    /// whose object is this body or self-government as a whole.
    func suspenders(of body: String) -> [(String, Basis)] {
        var out: [(String, Basis)] = []
        if case .given(let l, let b) = suspendedBy { out += l.map { ($0, b) } }
        for r in rules.relations("may-suspend-acts-of") where r.object == body || r.object == "local-self-government" {
            if !out.contains(where: { $0.0 == r.subject }) { out.append((r.subject, .law(r.entry))) }
        }
        return out
    }

    func ruleLines() -> [Line] {
        var out = [Line("rule-version", [.day(record.started)], basis: .inference("no transition provision is in the data: the version in force on the start date governs the whole procedure"))]
        func add(_ r: Rule<[String]>, _ p: String) {
            switch r {
            case .given(let l, let b): out.append(Line("rule", [.phrase(p), .value(.list(l.map(Value.string)))], basis: b))
            case .unknown(let b): out.append(Line("rule-unknown", [.phrase(p)], basis: b))
            case .silent: out.append(Line("rule-silent", [.phrase(p)]))
            }
        }
        add(suspendedBy, "suspended_by")
        for r in rules.relations("may-suspend-acts-of") {
            out.append(Line("rule-may-suspend", [.label(r.subject), .label(r.object)], basis: .law(r.entry)))
        }
        add(notify, "notify")
        if case .given(let w, let b) = notifyWhen { out.append(Line("rule", [.phrase("notify_when"), .value(.string(w))], basis: b)) }
        add(appealTo, "appeal_to")
        if case .given(let u, let b) = untilRule { out.append(Line("rule", [.phrase("acts_in_force_until"), .value(.string(u))], basis: b)) }
        out.append(Line("rule-silent", [.phrase("appeal_deadline")]))
        return out
    }

    mutating func run() throws -> ProcedureState {
        for (i, e) in record.events.enumerated() { try apply(e, i + 1) }
        return ProcedureState(kind: record.kind, unit: unit, lawDate: record.started, phase: phase, finished: endedOn != nil,
                              summary: Line("sum-ov-\(phase)", [.label(body ?? "")]), rules: ruleLines(), next: nextSteps(),
                              deadlines: deadlines(), history: history.lines, sittings: [])
    }

    mutating func apply(_ e: ProcedureEvent, _ n: Int) throws {
        if let endedOn {
            throw ProcedureError("the procedure ended on \(endedOn) (\(phase)); nothing can follow", key: "err-procedure-ended", args: [.day(endedOn), .text(phase)], event: n)
        }
        func actor(_ key: String) throws -> String {
            let a = try e.require(key, n)
            guard ctx.model.vocabulary.entities[a] != nil else {
                throw ProcedureError("unknown body '\(a)' (an id of law/vocabulary.yaml, e.g. ayil-kenesh)", key: "err-unknown-body", args: [.text(a)], event: n)
            }
            return a
        }
        switch e.type {
        case "act-registered":
            try e.checkFields(["body", "act", "adopted"], n)
            guard phase == "registration" else { throw ProcedureError("the act is already registered", key: "err-act-registered", event: n) }
            let b = try actor("body")
            let act = try e.require("act", n)
            body = b
            phase = "registered"
            history.add(Line("ov-registered", [.label(b), .text(act)]))
        case "suspended":
            try e.checkFields(["by", "ground"], n)
            guard phase == "registered", let body else {
                throw ProcedureError("only a registered act in force can be suspended (phase '\(phase)')", key: "err-suspension-not-due", args: [.text(phase)], event: n)
            }
            let by = try actor("by")
            let ground = try e.require("ground", n)
            let allowed = suspenders(of: body)
            if case .given = suspendedBy, !allowed.contains(where: { $0.0 == by }) {
                throw ProcedureError("the law in force lets \(allowed.map(\.0).joined(separator: ", ")) suspend acts of the \(body), not '\(by)'", key: "err-may-not-suspend",
                                     args: [.value(.list(allowed.map { Value.string($0.0) })), .label(body), .label(by)], event: n)
            }
            let basis = allowed.first { $0.0 == by }?.1 ?? suspendedBy.basis
            suspendedOn = e.date
            phase = "suspended"
            history.add(Line("ov-suspended", [.label(by), .text(ground)], basis: basis))
            if allowed.isEmpty || allowed.first(where: { $0.0 == by }) == nil {
                history.add(Line(suspendedBy.value == nil ? "ov-who-unknown" : "ov-who-unchecked", [], basis: suspendedBy.basis))
            }
        case "prosecutor-notified":
            try e.checkFields([], n)
            guard suspendedOn != nil, notifiedOn == nil else { throw ProcedureError("the prosecutor is notified of a suspension, once", key: "err-notify-once", event: n) }
            notifiedOn = e.date
            history.add(Line("ov-notified", [.day(e.date)], basis: notify.basis))
        case "appealed":
            try e.checkFields(["by", "to"], n)
            guard phase == "suspended" else {
                throw ProcedureError("only a suspension can be appealed (phase '\(phase)')", key: "err-appeal-not-due", args: [.text(phase)], event: n)
            }
            let by = try actor("by"), to = try actor("to")
            if case .given(let l, _) = appealTo, !l.contains(to) {
                throw ProcedureError("the law in force sends the appeal to \(l.joined(separator: ", ")), not '\(to)'", key: "err-appeal-to",
                                     args: [.value(.list(l.map(Value.string))), .label(to)], event: n)
            }
            appealed = true
            phase = "in-court"
            history.add(Line("ov-appealed", [.label(by), .label(to)], basis: appealTo.basis))
        case "court-decided":
            try e.checkFields(["decision", "in_force"], n)
            guard phase == "in-court" else {
                throw ProcedureError("there is no appeal before a court (phase '\(phase)')", key: "err-no-appeal", args: [.text(phase)], event: n)
            }
            let d = try e.require("decision", n)
            guard StepValues.courtDecisions.contains(d) else {
                throw ProcedureError("'decision' is suspension-upheld or suspension-overturned, not '\(d)'", key: "err-court-decision-value", args: [.text(d)], event: n)
            }
            guard let s = e.string("in_force") else {
                throw ProcedureError("'in_force' is needed: the date the court's decision enters into force", key: "err-in-force-missing", event: n)
            }
            guard let inForce = Day(iso: s) else {
                throw ProcedureError("'in_force' is '\(s)', not a date (YYYY-MM-DD)", key: "err-in-force-not-date", args: [.text(s)], event: n)
            }
            guard inForce >= e.date else {
                throw ProcedureError("'in_force' must be the date the decision enters into force, not before the decision", key: "err-in-force-date", event: n)
            }
            // Not a rule of law but a guard against a typo (9999 for 2009): the next step waits for this day.
            // Five years of days, two leap days included (no calendar arithmetic that could fail near 9999).
            guard inForce <= e.date.adding(days: 5 * 365 + 2) else {
                throw ProcedureError("'in_force' \(inForce) is more than five years after the decision of \(e.date): a typo?", key: "err-in-force-far",
                                     args: [.day(inForce), .day(e.date)], event: n)
            }
            court = (d, inForce)
            phase = "decided"
            history.add(Line("ov-decided-\(d)", [.day(inForce)], basis: untilRule.basis))
        case "annulled", "suspension-lifted":
            try e.checkFields(["by"], n)
            let by = try actor("by")
            if let court {
                guard e.date >= court.inForce else {
                    throw ProcedureError("the court's decision enters into force on \(court.inForce); until then the suspension stands", key: "err-decision-not-in-force",
                                         args: [.day(court.inForce)], event: n)
                }
                if e.type == "annulled", court.decision != "suspension-upheld" {
                    throw ProcedureError("the court overturned the suspension: the act cannot be annulled on it", key: "err-court-overturned", event: n)
                }
                if e.type == "suspension-lifted", court.decision != "suspension-overturned" {
                    throw ProcedureError("the court upheld the suspension: it is not lifted", key: "err-court-upheld", event: n)
                }
            } else {
                guard phase == "suspended" || (phase == "registered" && e.type == "annulled" && by == body) else {
                    if phase == "in-court" {
                        throw ProcedureError("the case is before the court: the suspension stands until its decision enters into force", key: "err-case-in-court", event: n)
                    }
                    throw e.type == "annulled"
                        ? ProcedureError("nothing to annul now (phase '\(phase)')", key: "err-nothing-to-annul", args: [.text(phase)], event: n)
                        : ProcedureError("nothing to lift now (phase '\(phase)')", key: "err-nothing-to-lift", args: [.text(phase)], event: n)
                }
                if e.type == "annulled", by != body {
                    throw ProcedureError("without a court decision only the \(body ?? "body") itself can repeal its act", key: "err-only-body-repeals",
                                         args: [.label(body ?? "body")], event: n)
                }
                history.add(Line(e.type == "annulled" ? "ov-repealed-by-body" : "ov-lifted-silent"))
            }
            phase = e.type == "annulled" ? "annulled" : "restored"
            endedOn = e.date
            history.add(Line("ov-\(phase)", [.label(by)]))
        default:
            let known = "act-registered, suspended, prosecutor-notified, appealed, court-decided, annulled, suspension-lifted"
            throw ProcedureError("unknown event '\(e.type)' for act-oversight (known: \(known))", key: "err-unknown-event",
                                 args: [.text(e.type), .text("act-oversight"), .text(known)], event: n)
        }
    }

    func nextSteps() -> [NextStep] {
        func s(_ ev: String, _ key: String, _ args: [Arg] = [], _ b: Basis = .silent) -> NextStep { NextStep(event: ev, line: Line(key, args, basis: b)) }
        switch phase {
        case "registration": return [s("act-registered", "ov-next-register")]
        case "registered":
            let who = suspenders(of: body ?? "")
            return [s("suspended", who.isEmpty ? "ov-next-suspend-unknown" : "ov-next-suspend", [.text(who.map(\.0).joined(separator: ", "))], who.first?.1 ?? suspendedBy.basis),
                    s("annulled", "ov-next-body-repeals", [.label(body ?? "")])]
        case "suspended":
            var out: [NextStep] = []
            if notifiedOn == nil { out.append(s("prosecutor-notified", "ov-next-notify", [], notify.basis)) }
            out.append(s("appealed", "ov-next-appeal", [.label(body ?? "")], appealTo.basis))
            out.append(s("suspension-lifted", "ov-next-lift"))
            out.append(s("annulled", "ov-next-body-repeals", [.label(body ?? "")]))
            return out
        case "in-court": return [s("court-decided", "ov-next-court")]
        case "decided":
            return court?.decision == "suspension-upheld" ? [s("annulled", "ov-next-annul", [.day(court!.inForce)])] : [s("suspension-lifted", "ov-next-restore", [.day(court!.inForce)])]
        default: return []
        }
    }

    func deadlines() -> [Deadline] {
        guard let suspendedOn else { return [] }
        var out: [Deadline] = []
        if case .given(let w, let b) = notifyWhen, w == "at-suspension" {
            // Judged on `asOf`: a notice recorded after that day had not been given yet.
            let status: DeadlineStatus = notifiedOn.flatMap { $0 <= ctx.asOf ? $0 : nil }.map { $0 == suspendedOn ? .met($0) : .late($0) }
                ?? (ctx.asOf > suspendedOn ? .missed : .running)
            out.append(Deadline(line: Line("dl-notify", [.day(suspendedOn)], basis: b), due: suspendedOn, provisional: [], status: status))
        } else if notifiedOn == nil {
            out.append(Deadline(line: Line("dl-notify-silent"), due: nil, provisional: [], status: .running))
        }
        if phase == "suspended" { out.append(Deadline(line: Line("dl-appeal-silent"), due: nil, provisional: [], status: .running)) }
        return out
    }
}

/// A report the law requires once a year (the akim's annual report to the district kenesh): due
/// dates per year, delivered, overdue; each year read from the law in force in that year.
struct ReportProcedure {
    let record: ProcedureRecord
    let unit: TerritorialUnit
    let ctx: ProcedureContext
    let keepsHistory: Bool

    var reporter: String { record.settings["reporter"]?.description ?? "akim" }
    var before: String { record.settings["before"]?.description ?? "district-kenesh" }
    var about: String { record.settings["about"]?.description ?? "work-in-territory" }

    /// The statement requiring the report in a year (read on 1 July, or on the start day in the first year), if any.
    func requirement(_ year: Int) -> (entry: Int, frequency: String)? {
        let probe = max(Day(year: year, month: 7, day: 1)!, record.started)
        let f = ctx.model.resolve(at: probe).facts["relation/\(reporter)/reports-to/\(before)/\(about)"]
        guard let f, let v = f.value else { return nil }
        return (f.entry, v["frequency"]?.stringValue ?? "unstated")
    }

    func run() throws -> ProcedureState {
        var cache: [Int: (entry: Int, frequency: String)?] = [:]
        func requirement(_ year: Int) -> (entry: Int, frequency: String)? {
            if let known = cache[year] { return known }
            let r = self.requirement(year)
            cache[year] = r
            return r
        }
        var scheduled: [Int: Day] = [:], delivered: [Int: Day] = [:]
        let history = History(kept: keepsHistory)
        for (i, e) in record.events.enumerated() {
            let n = i + 1
            try e.checkFields(["year", "due"], n)
            guard let year = try e.count("year", n) else { continue }
            guard year >= record.started.year, year <= e.date.year + 1 else {
                throw ProcedureError("year \(year) is outside this procedure (from \(record.started.year)) or too far ahead", key: "err-year-outside",
                                     args: [.count(year), .count(record.started.year)], event: n)
            }
            guard let req = requirement(year) else {
                throw ProcedureError("the law in force in \(year) requires no report of the \(reporter) to the \(before) on \(about)", key: "err-report-not-required",
                                     args: [.count(year), .label(reporter), .label(before), .label(about)], event: n)
            }
            switch e.type {
            case "scheduled":
                guard let s = e.string("due"), let due = Day(iso: s), due.year == year else {
                    throw ProcedureError("'due' must be a date in \(year)", key: "err-due-in-year", args: [.count(year)], event: n)
                }
                guard delivered[year] == nil else { throw ProcedureError("the \(year) report was already delivered", key: "err-report-delivered", args: [.count(year)], event: n) }
                scheduled[year] = due
                history.add(Line("rp-scheduled", [.count(year), .day(due)], basis: .law(req.entry)))
            case "delivered":
                if let on = delivered[year] {
                    throw ProcedureError("the \(year) report was already delivered on \(on)", key: "err-report-delivered-on", args: [.count(year), .day(on)], event: n)
                }
                guard e.date.year >= year else {
                    throw ProcedureError("a report for \(year) cannot be delivered in \(e.date.year)", key: "err-report-too-early", args: [.count(year), .count(e.date.year)], event: n)
                }
                delivered[year] = e.date
                history.add(Line("rp-delivered", [.label(reporter), .count(year), .label(before)], basis: .law(req.entry)))
            default:
                throw ProcedureError("unknown event '\(e.type)' for annual-report (known: scheduled, delivered)", key: "err-unknown-event",
                                     args: [.text(e.type), .text("annual-report"), .text("scheduled, delivered")], event: n)
            }
        }
        var deadlines: [Deadline] = []
        var next: [NextStep] = []
        var rules: [Line] = []
        var overdue = 0  // reports past due and not delivered; one delivered late is no longer overdue
        let lastYear = max(ctx.asOf.year, record.started.year)
        for year in record.started.year...lastYear {
            guard let req = requirement(year) else {
                rules.append(Line("rp-not-required", [.count(year), .label(reporter), .label(before)]))
                continue
            }
            rules.append(Line("rp-required", [.count(year), .label(reporter), .label(before), .value(.string(req.frequency))], basis: .law(req.entry)))
            let due = scheduled[year] ?? Day(year: year, month: 12, day: 31)!
            let basis: Basis = scheduled[year] != nil ? .law(req.entry) : .inference("the law says once a year and gives no date: the end of the calendar year is used")
            let status: DeadlineStatus
            // Judged on `asOf`: a report delivered after that day had not been delivered yet.
            if let d = delivered[year], d <= ctx.asOf { status = d <= due ? .met(d) : .late(d) } else { status = ctx.asOf > due ? .missed : .running }
            if status == .missed { overdue += 1 }
            deadlines.append(Deadline(line: Line("dl-report", [.count(year)], basis: basis), due: due, provisional: [], status: status))
            if delivered[year] == nil, year <= ctx.asOf.year {
                next.append(NextStep(event: "delivered", line: Line("rp-next-deliver", [.count(year)], basis: .law(req.entry))))
                if scheduled[year] == nil { next.append(NextStep(event: "scheduled", line: Line("rp-next-schedule", [.count(year)]))) }
            }
        }
        let phase = overdue > 0 ? "overdue" : "up-to-date"
        return ProcedureState(kind: record.kind, unit: unit, lawDate: record.started, phase: phase, finished: false,
                              summary: Line("sum-rp-\(phase)", [.label(reporter), .label(before), .count(overdue)]),
                              rules: rules, next: next, deadlines: deadlines, history: history.lines, sittings: [])
    }
}

/// A request of the local state administration to a territorial subdivision of a ministry (a work
/// plan, results, an instruction): due date, answered, overdue.
struct CoordinationProcedure {
    let record: ProcedureRecord
    let unit: TerritorialUnit
    let rules: RuleReader
    let ctx: ProcedureContext
    let keepsHistory: Bool

    var from: String { record.settings["from"]?.description ?? (unit.type == .oblast ? "president-plenipotentiary" : "district-state-administration") }

    /// Whom a request is sent to: a body of the vocabulary by its name, any other addressee as written.
    func addressee(_ to: String) -> Arg { ctx.model.vocabulary.entities[to] != nil ? .label(to) : .text(to) }

    func run() throws -> ProcedureState {
        let relation = rules.relations("coordinates").first { $0.subject == from && $0.object == "territorial-subdivisions" }
        var rulesOut: [Line] = []
        if let relation {
            rulesOut.append(Line("co-rule", [.label(from)], basis: .law(relation.entry)))
        } else {
            rulesOut.append(Line("co-no-rule", [.label(from), .day(record.started)]))
        }
        rulesOut.append(Line("rule-silent", [.phrase("answer_deadline")]))
        var request: (to: String, subject: String, due: Day?, notes: [String], on: Day)?
        var answered: Day?, withdrawn: Day?
        let history = History(kept: keepsHistory)
        for (i, e) in record.events.enumerated() {
            let n = i + 1
            if let end = answered ?? withdrawn {
                throw ProcedureError("the request was closed on \(end); nothing can follow", key: "err-request-closed", args: [.day(end)], event: n)
            }
            switch e.type {
            case "requested":
                try e.checkFields(["to", "subject", "due", "within_working_days"], n)
                guard request == nil else { throw ProcedureError("one request per procedure; start another for a new request", key: "err-one-request", event: n) }
                guard relation != nil else {
                    throw ProcedureError("the law in force on \(record.started) gives the \(from) no coordinating role over territorial subdivisions",
                                         key: "err-no-coordinating-role", args: [.day(record.started), .label(from)], event: n)
                }
                let to = try e.require("to", n), subject = try e.require("subject", n)
                guard StepValues.requestSubjects.contains(subject) else {
                    throw ProcedureError("'subject' is work-plan, results, instruction or information, not '\(subject)'", key: "err-request-subject", args: [.text(subject)], event: n)
                }
                var due: Day?, notes: [String] = []
                if e.fields["due"] != nil, e.fields["within_working_days"] != nil {
                    throw ProcedureError("give 'due' or 'within_working_days', not both: they could set two different terms", key: "err-request-two-terms", event: n)
                }
                if let s = e.string("due") {
                    guard let d = Day(iso: s), d >= e.date else { throw ProcedureError("'due' must be a date on or after the request", key: "err-due-before-request", event: n) }
                    due = d
                } else if let w = try e.count("within_working_days", n, required: false) {
                    let (d, p) = ctx.count(LegalDeadline(within: w, workingDays: true), from: e.date)
                    due = d; notes = p
                } else {
                    throw ProcedureError("give 'due' (a date) or 'within_working_days' (a number): the law sets no term, the request does", key: "err-request-no-term", event: n)
                }
                request = (to, subject, due, notes, e.date)
                history.add(Line("co-requested", [.label(from), addressee(to), .label(subject), .day(due ?? e.date)]))
            case "answered", "withdrawn":
                try e.checkFields([], n)
                guard request != nil else { throw ProcedureError("there is no request yet", key: "err-no-request", event: n) }
                if e.type == "answered" { answered = e.date } else { withdrawn = e.date }
                history.add(Line("co-\(e.type)", [.day(e.date)]))
            default:
                throw ProcedureError("unknown event '\(e.type)' for coordination-request (known: requested, answered, withdrawn)", key: "err-unknown-event",
                                     args: [.text(e.type), .text("coordination-request"), .text("requested, answered, withdrawn")], event: n)
            }
        }
        var deadlines: [Deadline] = [], next: [NextStep] = []
        var phase = "drafting"
        if let r = request {
            let status: DeadlineStatus
            if let a = answered, a <= ctx.asOf { status = r.due.map { a <= $0 ? .met(a) : .late(a) } ?? .met(a) }
            else if withdrawn != nil { status = .running }
            else { status = (r.due.map { ctx.asOf > $0 } ?? false) ? .missed : .running }
            if withdrawn == nil { deadlines.append(Deadline(line: Line("dl-answer", [addressee(r.to)]), due: r.due, provisional: r.notes, status: status)) }
            phase = answered != nil ? (status == .late(answered!) ? "answered-late" : "answered") : withdrawn != nil ? "withdrawn" : (status == .missed ? "overdue" : "awaiting-answer")
            if answered == nil, withdrawn == nil {
                next = [NextStep(event: "answered", line: Line("co-next-answer", [addressee(r.to)])), NextStep(event: "withdrawn", line: Line("co-next-withdraw"))]
            }
        } else {
            next = [NextStep(event: "requested", line: Line("co-next-request", [.label(from)]))]
        }
        return ProcedureState(kind: record.kind, unit: unit, lawDate: record.started, phase: phase,
                              finished: answered != nil || withdrawn != nil, summary: Line("sum-co-\(phase)", [addressee(request?.to ?? "")]),
                              rules: rulesOut, next: next, deadlines: deadlines, history: history.lines, sittings: [])
    }
}
