import WorkingDays

/// What changed in the system between two days, or under a draft.
public struct SystemDiff: Sendable {
    public enum Kind: String, Sendable, Codable {
        case added, removed, changed
        /// Same value, now resting on another statement (a new law restating the old rule).
        case restated
    }

    public struct Change: Sendable {
        public var key: FactKey
        public var kind: Kind
        public var before: ResolvedFact?
        public var after: ResolvedFact?
    }

    public var before: SystemAtDate
    public var after: SystemAtDate
    public var changes: [Change]

    public func changes(_ kind: Kind) -> [Change] { changes.filter { $0.kind == kind } }

    /// Compares two resolved systems fact by fact.
    public init(from before: SystemAtDate, to after: SystemAtDate, beforeModel: LegalModel, afterModel: LegalModel) {
        self.before = before
        self.after = after
        var changes: [Change] = []
        let keys = Set(before.facts.keys).union(after.facts.keys).sorted()
        for key in keys {
            let b = before.facts[key].flatMap { $0.value == nil ? nil : $0 }
            let a = after.facts[key].flatMap { $0.value == nil ? nil : $0 }
            switch (b, a) {
            case (nil, nil): continue
            case (nil, let a?): changes.append(Change(key: key, kind: .added, before: nil, after: a))
            case (let b?, nil): changes.append(Change(key: key, kind: .removed, before: b, after: nil))
            case (let b?, let a?):
                if b.value != a.value {
                    changes.append(Change(key: key, kind: .changed, before: b, after: a))
                } else if beforeModel.entries[b.entry].statement.ref != afterModel.entries[a.entry].statement.ref {
                    changes.append(Change(key: key, kind: .restated, before: b, after: a))
                }
            }
        }
        self.changes = changes
    }
}

extension LegalModel {
    /// The changes between two days.
    public func diff(from d1: Day, to d2: Day) -> SystemDiff {
        SystemDiff(from: resolve(at: d1), to: resolve(at: d2), beforeModel: self, afterModel: self)
    }
}

extension LegalModel {
    /// Sources (not drafts) that took effect after `d1` and on or before `d2`, in order: the acts a diff spans.
    /// A start known only to a month or year counts when its range reaches into the interval.
    public func sourcesTakingEffect(after d1: Day, through d2: Day) -> [Source] {
        sources.filter { !$0.isDraft && $0.period.start.latest > d1 && $0.period.start.earliest <= d2 }
            .sorted { $0.period.start.earliest < $1.period.start.earliest }
    }

    /// Sources whose last day in force falls after `d1` and before `d2`.
    public func sourcesEnding(after d1: Day, through d2: Day) -> [Source] {
        sources.filter { s in
            guard !s.isDraft, let end = s.period.end else { return false }
            return end.latest > d1 && end.earliest <= d2
        }.sorted { $0.period.start.earliest < $1.period.start.earliest }
    }
}
