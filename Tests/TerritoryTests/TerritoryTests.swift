import AimakApp
import Foundation
import Law
import LegalData
import Testing
import WorkingDays
@testable import Territory

enum Data {
    // The bundled law and registry as every face loads them (one loader, one process cache).
    static let registry = try! LawLibrary.registry(nil)
    static let model = try! LawLibrary.model(.bundled)
    static func fixture(_ name: String) -> String {
        let url = Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Fixtures")!
        return try! String(contentsOf: url, encoding: .utf8)
    }
}

func day(_ s: String) -> Day { Day(iso: s)! }

@Suite struct RegistryTests {
    func counts(_ d: String) -> [UnitType: Int] {
        var c: [UnitType: Int] = [:]
        Data.registry.units(on: day(d)).forEach { c[$0.0.type, default: 0] += 1 }
        return c
    }

    @Test func countsBeforeTheReform() {
        let c = counts("2023-06-01")
        #expect(c[.oblast] == 7)
        #expect(c[.cityRepublican] == 2)
        #expect(c[.district] == 40)
        #expect(c[.cityDistrict] == 4)
        #expect(c[.cityOblast] == 13)
        #expect(c[.cityDistrictSignificance] == 17)
        #expect(c[.ayilAimak] == 452)
        #expect(c[.village] == 1893)
    }

    @Test func ayilAimaksBeforeTheFebruary2021Change() {
        // Bazar-Korgon was still an ayil aimak (453) at the start of 2021, a town after February 2021.
        #expect(counts("2021-01-15")[.ayilAimak] == 453)
        #expect(counts("2021-01-15")[.cityDistrictSignificance] == 16)
    }

    @Test func countsAfterTheReformShowTheGap() {
        let c = counts("2026-06-01")
        #expect(c[.oblast] == 7)
        #expect(c[.district] == 40)
        #expect(c[.cityOblast] == 14)
        #expect(c[.cityDistrictSignificance] == 18)
        // Of the consolidated ayil aimaks only those with a known code are in the dataset; the
        // districts whose new units are unknown are named.
        #expect(c[.ayilAimak, default: 0] < 10)
        let missing = TerritoryWording.districtsWithoutAyilAimaks(Data.registry, on: day("2026-06-01"))
        #expect(missing.count >= 30 && missing.contains { $0.code == "41708222000000" }, "Sokuluk's new ayil aimaks are not known")
        #expect(TerritoryWording.districtGapNote(Data.registry, on: day("2023-06-01"), .en) == nil)
        #expect(c[.settlement, default: 0] == 0)
        #expect(Data.registry.lastListed(.ayilAimak) != nil)
    }

    @Test func inside2024PreReformAyilAimaksAreUncertain() {
        let units = Data.registry.units(on: day("2024-06-01")).filter { $0.0.type == .ayilAimak }
        #expect(units.count >= 452)
        #expect(units.allSatisfy { $0.1 == .uncertain })
    }

    @Test func reusedCodesKeepTheirVersions() {
        let r = Data.registry
        #expect(r.history("41703410000010").count == 2)
        #expect(r.unit("41703410000010", on: day("2025-01-01"))?.0.names[.en] == "Jalal-Abad")
        #expect(r.unit("41703410000010", on: day("2026-01-01"))?.0.names[.en] == "Manas")
        #expect(r.unit("41707215000000", on: day("2024-06-01"))?.0.names[.en] == "Aitmatov District")
    }

    @Test func aDayBeforeAnyDataIsRefused() {
        #expect(throws: TerritoryQueryError.self) { try Data.registry.check(day("1980-01-01")) }
        #expect(throws: Never.self) { try Data.registry.check(day("2009-01-01")) }
    }
}

@Suite struct SearchTests {
    let index = NameIndex(Data.registry)

    @Test(arguments: ["Сокулук", "sokuluk", "Sokuluk District", "СОКУЛУКСКИЙ РАЙОН", "Сокулук району"])
    func findsSokulukInEveryScript(_ text: String) {
        let found = index.find(text, in: Data.registry)
        #expect(found.contains { $0.code == "41708222000000" }, "\(text): \(found.prefix(3).map(\.code))")
    }

    @Test func diacriticsAndRomanisationsMeet() {
        #expect(index.find("Jeti-Oguz", in: Data.registry).contains { $0.code == "41702210000000" })
        #expect(index.find("Жети-Огуз", in: Data.registry).contains { $0.code == "41702210000000" })
        #expect(index.find("Ysyk-Kol", in: Data.registry).first?.type == .oblast)
        #expect(index.find("Issyk-Kul", in: Data.registry).contains { $0.code == "41702000000000" })
    }

    @Test func ambiguousNamesListEveryMatch() {
        let found = index.find("Ак-Суу", in: Data.registry).filter { $0.type == .ayilAimak }
        #expect(Set(found.map(\.parentCode)).count >= 3)
    }

    @Test func byCode() {
        #expect(index.find("41708222", in: Data.registry).first?.code == "41708222000000")
    }
}

@Suite struct GovernanceTests {
    func ids(_ type: UnitType, _ d: String) -> Set<String> {
        Set(Governance(model: Data.model, day: day(d)).bodies(for: type).map(\.id))
    }
    func formation(_ body: String, _ field: String, _ type: UnitType, _ d: String) -> Value? {
        Governance(model: Data.model, day: day(d)).bodies(for: type).first { $0.id == body }?
            .formation.first { $0.key == "formation/\(body)/\(field)" }?.value
    }

