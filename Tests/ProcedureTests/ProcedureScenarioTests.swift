import AimakApp
import Foundation
import Testing
@testable import Law
import LegalData
@testable import Procedures
import Territory
import WorkingDays

/// The bundled data, loaded once for all procedure tests.
enum Fixtures {
    // The bundled law as every face loads it (one loader, one process cache).
    static let law = try! LawLibrary.bundled()
    static let model = law.model
    static let calendar = law.calendar
    static let registry = law.registry
    static func context(asOf: Day) -> ProcedureContext { ProcedureContext(model: model, calendar: calendar, registry: registry, asOf: asOf) }
    static let scenarioFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("law/scenarios/procedures")
}

struct ProcedureScenario: CustomTestStringConvertible, Sendable {
    var file: String
    var name: String
    var fields: [String: Value]
    var testDescription: String { "\(file): \(name)" }

    static func all() throws -> [ProcedureScenario] {
        try ScenarioFiles.read(Fixtures.scenarioFolder).map { ProcedureScenario(file: $0.file, name: $0.fields["name"]?.description ?? "?", fields: $0.fields) }
    }

    /// The scenario as a procedure file, through the same parser the CLI uses.
    func record() throws -> ProcedureRecord {
        var m = fields
        for k in ["name", "expect", "error", "as_of"] { m.removeValue(forKey: k) }
        return try ProcedureRecord.parse(Procedures.json(.map(m)), file: file)
    }
}

@Suite struct ProcedureScenarios {
    static let scenarios = (try? ProcedureScenario.all()) ?? []

    @Test func everyProcedureHasScenarios() {
        let kinds = Set(Self.scenarios.compactMap { $0.fields["procedure"]?.stringValue })
        #expect(kinds == Set(ProcedureKind.allCases.map(\.rawValue)))
        #expect(Self.scenarios.count >= 55)
        #expect(Self.scenarios.filter { $0.fields["error"] != nil }.count >= 20)
    }

