import Law
import Territory
import WorkingDays

/// The appointment of a head of state administration (akim, oblast head), run by the version of
/// the law in force when it started: proposal, the kenesh's vote (consent or proposal, with
/// quorum, majority, run-off) where the law has one, agreement, appointment, fallbacks.
struct AppointmentProcedure {
    let record: ProcedureRecord
    let unit: TerritorialUnit
    let rules: RuleReader
    let ctx: ProcedureContext

    enum VoteRole { case consent, proposal }

    // The law, read once.
    let post: String
    let appointer: Rule<String>
    let proposer: Rule<[String]>
    let agreement: Rule<[String]>
    let votingBody: (body: String, role: VoteRole, basis: Basis)?
    let procedureName: String?
    let candidatesAtLeast: Rule<Int>
    let quorum: Rule<Threshold>
    let decision: Rule<Threshold>
    let secondRound: Rule<String>
    let secondDecision: Rule<Threshold>
    let ifNoProposal: Rule<LegalDeadline>
    let fallback: Rule<[String]>
    let deadlineForProposal: Rule<LegalDeadline>
    let ballotRule: Rule<String>
    let fixedInLaw: Rule<Value>

    init(record: ProcedureRecord, unit: TerritorialUnit, rules: RuleReader, ctx: ProcedureContext, history: History) throws {
        (self.record, self.unit, self.rules, self.ctx, self.history) = (record, unit, rules, ctx, history)
        if record.kind == .akimAppointment {
            post = "akim"
        } else {
            // The oblast's head changes with the law: governor (to 2011), the Government's
            // plenipotentiary (2011-2021), the President's plenipotentiary (2021 on).
            guard let p = ["governor", "government-plenipotentiary", "president-plenipotentiary"]
                .first(where: { rules.system.facts["formation/\($0)/by"]?.value != nil }) else {
                throw ProcedureError("the law in force on \(record.started) names no appointed head of the oblast", key: "err-no-oblast-head", args: [.day(record.started)])
            }
            post = p
        }
        let f = "formation/\(post)"
        appointer = rules.name("\(f)/by")
        proposer = rules.names("\(f)/on_proposal_of")
        agreement = rules.names("\(f)/in_agreement_with")
        let consent = rules.names("\(f)/with_consent_of")
        procedureName = rules.name("\(f)/procedure").value
        let p = "procedure/\(procedureName ?? "-")"
        let isKenesh = { (id: String) in id.contains("kenesh") || id.contains("joint-meeting") }
        if case .given(let b, let basis) = rules.names("\(p)/voting_body"), let body = b.first {
            let role: VoteRole = (proposer.value ?? []).contains(body) ? .proposal : .consent
            votingBody = (body, role, basis)
        } else if case .given(let b, let basis) = rules.names("\(p)/consenting_body"), let body = b.first {
            votingBody = (body, .consent, basis)
        } else if case .given(let b, let basis) = consent, let body = b.first(where: isKenesh) {
            votingBody = (body, .consent, basis)
        } else if case .given(let b, let basis) = proposer, let body = b.first(where: isKenesh) {
            votingBody = (body, .proposal, basis)
        } else {
            votingBody = nil
        }
        let atLeast = rules.int("\(f)/candidates_at_least")
        if case .given = atLeast { candidatesAtLeast = atLeast } else { candidatesAtLeast = rules.int("\(p)/candidates_at_least") }
        quorum = rules.threshold("\(p)/sitting_quorum")
        decision = rules.threshold("\(p)/decision")
        secondRound = rules.name("\(p)/second_round")
        let sd = rules.threshold("\(p)/second_round_decision")
        if case .silent = sd { secondDecision = decision } else { secondDecision = sd }
        ifNoProposal = rules.deadline("\(p)/if_no_proposal")
        fallback = rules.names("\(p)/fallback")
        deadlineForProposal = rules.deadline("\(p)/deadline_for_proposal")
        ballotRule = rules.name("\(p)/ballot")
        fixedInLaw = rules.value("\(p)/procedure_fixed_in_law")
    }

    // MARK: State while replaying

