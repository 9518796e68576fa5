import Testing
@testable import Law
import WorkingDays

/// Conflict resolution, repeal, imprecise dates, diff, explain and drafts on small hand-made laws.
@Suite struct EngineTests {
    static func source(_ id: String, kind: String = "law", from: String, to: String? = nil, _ statements: String) -> String {
        """
        source: \(id)
        kind: \(kind)
        title: { en: \(id) }
        in_force: { from: \(from)\(to.map { ", to: \($0)" } ?? "") }
        statements:
        \(statements)
        """
    }

    static let akim = """
      - id: akim
        establishes: { body: akim, level: district, branch: state-administration }
        cite: { status: verified, provision: art_1, url: https://example.org/act, language: ru, edition: 2010-06-27 }
      - id: kenesh
        establishes: { body: district-kenesh, level: district, branch: lsg-representative }
        cite: { status: verified, provision: art_2, url: https://example.org/act, language: ru, edition: 2010-06-27 }
      - id: pm
        establishes: { body: prime-minister, level: republic, branch: central-state }
        cite: { status: verified, provision: art_3, url: https://example.org/act, language: ru, edition: 2010-06-27 }
      - id: president
        establishes: { body: president, level: republic, branch: central-state }
        cite: { status: verified, provision: art_4, url: https://example.org/act, language: ru, edition: 2010-06-27 }
    """

    static func load(_ files: [(String, String)]) throws -> LegalModel {
        try LegalModel.load(vocabulary: Bundled.vocabularyText, sources: files)
    }

    static func appointedBy(_ who: String) -> String { "  - id: by\n    formation: { body: akim, by: \(who) }\n    cite: { status: verified, provision: art_9, url: https://example.org/act, language: ru, edition: 2010-06-27 }" }

    @Test func higherActPrevailsOverALaterLaw() throws {
        let model = try Self.load([
            ("c.yaml", Self.source("/akn/kg/act/2000/constitution", kind: "constitution", from: "2000-01-01", Self.akim + "\n" + Self.appointedBy("president"))),
            ("l.yaml", Self.source("/akn/kg/act/2005/1", from: "2005-01-01", Self.appointedBy("prime-minister"))),
        ])
        let fact = try #require(model.resolve(at: day("2006-01-01")).facts["formation/akim/by"])
        #expect(fact.value == .string("president"))
        let explanation = model.explain("formation/akim/by", at: day("2006-01-01"))
        #expect(explanation.lines.map(\.role) == [.applies, .overriddenByHigherAct])
        // The law contradicting the constitution is a finding of the principle check.
        #expect(model.checkPrinciples(at: day("2006-01-01")).findings.contains { $0.rule == "finding-lower-act-contradicts-higher" })
    }

    @Test func laterActOfEqualRankPrevails() throws {
        let model = try Self.load([
            ("a.yaml", Self.source("/akn/kg/act/2000/1", from: "2000-01-01", Self.akim + "\n" + Self.appointedBy("president"))),
            ("b.yaml", Self.source("/akn/kg/act/2005/1", from: "2005-01-01", Self.appointedBy("prime-minister"))),
        ])
        #expect(model.resolve(at: day("2004-12-31")).value("formation/akim/by") == .string("president"))
        #expect(model.resolve(at: day("2005-01-01")).value("formation/akim/by") == .string("prime-minister"))
        #expect(model.explain("formation/akim/by", at: day("2005-06-01")).lines.map(\.role) == [.applies, .overriddenByLaterAct])
    }

    @Test func equalRankAndDateDisagreeingIsAConflictNotAPick() throws {
        let model = try Self.load([
            ("a.yaml", Self.source("/akn/kg/act/2000/1", from: "2000-01-01", Self.akim)),
            ("b.yaml", Self.source("/akn/kg/act/2005/1", from: "2005-01-01", Self.appointedBy("president"))),
            ("c.yaml", Self.source("/akn/kg/act/2005/2", from: "2005-01-01", Self.appointedBy("prime-minister"))),
        ])
        let system = model.resolve(at: day("2006-01-01"))
        #expect(system.facts["formation/akim/by"]?.certainty == .conflict)
        #expect(system.conflicts.count == 1)
        #expect(model.warnings.count == 1)
        #expect(model.explain("formation/akim/by", at: day("2006-01-01")).lines.map(\.role).contains(.conflicts))
    }

