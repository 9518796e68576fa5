import Law
import WorkingDays

// The answers about the law, as Codable transfer types. `aimak … --json`, the API and the pages
// encode these same values, so the three faces cannot drift apart. Keys are snake_case, as in
// every JSON Aimak has printed.

/// Where a fact comes from: the statement, its act and provision, and how sure the reading is.
public struct CitationAnswer: Codable, Sendable, Equatable {
    public var statement: String
    public var source: String
    public var sourceName: String
    /// The provision as an Akoma Ntoso URI (`/akn/kg/act/2008/99/!main~art_14`).
    public var akn: String
    /// verified, secondary, inference or unverified.
    public var status: String
    public var inForceFrom: String
    public var inForceUntil: String?
    public var provision: String?
    public var basis: String?
    public var url: String?
    public var note: String?
    /// The language of the copy read and the wording read (see law/README.md, "What verified means").
    public var language: String?
    public var edition: String?
    public var repealedBy: String?

    enum CodingKeys: String, CodingKey {
        case statement, source, akn, status, provision, basis, url, note, language, edition
        case sourceName = "source_name", inForceFrom = "in_force_from", inForceUntil = "in_force_until", repealedBy = "repealed_by"
    }
}

/// One fact of the system on a day: its key, the value in data and in words, and its citation.
public struct FactAnswer: Codable, Sendable, Equatable {
    public var key: String
    public var text: String
    /// certain, uncertain (a date known only to the year or month), or conflict.
    public var certainty: String
    public var cite: CitationAnswer
    public var value: Value?
    /// When the fact is not certain, why, in the answer's language: which date is not known (its
    /// start, or its end, with the days it may fall on), or which statements conflict. The CLI
    /// prints the same words after the fact.
    public var note: String?
}

/// "What was the system on date D".
public struct SystemAnswer: Codable, Sendable, Equatable {
    public struct SourceInForce: Codable, Sendable, Equatable {
        public var source: String
        /// yes, or uncertain when the act's commencement is known only to the year or month.
        public var status: String
    }
    public struct ConflictAnswer: Codable, Sendable, Equatable {
        public var key: String
        public var statements: [String]
    }
    public var date: String
    public var sourcesInForce: [SourceInForce]
    public var facts: [FactAnswer]
    public var conflicts: [ConflictAnswer]

    enum CodingKeys: String, CodingKey { case date, facts, conflicts, sourcesInForce = "sources_in_force" }
}

/// An act of the model, without its statements.
public struct SourceAnswer: Codable, Sendable, Equatable {
    public var id: String
    public var kind: String
    public var number: String?
    /// The title in ky, ru and en.
    public var title: [String: String]
    public var adopted: String?
    public var inForceFrom: String
    public var inForceUntil: String?
    public var endedBy: String?
    public var amends: [String]?
    /// How reliable the act's own data is.
    public var status: String
    /// How many statements the data holds (0: the act's content was not read).
    public var statements: Int
    public var file: String
    public var url: String?

    enum CodingKeys: String, CodingKey {
        case id, kind, number, title, adopted, amends, status, statements, file, url
        case inForceFrom = "in_force_from", inForceUntil = "in_force_until", endedBy = "ended_by"
    }
}

/// An act with every statement it makes, each with the facts it asserts and its citation.
public struct SourceDetailAnswer: Codable, Sendable, Equatable {
    public struct StatementAnswer: Codable, Sendable, Equatable {
        public var id: String
        public var ref: String
        public var cite: CitationAnswer
        public var facts: [StatedFact]
        public var repeals: [String]?
    }
    /// What a statement says of one key (value nil: it denies it).
    public struct StatedFact: Codable, Sendable, Equatable {
        public var key: String
        public var text: String
        public var value: Value?
    }
    public var source: SourceAnswer
    public var note: String?
    public var statements: [StatementAnswer]
}

/// One change between two systems.
public struct ChangeAnswer: Codable, Sendable, Equatable {
    public var key: String
    /// added, removed, changed or restated.
    public var kind: String
    public var before: FactAnswer?
    public var after: FactAnswer?
}