    struct OpenSitting { var date: Day; var seats: Int; var present: Int; var elected: Int?; var quorumMet: Bool?; var index: Int }

    var phase = "nomination"
    var candidates: [String] = []
    var attempt = 0
    var sitting: OpenSitting?
    var sittings: [Sitting] = []
    var roundOne: [String: Int]?
    var runOff: [String]?
    /// Who goes to the run-off whatever breaks a tie for the second place: the candidates with more
    /// votes than the second place (the leader, when the tie is below them).
    var runOffCertain: Set<String> = []
    /// The seats of the voting body and the sitting that gave them: the number of seats of one kenesh
    /// does not change between the sittings of one nomination's vote, and every majority is counted on it.
    var seatsGiven: (seats: Int, date: Day)?
    var chosen: String?
    var agreed: Set<String> = []
    var appointed: String?
    var failedOn: Day?
    var renominatedOn: Day?
    var endedOn: Day?
    let history: History

    func lineFor<T>(_ rule: Rule<T>, _ param: String, _ show: (T) -> Value) -> Line {
        switch rule {
        case .given(let v, let b): Line("rule", [.phrase(param), .value(show(v))], basis: b)
        case .unknown(let b): Line("rule-unknown", [.phrase(param)], basis: b)
        case .silent: Line("rule-silent", [.phrase(param)])
        }
    }

    func thresholdValue(_ t: Threshold) -> Value {
        .map([t.strict ? "more_than" : "at_least": .string("\(t.numerator)/\(t.denominator)"), "of": .string(t.base.rawValue)])
    }

    func ruleLines() -> [Line] {
        var out = [Line("rule-version", [.day(record.started)], basis: .inference("no transition provision is in the data: the version in force on the start date governs the whole procedure"))]
        out.append(lineFor(appointer, "by") { .string($0) })
        out.append(lineFor(proposer, "on_proposal_of") { .list($0.map(Value.string)) })
        if case .given = agreement { out.append(lineFor(agreement, "in_agreement_with") { .list($0.map(Value.string)) }) }
        if let v = votingBody {
            out.append(Line("rule", [.phrase("voting_body"), .value(.list([.string(v.body)]))], basis: v.basis))
            out.append(lineFor(quorum, "sitting_quorum", thresholdValue))
            out.append(lineFor(decision, "decision", thresholdValue))
            out.append(lineFor(ballotRule, "ballot") { .string($0) })
            out.append(lineFor(secondRound, "second_round") { .string($0) })
            if case .given = secondRound { out.append(lineFor(secondDecision, "second_round_decision", thresholdValue)) }
            out.append(lineFor(candidatesAtLeast, "candidates_at_least") { .int($0) })
            out.append(lineFor(ifNoProposal, "if_no_proposal") { d in
                .map(["within": .int(d.within), "unit": .string(d.workingDays ? "working-days" : "calendar-days"),
                             "actor": .string(d.actor ?? "unknown"), "acts": .string(d.acts ?? "unknown")])
            })
            if case .silent = fallback {} else { out.append(lineFor(fallback, "fallback") { .list($0.map(Value.string)) }) }
            if case .silent = deadlineForProposal {} else { out.append(lineFor(deadlineForProposal, "deadline_for_proposal") { .int($0.within) }) }
            if case .given(let v, let b) = fixedInLaw, v == .bool(false) { out.append(Line("rule-not-fixed", [], basis: b)) }
        } else {
            out.append(Line("rule-no-vote", [.label(post)], basis: appointer.basis))
        }
        return out
    }

    // MARK: Replay

    mutating func run() throws -> ProcedureState {
        for (i, e) in record.events.enumerated() {
            try apply(e, i + 1)
        }
        return ProcedureState(kind: record.kind, unit: unit, lawDate: record.started, phase: phase, finished: endedOn != nil,
                              summary: summary(), rules: ruleLines(), next: nextSteps(), deadlines: deadlines(),
                              history: history.lines, sittings: sittings, post: post, candidates: standing)
    }

