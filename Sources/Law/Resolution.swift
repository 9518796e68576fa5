import Synchronization
import WorkingDays

/// How sure the model is of a resolved fact on a day.
public enum Certainty: String, Sendable, Codable {
    case certain
    /// The winning statement's commencement or end is not known to the day, and the day falls
    /// within the imprecision.
    case uncertain
    /// Statements of equal rank and date disagree: the law itself must be read.
    case conflict
}

/// One fact of the system on a day: the value that applies and the statement it comes from.
public struct ResolvedFact: Sendable {
    public var key: FactKey
    /// nil when the winning statement denies the fact.
    public var value: Value?
    /// The entry of the statement that applies.
    public var entry: Int
    public var certainty: Certainty
    /// Other statements in force that speak of the same key (overridden or concurring).
    public var others: [Int]
}

/// Statements of equal rank and date giving one key different values.
public struct Conflict: Sendable {
    public var key: FactKey
    public var entries: [Int]
}

/// The local-government system on one day, computed from the statements in force.
public struct SystemAtDate: Sendable {
    public var day: Day
    public var facts: [FactKey: ResolvedFact]
    public var conflicts: [Conflict]
    /// Sources in force (or possibly in force) on the day.
    public var sourcesInForce: [(source: Int, status: InForce)]

    /// Facts that hold (not denied), by key order.
    public var present: [ResolvedFact] {
        facts.values.filter { $0.value != nil }.sorted { $0.key < $1.key }
    }

    public func value(_ key: FactKey) -> Value? { facts[key]?.value }
}

extension LegalModel {
    /// Orders two in-force statements on one key: the one that prevails first.
    /// Higher act first (constitution over law over decree), then the later one.
    func prevails(_ a: Int, over b: Int) -> Bool {
        Precedence(entries[a], sources).prevails(over: Precedence(entries[b], sources))
    }

    func tied(_ a: Int, _ b: Int) -> Bool { !prevails(a, over: b) && !prevails(b, over: a) }

    /// The system on `day`: a lookup after the first question about its period.
    ///
    /// Between two days on which some statement's or source's status changes, every status is
    /// the same, so the system is too (only its `day` differs): each period is resolved once.
    public func resolve(at day: Day) -> SystemAtDate {
        var system = periods.system(of: day) { computeSystem(at: day) }
        system.day = day
        return system
    }

    /// The system on `day`, computed: one pass over the resolution table, whose facts of each key
    /// are already in order of precedence (which does not depend on the day), so the first one in
    /// force wins and nothing is sorted here.
    public func computeSystem(at day: Day) -> SystemAtDate {
        let table = resolution
        var facts: [FactKey: ResolvedFact] = [:]
        facts.reserveCapacity(keys.count)
        var conflicts: [Conflict] = []
        table.candidates.withUnsafeBufferPointer { candidates in
            for (k, group) in table.groups.enumerated() {
                if table.sortedEachDay[k] {
                    // Precedence is not a strict weak order here (see `ResolutionTable`): the
                    // facts in force today are sorted among themselves, as they always were.
                    let inForce = group.filter { candidates[$0].span.status(on: day) != .no }
                        .sorted { candidates[$0].file < candidates[$1].file }
                        .sorted { candidates[$0].precedence.prevails(over: candidates[$1].precedence) }
                    guard let w = inForce.first else { continue }
                    let key = keys[k], entry = candidates[w].entry
                    var certainty: Certainty = candidates[w].span.status(on: day) == .yes ? .certain : .uncertain
                    if inForce.count > 1, candidates[inForce[1]].precedence.tied(with: candidates[w].precedence),
                       table.values[inForce[1]] != table.values[w] {
                        let tied = inForce.prefix { candidates[$0].precedence.tied(with: candidates[w].precedence) }.map { candidates[$0].entry }
                        conflicts.append(Conflict(key: key, entries: tied))
                        certainty = .conflict
                    }
                    facts[key] = ResolvedFact(key: key, value: table.values[w], entry: entry, certainty: certainty,
                                              others: inForce.dropFirst().map { candidates[$0].entry })
                    continue
                }
                var winner = -1, winnerStatus = InForce.no, second = -1
                var others: [Int] = []
                // The entries right after the winner that are as high as it in the order.
                var ties: [Int] = [], tiesRun = true
                for c in group {
                    let status = candidates[c].span.status(on: day)
                    if status == .no { continue }
                    if winner < 0 {
                        winner = c
                        winnerStatus = status
                        continue
                    }
                    if second < 0 { second = c }
                    others.append(candidates[c].entry)
                    if tiesRun {
                        if candidates[c].precedence.tied(with: candidates[winner].precedence) {
                            ties.append(candidates[c].entry)
                        } else {
                            tiesRun = false
                        }
                    }
                }
                guard winner >= 0 else { continue }
                let key = keys[k], entry = candidates[winner].entry
                var certainty: Certainty = winnerStatus == .yes ? .certain : .uncertain
                if second >= 0, candidates[second].precedence.tied(with: candidates[winner].precedence),
                   table.values[second] != table.values[winner] {
                    conflicts.append(Conflict(key: key, entries: [entry] + ties))
                    certainty = .conflict
                }
                facts[key] = ResolvedFact(key: key, value: table.values[winner], entry: entry, certainty: certainty, others: others)
            }
        }
        var inForce: [(Int, InForce)] = []
        for (i, span) in table.sourceSpans.enumerated() {
            let st = span.status(on: day)
            if st != .no { inForce.append((i, st)) }
        }
        return SystemAtDate(day: day, facts: facts, conflicts: conflicts, sourcesInForce: inForce)
    }
}

