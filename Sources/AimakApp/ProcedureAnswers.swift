import EventLog
import Law
import Procedures
import WorkingDays

/// One line of a derived procedure: a sentence and what it rests on.
public struct ProcedureLineAnswer: Codable, Sendable, Equatable {
    public var key: String
    public var text: String
    /// The citation in words, when the line rests on the law or the calendar.
    public var citation: String?
    public var statement: String?
    /// The law sets this number but the data does not have it.
    public var valueUnknown: Bool?
    /// The law says nothing on this.
    public var lawSilent: Bool?
    /// Aimak's own reasoning, not the law's words.
    public var inference: String?
    enum CodingKeys: String, CodingKey {
        case key, text, citation, statement, inference, valueUnknown = "value_unknown", lawSilent = "law_silent"
    }
}

/// A deadline running or run, in working days from the calendar.
public struct DeadlineAnswer: Codable, Sendable, Equatable {
    public var line: ProcedureLineAnswer
    /// null when it cannot be counted (the law's number is unknown, or the calendar does not reach).
    @Null public var due: String?
    public var provisional: [String]
    /// running, met or missed.
    public var status: String
    public var metOn: String?
    enum CodingKeys: String, CodingKey { case line, due, provisional, status, metOn = "met_on" }
}

/// A kenesh sitting as the minutes show it: counts of the secret ballots only.
public struct SittingAnswer: Codable, Sendable, Equatable {
    public struct Ballot: Codable, Sendable, Equatable {
        public struct Votes: Codable, Sendable, Equatable {
            public var candidate: String
            public var votes: Int
        }
        public var round: Int
        public var votes: [Votes]
        public var against: Int
        public var blank: Int
        public var invalid: Int
    }
    public var date: String
    public var body: String
    public var bodyLabel: String
    public var seats: Int
    public var present: Int
    public var quorumMet: Bool?
    public var quorum: ProcedureLineAnswer
    public var candidates: [String]
    public var ballots: [Ballot]
    public var outcome: [ProcedureLineAnswer]
    enum CodingKeys: String, CodingKey {
        case date, body, seats, present, quorum, candidates, ballots, outcome, bodyLabel = "body_label", quorumMet = "quorum_met"
    }
}

/// A procedure's derived state: phase, rules with citations, history, deadlines, next steps.
public struct ProcedureAnswer: Codable, Sendable, Equatable {
    public struct NextStepAnswer: Codable, Sendable, Equatable {
        public var event: String
        public var text: String
    }
    /// The procedure's name in the store (absent for a file).
    public var id: String?
    /// The stream's version: what a writer names as the version it read.
    public var version: Int?
    public var procedure: String
    public var unit: String
    public var unitName: String
    public var lawDate: String
    /// The post being filled, for an appointment (akim, governor, government- or president-plenipotentiary).
    public var post: String?
    /// For an appointment: the candidates a next step can name (in the run-off, the one chosen, or
    /// those nominated and not withdrawn).
    public var candidates: [String]?
    public var phase: String
    public var finished: Bool
    public var summary: String
    public var rules: [ProcedureLineAnswer]
    public var history: [ProcedureLineAnswer]
    public var next: [NextStepAnswer]
    public var deadlines: [DeadlineAnswer]
    public var sittings: [SittingAnswer]
    enum CodingKeys: String, CodingKey {
        case id, version, procedure, unit, post, candidates, phase, finished, summary, rules, history, next, deadlines, sittings
        case unitName = "unit_name", lawDate = "law_date"
    }
}

/// A procedure in a list: where it stands, without the detail.
public struct ProcedureSummaryAnswer: Codable, Sendable, Equatable {
    public var id: String
    public var version: Int
    public var procedure: String?
    public var unit: String?
    public var started: String?
    public var phase: String?
    public var finished: Bool?
    /// Deadlines still running or missed, with their due days.
    public var openDeadlines: [DeadlineAnswer]
    public var overdue: Bool
    /// Why the events cannot be derived (the law data changed under an old procedure).
    public var problem: String?
    enum CodingKeys: String, CodingKey {
        case id, version, procedure, unit, started, phase, finished, overdue, problem, openDeadlines = "open_deadlines"
    }
}

