import Testing
@testable import Law
import WorkingDays

/// One failing fixture per validator rule: the error must name the file, the line and the rule.
@Suite struct ValidatorTests {
    static let header = """
    source: /akn/kg/act/2030/1
    kind: law
    title: { en: Test law }
    adopted: 2030-01-10
    in_force: { from: 2030-02-01 }
    statements:

    """

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var yaml: String
        var rule: String
        var line: Int?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "YAML syntax", yaml: "source: [unclosed\n", rule: "not valid YAML", line: nil),
        Case(name: "missing required field", yaml: "kind: law\n", rule: "required field 'source'", line: 1),
        Case(name: "unknown kind", yaml: header.replacingOccurrences(of: "kind: law", with: "kind: edict") + "  []", rule: "unknown kind 'edict'", line: 2),
        Case(name: "statement without citation", yaml: header + "  - id: a\n    power: { holder: district-kenesh, power: approve-local-budget }\n", rule: "has no citation", line: 7),
        Case(name: "unknown body", yaml: header + "  - id: a\n    power: { holder: district-khural, power: approve-local-budget }\n    cite: { status: verified, provision: art_1, url: https://example.org/act, language: ru, edition: 2010-06-27 }\n", rule: "unknown body or post 'district-khural'", line: 8),
        Case(name: "unknown power", yaml: header + "  - id: a\n    power: { holder: district-kenesh, power: fly }\n    cite: { status: verified, provision: art_1, url: https://example.org/act, language: ru, edition: 2010-06-27 }\n", rule: "unknown power 'fly'", line: 8),
        Case(name: "unknown relation", yaml: header + "  - id: a\n    relation: { subject: akim, type: loves, object: district-kenesh }\n    cite: { status: verified, provision: art_1, url: https://example.org/act, language: ru, edition: 2010-06-27 }\n", rule: "unknown relation 'loves'", line: 8),
        Case(name: "unknown frequency", yaml: header + "  - id: a\n    relation: { subject: akim, type: reports-to, object: district-kenesh, frequency: weekly }\n    cite: { status: verified, provision: art_1, url: https://example.org/act, language: ru, edition: 2010-06-27 }\n", rule: "unknown frequency 'weekly': add it to vocabulary.yaml or correct the spelling (known: annual, on-request, semi-annual)", line: 8),
        Case(name: "unknown citation status", yaml: header + "  - id: a\n    power: { holder: district-kenesh, power: approve-local-budget }\n    cite: { status: probable, provision: art_1 }\n", rule: "unknown status 'probable'", line: 9),
        Case(name: "citation without provision, basis or url", yaml: header + "  - id: a\n    power: { holder: district-kenesh, power: approve-local-budget }\n    cite: { status: verified }\n", rule: "must give a provision, a basis or a url", line: 9),
        Case(name: "malformed date", yaml: header.replacingOccurrences(of: "from: 2030-02-01", with: "from: 2030-02-30"), rule: "'2030-02-30' is not a date", line: 5),
        Case(name: "an open end where only a closed date may stand", yaml: header.replacingOccurrences(of: "from: 2030-02-01", with: "from: 2030-02-01..") + "  []", rule: "'2030-02-01..' is not a date: write YYYY-MM-DD, or YYYY-MM / YYYY when only that much is known", line: 5),
        Case(name: "an open end before the statement's start", yaml: header + "  - id: a\n    principle: { id: delimitation }\n    from: 2031-01-01\n    to: \"2030-06-01..\"\n    cite: { status: verified, provision: art_1, url: https://example.org/act, language: ru, edition: 2010-06-27 }\n", rule: "dates out of order", line: nil),
        Case(name: "an open end before its source's start", yaml: header + "  - id: a\n    principle: { id: delimitation }\n    to: \"2030-01-15..\"\n    cite: { status: verified, provision: art_1, url: https://example.org/act, language: ru, edition: 2010-06-27 }\n", rule: "dates out of order: until 2030-01-15 or later but from 2030-02-01", line: 9),
        Case(name: "an open end written twice", yaml: header + "  - id: a\n    principle: { id: delimitation }\n    to: \"2031-01-01....\"\n    cite: { status: verified, provision: art_1, url: https://example.org/act, language: ru, edition: 2010-06-27 }\n", rule: "'2031-01-01....' is not a date", line: 9),
        Case(name: "dates out of order", yaml: header.replacingOccurrences(of: "in_force: { from: 2030-02-01 }", with: "in_force: { from: 2030-02-01, to: 2029-01-01 }") + "  []", rule: "dates out of order", line: 5),
        Case(name: "in force before adoption", yaml: header.replacingOccurrences(of: "from: 2030-02-01", with: "from: 2029-02-01") + "  []", rule: "before its adoption", line: 5),
        Case(name: "duplicate statement ids", yaml: header + "  - id: a\n    principle: { id: delimitation }\n    cite: { status: verified, provision: art_1, url: https://example.org/act, language: ru, edition: 2010-06-27 }\n  - id: a\n    principle: { id: within-powers }\n    cite: { status: verified, provision: art_2, url: https://example.org/act, language: ru, edition: 2010-06-27 }\n", rule: "duplicate statement id 'a'", line: 10),
        Case(name: "unknown language", yaml: header.replacingOccurrences(of: "title: { en: Test law }", with: "title: { en: Test law, de: Testgesetz }") + "  []", rule: "unknown language 'de'", line: 3),
        Case(name: "unknown field", yaml: header + "  - id: a\n    principle: { id: delimitation }\n    cite: { status: verified, provision: art_1, url: https://example.org/act, language: ru, edition: 2010-06-27 }\n    colour: red\n", rule: "unknown field 'colour'", line: 10),
        Case(name: "two things in one statement", yaml: header + "  - id: a\n    principle: { id: delimitation }\n    power: { holder: district-kenesh, power: approve-local-budget }\n    cite: { status: verified, provision: art_1, url: https://example.org/act, language: ru, edition: 2010-06-27 }\n", rule: "says more than one thing", line: 7),
        Case(name: "threshold that is not a fraction", yaml: header + "  - id: a\n    procedure: { name: no-confidence-vote, decision: { at_least: 3/2, of: total-seats } }\n    cite: { status: verified, provision: art_1, url: https://example.org/act, language: ru, edition: 2010-06-27 }\n", rule: "not a fraction", line: 8),
        Case(name: "threshold without base", yaml: header + "  - id: a\n    procedure: { name: no-confidence-vote, decision: { at_least: 2/3 } }\n    cite: { status: verified, provision: art_1, url: https://example.org/act, language: ru, edition: 2010-06-27 }\n", rule: "must say what it counts", line: 8),
        Case(name: "negative number", yaml: header + "  - id: a\n    formation: { body: akim, term_years: -4 }\n    cite: { status: verified, provision: art_1, url: https://example.org/act, language: ru, edition: 2010-06-27 }\n", rule: "must not be negative", line: 8),
        Case(name: "unknown source in 'to'", yaml: header.replacingOccurrences(of: "in_force: { from: 2030-02-01 }", with: "in_force: { from: 2030-02-01, to: { by: /akn/kg/act/2099/1 } }") + "  []", rule: "unknown source '/akn/kg/act/2099/1'", line: 5),
        Case(name: "repeal of an unknown statement", yaml: header + "  - id: a\n    repeals: [/akn/kg/act/2008/99#no-such]\n    cite: { status: verified, provision: art_1, url: https://example.org/act, language: ru, edition: 2010-06-27 }\n", rule: "unknown statement '/akn/kg/act/2008/99#no-such'", line: 7),
        Case(name: "relation to a body that does not exist on that date", yaml: header + "  - id: a\n    relation: { subject: akim, type: reports-to, object: district-kenesh }\n    cite: { status: verified, provision: art_1, url: https://example.org/act, language: ru, edition: 2010-06-27 }\n", rule: "speaks of 'district-kenesh', which does not exist on 2030-02-01", line: 7),
        // Nonsense that must not pass (issue: hardening).
        Case(name: "negative deadline", yaml: header + "  - id: a\n    procedure: { name: akim-consent-vote, if_no_proposal: { within: -20, unit: working-days, actor: akim } }\n    cite: { status: verified, provision: art_1, url: https://example.org/act, language: ru, edition: 2010-06-27 }\n", rule: "a deadline of -20 days", line: 7),
        Case(name: "a deadline beyond any count", yaml: header + "  - id: a\n    procedure: { name: akim-consent-vote, if_no_proposal: { within: 9223372036854775807, unit: working-days, actor: akim } }\n    cite: { status: verified, provision: art_1, url: https://example.org/act, language: ru, edition: 2010-06-27 }\n", rule: "a deadline of 9223372036854775807 days", line: nil),
        Case(name: "a term of zero years", yaml: header + "  - id: a\n    formation: { body: akim, term_years: 0 }\n    cite: { status: verified, provision: art_1, url: https://example.org/act, language: ru, edition: 2010-06-27 }\n", rule: "term_years is 0", line: 7),
        Case(name: "a source ended by itself", yaml: header.replacingOccurrences(of: "in_force: { from: 2030-02-01 }", with: "in_force: { from: 2030-02-01, to: { by: /akn/kg/act/2030/1 } }") + "  []", rule: "a source cannot end itself", line: 5),
        Case(name: "a statement repealing itself", yaml: header + "  - id: a\n    repeals: [/akn/kg/act/2030/1#a]\n    cite: { status: verified, provision: art_1, url: https://example.org/act, language: ru, edition: 2010-06-27 }\n", rule: "repeals itself", line: 7),
        Case(name: "a statement repealing another of its own source", yaml: header + "  - id: a\n    principle: { id: delimitation }\n    cite: { status: verified, provision: art_1, url: https://example.org/act, language: ru, edition: 2010-06-27 }\n  - id: b\n    repeals: [/akn/kg/act/2030/1#a]\n    cite: { status: verified, provision: art_2, url: https://example.org/act, language: ru, edition: 2010-06-27 }\n", rule: "statement 'b' repeals 'a' of the same source", line: 10),
        Case(name: "a binary tag", yaml: header + "  - id: a\n    principle: { id: !!binary aGVsbG8= }\n    cite: { status: verified, provision: art_1, url: https://example.org/act, language: ru, edition: 2010-06-27 }\n", rule: "tags (!)", line: 8),
        Case(name: "an anchor", yaml: header + "  - id: a\n    principle: &p { id: delimitation }\n    cite: { status: verified, provision: art_1, url: https://example.org/act, language: ru, edition: 2010-06-27 }\n", rule: "anchors (&)", line: 8),
        Case(name: "an alias", yaml: header + "  - id: a\n    procedure: { name: akim-consent-vote, voting_body: *w }\n    cite: { status: verified, provision: art_1, url: https://example.org/act, language: ru, edition: 2010-06-27 }\n", rule: "aliases (*)", line: 8),
        Case(name: "billion laughs", yaml: "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\ni: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]\nj: [*i, *i, *i, *i, *i, *i, *i, *i, *i, *i]\n", rule: "anchors (&)", line: 1),
        Case(name: "source id not Akoma Ntoso", yaml: header.replacingOccurrences(of: "/akn/kg/act/2030/1", with: "law-2030"), rule: "Akoma Ntoso work URI", line: 1),
    ]

    /// A minimal world for the fixtures: the akim exists from 2000, the district kenesh never.
    static let base = """
    source: /akn/kg/act/2000/1
    kind: law
    title: { en: Base }
    adopted: 2000-01-01
    in_force: { from: 2000-01-01 }
    statements:
      - id: akim
        establishes: { body: akim, level: district, branch: state-administration }
        cite: { status: verified, provision: art_1, url: https://example.org/act, language: ru, edition: 2010-06-27 }
      - id: kenesh
        to: 2020-12-31
        establishes: { body: district-kenesh, level: district, branch: lsg-representative }
        cite: { status: verified, provision: art_2, url: https://example.org/act, language: ru, edition: 2010-06-27 }
    """

    @Test(arguments: cases)
    func rejects(_ c: Case) {
        do {
            _ = try LegalModel.load(vocabulary: Bundled.vocabularyText,
                                    sources: [("base.yaml", Self.base), ("bad.yaml", c.yaml)])
            Issue.record("\(c.name): accepted")
        } catch let e as LegalDataErrors {
            let match = e.errors.first { $0.rule.contains(c.rule) }
            #expect(match != nil, "\(c.name): got \(e.description)")
            #expect(match?.file == "bad.yaml")
            if let line = c.line { #expect(match?.line == line, "\(c.name): \(match?.description ?? "")") }
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func twoSourcesEndingEachOther() {
        let a = Self.header.replacingOccurrences(of: "in_force: { from: 2030-02-01 }", with: "in_force: { from: 2030-02-01, to: { by: /akn/kg/act/2030/2 } }") + "  []"
        let b = a.replacingOccurrences(of: "/akn/kg/act/2030/1", with: "/akn/kg/act/2030/X").replacingOccurrences(of: "/akn/kg/act/2030/2", with: "/akn/kg/act/2030/1")
            .replacingOccurrences(of: "/akn/kg/act/2030/X", with: "/akn/kg/act/2030/2")
        do {
            _ = try LegalModel.load(vocabulary: Bundled.vocabularyText, sources: [("base.yaml", Self.base), ("a.yaml", a), ("b.yaml", b)])
            Issue.record("accepted")
        } catch let e as LegalDataErrors {
            #expect(e.errors.contains { $0.rule.contains("end each other") }, "\(e.description)")
        } catch { Issue.record("\(error)") }
    }

    static let draft = """
    source: /akn/kg/draft/2031/1
    kind: law
    draft: true
    title: { en: A draft }
    in_force: { from: 2031-01-01 }
    statements:
      - id: kenesh-back
        establishes: { body: district-kenesh, level: district, branch: lsg-representative }
        cite: { status: unverified, basis: drafter }

    """

    /// A draft among a law folder's files is checked with the law but is not law: nothing of it is
    /// in force on any day, and it is listed apart (issue: a draft in `--data` was taken as law).
    @Test func aDraftInTheFolderIsNotInForce() throws {
        let model = try LegalModel.load(vocabulary: Bundled.vocabularyText, sources: [("base.yaml", Self.base), ("draft.yaml", Self.draft)])
        #expect(model.sources.map(\.id) == ["/akn/kg/act/2000/1"])
        #expect(model.drafts.map(\.id) == ["/akn/kg/draft/2031/1"])
        let day = Day(iso: "2032-01-01")!
        #expect(model.resolve(at: day).facts["body/district-kenesh"] == nil)
        #expect(model.resolve(at: day).sourcesInForce.count == 1)
        // Applied on purpose, it takes effect.
        let applied = try model.overlaying(draft: model.drafts[0], effective: day)
        #expect(applied.resolve(at: day).facts["body/district-kenesh"] != nil)
        // Still checked: a broken draft fails the folder.
        let broken = Self.draft.replacingOccurrences(of: "district-kenesh", with: "district-khural")
        #expect(throws: LegalDataErrors.self) {
            try LegalModel.load(vocabulary: Bundled.vocabularyText, sources: [("base.yaml", Self.base), ("draft.yaml", broken)])
        }
    }

    /// A draft cannot cover for the law: the law is checked alone too (a body the law speaks of but
    /// only a draft establishes is an error), and nothing may lean on a draft (found by a review).
    @Test func theLawIsCheckedWithoutItsDrafts() {
        let speaks = Self.header + "  - id: a\n    relation: { subject: akim, type: reports-to, object: district-kenesh }\n    from: 2032-01-01\n"
            + "    cite: { status: verified, provision: art_1, url: https://example.org/act, language: ru, edition: 2010-06-27 }\n"
        do {
            _ = try LegalModel.load(vocabulary: Bundled.vocabularyText, sources: [("base.yaml", Self.base), ("law.yaml", speaks), ("draft.yaml", Self.draft)])
            Issue.record("accepted")
        } catch let e as LegalDataErrors {
            #expect(e.errors.contains { $0.file == "law.yaml" && $0.rule.contains("district-kenesh") }, "\(e.description)")
        } catch { Issue.record("\(error)") }
        let second = Self.draft.replacingOccurrences(of: "/akn/kg/draft/2031/1", with: "/akn/kg/draft/2031/2")
            .replacingOccurrences(of: "draft: true", with: "draft: true\namends: [/akn/kg/draft/2031/1]")
        do {
            _ = try LegalModel.load(vocabulary: Bundled.vocabularyText, sources: [("base.yaml", Self.base), ("draft.yaml", Self.draft), ("second.yaml", second)])
            Issue.record("accepted")
        } catch let e as LegalDataErrors {
            #expect(e.errors.contains { $0.file == "second.yaml" && $0.rule.contains("no act may amend it") }, "\(e.description)")
        } catch { Issue.record("\(error)") }
    }

    @Test func anActInForceIsNotEndedByADraft() {
        let ended = Self.header.replacingOccurrences(of: "in_force: { from: 2030-02-01 }", with: "in_force: { from: 2030-02-01, to: { by: /akn/kg/draft/2031/1 } }") + "  []"
        do {
            _ = try LegalModel.load(vocabulary: Bundled.vocabularyText, sources: [("base.yaml", Self.base), ("a.yaml", ended), ("draft.yaml", Self.draft)])
            Issue.record("accepted")
        } catch let e as LegalDataErrors {
            #expect(e.errors.contains { $0.file == "a.yaml" && $0.rule.contains("is a draft: a draft is applied alone, so no act is ended by it") }, "\(e.description)")
        } catch { Issue.record("\(error)") }
    }

    /// A draft given alone (`aimak validate FILE`, `aimak diff --draft FILE`) that ends itself.
    @Test func aSingleDraftEndingItselfIsRefused() throws {
        let model = try LegalModel.load(vocabulary: Bundled.vocabularyText, sources: [("base.yaml", Self.base)])
        let selfEnding = Self.draft.replacingOccurrences(of: "in_force: { from: 2031-01-01 }", with: "in_force: { from: 2031-01-01, to: { by: /akn/kg/draft/2031/1 } }")
        #expect(throws: LegalDataErrors.self) { try model.parseSource(selfEnding, file: "d.yaml") }
        _ = try model.parseSource(Self.draft, file: "d.yaml")
    }

    /// A statement whose end is not known ("2030-06-01..") still ends with its source: it is not
    /// in force, even uncertainly, after the act itself ended (found when Law No. 101's statements got
    /// open ends and answered after the law was repealed).
    @Test func anOpenEndStopsAtItsSourcesEnd() throws {
        let law = Self.header.replacingOccurrences(of: "in_force: { from: 2030-02-01 }", with: "in_force: { from: 2030-02-01, to: 2030-12-31 }")
            + "  - id: a\n    principle: { id: delimitation }\n    to: \"2030-06-01..\"\n"
            + "    cite: { status: verified, provision: art_1, url: https://example.org/act, language: ru, edition: 2030-06-01 }\n"
        let model = try LegalModel.load(vocabulary: Bundled.vocabularyText, sources: [("base.yaml", Self.base), ("law.yaml", law)])
        #expect(model.resolve(at: Day(iso: "2030-03-01")!).facts["principle/delimitation"]?.certainty == .certain)
        #expect(model.resolve(at: Day(iso: "2030-09-01")!).facts["principle/delimitation"]?.certainty == .uncertain)
        #expect(model.resolve(at: Day(iso: "2031-06-01")!).facts["principle/delimitation"] == nil)
    }

    @Test func anEmptyLawIsRefused() {
        #expect(throws: LegalDataErrors.self) { try LegalModel.load(vocabulary: Bundled.vocabularyText, sources: []) }
    }

    @Test func errorsAreSortedAndAFailedFileAddsNoKnockOnErrors() throws {
        // A file that does not parse, and another that ends itself by the first one's id.
        let broken = "source: [unclosed\n"
        let refers = Self.header.replacingOccurrences(of: "/akn/kg/act/2030/1", with: "/akn/kg/act/2030/3")
            .replacingOccurrences(of: "in_force: { from: 2030-02-01 }", with: "in_force: { from: 2030-02-01, to: { by: /akn/kg/act/2031/1 } }") + "  []"
        var seen: [String] = []
        for _ in 0..<3 {
            do {
                _ = try LegalModel.load(vocabulary: Bundled.vocabularyText, sources: [("base.yaml", Self.base), ("z.yaml", broken), ("a.yaml", refers)])
            } catch let e as LegalDataErrors {
                #expect(e.errors.allSatisfy { !$0.rule.hasPrefix("unknown source") }, "\(e.description)")
                #expect(e.errors.map(\.file) == e.errors.map(\.file).sorted())
                seen.append(e.description)
            }
        }
        #expect(Set(seen).count == 1)
    }

    @Test func anOversizedFileIsRefusedBeforeParsing() {
        let big = Self.header + String(repeating: "  # padding padding padding padding padding padding padding padding\n", count: 80_000)
        do {
            _ = try LegalModel.load(vocabulary: Bundled.vocabularyText, sources: [("base.yaml", Self.base), ("big.yaml", big)])
            Issue.record("accepted")
        } catch let e as LegalDataErrors {
            #expect(e.errors.contains { $0.rule.contains("a data file has at most") })
        } catch { Issue.record("\(error)") }
    }

    @Test func duplicateSourceIDsAcrossFiles() {
        #expect(throws: LegalDataErrors.self) {
            try LegalModel.load(vocabulary: Bundled.vocabularyText, sources: [("a.yaml", Self.base), ("b.yaml", Self.base)])
        }
    }

    @Test func nothingIsPartiallyLoaded() throws {
        // A good file and a bad file: the load fails as a whole.
        let bad = Self.cases.first { $0.name == "unknown power" }!.yaml
        #expect(throws: LegalDataErrors.self) {
            try LegalModel.load(vocabulary: Bundled.vocabularyText, sources: [("base.yaml", Self.base), ("bad.yaml", bad)])
        }
    }

    @Test func everyErrorOfAFileIsListed() throws {
        let yaml = Self.header + "  - id: a\n    power: { holder: nobody, power: approve-local-budget }\n    cite: { status: verified, provision: art_1, url: https://example.org/act, language: ru, edition: 2010-06-27 }\n  - id: b\n    power: { holder: akim, power: fly }\n    cite: { status: verified, provision: art_1, url: https://example.org/act, language: ru, edition: 2010-06-27 }\n"
        do {
            _ = try LegalModel.load(vocabulary: Bundled.vocabularyText, sources: [("base.yaml", Self.base), ("bad.yaml", yaml)])
            Issue.record("accepted")
        } catch let e as LegalDataErrors {
            #expect(e.errors.count == 2)
        }
    }

    @Test func malformedVocabularyIsRejected() {
        #expect(throws: LegalDataErrors.self) {
            try LegalModel.load(vocabulary: "levels:\n  district: { fr: District }\n", sources: [])
        }
    }

    @Test func theBundledLawIsValid() {
        #expect(Bundled.model.sources.count >= 14)
        #expect(Bundled.model.warnings.isEmpty, "\(Bundled.model.warnings)")
    }
}
