import WorkingDays

/// Why a fact has the value it has on a day: the statement that applies, the ones it overrode
/// and why, and the ones that were repealed or are not in force.
public struct Explanation: Sendable {
    public enum Role: Sendable, Equatable {
        case applies
        /// Overridden by the applying statement because it is a higher act.
        case overriddenByHigherAct
        /// Overridden because the applying statement is a later act of equal rank.
        case overriddenByLaterAct
        /// Says the same as the applying statement.
        case concurs
        /// Equal rank and date, different value: unresolved.
        case conflicts
        /// Repealed explicitly by another statement.
        case repealed(by: String)
        case notYetInForce
        case noLongerInForce
    }

    public struct Line: Sendable {
        public var entry: Int
        public var value: Value?
        public var status: InForce
        public var role: Role
    }

    public var key: FactKey
    public var day: Day
    public var resolved: ResolvedFact?
    public var lines: [Line]
}

extension LegalModel {
    /// Keys that start with `prefix` (a whole key, or e.g. `formation/akim`).
    public func keys(matching prefix: String) -> [FactKey] {
        keys.filter { $0 == prefix || $0.hasPrefix(prefix + "/") }
    }

    /// Explains one key on one day.
    public func explain(_ key: FactKey, at day: Day) -> Explanation {
        let system = resolve(at: day)
        let resolved = system.facts[key]
        var lines: [Explanation.Line] = []
        for fact in factsByKey[key] ?? [] {
            let e = entries[fact.entry]
            let status = e.period.status(on: day)
            let role: Explanation.Role
            if status == .no {
                if let by = e.repealedBy, day >= e.period.end!.earliest {
                    role = .repealed(by: by)
                } else if day < e.period.start.earliest {
                    role = .notYetInForce
                } else {
                    role = .noLongerInForce
                }
            } else if let resolved, resolved.entry == fact.entry {
                role = .applies
            } else if let resolved {
                if resolved.certainty == .conflict, tied(fact.entry, resolved.entry) {
                    role = fact.value == resolved.value ? .concurs : .conflicts
                } else if fact.value == resolved.value {
                    role = .concurs
                } else if entries[resolved.entry].rank > e.rank {
                    role = .overriddenByHigherAct
                } else {
                    role = .overriddenByLaterAct
                }
            } else {
                role = .noLongerInForce
            }
            lines.append(.init(entry: fact.entry, value: fact.value, status: status, role: role))
        }
        let order: (Explanation.Role) -> Int = {
            switch $0 {
            case .applies: 0
            case .conflicts: 1
            case .concurs: 2
            case .overriddenByHigherAct, .overriddenByLaterAct: 3
            case .repealed: 4
            case .noLongerInForce: 5
            case .notYetInForce: 6
            }
        }
        lines.sort { (order($0.role), entries[$1.entry].period.start.earliest) < (order($1.role), entries[$0.entry].period.start.earliest) }
        return Explanation(key: key, day: day, resolved: resolved, lines: lines)
    }
}