    @Test func explicitRepealEndsAStatement() throws {
        let model = try Self.load([
            ("a.yaml", Self.source("/akn/kg/act/2000/1", from: "2000-01-01", Self.akim + "\n" + Self.appointedBy("president"))),
            ("b.yaml", Self.source("/akn/kg/act/2005/1", from: "2005-03-01", "  - id: r\n    repeals: [/akn/kg/act/2000/1#by]\n    cite: { status: verified, provision: art_1, url: https://example.org/act, language: ru, edition: 2010-06-27 }")),
        ])
        #expect(model.resolve(at: day("2005-02-28")).value("formation/akim/by") != nil)
        #expect(model.resolve(at: day("2005-03-01")).facts["formation/akim/by"] == nil)
        let roles = model.explain("formation/akim/by", at: day("2005-03-01")).lines.map(\.role)
        #expect(roles == [.repealed(by: "/akn/kg/act/2005/1#r")])
    }

    @Test func impreciseCommencementIsUncertainNotGuessed() throws {
        let model = try Self.load([
            ("a.yaml", Self.source("/akn/kg/act/2000/1", from: "2000-01-01", Self.akim + "\n" + Self.appointedBy("president"))),
            ("b.yaml", Self.source("/akn/kg/act/2008/1", from: "2008", Self.appointedBy("prime-minister"))),
        ])
        #expect(model.resolve(at: day("2007-12-31")).facts["formation/akim/by"]?.certainty == .certain)
        let mid = try #require(model.resolve(at: day("2008-06-01")).facts["formation/akim/by"])
        #expect(mid.certainty == .uncertain)
        #expect(mid.value == .string("prime-minister"))
        #expect(model.resolve(at: day("2009-01-01")).facts["formation/akim/by"]?.certainty == .certain)
    }

    @Test func diffListsAddedRemovedChanged() throws {
        let model = try Self.load([
            ("a.yaml", Self.source("/akn/kg/act/2000/1", from: "2000-01-01", to: "2004-12-31", Self.akim + "\n" + Self.appointedBy("president") + """

              - id: report
                relation: { subject: akim, type: reports-to, object: district-kenesh }
                cite: { status: verified, provision: art_5, url: https://example.org/act, language: ru, edition: 2010-06-27 }
            """)),
            ("b.yaml", Self.source("/akn/kg/act/2005/1", from: "2005-01-01", Self.akim + "\n" + Self.appointedBy("prime-minister") + """

              - id: budget
                power: { holder: district-kenesh, power: approve-local-budget }
                cite: { status: verified, provision: art_6, url: https://example.org/act, language: ru, edition: 2010-06-27 }
            """)),
        ])
        let diff = model.diff(from: day("2004-01-01"), to: day("2006-01-01"))
        #expect(diff.changes(.added).map(\.key) == ["power/district-kenesh/approve-local-budget"])
        #expect(diff.changes(.removed).map(\.key) == ["relation/akim/reports-to/district-kenesh"])
        #expect(diff.changes(.changed).map(\.key) == ["formation/akim/by"])
        #expect(diff.changes(.restated).count == 4)
    }

