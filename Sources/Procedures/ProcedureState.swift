import Law
import Territory
import WorkingDays

/// A piece of a sentence: names and numbers stay as given, ids become labels in the reader's language.
public enum Arg: Sendable, Equatable {
    case text(String)
    case label(String)
    case day(Day)
    case count(Int)
    /// A legal value rendered in words (a threshold, a deadline, a list of bodies).
    case value(Value)
    /// A fixed word of the vocabulary's phrases (a parameter's name).
    case phrase(String)
}

/// One sentence of an explanation: a phrase id with its arguments and what it rests on.
public struct Line: Sendable, Equatable {
    public var key: String
    public var args: [Arg]
    public var basis: Basis
    public init(_ key: String, _ args: [Arg] = [], basis: Basis = .silent) { (self.key, self.args, self.basis) = (key, args, basis) }
}

/// The lines a replay writes as it goes, kept or left off. A replay that needs only the outcome
/// (phase, deadlines: what a rebuild of the whole log keeps) leaves them off, so they are not even
/// built; the rules and checks that decide the outcome are the same code either way.
///
/// A class: a line is built from the procedure's own rules while it is being added, which a
/// mutating method of a value inside the same procedure could not allow.
final class History {
    let isKept: Bool
    private(set) var lines: [Line] = []
    init(kept: Bool) { isKept = kept }
    func add(_ line: @autoclosure () -> Line) { if isKept { lines.append(line()) } }
}

/// A step the procedure allows next: the event to record and who may take it.
public struct NextStep: Sendable, Equatable {
    public var event: String
    public var line: Line
}

/// The values some step fields take: the engine checks them, the forms offer them.
public enum StepValues {
    public static let courtDecisions = ["suspension-upheld", "suspension-overturned"]
    public static let requestSubjects = ["work-plan", "results", "instruction", "information"]
}

public enum DeadlineStatus: Sendable, Equatable {
    case running
    case met(Day)
    /// Done, on that day, after the due day: not met, but no longer open either (a report delivered
    /// late is not overdue).
    case late(Day)
    case missed
}

/// A deadline running or run: what must happen, by when, on what basis.
public struct Deadline: Sendable, Equatable {
    public var line: Line
    /// nil when it cannot be counted (the law's number is unknown, or the calendar does not reach).
    public var due: Day?
    public var provisional: [String]
    public var status: DeadlineStatus
}

/// A sitting of a kenesh as the minutes need it.
public struct Sitting: Sendable, Equatable {
    public var date: Day
    public var body: String
    public var seats: Int
    public var present: Int
    public var quorumMet: Bool?
    public var quorumLine: Line
    public var candidates: [String]
    public var ballots: [BallotCount]
    /// Outcome lines of the ballots (majority reached or not, run-off).
    public var items: [Line]
}

/// A secret ballot as recorded: counts only, nothing about who voted how.
public struct BallotCount: Sendable, Equatable {
    public var round: Int
    /// Candidates and their votes, most votes first.
    public var votes: [(String, Int)]
    public var against: Int
    public var blank: Int
    public var invalid: Int
    public static func == (a: BallotCount, b: BallotCount) -> Bool {
        a.round == b.round && a.votes.map(\.0) == b.votes.map(\.0) && a.votes.map(\.1) == b.votes.map(\.1)
            && a.against == b.against && a.blank == b.blank && a.invalid == b.invalid
    }
}

/// Everything derived from a procedure's events: a pure function of the events, the law, the
/// calendar and the territorial registry.
public struct ProcedureState: Sendable {
    public var kind: ProcedureKind
    public var unit: TerritorialUnit
    /// Sources whose version governs the procedure (the law on the day it started).
    public var lawDate: Day
    /// Machine-readable phase, e.g. `nomination`, `voting`, `run-off`, `appointment`, `appointed`, `failed`.
    public var phase: String
    public var finished: Bool
    public var summary: Line
    /// The rules in force for this procedure, each with its citation or "the law is silent".
    public var rules: [Line]
    public var next: [NextStep]
    public var deadlines: [Deadline]
    /// One or more lines per event, in order (empty when derived without history).
    public var history: [Line]
    /// The kenesh sittings as the minutes need them (empty when derived without history).
    public var sittings: [Sitting]
    /// The post an appointment fills, as the law on the start day names it (akim; governor to
    /// 2011, then the Government's and from 2021 the President's plenipotentiary); nil otherwise.
    public var post: String? = nil
    /// For an appointment: the candidates a next step can name (those in the run-off, the one chosen,
    /// else those nominated and not withdrawn), so a form offers them without replaying the events.
    public var candidates: [String] = []
}

