import AimakApp
import Foundation
import Testing
@testable import Law
import WorkingDays

/// One legal scenario read from `law/scenarios/*.yaml`.
struct Scenario: CustomTestStringConvertible, Sendable {
    var file: String
    var line: Int
    var fields: [String: Value]
    var testDescription: String { "\(file):\(line) \(fields["name"]?.description ?? "")" }

    static func all() throws -> [Scenario] {
        try ScenarioFiles.read(Bundled.lawFolder.appendingPathComponent("scenarios")).map { Scenario(file: $0.file, line: $0.line, fields: $0.fields) }
    }
}

@Suite struct LegalScenarios {
    static let scenarios = (try? Scenario.all()) ?? []

    @Test func thereAreEnoughScenarios() {
        #expect(Self.scenarios.count >= 126)
        // At least 60 of them on 2010-2026 (issue: the law from 2011 to today).
        let recent = Self.scenarios.filter { s in
            let date = s.fields["at"]?.stringValue ?? s.fields["check"]?.stringValue ?? s.fields["diff"]?.listValue?.last?.stringValue ?? ""
            return date >= "2010"
        }
        #expect(recent.count >= 60)
    }

    @Test(arguments: scenarios)
    func scenario(_ s: Scenario) throws {
        let model = Bundled.model
        let f = s.fields
        if let at = f["at"]?.stringValue, let key = f["fact"]?.stringValue {
            let system = model.resolve(at: day(at))
            let fact = system.facts[key]
            if f["expect"] == .string("absent") {
                #expect(fact?.value == nil, "expected \(key) absent, got \(fact?.value?.description ?? "nil") from \(fact.map { model.entries[$0.entry].statement.ref } ?? "")")
                return
            }
            let resolved = try #require(fact, "no statement in force speaks of \(key) on \(at)")
            let value = try #require(resolved.value, "\(key) is denied on \(at)")
            if let expected = f["expect"] {
                #expect(value.matches(expected), "\(key) on \(at): expected \(expected), got \(value)")
            }
            let entry = model.entries[resolved.entry]
            if let cite = f["cite"]?.stringValue {
                let uri = model.source(of: entry).provisionURI(entry.statement.citation.provision)
                #expect(entry.statement.ref.hasPrefix(cite) || uri.hasPrefix(cite),
                        "\(key) on \(at) rests on \(entry.statement.ref) (\(uri)), expected \(cite)")
            }
            if let status = f["status"]?.stringValue {
                #expect(entry.statement.citation.reliability.rawValue == status)
            }
            #expect(resolved.certainty.rawValue == (f["certainty"]?.stringValue ?? "certain"))
        } else if let dates = f["diff"]?.listValue, dates.count == 2 {
            let d1 = day(dates[0].stringValue!), d2 = day(dates[1].stringValue!)
            let diff = model.diff(from: d1, to: d2)
            if let acts = f["acts"]?.listValue {
                let actual = model.sourcesTakingEffect(after: d1, through: d2).map(\.id)
                #expect(actual == acts.compactMap(\.stringValue), "acts taking effect: \(actual)")
            }
            for kind in ["added", "removed", "changed"] {
                guard let expected = f[kind]?.listValue else { continue }
                let actual = Set(diff.changes(SystemDiff.Kind(rawValue: kind)!).map(\.key))
                if expected.isEmpty {
                    #expect(actual.isEmpty, "expected nothing \(kind), got \(actual.sorted())")
                }
                for key in expected.compactMap(\.stringValue) {
                    #expect(actual.contains(key), "expected \(key) \(kind); \(kind): \(actual.sorted())")
                }
            }
        } else if let at = f["check"]?.stringValue, let principle = f["principle"]?.stringValue {
            let report = model.checkPrinciples(at: day(at))
            let status = try #require(report.principles.first { $0.id == principle })
            if let inForce = f["in_force"]?.boolValue {
                #expect((status.establishedBy != nil) == inForce)
            }
            if let count = f["findings"]?.intValue {
                #expect(status.findings.count == count, "\(status.findings.map(\.rule))")
            }
            if let rule = f["finding"]?.stringValue {
                let matching = status.findings.filter { $0.rule == rule }
                #expect(!matching.isEmpty, "no \(rule) among \(status.findings.map(\.rule))")
                if let cite = f["cite"]?.stringValue {
                    #expect(matching.contains { $0.entries.contains { model.entries[$0].statement.ref.hasPrefix(cite) } })
                }
            }
        } else {
            Issue.record("scenario \(s.testDescription) asks nothing known (at+fact, diff, or check+principle)")
        }
    }
}

/// The scenario reader refuses a file of the wrong shape, naming it, rather than skipping it.
@Suite struct ScenarioFileTests {
    func folder(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("aimak-scenarios-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return url
    }

    @Test func casesAreReadInFileOrderWithTheirLines() throws {
        let url = try folder(["b.yaml": "- name: two\n  at: 2009-01-01\n", "a.yaml": "- name: one\n", "notes.txt": "not a scenario"])
        defer { try? FileManager.default.removeItem(at: url) }
        let cases = try ScenarioFiles.read(url)
        #expect(cases.map(\.file) == ["a.yaml", "b.yaml"])
        #expect(cases.map { $0.fields["name"]?.description } == ["one", "two"])
        #expect(cases[1].line == 1 && cases[1].fields["at"]?.description == "2009-01-01")
    }

    @Test func aFileOfAnotherShapeIsRefusedWithItsNameAndLine() throws {
        for (text, line) in [("name: not a list\n", 1), ("- name: fine\n- just text\n", 2)] {
            let url = try folder(["bad.yaml": text])
            defer { try? FileManager.default.removeItem(at: url) }
            #expect(throws: LegalDataError.self) { try ScenarioFiles.read(url) }
            do { _ = try ScenarioFiles.read(url) } catch let e as LegalDataError { #expect(e.file == "bad.yaml" && e.line == line, "\(e)") }
        }
        #expect(throws: (any Error).self) { try ScenarioFiles.read(URL(fileURLWithPath: "/nonexistent-aimak-folder")) }
    }
}