    @Test func draftOverlayShowsItsChangesAndFindings() throws {
        let model = Bundled.model
        let draft = try model.parseSource("""
        source: /akn/kg/draft/2027/reform
        kind: law
        draft: true
        title: { en: Draft reform }
        in_force: { from: 2027-01-01 }
        statements:
          - id: akim-appoints-heads
            formation: { body: head-of-ayil-okmotu, method: appointment, by: akim }
            cite: { status: unverified, basis: a drafter's proposal }
        """, file: "draft.yaml")
        let at = day("2015-01-01")
        let with = try model.overlaying(draft: draft, effective: at)
        let diff = SystemDiff(from: model.resolve(at: at), to: with.resolve(at: at), beforeModel: model, afterModel: with)
        // The Constitution (heads elected) outranks the draft law: only `by` changes.
        #expect(diff.changes(.changed).map(\.key) == ["formation/head-of-ayil-okmotu/by"])
        let before = model.checkPrinciples(at: at).findings.filter { $0.principle == "non-interference" }
        let after = with.checkPrinciples(at: at).findings.filter { $0.principle == "non-interference" }
        // Law No. 101 already lets the akim dismiss the head (art. 49 part 7); the draft adds the appointment.
        let appointedByAkim = { (f: Finding) in f.subjects["actor"] == "akim" && f.rule == "finding-state-forms-lsg-by" }
        #expect(before.contains { $0.subjects["actor"] == "akim" && $0.rule == "finding-state-forms-lsg-dismissed_by" })
        #expect(!before.contains(where: appointedByAkim))
        #expect(after.contains(where: appointedByAkim))
        // The draft is lower than the Constitution (heads elected): the check says so.
        #expect(with.checkPrinciples(at: at).findings.contains { $0.rule == "finding-lower-act-contradicts-higher" })
    }