/// "What changed between D1 and D2".
public struct DiffAnswer: Codable, Sendable, Equatable {
    public struct ActAnswer: Codable, Sendable, Equatable {
        public var id: String
        public var inForceFrom: String
        /// null for an act still in force.
        @Null public var inForceUntil: String?
        public var statements: Int
        enum CodingKeys: String, CodingKey { case id, statements, inForceFrom = "in_force_from", inForceUntil = "in_force_until" }
    }
    public var from: String
    public var to: String
    public var actsTakingEffect: [ActAnswer]
    public var actsEnding: [ActAnswer]
    public var changes: [ChangeAnswer]

    enum CodingKeys: String, CodingKey { case from, to, changes, actsTakingEffect = "acts_taking_effect", actsEnding = "acts_ending" }
}

/// "What would this draft change on D", with the principle findings with and without it.
public struct DraftDiffAnswer: Codable, Sendable, Equatable {
    public var draft: String
    public var date: String
    public var changes: [ChangeAnswer]
    public var findingsWithoutDraft: [FindingAnswer]
    public var findingsWithDraft: [FindingAnswer]

    enum CodingKeys: String, CodingKey {
        case draft, date, changes, findingsWithoutDraft = "findings_without_draft", findingsWithDraft = "findings_with_draft"
    }
}

/// "Why": the statements behind one key, the one that applies and those it overrode.
public struct ExplainAnswer: Codable, Sendable, Equatable {
    public struct StatementLine: Codable, Sendable, Equatable {
        /// applies, overridden-higher, overridden-later, concurs, conflicts, repealed, not-yet, no-longer.
        public var role: String
        public var inForce: String
        /// When `inForce` is uncertain: whether the day falls in the imprecise `start` or `end` of
        /// the statement (a fact read in a wording of some day, and not read after it, is uncertain
        /// at its end).
        public var uncertainAbout: String?
        public var cite: CitationAnswer
        public var text: String
        public var value: Value?
        enum CodingKeys: String, CodingKey { case role, cite, text, value, inForce = "in_force", uncertainAbout = "uncertain_about" }
    }
    public var key: String
    public var date: String
    public var resolved: FactAnswer?
    public var statements: [StatementLine]
}

/// A strain on a constitutional principle, with the statements behind it.
public struct FindingAnswer: Codable, Sendable, Equatable {
    public var principle: String
    public var rule: String
    public var text: String
    public var subjects: [String: String]
    public var statements: [CitationAnswer]
}

/// The constitutional principles of self-government checked on a date.
public struct PrinciplesAnswer: Codable, Sendable, Equatable {
    public struct PrincipleAnswer: Codable, Sendable, Equatable {
        public var id: String
        public var label: String
        public var inForce: Bool
        public var establishedBy: CitationAnswer?
        public var findings: [FindingAnswer]
        enum CodingKeys: String, CodingKey { case id, label, findings, inForce = "in_force", establishedBy = "established_by" }
    }
    public var date: String
    public var principles: [PrincipleAnswer]
}

// MARK: - The use cases

/// The questions about the law, answered in one language. Pure: the model is given, nothing is read.
public struct LawQueries: Sendable {
    public let model: LegalModel
    public let text: LawText
    public var language: Language { text.language }

    public init(model: LegalModel, language: Language) {
        self.model = model
        text = LawText(model: model, language: language)
    }

    /// A day within the model's range, or an error saying what the range is.
    public func day(_ iso: String?, today: Day, what: String = "date") throws -> Day {
        guard let iso else { return today }
        guard let day = Day(iso: iso) else { throw AppError.badInput("'\(iso)' is not a \(what): write YYYY-MM-DD, e.g. 2009-01-01") }
        return try check(day)
    }

    public func check(_ day: Day) throws -> Day {
        if day < model.firstDay {
            let first = model.sources.first.map { $0.title.text(.en) } ?? ""
            throw AppError.badInput("No source of the model is in force on \(day): the model begins on \(model.firstDay) (\(first)).")
        }
        return day
    }