    /// The candidates a next step can name.
    var standing: [String] {
        if phase == "run-off" { return runOff ?? [] }
        if let chosen, ["agreement", "appointment", "appointed"].contains(phase) { return [chosen] }
        return candidates
    }

    func isActor(_ id: String) -> Bool { ctx.model.vocabulary.entities[id] != nil }

    mutating func apply(_ e: ProcedureEvent, _ n: Int) throws {
        if let endedOn {
            throw ProcedureError("the procedure ended on \(endedOn) (\(phase)); nothing can follow", key: "err-procedure-ended", args: [.day(endedOn), .text(phase)], event: n)
        }
        switch e.type {
        case "nominated":
            try e.checkFields(["by", "candidates"], n)
            guard phase == "nomination" || phase == "vote-failed" || phase == "refused" else {
                throw ProcedureError("candidates are nominated at the start or after a failed vote or a refusal, not during '\(phase)'",
                                     key: "err-nomination-not-due", args: [.text(phase)], event: n)
            }
            let by = try e.require("by", n)
            guard isActor(by) else {
                throw ProcedureError("unknown actor '\(by)' (an id of law/vocabulary.yaml, e.g. prime-minister)", key: "err-unknown-actor", args: [.text(by)], event: n)
            }
            let list = e.strings("candidates")
            guard !list.isEmpty else { throw ProcedureError("'nominated' needs at least one name in 'candidates'", key: "err-no-candidates", event: n) }
            // "A One" and "a one " are one person to a secretary: the same name twice is refused however written.
            guard Set(list.map { $0.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ") }).count == list.count else {
                throw ProcedureError("a candidate is named twice", key: "err-candidate-twice", event: n)
            }
            // Not a rule of law but of the record: without a kenesh's vote nothing in it chooses among
            // several names (an agreement and an appointment concern one person), so they are recorded
            // one at a time, and a second name is not silently dropped.
            if votingBody == nil, list.count > 1 {
                throw ProcedureError("where no kenesh votes, Aimak records one candidate at a time (an agreement and an appointment concern one person); \(list.count) given",
                                     key: "err-one-candidate", args: [.count(list.count)], event: n)
            }
            if let need = candidatesAtLeast.value, list.count < need, votingBody != nil {
                throw ProcedureError("the law requires at least \(need) candidates; \(list.count) nominated", key: "err-too-few-candidates",
                                     args: [.count(need), .count(list.count)], event: n)
            }
            if let allowed = proposer.value, votingBody?.role != .proposal, !allowed.contains(by), ifNoProposal.value?.actor != by {
                throw ProcedureError("'\(by)' may not propose: the law in force names \(allowed.joined(separator: ", "))", key: "err-may-not-propose",
                                     args: [.label(by), .value(.list(allowed.map(Value.string)))], event: n)
            }
            if phase == "vote-failed" { renominatedOn = e.date }
            attempt += 1
            candidates = list
            (roundOne, runOff, chosen, sitting, agreed, runOffCertain) = (nil, nil, nil, nil, [], [])
            seatsGiven = nil  // a new nomination may come after new elections of the kenesh
            history.add(Line("ev-nominated", [.label(by), .text(list.joined(separator: ", "))], basis: proposer.basis))
            phase = votingBody != nil ? "voting" : (agreement.value != nil ? "agreement" : "appointment")

        case "withdrawn":
            try e.checkFields(["candidate"], n)
            let c = try e.require("candidate", n)
            guard ["voting", "run-off", "result-needed"].contains(phase), candidates.contains(c) else {
                throw ProcedureError("'\(c)' is not a candidate standing in this vote", key: "err-not-standing", args: [.text(c)], event: n)
            }
            candidates.removeAll { $0 == c }
            runOff?.removeAll { $0 == c }
            runOffCertain.remove(c)
            history.add(Line("ev-withdrawn", [.text(c)]))
            if let need = candidatesAtLeast.value, candidates.count < need {
                history.add(Line("silent-too-few", [.count(candidates.count), .count(need)], basis: candidatesAtLeast.basis))
            }
            if let r = runOff, r.count < 2 { history.add(Line("silent-runoff-one", [.text(r.joined(separator: ", "))])) }
            if candidates.isEmpty { phase = "vote-failed"; (failedOn, renominatedOn) = (e.date, nil) }

        case "sitting":
            try e.checkFields(["seats", "present", "elected"], n)
            guard let v = votingBody, ["voting", "run-off"].contains(phase) else {
                throw ProcedureError("no vote of a kenesh is due now (phase '\(phase)')", key: "err-no-vote-due", args: [.text(phase)], event: n)
            }
            let seats = try e.count("seats", n)!, present = try e.count("present", n)!
            let elected = try e.count("elected", n, required: false)
            guard seats > 0 else { throw ProcedureError("'seats' (the total number of deputies) must be at least 1", key: "err-no-seats", event: n) }
            guard present <= seats else {
                throw ProcedureError("\(present) deputies present but the body has \(seats) seats", key: "err-present-over-seats", args: [.count(present), .count(seats)], event: n)
            }
            if let elected, elected > seats {
                throw ProcedureError("\(elected) elected deputies but only \(seats) seats", key: "err-elected-over-seats", args: [.count(elected), .count(seats)], event: n)
            }
            if let elected, present > elected {
                throw ProcedureError("\(present) deputies present but only \(elected) elected", key: "err-present-over-elected", args: [.count(present), .count(elected)], event: n)
            }
            if let given = seatsGiven, given.seats != seats {
                throw ProcedureError("the kenesh had \(given.seats) seats at the sitting of \(given.date); a later sitting on the same candidates cannot have \(seats)",
                                     key: "err-seats-changed", args: [.count(given.seats), .day(given.date), .count(seats)], event: n)
            }
            seatsGiven = (seats, e.date)
            var met: Bool?
            let qLine: Line
            switch quorum {
            case .given(let q, let b):
                if let base = q.baseCount(seats: seats, present: present, elected: elected) {
                    met = q.isMet(present, of: base)
                    qLine = Line(met! ? "quorum-met" : "quorum-not-met", [.count(present), .count(base), .count(q.minimum(of: base))], basis: b)
                } else {
                    qLine = Line("quorum-base-unstated", [.count(present), .count(seats)], basis: b)
                }
            case .unknown(let b): qLine = Line("quorum-unknown", [.count(present), .count(seats)], basis: b)
            case .silent: qLine = Line("quorum-silent", [.count(present), .count(seats)])
            }
            sitting = OpenSitting(date: e.date, seats: seats, present: present, elected: elected, quorumMet: met, index: sittings.count)
            if history.isKept {
                sittings.append(Sitting(date: e.date, body: v.body, seats: seats, present: present, quorumMet: met, quorumLine: qLine, candidates: candidates, ballots: [], items: []))
            }
            history.add(Line("ev-sitting", [.label(v.body), .count(present), .count(seats)]))
            history.add(qLine)

        case "ballot":
            try e.checkFields(["round", "votes", "against", "blank", "invalid"], n)
            guard phase == "voting" || phase == "run-off" else {
                throw ProcedureError("no ballot is due now (phase '\(phase)')", key: "err-no-ballot-due", args: [.text(phase)], event: n)
            }
            guard let s = sitting, s.date == e.date else {
                throw ProcedureError("a ballot needs a sitting recorded on the same day (record 'sitting' first)", key: "err-ballot-without-sitting", event: n)
            }
            if s.quorumMet == false {
                throw ProcedureError("the sitting of \(s.date) has no quorum (\(s.present) of \(s.seats) present): it cannot vote", key: "err-ballot-no-quorum",
                                     args: [.day(s.date), .count(s.present), .count(s.seats)], event: n)
            }
            let round = phase == "run-off" ? 2 : 1
            if let r = try e.count("round", n, required: false), r != round {
                throw round == 1 ? ProcedureError("this is the first round: no run-off is due", key: "err-round-one", event: n)
                    : ProcedureError("the first round is over: this ballot is round 2", key: "err-round-two", event: n)
            }
            guard case .map(let raw) = e.fields["votes"] ?? .map([:]), !raw.isEmpty else {
                throw ProcedureError("'ballot' needs 'votes': the count for each candidate", key: "err-ballot-no-votes", event: n)
            }
            var votes: [String: Int] = [:]
            let eligible = round == 2 ? (runOff ?? []) : candidates
            for (name, v) in raw {
                guard let c = v.intValue ?? Int(v.description) else {
                    throw ProcedureError("the count for '\(name)' must be a whole number, got '\(v)'", key: "err-votes-not-whole", args: [.text(name), .text("\(v)")], event: n)
                }
                guard c >= 0 else {
                    throw ProcedureError("the count for '\(name)' must not be negative, got \(c)", key: "err-votes-negative", args: [.text(name), .count(c)], event: n)
                }
                guard eligible.contains(name) else {
                    if round == 2, candidates.contains(name) {
                        let first = describe(ranked(roundOne ?? [:])), between = eligible.joined(separator: " and ")
                        throw ProcedureError("'\(name)' was not among the top two of round 1 (\(first)): the run-off is between \(between)", key: "err-not-in-runoff",
                                             args: [.text(name), .text(first), .text(between), .text(eligible.joined(separator: ", "))], event: n)
                    }
                    let standing = eligible.joined(separator: ", ")
                    throw ProcedureError("'\(name)' is not a candidate (standing: \(standing))", key: "err-votes-not-candidate", args: [.text(name), .text(standing)], event: n)
                }
                votes[name] = c
            }
            if round == 2, votes.count > 2 {
                throw ProcedureError("a run-off has two candidates; \(votes.count) given", key: "err-runoff-two", args: [.count(votes.count)], event: n)
            }
            if round == 1 || eligible.count <= 2 {
                // Everyone standing in this round is on the ballot: a count left out is a mistake
                // to name, not a silent 0 (with three candidates it decides who goes to the run-off).
                if let missing = eligible.first(where: { votes[$0] == nil }) {
                    throw ProcedureError("no count for '\(missing)', who stands in this round: give every candidate's count (0 if none)", key: "err-ballot-missing",
                                         args: [.text(missing)], event: n)
                }
            } else {
                // A tie for the second place: the run-off is between the leader and one of the tied.
                if let leader = runOffCertain.sorted().first(where: { votes[$0] == nil }) {
                    let tied = eligible.filter { !runOffCertain.contains($0) }.joined(separator: ", ")
                    throw ProcedureError("'\(leader)' came first in round 1 (\(describe(ranked(roundOne ?? [:])))) and stands in the run-off: it is between '\(leader)' and one of \(tied)",
                                         key: "err-runoff-leader", args: [.text(leader), .text(describe(ranked(roundOne ?? [:]))), .text(tied)], event: n)
                }
                if votes.count < 2 {
                    throw ProcedureError("a run-off has two candidates; \(votes.count) given", key: "err-runoff-two", args: [.count(votes.count)], event: n)
                }
            }
            let against = try e.count("against", n, required: false) ?? 0
            let blank = try e.count("blank", n, required: false) ?? 0
            let invalid = try e.count("invalid", n, required: false) ?? 0
            let ballots = votes.values.reduce(0, +) + against + blank + invalid
            guard ballots <= s.present else {
                throw ProcedureError("\(ballots) ballots counted but only \(s.present) deputies present", key: "err-ballots-over-present",
                                     args: [.count(ballots), .count(s.present)], event: n)
            }
            try decide(votes: votes, round: round, sitting: s, date: e.date, ballots: ballots, against: against, blank: blank, invalid: invalid)

        case "result":
            try e.checkFields(["chosen"], n)
            guard phase == "result-needed" else {
                throw ProcedureError("a declared result is recorded only when the law gives no majority to count by (phase '\(phase)')", key: "err-no-result-due",
                                     args: [.text(phase)], event: n)
            }
            let c = try e.require("chosen", n)
            if c == "none" {
                phase = "vote-failed"; (failedOn, renominatedOn) = (e.date, nil)
                history.add(Line("ev-result-none"))
                if history.isKept, let s = sitting { sittings[s.index].items.append(Line("ev-result-none")) }
            } else {
                guard candidates.contains(c) else { throw ProcedureError("'\(c)' is not a candidate", key: "err-not-candidate", args: [.text(c)], event: n) }
                choose(c)
                history.add(Line("ev-result", [.text(c)]))
                // The minutes of the sitting say whom it declared chosen, not only that a result was needed.
                if history.isKept, let s = sitting { sittings[s.index].items.append(Line("ev-result", [.text(c)])) }
            }

        case "agreed", "disagreed":
            try e.checkFields(["by"], n)
            guard phase == "agreement", let need = agreement.value else {
                throw ProcedureError("no agreement is due now (phase '\(phase)')", key: "err-no-agreement-due", args: [.text(phase)], event: n)
            }
            let by = try e.require("by", n)
            guard need.contains(by) else {
                throw ProcedureError("the law requires agreement of \(need.joined(separator: ", ")), not '\(by)'", key: "err-agreement-of",
                                     args: [.value(.list(need.map(Value.string))), .text(by)], event: n)
            }
            if e.type == "agreed" {
                agreed.insert(by)
                history.add(Line("ev-agreed", [.label(by), .text(chosen ?? candidates.first ?? "")], basis: agreement.basis))
                if agreed.isSuperset(of: need) { phase = "appointment" }
            } else {
                history.add(Line("ev-disagreed", [.label(by)], basis: agreement.basis))
                history.add(Line("silent-disagreement"))
                phase = "refused"
            }

        case "appointed":
            try e.checkFields(["by", "person"], n)
            guard phase == "appointment" else {
                throw ProcedureError("the appointment is not due (phase '\(phase)')", key: "err-no-appointment-due", args: [.text(phase)], event: n)
            }
            let by = try e.require("by", n), person = try e.require("person", n)
            if let a = appointer.value, a != by {
                throw ProcedureError("the law in force has the \(a) appoint, not '\(by)'", key: "err-wrong-appointer", args: [.label(a), .text(by)], event: n)
            }
            let expected = chosen ?? (candidates.count == 1 ? candidates[0] : nil)
            if let expected, expected != person {
                throw ProcedureError("'\(person)' is not the candidate the procedure produced ('\(expected)')", key: "err-not-the-chosen",
                                     args: [.text(person), .text(expected)], event: n)
            }
            if expected == nil, !candidates.contains(person) {
                throw ProcedureError("'\(person)' was not nominated", key: "err-not-nominated", args: [.text(person)], event: n)
            }
            appointed = person
            phase = "appointed"; endedOn = e.date
            history.add(Line("ev-appointed", [.label(by), .text(person), .label(post)], basis: appointer.basis))

        case "refused":
            try e.checkFields(["by"], n)
            guard phase == "appointment" else {
                throw ProcedureError("there is nothing to refuse now (phase '\(phase)')", key: "err-nothing-to-refuse", args: [.text(phase)], event: n)
            }
            let by = try e.require("by", n)
            if let a = appointer.value, a != by {
                throw ProcedureError("only the \(a) appoints, so only they can refuse", key: "err-only-appointer-refuses", args: [.label(a)], event: n)
            }
            history.add(Line("ev-refused", [.label(by)], basis: appointer.basis))
            history.add(Line("silent-refusal"))
            phase = "refused"

        case "fallback":
            try e.checkFields(["action"], n)
            guard phase == "vote-failed" else {
                throw ProcedureError("a fallback applies only after the kenesh failed to choose (phase '\(phase)')", key: "err-no-fallback-due",
                                     args: [.text(phase)], event: n)
            }
            let a = try e.require("action", n)
            guard let allowed = fallback.value, allowed.contains(a) else {
                if let given = fallback.value {
                    throw ProcedureError("the law in force gives no fallback '\(a)' (it gives: \(given.joined(separator: ", ")))", key: "err-fallback-not-given",
                                         args: [.text(a), .value(.list(given.map(Value.string)))], event: n)
                }
                throw ProcedureError("the law in force gives no fallback '\(a)'", key: "err-no-fallback", args: [.text(a)], event: n)
            }
            history.add(Line("ev-fallback", [.label(a)], basis: fallback.basis))
            phase = "fallback"; endedOn = e.date

        default:
            let known = "nominated, withdrawn, sitting, ballot, result, agreed, disagreed, appointed, refused, fallback"
            throw ProcedureError("unknown event '\(e.type)' for \(record.kind.rawValue) (known: \(known))", key: "err-unknown-event",
                                 args: [.text(e.type), .text(record.kind.rawValue), .text(known)], event: n)
        }
    }

    /// The votes, most first (ties by name).
    func ranked(_ votes: [String: Int]) -> [(key: String, value: Int)] {
        votes.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
    }

    func describe(_ ranked: [(key: String, value: Int)]) -> String {
        ranked.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }

    mutating func choose(_ c: String) {
        chosen = c
        phase = agreement.value != nil ? "agreement" : "appointment"
    }

    mutating func decide(votes: [String: Int], round: Int, sitting s: OpenSitting, date: Day, ballots: Int, against: Int, blank: Int, invalid: Int) throws {
        let rule = round == 2 ? secondDecision : decision
        if history.isKept {
            let ranked = ranked(votes)
            history.add(Line("ev-ballot", [.count(round), .text(describe(ranked)), .count(against), .count(blank), .count(invalid)],
                             basis: ballotRule.basis))
            sittings[s.index].ballots.append(BallotCount(round: round, votes: ranked.map { ($0.key, $0.value) },
                                                         against: against, blank: blank, invalid: invalid))
        }
        func record(_ l: @autoclosure () -> Line) {
            guard history.isKept else { return }
            let line = l()
            history.add(line)
            sittings[s.index].items.append(line)
        }
        guard case .given(let t, let b) = rule, let base = t.baseCount(seats: s.seats, present: s.present, elected: s.elected) else {
            record(Line(rule.value != nil ? "decision-base-unstated" : "decision-unknown", [], basis: rule.basis))
            phase = "result-needed"
            if round == 1 { roundOne = votes }
            return
        }
        let need = t.minimum(of: base)
        if let (winner, v) = votes.first(where: { t.isMet($0.value, of: base) }) {
            record(Line("decision-met", [.text(winner), .count(v), .count(need), .count(base)], basis: b))
            choose(winner)
            return
        }
        record(Line("decision-not-met", [.count(need), .count(base)], basis: b))
        if round == 1, case .given(let sr, let srb) = secondRound, sr == "top-two", votes.count >= 2 {
            roundOne = votes
            let sorted = votes.values.sorted(by: >)
            let cut = sorted[1]
            let eligible = votes.filter { $0.value >= cut }.map(\.key).sorted()
            runOff = eligible
            runOffCertain = Set(votes.filter { $0.value > cut }.map(\.key))
            phase = "run-off"
            if eligible.count > 2, let leader = runOffCertain.first {
                let tied = eligible.filter { $0 != leader }
                record(Line("silent-tie-second", [.text(leader), .text(tied.joined(separator: ", "))], basis: srb))
            } else if eligible.count > 2 {
                record(Line("silent-tie", [.text(eligible.joined(separator: ", "))], basis: srb))
            } else {
                record(Line("runoff-between", [.text(eligible.joined(separator: " / "))], basis: srb))
            }
            return
        }
        if round == 1, votes.count >= 2 {
            switch secondRound {
            case .silent: record(Line("silent-second-round"))
            case .unknown(let b): record(Line("unknown-second-round", [], basis: b))
            default: break
            }
        }
        phase = "vote-failed"
        // A new failure opens a new deadline: an earlier re-nomination does not meet it.
        (failedOn, renominatedOn) = (date, nil)
        record(Line(round == 2 ? "vote-failed-twice" : "vote-failed", []))
    }

    // MARK: Derived views

    func summary() -> Line {
        switch phase {
        case "nomination": Line("sum-nomination", [.label(post)])
        case "voting": Line("sum-voting", [.label(votingBody?.body ?? ""), .text(candidates.joined(separator: ", "))])
        case "run-off":
            if let leader = runOffCertain.first, (runOff ?? []).count > 2 {
                Line("sum-runoff-tie", [.text(leader), .text((runOff ?? []).filter { $0 != leader }.joined(separator: ", "))])
            } else {
                Line("sum-runoff", [.text((runOff ?? []).joined(separator: " / "))])
            }
        case "result-needed": Line("sum-result-needed")
        case "vote-failed": Line("sum-vote-failed", [.label(votingBody?.body ?? "")])
        case "agreement": Line("sum-agreement", [.text(chosen ?? candidates.first ?? ""), .value(.list((agreement.value ?? []).map(Value.string)))])
        case "appointment": Line("sum-appointment", [.text(chosen ?? candidates.joined(separator: ", ")), .label(appointer.value ?? "unknown")])
        case "appointed": Line("sum-appointed", [.text(appointed ?? ""), .label(post), .day(endedOn!)])
        case "refused": Line("sum-refused")
        case "fallback": Line("sum-fallback")
        default: Line(phase)
        }
    }

    func nextSteps() -> [NextStep] {
        var out: [NextStep] = []
        func add(_ ev: String, _ key: String, _ args: [Arg] = [], _ basis: Basis = .silent) { out.append(NextStep(event: ev, line: Line(key, args, basis: basis))) }
        switch phase {
        case "nomination", "refused":
            let who = votingBody?.role == .proposal ? [] : (proposer.value ?? [])
            add("nominated", who.isEmpty ? "next-nominate-unknown" : "next-nominate", who.map { .label($0) }, proposer.basis)
            if let need = candidatesAtLeast.value, votingBody != nil { add("nominated", "next-at-least", [.count(need)], candidatesAtLeast.basis) }
        case "voting":
            if let s = sitting, s.quorumMet != false { add("ballot", "next-ballot", [.count(1)], ballotRule.basis) }
            add("sitting", "next-sitting", [.label(votingBody!.body)], votingBody!.basis)
            add("withdrawn", "next-withdraw")
        case "run-off":
            add("ballot", "next-ballot", [.count(2)], secondRound.basis)
            add("sitting", "next-sitting", [.label(votingBody!.body)], votingBody!.basis)
            add("withdrawn", "next-withdraw")
        case "result-needed":
            add("result", "next-result")
        case "vote-failed":
            if let d = ifNoProposal.value, let actor = d.actor {
                add("nominated", "next-fallback-nominate", [.label(actor), .count(d.within)], ifNoProposal.basis)
            } else {
                add("nominated", "next-renominate")
            }
            if let f = fallback.value { for a in f { add("fallback", "next-fallback", [.label(a)], fallback.basis) } }
        case "agreement":
            for a in (agreement.value ?? []) where !agreed.contains(a) { add("agreed", "next-agree", [.label(a)], agreement.basis) }
        case "appointment":
            add("appointed", "next-appoint", [.label(appointer.value ?? "unknown"), .label(post)], appointer.basis)
            add("refused", "next-refuse")
        default: break
        }
        return out
    }

    func deadlines() -> [Deadline] {
        var out: [Deadline] = []
        if let failedOn {
            switch ifNoProposal {
            case .given(let d, let b):
                let (due, notes) = ctx.count(d, from: failedOn)
                var status = DeadlineStatus.running
                if let r = renominatedOn { status = .met(r) } else if let due, ctx.asOf > due { status = .missed }
                if let due, let r = renominatedOn, r > due { status = .late(r) }
                out.append(Deadline(line: Line("dl-new-candidates", [.label(d.actor ?? "unknown"), .count(d.within), .day(failedOn)], basis: b),
                                    due: due, provisional: notes, status: status))
            case .unknown(let b):
                out.append(Deadline(line: Line("dl-unknown", [.phrase("if_no_proposal")], basis: b), due: nil, provisional: [], status: .running))
            case .silent: break
            }
        }
        if ["voting", "run-off", "result-needed", "vote-failed"].contains(phase), case .unknown(let b) = deadlineForProposal {
            out.append(Deadline(line: Line("dl-unknown", [.phrase("deadline_for_proposal")], basis: b), due: nil, provisional: [], status: .running))
        }
        return out
    }
}