    @Test func aDraftNamingAnUnknownBodyIsRejected() throws {
        let model = Bundled.model
        #expect(throws: LegalDataErrors.self) {
            try model.parseSource("""
            source: /akn/kg/draft/2027/x
            kind: law
            title: { en: x }
            in_force: { from: 2027-01-01 }
            statements:
              - id: a
                formation: { body: district-khural, method: election }
                cite: { status: unverified, basis: x }
            """, file: "x.yaml")
        }
    }

    @Test func dayArithmetic() {
        #expect(day("2024-02-29").adding(days: 1) == day("2024-03-01"))
        #expect(day("1970-01-01").ordinal == 0)
        #expect(day("2026-11-24").weekday == 2)
        #expect(Day(iso: "2023-02-29") == nil)
        #expect(day("1929-05-01").description == "1929-05-01")
        #expect(LegalDate(parsing: "2008")?.latest == day("2008-12-31"))
        #expect(LegalDate(parsing: "2008-02")?.latest == day("2008-02-29"))
        #expect(LegalDate(parsing: "2008-13") == nil)
    }

    /// `to: "2015-02-17.."`: in force for certain through that day, uncertain ever after, never
    /// simply ended; and a model built with it says why a later day is uncertain (the end, not the start).
    @Test func openEndedStatement() throws {
        let open = try #require(LegalDate(parsing: "2015-02-17.."))
        #expect(open.isOpenEnded && open.earliest == day("2015-02-17") && open.description == "2015-02-17 or later")
        for bad in ["2015-02-30..", "..", "2015-02-17....", "2015-02-17...", "2015-02-17 .."] { #expect(LegalDate(parsing: bad) == nil, "\(bad)") }
        // A real last day of 9999 is a closed date, not an open one.
        #expect(LegalDate(parsing: "9999-12-31")?.isOpenEnded == false && LegalDate(parsing: "9999")?.isOpenEnded == false)
        let model = try Self.load([("x.yaml", ValidatorTests.header + """
              - id: a
                procedure: { name: local-kenesh-elections, voting_age_at_least: 18 }
                to: "2031-06-30.."
                cite: { status: secondary, basis: test }

            """)])
        let key = "procedure/local-kenesh-elections/voting_age_at_least"
        #expect(model.resolve(at: day("2031-06-30")).facts[key]?.certainty == .certain)
        for later in ["2031-07-01", "2040-01-01", "9999-12-30"] {
            let fact = try #require(model.resolve(at: day(later)).facts[key], "\(later)")
            #expect(fact.certainty == .uncertain)
            let note = LawText(model: model, language: .en).certaintyNote(fact, on: day(later))
            #expect(note == "uncertain — the day it stopped applying is not known: 2031-07-01 or later")
        }
    }

    @Test func resolutionAtEveryChangeDayIsConsistent() {
        let model = Bundled.model
        for d in model.changeDays {
            let system = model.resolve(at: d)
            for fact in system.present { #expect(model.entries[fact.entry].period.status(on: d) != .no) }
        }
    }

    /// The resolution table (facts ordered by precedence once, at load) picks what sorting the
    /// facts in force on each day picks: the same winner, others, certainty and conflicts on
    /// every change day and the day before, for the bundled law, its YAML and a law with ties.
    @Test func theResolutionTableAnswersAsSortingEachDay() throws {
        let tied = try Self.load([
            ("a.yaml", Self.source("/akn/kg/act/2000/1", from: "2000-01-01", Self.akim)),
            ("b.yaml", Self.source("/akn/kg/act/2005/1", from: "2005-01-01", Self.appointedBy("prime-minister"))),
            ("c.yaml", Self.source("/akn/kg/act/2005/2", from: "2005-01-01", Self.appointedBy("district-kenesh"))),
            ("d.yaml", Self.source("/akn/kg/act/2005/3", from: "2005", Self.appointedBy("president"))),
        ])
        // Equal rank and start, one without an adoption date and ending first: which of the other
        // two wins depends on whether it is still in force (precedence is not one order then).
        func adopted(_ id: String, _ date: String?, to: String? = nil, _ statements: String) -> String {
            Self.source(id, from: "2005-01-01", to: to, statements).replacingOccurrences(of: "kind: law\n", with: "kind: law\n" + (date.map { "adopted: \($0)\n" } ?? ""))
        }
        let mixed = try Self.load([
            ("a.yaml", Self.source("/akn/kg/act/2000/1", from: "2000-01-01", Self.akim)),
            ("b.yaml", adopted("/akn/kg/act/2005/1", "2004-06-01", Self.appointedBy("president"))),
            ("c.yaml", adopted("/akn/kg/act/2005/2", nil, to: "2006-01-01", Self.appointedBy("prime-minister"))),
            ("d.yaml", adopted("/akn/kg/act/2005/3", "2004-09-01", Self.appointedBy("district-kenesh"))),
        ])
        #expect(mixed.resolve(at: day("2006-06-01")).facts["formation/akim/by"]?.value == .string("district-kenesh"), "the later adoption wins once the undated act is gone")
        for model in [Bundled.model, Bundled.modelFromYAML, tied, mixed] {
            for d in model.changeDays.flatMap({ [$0.adding(days: -1), $0] }) {
                let fast = model.computeSystem(at: d), slow = Self.sortingEachDay(model, d)
                #expect(CompiledDataTests.summary(fast, model) == CompiledDataTests.summary(slow, model), "differs on \(d)")
                #expect(fast.sourcesInForce.map { "\($0.source) \($0.status)" } == slow.sourcesInForce.map { "\($0.source) \($0.status)" })
            }
        }
    }

    /// The resolution as it was written first: sort the facts in force on the day, take the first.
    static func sortingEachDay(_ m: LegalModel, _ day: Day) -> SystemAtDate {
        var facts: [FactKey: ResolvedFact] = [:], conflicts: [Conflict] = []
        for key in m.keys {
            let candidates = m.factsByKey[key]!.map { ($0, m.entries[$0.entry].period.status(on: day)) }
                .filter { $0.1 != .no }.sorted { m.prevails($0.0.entry, over: $1.0.entry) }
            guard let winner = candidates.first else { continue }
            var certainty: Certainty = winner.1 == .yes ? .certain : .uncertain
            if candidates.count > 1, m.tied(winner.0.entry, candidates[1].0.entry), candidates[1].0.value != winner.0.value {
                conflicts.append(Conflict(key: key, entries: candidates.prefix { m.tied($0.0.entry, winner.0.entry) }.map(\.0.entry)))
                certainty = .conflict
            }
            facts[key] = ResolvedFact(key: key, value: winner.0.value, entry: winner.0.entry, certainty: certainty,
                                      others: candidates.dropFirst().map(\.0.entry))
        }
        let inForce = m.sources.enumerated().map { ($0.offset, $0.element.period.status(on: day)) }.filter { $0.1 != .no }
        return SystemAtDate(day: day, facts: facts, conflicts: conflicts, sourcesInForce: inForce)
    }
}