    public func citation(_ entryIndex: Int) -> CitationAnswer {
        let e = model.entries[entryIndex]
        let s = model.source(of: e)
        let c = e.statement.citation
        return CitationAnswer(statement: e.statement.ref, source: s.id, sourceName: text.shortName(s), akn: s.provisionURI(c.provision),
                              status: c.reliability.rawValue, inForceFrom: e.period.start.description,
                              inForceUntil: e.period.end?.description, provision: c.provision, basis: c.basis, url: c.url ?? s.url,
                              note: c.note, language: c.language, edition: c.edition, repealedBy: e.repealedBy)
    }

    /// A fact on `day`; `inWords: false` leaves its sentence and note empty (a caller that draws
    /// the facts, not reads them).
    public func fact(_ f: ResolvedFact, on day: Day, inWords: Bool = true) -> FactAnswer {
        FactAnswer(key: f.key, text: inWords ? text.describeWithSubject(f.key, f.value) : "", certainty: f.certainty.rawValue,
                   cite: citation(f.entry), value: f.value, note: inWords ? text.certaintyNote(f, on: day) : nil)
    }

    /// The system on a day; `inWords: false` skips each fact's sentence (the organigram needs only values and citations).
    public func system(at day: Day, inWords: Bool = true) -> SystemAnswer {
        let system = model.resolve(at: day)
        return SystemAnswer(
            date: day.description,
            sourcesInForce: system.sourcesInForce.map { .init(source: model.sources[$0.source].id, status: $0.status.rawValue) },
            facts: system.present.map { fact($0, on: day, inWords: inWords) },
            conflicts: system.conflicts.map { .init(key: $0.key, statements: $0.entries.map { model.entries[$0].statement.ref }) })
    }

    public func source(_ s: Source) -> SourceAnswer {
        SourceAnswer(id: s.id, kind: s.kind.rawValue, number: s.number, title: s.title.byLanguage, adopted: s.adopted?.description,
                     inForceFrom: s.period.start.description, inForceUntil: s.period.end?.description, endedBy: s.endedBy,
                     amends: s.amends.isEmpty ? nil : s.amends, status: s.reliability.rawValue, statements: s.statements.count,
                     file: s.file, url: s.url)
    }

    public func sources() -> [SourceAnswer] { model.sources.map(source) }

    /// One act by its id (`/akn/kg/act/2008/99`), or by the id without its `/akn/kg/` prefix.
    public func sourceDetail(_ id: String) throws -> SourceDetailAnswer {
        let wanted = id.hasPrefix("/") ? id : "/akn/kg/" + id
        guard let s = model.source(wanted) ?? model.source(id) ?? model.source("/akn/kg" + id) else {
            throw AppError.notFound("no source '\(id)' in the model (ids look like /akn/kg/act/2008/99; GET /api/v1/sources lists them)")
        }
        let index = Dictionary(model.entries.enumerated().map { ($1.statement.ref, $0) }, uniquingKeysWith: { a, _ in a })
        let statements = s.statements.compactMap { st -> SourceDetailAnswer.StatementAnswer? in
            guard let i = index[st.ref] else { return nil }
            let facts = st.factsAsserted.map { SourceDetailAnswer.StatedFact(key: $0.key, text: text.describeWithSubject($0.key, $0.value), value: $0.value) }
            return .init(id: st.id, ref: st.ref, cite: citation(i), facts: facts, repeals: st.repeals.isEmpty ? nil : st.repeals)
        }
        return SourceDetailAnswer(source: source(s), note: s.note, statements: statements)
    }

    /// A change between the system `before` on one day and `after` on another (the same day for a draft).
    public func change(_ c: SystemDiff.Change, before: LawQueries, on d1: Day, after: LawQueries, on d2: Day) -> ChangeAnswer {
        ChangeAnswer(key: c.key, kind: c.kind.rawValue, before: c.before.map { before.fact($0, on: d1) }, after: c.after.map { after.fact($0, on: d2) })
    }