    @Test(arguments: scenarios)
    func scenario(_ s: ProcedureScenario) throws {
        let record = try s.record()
        let asOf = s.fields["as_of"]?.stringValue.flatMap { Day(iso: $0) } ?? (record.events.last?.date ?? record.started)
        let ctx = Fixtures.context(asOf: asOf)
        if let err = s.fields["error"] {
            // With or without its history, the same event is refused for the same reason.
            for keepingHistory in [true, false] {
                do {
                    _ = try ProcedureEngine.derive(record, in: ctx, keepingHistory: keepingHistory)
                    Issue.record("expected an error: \(err)")
                } catch let e as ProcedureError {
                    if let text = err["contains"]?.description { #expect(e.message.contains(text), "\(e)") }
                    if let n = err["event"]?.intValue { #expect(e.event == n, "\(e)") }
                }
            }
            return
        }
        let st = try ProcedureEngine.derive(record, in: ctx)
        // The outcome alone (what a rebuild keeps) is the outcome of the full replay.
        let outcome = try ProcedureEngine.derive(record, in: ctx, keepingHistory: false)
        #expect(outcome.phase == st.phase && outcome.finished == st.finished && outcome.post == st.post)
        #expect(outcome.summary == st.summary && outcome.rules == st.rules && outcome.next == st.next && outcome.deadlines == st.deadlines)
        #expect(outcome.history.isEmpty && outcome.sittings.isEmpty)
        guard case .map(let x) = s.fields["expect"] ?? .map([:]) else { return }
        if let phase = x["phase"]?.stringValue { #expect(st.phase == phase, "history: \(st.history.map(\.key))") }
        if let fin = x["finished"] { #expect(st.finished == (fin.description == "true")) }
        if case .map(let sum)? = x["summary"] {
            if let key = sum["key"]?.stringValue { #expect(st.summary.key == key) }
            if let counts = sum["counts"]?.listValue {
                let got = st.summary.args.compactMap { a -> Int? in if case .count(let c) = a { c } else { nil } }
                #expect(got == counts.compactMap(\.intValue), "summary: \(st.summary)")
            }
        }
        for key in x["history"]?.listValue ?? [] { #expect(st.history.contains { $0.key == key.description }, "no \(key) in \(st.history.map(\.key))") }
        for key in x["rules"]?.listValue ?? [] { #expect(st.rules.contains { $0.key == key.description }, "no \(key) in \(st.rules.map(\.key))") }
        if let next = x["next"]?.listValue {
            let unique = st.next.map(\.event).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            #expect(unique == next.map(\.description), "next: \(st.next.map(\.event))")
        }
        if let dls = x["deadlines"]?.listValue {
            #expect(dls.count == st.deadlines.count, "deadlines: \(st.deadlines.map { ($0.line.key, $0.due?.description ?? "-") })")
            for (want, got) in zip(dls, st.deadlines) {
                #expect(got.line.key == want["key"]?.description)
                if let due = want["due"]?.stringValue { #expect(got.due?.description == due, "\(got.line.key): due \(got.due?.description ?? "none")") }
                if let status = want["status"]?.stringValue {
                    let actual: String = switch got.status { case .running: "running"; case .met: "met"; case .late: "late"; case .missed: "missed" }
                    #expect(actual == status, "\(got.line.key)")
                }
                if let p = want["provisional"] { #expect(got.provisional.isEmpty == (p.description != "true")) }
            }
        }
        let refs = Set((st.rules + st.history + st.deadlines.map(\.line)).compactMap { l -> String? in
            switch l.basis { case .law(let i), .unknown(let i): Fixtures.model.entries[i].statement.ref; default: nil }
        })
        for c in x["cites"]?.listValue ?? [] { #expect(refs.contains(c.description), "\(c) not cited; cited: \(refs.sorted())") }
    }
}

@Suite struct ProcedureFiles {
    @Test func everyScenarioRoundTripsThroughTheFileFormat() throws {
        for s in ProcedureScenarios.scenarios {
            let r = try s.record()
            #expect(try ProcedureRecord.parse(r.yaml(), file: "round-trip") == r, "\(s.name)")
        }
        // Names with quotes, colons and non-Latin letters survive.
        let odd = ProcedureRecord(kind: .akimAppointment, unit: "41708222000000", started: Day(iso: "2010-03-01")!,
                                  events: [ProcedureEvent(type: "nominated", date: Day(iso: "2010-03-01")!, recordedBy: "катчы: \"Асанова\"",
                                                          fields: ["by": "prime-minister", "candidates": .list(["Өмүрбеков Ү.", "O'Neil: #1"])])])
        #expect(try ProcedureRecord.parse(odd.yaml(), file: "odd") == odd)
    }

    @Test func malformedFilesAreRefusedWithTheirPlace() throws {
        let cases: [(String, String)] = [
            ("procedure: akim-appointment\nunit: \"1\"\nstarted: 2010-13-01\n", "'started' must be a date"),
            ("procedure: mayor-of-mars\nunit: \"1\"\nstarted: 2010-03-01\n", "'procedure' must be one of"),
            ("procedure: akim-appointment\nunit: \"1\"\nstarted: 2010-03-01\ncolour: red\n", "unknown field 'colour'"),
            ("procedure: akim-appointment\nunit: \"1\"\nstarted: 2010-03-01\nevents:\n  - { date: 2010-03-01 }\n", "event 1: the event has no 'type'"),
            ("procedure: [\n", "not valid YAML"),
        ]
        for (text, message) in cases {
            do {
                _ = try ProcedureRecord.parse(text, file: "bad.yaml")
                Issue.record("accepted: \(text)")
            } catch let e as ProcedureError {
                #expect(e.description.contains(message), "\(e)")
            }
        }
    }

    @Test func minutesInKyrgyzCarryOnlyCounts() throws {
        let s = try #require(ProcedureScenarios.scenarios.first { $0.name.hasPrefix("2008 - the run-off chooses") })
        let st = try ProcedureEngine.derive(try s.record(), in: Fixtures.context(asOf: Day(iso: "2010-04-01")!))
        let ky = ProcedureText(model: Fixtures.model, language: .ky).minutes(st, html: false)
        #expect(ky.contains("СЕССИЯНЫН ПРОТОКОЛУ"))
        #expect(ky.contains("Депутаттардын жалпы саны: 31. Катышкандар: 25."))
        #expect(ky.contains("| Asanov A. | 16 |"))
        #expect(ky.contains("кворум бар"))
    }

    /// The candidates a next step can name come from the engine (the pages replayed the events for
    /// them, and offered everyone nominated in a run-off).
    @Test func theCandidatesStandingAreTheEngines() throws {
        func state(_ prefix: String, events: Int? = nil) throws -> ProcedureState {
            let s = try #require(ProcedureScenarios.scenarios.first { $0.name.hasPrefix(prefix) })
            var r = try s.record()
            if let events { r.events = Array(r.events.prefix(events)) }
            return try ProcedureEngine.derive(r, in: Fixtures.context(asOf: Day(iso: "2010-04-01")!))
        }
        let tie = try state("2008 - a tie for second place does not put the leader out of the run-off", events: 3)
        #expect(tie.phase == "run-off" && tie.candidates == ["Asanov A.", "Bekov B.", "Duishenov D."])
        let chosen = try state("2008 - consent in the first round, then the President appoints", events: 3)
        #expect(chosen.phase == "appointment" && chosen.candidates == ["Asanov A."])
        let runOff = try state("2008 - a run-off candidate not in the top two is refused", events: 3)
        #expect(runOff.phase == "run-off" && runOff.candidates == ["Asanov A.", "Bekov B."])
    }

    /// A coordination request names its addressee and what it asks for in words, in every language
    /// (a probe found "ayil-okmotu" and "work-plan" on Russian pages).
    @Test func aRequestIsSaidInWords() throws {
        let record = ProcedureRecord(kind: .coordinationRequest, unit: "41708222000000", started: Day(iso: "2015-03-02")!,
                                     events: [ProcedureEvent(type: "requested", date: Day(iso: "2015-03-02")!,
                                                             fields: ["to": .string("ayil-okmotu"), "subject": .string("work-plan"), "within_working_days": .int(10)])])
        let st = try ProcedureEngine.derive(record, in: Fixtures.context(asOf: Day(iso: "2015-03-03")!))
        let ru = ProcedureText(model: Fixtures.model, language: .ru)
        let text = (st.history + [st.summary] + st.deadlines.map(\.line)).map { ru.sentence($0) }.joined(separator: " | ")
        #expect(text.contains("план работы") && !text.contains("work-plan") && !text.contains("ayil-okmotu"), "\(text)")
    }

    /// Where the law gives no majority, the minutes say whom the session declared chosen (a probe
    /// found them ending on "record the declared result" with the result recorded).
    @Test func minutesSayTheDeclaredResult() throws {
        let s = try #require(ProcedureScenarios.scenarios.first { $0.name.hasPrefix("2011 - no majority in the data; the declared result is recorded") })
        let st = try ProcedureEngine.derive(try s.record(), in: Fixtures.context(asOf: Day(iso: "2012-03-01")!))
        let ru = ProcedureText(model: Fixtures.model, language: .ru).minutes(st, html: false)
        #expect(ru.contains("сессия объявила избранным: Asanov A."), "\(ru)")
        #expect(!ru.contains("тайное"), "the law in the data does not say the ballot is secret")
    }
}