/// What the derivation needs besides the events.
public struct ProcedureContext: Sendable {
    public var model: LegalModel
    public var calendar: WorkingCalendar
    public var registry: TerritorialRegistry
    /// The day "now" for overdue checks.
    public var asOf: Day

    public init(model: LegalModel, calendar: WorkingCalendar, registry: TerritorialRegistry, asOf: Day) {
        (self.model, self.calendar, self.registry, self.asOf) = (model, calendar, registry, asOf)
    }

    /// Counts a deadline, turning a calendar that does not reach into a reason instead of an error.
    func count(_ d: LegalDeadline, from day: Day) -> (Day?, [String]) {
        do {
            let r = d.workingDays ? try calendar.adding(workingDays: d.within, to: day) : try calendar.adding(calendarDays: d.within, to: day)
            return (r.day, r.provisional)
        } catch {
            return (nil, ["\(error)"])
        }
    }
}

public enum ProcedureEngine {
    /// Checks a new procedure's header: a known unit of the right type on the start date, a date
    /// the law covers.
    public static func unit(for kind: ProcedureKind, code: String, on day: Day, in ctx: ProcedureContext) throws -> TerritorialUnit {
        guard day >= ctx.model.firstDay else { throw ProcedureError("\(day) is before the first source of the legal model (\(ctx.model.firstDay))", key: "err-before-model", args: [.day(day), .day(ctx.model.firstDay)]) }
        guard let (u, _) = ctx.registry.unit(code, on: day) else {
            if ctx.registry.history(code).isEmpty { throw ProcedureError(TerritoryQueryError.unknownCode(code).description) }
            throw ProcedureError(TerritoryQueryError.notOnDate(code: code, day: day, history: ctx.registry.history(code).map {
                "\($0.name(.ru)) \($0.validFrom?.description ?? "…")–\($0.validTo?.description ?? "…")" }).description)
        }
        let wanted: [UnitType]
        switch kind {
        case .akimAppointment, .annualReport: wanted = [.district]
        case .oblastHeadAppointment: wanted = [.oblast]
        case .coordinationRequest: wanted = [.district, .oblast]
        case .actOversight: wanted = [.ayilAimak, .cityOblast, .cityDistrictSignificance, .cityRepublican, .district, .oblast, .settlement]
        }
        guard wanted.contains(u.type) else {
            throw ProcedureError("\(code) is \(u.name(.en)) (\(u.type.label(.en))); \(kind.rawValue) needs a unit of type \(wanted.map { $0.label(.en) }.joined(separator: " or "))")
        }
        return u
    }

    /// Derives the state from the events. Throws on the first event that cannot be accepted,
    /// naming it; a caller appending an event derives first and writes only on success.
    ///
    /// - Parameter keepingHistory: false when only the outcome is wanted (phase, deadlines, next
    ///   steps, rules): the state then has no `history` and no `sittings`, and costs about half as
    ///   much to derive. Every check runs and every error is thrown either way.
    public static func derive(_ record: ProcedureRecord, in ctx: ProcedureContext, keepingHistory: Bool = true) throws -> ProcedureState {
        let unit = try unit(for: record.kind, code: record.unit, on: record.started, in: ctx)
        try checkNumbers(record)
        var last = record.started
        for (i, e) in record.events.enumerated() {
            if e.date < record.started {
                throw ProcedureError("dated \(e.date), before the procedure started (\(record.started))", key: "err-dated-before-start", args: [.day(e.date), .day(record.started)], event: i + 1)
            }
            if e.date < last {
                throw ProcedureError("dated \(e.date), before the previous event (\(last)): events are recorded in the order they happened",
                                     key: "err-dated-before-previous", args: [.day(e.date), .day(last)], event: i + 1)
            }
            last = e.date
        }
        let reader = RuleReader(system: ctx.model.resolve(at: record.started))
        var state: ProcedureState
        switch record.kind {
        case .akimAppointment, .oblastHeadAppointment:
            var p = try AppointmentProcedure(record: record, unit: unit, rules: reader, ctx: ctx, history: History(kept: keepingHistory))
            state = try p.run()
        case .actOversight:
            var p = OversightProcedure(record: record, unit: unit, rules: reader, ctx: ctx, history: History(kept: keepingHistory))
            state = try p.run()
        case .annualReport:
            state = try ReportProcedure(record: record, unit: unit, ctx: ctx, keepsHistory: keepingHistory).run()
        case .coordinationRequest:
            state = try CoordinationProcedure(record: record, unit: unit, rules: reader, ctx: ctx, keepsHistory: keepingHistory).run()
        }
        // A finished procedure keeps the deadlines that were met, late or missed, not one still
        // "running" that nobody can count (the law sets no term): nothing is left to do.
        if state.finished { state.deadlines.removeAll { $0.due == nil && $0.status == .running } }
        return state
    }
}

