import AimakApp
import Foundation
@testable import Law
import Territory
import Testing
import WorkingDays

/// Territory scenarios read from `law/scenarios/territory/*.yaml`: a unit on a date, the units of a
/// type under a parent on a date, or the ayil aimaks known by name only in a district on a date,
/// against the bundled registry.
struct TerritoryScenario: CustomTestStringConvertible, Sendable {
    var file: String
    var line: Int
    var fields: [String: Value]
    var testDescription: String { "\(file):\(line) \(fields["name"]?.description ?? "")" }

    static func all() throws -> [TerritoryScenario] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("law/scenarios/territory")
        return try ScenarioFiles.read(folder).map { TerritoryScenario(file: $0.file, line: $0.line, fields: $0.fields) }
    }
}

@Suite struct TerritoryScenarioTests {
    static let scenarios = (try? TerritoryScenario.all()) ?? []

    @Test func thereAreScenarios() { #expect(Self.scenarios.count >= 12) }

    @Test(arguments: scenarios)
    func scenario(_ s: TerritoryScenario) throws {
        let registry = Data.registry
        let at = try #require(s.fields["at"]?.description).flatMap { Day(iso: $0) }
        let on = try #require(at, "a scenario needs 'at' (YYYY-MM-DD)")
        if case .map(let children)? = s.fields["children"] {
            let parent = try #require(children["of"]?.description)
            let type = children["type"]?.description
            let codes = registry.children(of: parent, on: on).filter { type == nil || $0.0.type.rawValue == type }.map(\.0.code).sorted()
            guard case .list(let expected)? = s.fields["expect"] else { Issue.record("'expect' must list codes"); return }
            #expect(codes == expected.map(\.description).sorted())
            return
        }
        if let district = s.fields["named"]?.description {
            // The ayil aimaks known by name only (kg-named-units.csv) listed under a district on the day.
            // A mistyped code must not pass as "none known".
            #expect(registry.unit(district, on: on)?.0.type == .district, "\(district) is not a district on \(on)")
            let names = TerritoryWording.namedUnits(try LawLibrary.namedUnits(), registry, on: on)
                .filter { $0.districtCode == district }.map { $0.name(.en) }.sorted()
            guard case .list(let expected)? = s.fields["expect"] else { Issue.record("'expect' must list English names"); return }
            #expect(names == expected.map(\.description).sorted())
            return
        }
        let code = try #require(s.fields["unit"]?.description)
        let found = registry.unit(code, on: on)
        if s.fields["expect"] == .string("absent") {
            #expect(found == nil, "\(code) exists on \(on) (\(found.map { "\($0.0.names)" } ?? ""))")
            return
        }
        let (unit, existence) = try #require(found, "\(code) does not exist on \(on)")
        guard case .map(let expect)? = s.fields["expect"] else { Issue.record("'expect' must be absent or a mapping"); return }
        for (key, value) in expect {
            switch key {
            case "certainty": #expect(existence.rawValue == value.description)
            case "type": #expect(unit.type.rawValue == value.description)
            case "parent": #expect(unit.parentCode == value.description)
            case "name_ru": #expect(unit.names[.ru] == value.description)
            case "name_ky": #expect(unit.names[.ky] == value.description)
            case "name_en": #expect(unit.names[.en] == value.description)
            default: Issue.record("unknown expectation '\(key)'")
            }
        }
    }
}