/// The minutes as data: the sittings of a procedure (counts of the secret ballots only).
public struct MinutesAnswer: Codable, Sendable, Equatable {
    /// The procedure's name in the store.
    public var procedure: String
    public var unit: String
    public var unitName: String
    public var post: String?
    public var sittings: [SittingAnswer]
    enum CodingKeys: String, CodingKey { case procedure, unit, post, sittings, unitName = "unit_name" }

    public init(_ state: ProcedureAnswer) {
        (procedure, unit, unitName, post, sittings) = (state.id ?? "", state.unit, state.unitName, state.post, state.sittings)
    }
}

/// The procedures of a store, as `aimak procedure list --store --json` prints them.
public struct ProcedureListAnswer: Codable, Sendable, Equatable {
    public var store: String
    public var procedures: [ProcedureSummaryAnswer]
    public init(store: String, procedures: [ProcedureSummaryAnswer]) { (self.store, self.procedures) = (store, procedures) }
}

/// One stored event of a procedure, as the log holds it.
public struct EventAnswer: Codable, Sendable, Equatable {
    public var version: Int
    public var type: String
    public var date: String
    /// The account that recorded it.
    public var author: String
    public var recordedAt: String
    public var fields: [String: Value]
    enum CodingKeys: String, CodingKey { case version, type, date, author, fields, recordedAt = "recorded_at" }
}

/// The answer to an append: the procedure after it, and whether the event was stored by this
/// request or found already stored (a retry with the same idempotency key).
public struct AppendAnswer: Codable, Sendable, Equatable {
    public var version: Int
    public var alreadyStored: Bool
    public var procedure: ProcedureAnswer
    enum CodingKeys: String, CodingKey { case version, procedure, alreadyStored = "already_stored" }
}

extension ProcedureText {
    public func line(_ x: Line) -> ProcedureLineAnswer {
        var o = ProcedureLineAnswer(key: x.key, text: sentence(x))
        switch x.basis {
        case .law(let i), .unknown(let i):
            o.citation = basis(x.basis).trimmingCharacters(in: .whitespaces)
            o.statement = law.model.entries[i].statement.ref
            if case .unknown = x.basis { o.valueUnknown = true }
        case .silent: o.lawSilent = true
        case .calendar: o.citation = "calendar"
        case .inference(let s): o.inference = s
        }
        return o
    }

    public func deadline(_ d: Deadline) -> DeadlineAnswer {
        var o = DeadlineAnswer(line: line(d.line), due: d.due?.description, provisional: d.provisional, status: "running")
        switch d.status {
        case .running: o.status = "running"
        case .met(let day): o.status = "met"; o.metOn = day.description
        case .late(let day): o.status = "late"; o.metOn = day.description
        case .missed: o.status = "missed"
        }
        return o
    }

    /// The derived state as a transfer value.
    public func answer(_ st: ProcedureState, id: String? = nil, version: Int? = nil) -> ProcedureAnswer {
        ProcedureAnswer(
            id: id, version: version, procedure: st.kind.rawValue, unit: st.unit.code, unitName: st.unit.name(language),
            lawDate: st.lawDate.description, post: st.post, candidates: st.post == nil ? nil : st.candidates, phase: st.phase, finished: st.finished, summary: sentence(st.summary),
            rules: st.rules.map(line), history: st.history.map(line),
            next: st.next.map { .init(event: $0.event, text: sentence($0.line)) },
            deadlines: st.deadlines.map(deadline),
            sittings: st.sittings.map { s in
                SittingAnswer(date: s.date.description, body: s.body, bodyLabel: law.label(s.body), seats: s.seats, present: s.present,
                              quorumMet: s.quorumMet, quorum: line(s.quorumLine), candidates: s.candidates,
                              ballots: s.ballots.map { b in
                                  .init(round: b.round, votes: b.votes.map { .init(candidate: $0.0, votes: $0.1) },
                                        against: b.against, blank: b.blank, invalid: b.invalid)
                              }, outcome: s.items.map(line))
            })
    }
}