    @Test func aDistrictIn2009() {
        let b = ids(.district, "2009-01-01")
        #expect(b.isSuperset(of: ["district-kenesh", "district-state-administration", "akim"]))
        #expect(formation("akim", "by", .district, "2009-01-01") == .string("president"))
    }

    @Test func aDistrictIn2013HasNoKeneshButAJointMeeting() {
        let b = ids(.district, "2013-01-01")
        #expect(!b.contains("district-kenesh"))
        #expect(b.contains("joint-meeting-of-keneshes"))
        #expect(formation("akim", "by", .district, "2013-01-01") == .string("prime-minister"))
    }

    @Test func anAyilAimakIn2015And2022() {
        #expect(ids(.ayilAimak, "2015-01-01").isSuperset(of: ["ayil-kenesh", "ayil-okmotu", "head-of-ayil-okmotu"]))
        #expect(formation("head-of-ayil-okmotu", "by", .ayilAimak, "2015-01-01") == .string("ayil-kenesh"))
        #expect(formation("head-of-ayil-okmotu", "by", .ayilAimak, "2022-01-01") == .string("akim"))
    }

    @Test func townsAndCitiesGetTheirOwnMayorsAfter2021() {
        #expect(ids(.cityDistrictSignificance, "2022-01-01").contains("mayor-of-district-town"))
        #expect(!ids(.cityDistrictSignificance, "2022-01-01").contains("mayor"))
        #expect(ids(.cityOblast, "2022-01-01").contains("mayor"))
        #expect(ids(.cityDistrictSignificance, "2015-01-01").contains("mayor"))
    }

    @Test func theSovietEraHasSoviets() {
        #expect(ids(.district, "1985-01-01").contains("local-soviet"))
    }

    @Test func bishkekDistrictsHaveNoLevelInTheModel() {
        #expect(ids(.cityDistrict, "2022-01-01").isEmpty)
    }

    @Test func popoloExport() throws {
        let p = PopoloExport(registry: Data.registry, model: Data.model, language: .en).build(on: day("2022-01-01"))
        let areas = try #require(p["areas"] as? [[String: Any]])
        let orgs = try #require(p["organizations"] as? [[String: Any]])
        let posts = try #require(p["posts"] as? [[String: Any]])
        #expect(areas.count > 2000)
        let sokuluk = try #require(areas.first { $0["id"] as? String == "soate:41708222000000" })
        #expect(sokuluk["parent_id"] as? String == "soate:41708000000000")
        #expect(orgs.contains { $0["id"] as? String == "soate:41708222000000/org/district-state-administration" })
        let akim = try #require(posts.first { $0["id"] as? String == "soate:41708222000000/post/akim" })
        #expect(akim["organization_id"] as? String == "soate:41708222000000/org/district-state-administration")
        #expect((akim["formation"] as? [String: String])?["by"] == "President")
        #expect(JSONSerialization.isValidJSONObject(p))
    }
}

@Suite struct LoaderTests {
    @Test func theBundledDatasetLoads() {
        #expect(Data.registry.units.count == 2450)
    }

    @Test func aValidFixtureLoadsWithQuotesVersionsAndImpreciseDates() throws {
        let r = try TerritorialRegistry(csv: Data.fixture("valid"), file: "valid.csv")
        #expect(r.units.count == 6)
        #expect(r.units.first { $0.code == "41702205000000" }?.notes == "A note, with a comma")
        #expect(r.unit("41702205000000", on: day("2025-06-15"))?.1 == .uncertain)
        #expect(r.unit("41702205000000", on: day("2025-07-01"))?.0.names[.en] == "Renamed District")
        #expect(r.unit("41702205800000", on: day("2025-01-01")) == nil)
    }

    @Test(arguments: [
        ("malformed-code", "code", "14-digit"),
        ("unknown-type", "type", "unknown type 'county'"),
        ("bad-date", "valid_from", "is not a date"),
        ("reversed-dates", "valid_to", "valid until 2023 but only from 2024"),
        ("parent-missing", "parent_code", "is not in the file"),
        ("parent-not-yet", "parent_code", "does not exist when this unit starts"),
        ("overlapping", "valid_from", "valid twice at once"),
        ("duplicate-key", "code", "must be unique"),
        ("cycle", "parent_code", "cycle of parents"),
        ("no-name", "name_ru", "needs a name"),
        ("bad-iso", "iso_3166_2", "not an ISO 3166-2:KG code"),
        ("columns", "-", "columns, expected 12"),
        ("bad-header", "header", "expected the columns"),
        ("unterminated-quote", "-", "never closed"),
    ])
    func rejects(_ fixture: String, _ field: String, _ words: String) {
        do {
            _ = try TerritorialRegistry(csv: Data.fixture(fixture), file: "\(fixture).csv")
            Issue.record("\(fixture) loaded")
        } catch {
            #expect(error.errors.contains { $0.field == field && $0.rule.contains(words) }, "\(error)")
            #expect(error.errors.allSatisfy { $0.line >= 1 && $0.file == "\(fixture).csv" })
        }
    }
}