    public func diff(from d1: Day, to d2: Day, restated: Bool = false) -> DiffAnswer {
        let diff = model.diff(from: d1, to: d2)
        func act(_ s: Source) -> DiffAnswer.ActAnswer {
            .init(id: s.id, inForceFrom: s.period.start.description, inForceUntil: s.period.end?.description, statements: s.statements.count)
        }
        return DiffAnswer(from: d1.description, to: d2.description,
                          actsTakingEffect: model.sourcesTakingEffect(after: d1, through: d2).map(act),
                          actsEnding: model.sourcesEnding(after: d1, through: d2).map(act),
                          changes: diff.changes.filter { restated || $0.kind != .restated }.map { change($0, before: self, on: d1, after: self, on: d2) })
    }

    /// A draft put on top of the law on `day` (default: the draft's own commencement).
    public func draft(_ yaml: String, file: String = "draft.yaml", at day: Day?) throws -> (source: Source, day: Day, after: LegalModel) {
        let source = try model.parseSource(yaml, file: file)
        let day = try check(day ?? source.period.start.latest)
        return (source, day, try model.overlaying(draft: source, effective: day))
    }

    public func draftDiff(_ yaml: String, file: String = "draft.yaml", at day: Day?, restated: Bool = false) throws -> DraftDiffAnswer {
        let (source, day, withDraft) = try draft(yaml, file: file, at: day)
        let after = LawQueries(model: withDraft, language: language)
        let diff = SystemDiff(from: model.resolve(at: day), to: withDraft.resolve(at: day), beforeModel: model, afterModel: withDraft)
        return DraftDiffAnswer(draft: source.id, date: day.description,
                               changes: diff.changes.filter { restated || $0.kind != .restated }.map { change($0, before: self, on: day, after: after, on: day) },
                               findingsWithoutDraft: model.checkPrinciples(at: day).findings.map(finding),
                               findingsWithDraft: withDraft.checkPrinciples(at: day).findings.map(after.finding))
    }

    /// The keys a question names: a whole key or the start of keys.
    public func keys(_ key: String) throws -> [FactKey] {
        let keys = model.keys(matching: key)
        guard !keys.isEmpty else {
            throw AppError.notFound("No statement of the model speaks of '\(key)'. Keys look like formation/akim/by or power/district-kenesh; `aimak at --json` lists them.")
        }
        return keys
    }

    public func explain(_ key: String, at day: Day) throws -> [ExplainAnswer] {
        try keys(key).map { key in
            let e = model.explain(key, at: day)
            return ExplainAnswer(key: e.key, date: day.description, resolved: e.resolved.map { fact($0, on: day) }, statements: e.lines.map { l in
                .init(role: Self.roleID(l.role), inForce: l.status.rawValue,
                      uncertainAbout: model.entries[l.entry].period.impreciseDate(on: day)?.rawValue,
                      cite: citation(l.entry), text: text.describe(e.key, l.value), value: l.value)
            })
        }
    }

    public static func roleID(_ role: Explanation.Role) -> String {
        switch role {
        case .applies: "applies"
        case .overriddenByHigherAct: "overridden-higher"
        case .overriddenByLaterAct: "overridden-later"
        case .concurs: "concurs"
        case .conflicts: "conflicts"
        case .repealed: "repealed"
        case .notYetInForce: "not-yet"
        case .noLongerInForce: "no-longer"
        }
    }

    public func finding(_ f: Finding) -> FindingAnswer {
        FindingAnswer(principle: f.principle, rule: f.rule, text: text.describe(f), subjects: f.subjects, statements: f.entries.map(citation))
    }

    public func principles(at day: Day) -> PrinciplesAnswer {
        let report = model.checkPrinciples(at: day)
        return PrinciplesAnswer(date: day.description, principles: report.principles.map { p in
            .init(id: p.id, label: text.label(p.id), inForce: p.establishedBy != nil, establishedBy: p.establishedBy.map { citation($0.entry) },
                  findings: p.findings.map(finding))
        })
    }
}