/// What the resolution reads of an entry's period, without its written dates (the resolution
/// runs over every statement of a period: copying strings there would be most of its cost).
struct Span: Sendable {
    var startEarliest: Day, startLatest: Day
    var endEarliest: Day?, endLatest: Day?

    init(_ p: InForcePeriod) {
        startEarliest = p.start.earliest
        startLatest = p.start.latest
        endEarliest = p.end?.earliest
        endLatest = p.end?.latest
    }

    /// In force on `day`: no before the start or from the end on, uncertain within an imprecise
    /// start or end, yes otherwise (`InForcePeriod.status(on:)` answers by this rule).
    @inline(__always) func status(on day: Day) -> InForce {
        if day < startEarliest { return .no }
        if let endLatest, day >= endLatest { return .no }
        let started = day >= startLatest
        let notEnded = endEarliest.map { day < $0 } ?? true
        return started && notEnded ? .yes : .uncertain
    }
}

/// Which of two statements on one key prevails: the higher act (constitution over law over
/// decree), then the later commencement, then the later adoption.
struct Precedence: Sendable {
    var rank: Int
    var startEarliest: Day, startLatest: Day
    var adopted: Day?

    init(_ e: LegalModel.Entry, _ sources: [Source]) {
        rank = e.rank
        startEarliest = e.period.start.earliest
        startLatest = e.period.start.latest
        adopted = sources[e.source].adopted?.earliest
    }

    func prevails(over y: Precedence) -> Bool {
        if rank != y.rank { return rank > y.rank }
        if startEarliest != y.startEarliest { return startEarliest > y.startEarliest }
        if startLatest != y.startLatest { return startLatest > y.startLatest }
        if let a = adopted, let b = y.adopted, a != b { return a > b }
        return false
    }

    func tied(with y: Precedence) -> Bool { !prevails(over: y) && !y.prevails(over: self) }
}

/// The facts of a model laid out for resolution: per key, its facts in order of precedence.
struct ResolutionTable: Sendable {
    struct Candidate: Sendable {
        var entry: Int
        /// Place among the key's facts in file order.
        var file: Int
        var span: Span
        var precedence: Precedence
    }
    /// `groups[k]` is the range of `candidates` (and `values`) of `keys[k]`.
    let groups: [Range<Int>]
    /// Keys whose facts cannot be put in one order for every day: two of equal rank and start of
    /// which one has no adoption date are neither above nor below each other, while each may be
    /// ranked against a third (so which wins depends on which are in force). Rare: every bundled
    /// source has its adoption date.
    let sortedEachDay: [Bool]
    let candidates: [Candidate]
    let values: [Value?]
    let sourceSpans: [Span]

    init(keys: [FactKey], factsByKey: [FactKey: [Fact]], entries: [LegalModel.Entry], sources: [Source]) {
        let precedence = entries.map { Precedence($0, sources) }
        let spans = entries.map { Span($0.period) }
        var groups: [Range<Int>] = [], candidates: [Candidate] = [], values: [Value?] = [], daily: [Bool] = []
        groups.reserveCapacity(keys.count)
        for key in keys {
            let start = candidates.count
            let facts = factsByKey[key]!
            // A stable sort, as the resolution always did: equal precedence keeps the file order.
            let ordered = facts.enumerated().sorted { a, b in
                let pa = precedence[a.element.entry], pb = precedence[b.element.entry]
                return pa.prevails(over: pb) || (!pb.prevails(over: pa) && a.offset < b.offset)
            }
            for (i, f) in ordered {
                candidates.append(Candidate(entry: f.entry, file: i, span: spans[f.entry], precedence: precedence[f.entry]))
                values.append(f.value)
            }
            groups.append(start..<candidates.count)
            daily.append(Self.mixesAdoption(facts.map { precedence[$0.entry] }))
        }
        self.groups = groups
        self.sortedEachDay = daily
        self.candidates = candidates
        self.values = values
        sourceSpans = sources.map { Span($0.period) }
    }

    /// True when two facts of equal rank and start differ in having an adoption date: then
    /// "neither prevails" is not transitive, and no single order serves every day.
    static func mixesAdoption(_ ps: [Precedence]) -> Bool {
        var byStart: [String: (dated: Bool, undated: Bool)] = [:]
        for p in ps {
            let k = "\(p.rank)|\(p.startEarliest.ordinal)|\(p.startLatest.ordinal)"
            var seen = byStart[k] ?? (false, false)
            if p.adopted == nil { seen.undated = true } else { seen.dated = true }
            byStart[k] = seen
        }
        return byStart.values.contains { $0.dated && $0.undated }
    }
}

/// The resolved system of each period of a model, filled on first use and shared by the model's
/// copies (a model never changes after it is built, so neither does a period's system).
final class ResolvedPeriods: Sendable {
    /// Sorted days on which some status changes; period k runs from `breakpoints[k-1]` up to
    /// `breakpoints[k]`, period 0 is before the first.
    let breakpoints: [Day]
    private let systems: Mutex<[SystemAtDate?]>

    init(breakpoints: [Day]) {
        self.breakpoints = breakpoints
        systems = Mutex(Array(repeating: nil, count: breakpoints.count + 1))
    }

    /// The number of breakpoints on or before `day` (binary search).
    func period(of day: Day) -> Int {
        var low = 0, high = breakpoints.count
        while low < high {
            let mid = (low + high) / 2
            if breakpoints[mid] <= day { low = mid + 1 } else { high = mid }
        }
        return low
    }

    func system(of day: Day, compute: () -> SystemAtDate) -> SystemAtDate {
        let k = period(of: day)
        if let known = systems.withLock({ $0[k] }) { return known }
        // Computed outside the lock: two threads may both compute a period once, never wait on it.
        let system = compute()
        systems.withLock { $0[k] = $0[k] ?? system }
        return system
    }
}