extension ProcedureEngine {
    /// The largest number an event may carry: a kenesh has tens of seats, a vote hundreds of
    /// ballots at most; a hundred thousand leaves room for any real count and none for overflow.
    public static let maximumCount = 100_000

    /// Every whole number in the settings and in every event, wherever it sits (a count, a vote
    /// per candidate, a number of days), is within ±``maximumCount``: one check for every path an
    /// event comes by (a file, the store, an import, a restore, the API).
    static func checkNumbers(_ record: ProcedureRecord) throws {
        func check(_ v: Value, _ path: String, _ event: Int?) throws {
            switch v {
            case .int(let n) where n < -maximumCount || n > maximumCount:
                throw ProcedureError("'\(path)' is \(n); no count in a procedure is larger than \(maximumCount)",
                                     key: "err-number-too-large", args: [.text(path), .count(n), .count(maximumCount)], event: event)
            case .list(let l): for x in l { try check(x, path, event) }
            case .map(let m): for (k, x) in m { try check(x, "\(path).\(k)", event) }
            default: break
            }
        }
        func inBounds(_ v: Value) -> Bool {
            switch v {
            case .int(let n): return (-maximumCount...maximumCount).contains(n)
            case .list(let l): return l.allSatisfy(inBounds)
            case .map(let m): return m.values.allSatisfy(inBounds)
            default: return true
            }
        }
        for (k, v) in record.settings { try check(v, k, nil) }
        // A pass without sorting first (this runs for every event of every procedure rebuilt); the
        // sorted pass names the first offending field the same way every time.
        for (i, e) in record.events.enumerated() where !e.fields.values.allSatisfy(inBounds) {
            for k in e.fields.keys.sorted() { try check(e.fields[k]!, k, i + 1) }
        }
    }
}

/// Field checks shared by the procedures.
extension ProcedureEvent {
    func require(_ key: String, _ index: Int) throws -> String {
        guard let v = string(key), !v.isEmpty else { throw ProcedureError("'\(type)' needs '\(key)'", key: "err-needs-field", args: [.text(type), .text(key)], event: index) }
        return v
    }

    func count(_ key: String, _ index: Int, required: Bool = true) throws -> Int? {
        guard let v = fields[key] else {
            if required { throw ProcedureError("'\(type)' needs '\(key)' (a whole number)", key: "err-needs-number", args: [.text(type), .text(key)], event: index) }
            return nil
        }
        guard let n = v.intValue ?? Int(v.description) else {
            throw ProcedureError("'\(key)' must be a whole number, got '\(v)'", key: "err-not-whole-number", args: [.text(key), .text("\(v)")], event: index)
        }
        guard n >= 0 else { throw ProcedureError("'\(key)' must not be negative, got \(n)", key: "err-negative", args: [.text(key), .count(n)], event: index) }
        guard n <= ProcedureEngine.maximumCount else {
            throw ProcedureError("'\(key)' is \(n); no kenesh, sitting or vote count is larger than \(ProcedureEngine.maximumCount)",
                                 key: "err-count-too-large", args: [.text(key), .count(n), .count(ProcedureEngine.maximumCount)], event: index)
        }
        return n
    }

    func checkFields(_ allowed: [String], _ index: Int) throws {
        // A list, not a set: a handful of names compared directly costs less than hashing them for every event.
        guard fields.keys.contains(where: { !allowed.contains($0) }) else { return }
        if let extra = fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            if allowed.isEmpty {
                throw ProcedureError("'\(type)' takes no fields; '\(extra)' given", key: "err-no-fields", args: [.text(type), .text(extra)], event: index)
            }
            let list = allowed.sorted().joined(separator: ", ")
            throw ProcedureError("'\(type)' has an unknown field '\(extra)' (allowed: \(list))", key: "err-unknown-field",
                                 args: [.text(type), .text(extra), .text(list)], event: index)
        }
    }
}
