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
        let x = entries[a], y = entries[b]
        if x.rank != y.rank { return x.rank > y.rank }
        if x.period.start.earliest != y.period.start.earliest { return x.period.start.earliest > y.period.start.earliest }
        if x.period.start.latest != y.period.start.latest { return x.period.start.latest > y.period.start.latest }
        let ax = sources[x.source].adopted?.earliest, ay = sources[y.source].adopted?.earliest
        if let ax, let ay, ax != ay { return ax > ay }
        return false
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

    /// The system on `day`, computed: one pass over the grouped facts.
    public func computeSystem(at day: Day) -> SystemAtDate {
        var facts: [FactKey: ResolvedFact] = [:]
        facts.reserveCapacity(factsByKey.count)
        var conflicts: [Conflict] = []
        var candidates: [(fact: Fact, status: InForce)] = []
        for key in keys {
            candidates.removeAll(keepingCapacity: true)
            for fact in factsByKey[key]! {
                let status = entries[fact.entry].period.status(on: day)
                if status != .no { candidates.append((fact, status)) }
            }
            guard !candidates.isEmpty else { continue }
            candidates.sort { prevails($0.fact.entry, over: $1.fact.entry) }
            let winner = candidates[0]
            var certainty: Certainty = winner.status == .yes ? .certain : .uncertain
            if candidates.count > 1, tied(winner.fact.entry, candidates[1].fact.entry),
               candidates[1].fact.value != winner.fact.value {
                let tiedEntries = candidates.prefix { tied($0.fact.entry, winner.fact.entry) }.map(\.fact.entry)
                conflicts.append(Conflict(key: key, entries: tiedEntries))
                certainty = .conflict
            }
            facts[key] = ResolvedFact(key: key, value: winner.fact.value, entry: winner.fact.entry,
                                      certainty: certainty, others: candidates.dropFirst().map(\.fact.entry))
        }
        var inForce: [(Int, InForce)] = []
        for (i, s) in sources.enumerated() where !s.isDraft || s.period.status(on: day) != .no {
            let st = s.period.status(on: day)
            if st != .no { inForce.append((i, st)) }
        }
        return SystemAtDate(day: day, facts: facts, conflicts: conflicts, sourcesInForce: inForce)
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
