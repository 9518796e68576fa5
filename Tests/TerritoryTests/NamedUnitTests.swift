import AimakApp
import Law
import Testing
import WorkingDays
@testable import Territory

/// The ayil aimaks known only by name (`kg-named-units.csv`): the bundled file is read and
/// checked, each unit is listed under its district from the date of its source, and a file that
/// breaks a rule is refused with its line and column.
@Suite struct NamedUnitTests {
    static let header = NamedUnits.columns.joined(separator: ",")
    static let nookat = "41706242000000", kemin = "41708213000000", moskva = "41708217000000"

    /// After the 2024 reform the villages of the ended ayil aimaks are not lost from the tree, a
    /// unit's page or its children: each is under the nearest unit listed above it (a probe found
    /// 1,855 of them only as a count in the JSON and on no page).
    @Test func villagesOfAnEndedAyilAimakStayUnderTheNearestUnitListed() throws {
        let queries = TerritoryQueries(registry: Data.registry, law: LawQueries(model: Data.model, language: .en))
        for date in ["2026-11-30", "2022-01-01", "2009-01-01"] {
            let tree = queries.tree(on: day(date))
            func lost(_ n: UnitNode) -> Int { (n.childrenWhoseParentIsNotListed?.count ?? 0) + (n.children ?? []).map(lost).reduce(0, +)
                + (n.childrenWhoseParentIsNotListed ?? []).map(lost).reduce(0, +) }
            #expect(tree.tree.map(lost).reduce(0, +) == tree.unitsWhoseParentIsNotListed, "\(date)")
        }
        #expect(queries.tree(on: day("2026-11-30")).unitsWhoseParentIsNotListed > 1000)
        let akSuu = try queries.unit("41702205000000", on: day("2026-11-30"))
        #expect(akSuu.children.isEmpty && akSuu.childrenWhoseParentIsNotListed.count > 40)
        let village = try queries.unit(akSuu.childrenWhoseParentIsNotListed[0].code, on: day("2026-11-30"))
        #expect(village.parent == nil && village.nearestListedAncestor?.code == "41702205000000")
    }

    /// A village moved to a new ayil aimak is under that one only, on every day: not also among
    /// the units of an ended one, before or after the move (found by a review).
    @Test func aMovedVillageIsListedOnce() throws {
        let akSuu = "41702205000000", village = "41702205805010", new = "41702205899000"
        let created = TerritorialChange(kind: .create, effective: "2025-03-01", basis: "Law No. 1 (2025)",
                                        unit: .init(code: new, type: "ayil-aimak", names: ["en": "New Aimak"], parent: akSuu))
        let moved = TerritorialChange(kind: .changeParent, effective: "2025-03-01", basis: "Law No. 1 (2025)", code: village, parent: new)
        let registry = try Data.registry.applying([created, moved])
        let queries = TerritoryQueries(registry: registry, law: LawQueries(model: Data.model, language: .en))
        for date in ["2020-06-01", "2025-06-01", "2026-11-30"] {
            let tree = queries.tree(on: day(date))
            var seen: [String: Int] = [:]
            func walk(_ n: UnitNode) {
                seen[n.code, default: 0] += 1
                (n.children ?? []).forEach(walk)
                (n.childrenWhoseParentIsNotListed ?? []).forEach(walk)
            }
            tree.tree.forEach(walk)
            #expect(seen[village] == 1, "\(date): \(seen[village] ?? 0)")
            #expect(seen.values.allSatisfy { $0 == 1 }, "\(date): \(seen.filter { $0.value > 1 }.keys.sorted().prefix(5))")
        }
        #expect(try queries.unit(akSuu, on: day("2025-06-01")).childrenWhoseParentIsNotListed.allSatisfy { $0.code != village })
    }

    @Test func theBundledFileIsReadAndChecked() throws {
        let named = try LawLibrary.namedUnits()
        #expect(named.count >= 97)
        #expect(named.allSatisfy { Data.registry.history($0.districtCode).contains { $0.type == .district } })
        let mingBulak = try #require(named.first { $0.names[.en] == "Ming-Bulak" })
        #expect(mingBulak.districtCode == Self.moskva)
        #expect(mingBulak.composition == .stated)
        #expect(mingBulak.formedFrom.count == 3)
        #expect(mingBulak.formedFrom.allSatisfy { Data.registry.history($0).last?.type == .ayilAimak })
    }

    /// Nookat's thirteen units, named by the election commission's scheme of 2025-10-01, are
    /// listed on that day and after, and not before; the district's pre-reform units are the
    /// registry's before the reform.
    @Test func aDistrictsUnitsAreListedFromTheirSourcesDate() throws {
        let law = LawQueries(model: Data.model, language: .en)
        let queries = TerritoryQueries(registry: Data.registry, law: law)
        let today = queries.tree(on: day("2026-11-30"))
        let nookat = today.namedUnits.filter { $0.districtCode == Self.nookat }
        #expect(nookat.count == 13)
        #expect(nookat.allSatisfy { $0.knownOn == "2025-10-01" && $0.district == "Nookat District" })
        #expect(queries.tree(on: day("2025-09-30")).namedUnits.filter { $0.districtCode == Self.nookat }.isEmpty)
        #expect(queries.tree(on: day("2023-06-01")).namedUnits.isEmpty)
        let gap = try #require(today.gaps.last)
        #expect(gap.contains("listed by name only") && gap.contains("Nookat District"))
        let unknown = try #require(gap.components(separatedBy: "nothing is known of the post-reform units of these districts: ").dropFirst().first)
        #expect(unknown.contains("Jumgal District") && !unknown.contains("Nookat District") && !unknown.contains("Kemin District"))
        // Kemin's four, from the scheme's electoral district No. 26 as reprinted on election day.
        let kemin = today.namedUnits.filter { $0.districtCode == Self.kemin }
        #expect(kemin.compactMap { $0.names["en"] }.sorted() == ["Chon-Kemin", "Chym-Korgon", "Kichi-Kemin", "Kyzyl-Oktyabr"])
        #expect(kemin.allSatisfy { $0.knownOn == "2025-10-01" && $0.sourceURL.contains("gazeta.kg") })
        // Keng-Talaa (Leilek) is the pre-reform Margun, renamed by the Batken law of 2022.
        let kengTalaa = try #require(today.namedUnits.first { $0.names["en"] == "Keng-Talaa" })
        #expect(kengTalaa.formedFrom.map(\.code) == ["41705236806000"] && kengTalaa.composition == "renamed")
        let ming = try #require(today.namedUnits.first { $0.names["en"] == "Ming-Bulak" })
        #expect(ming.formedFrom.map(\.code) == ["41708217809000", "41708217837000", "41708217840000"])
    }

    /// A named unit is not listed while the units it replaces are certainly in force, nor once a
    /// unit of its name is in the registry with its code; in the year the old units end (known
    /// only to the year) both are listed, the old ones as uncertain.
    @Test func aNamedUnitGivesWayToTheUnitsItReplacesAndToItsCode() throws {
        let rows = [Self.header,
                    "\(Self.moskva),,Тест айылный аймак,Test,2020,,unknown,https://example.org,,",
                    "41706207000000,,Памир-Алайский айылный аймак,Pamir-Alay,2024,,unknown,https://example.org,,"]
        let named = try NamedUnits.parse(rows.joined(separator: "\n"), registry: Data.registry)
        func listed(_ d: String) -> [String] { TerritoryWording.namedUnits(named, Data.registry, on: day(d)).map { $0.name(.en) } }
        #expect(listed("2023-06-01").isEmpty, "the pre-reform units are certainly in force")
        #expect(listed("2024-06-01").contains("Test"), "in 2024 the old units are uncertain")
        #expect(listed("2026-11-30") == ["Test"], "Pamir-Alay is in the registry with its code")
    }

    @Test func aRegistryOfOtherUnitsGetsNone() throws {
        let other = try TerritorialRegistry(csv: Data.fixture("valid"), file: "valid.csv")
        #expect(TerritoryQueries(registry: other, law: LawQueries(model: Data.model, language: .en)).named.isEmpty)
    }

    func refused(_ rows: [String]) -> [String] {
        do {
            _ = try NamedUnits.parse(([Self.header] + rows).joined(separator: "\n"), registry: Data.registry)
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test func aFileThatBreaksARuleIsRefusedWithItsPlace() {
        let ok = "\(Self.nookat),,Бельский айылный аймак,Bel,2025-10-01,,unknown,https://example.org/a,2025-10-01,"
        #expect(refused([ok]).isEmpty)
        #expect(refused(["41799999000000,,X айылный аймак,X,2025,,unknown,https://example.org,,"]) == ["kg-named-units.csv:2 [district_code]: unknown code '41799999000000'"])
        #expect(refused(["41702205805010,,X айылный аймак,X,2025,,unknown,https://example.org,,"]).first?.contains("not a district") == true)
        #expect(refused([ok, "\(Self.kemin),,X,X,2025-13-01,,unknown,https://example.org,,"]) == ["kg-named-units.csv:3 [known_on]: '2025-13-01' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"])
        // Formed from a unit of another district, or from a village.
        #expect(refused(["\(Self.nookat),,X,X,2025,41708213804000,stated,https://example.org,,"]) == ["kg-named-units.csv:2 [formed_from]: ayil aimak '41708213804000' is not in district '\(Self.nookat)'"])
        #expect(refused(["\(Self.nookat),,X,X,2025,41702205805010,stated,https://example.org,,"]).first?.contains("is not an ayil aimak") == true)
        #expect(refused(["\(Self.nookat),,X,X,2025,,stated,https://example.org,,"]).first?.contains("names no unit it was formed from") == true)
        #expect(refused(["\(Self.nookat),,X,X,2025,41706242808000,unknown,https://example.org,,"]).first?.contains("say how they are known") == true)
        #expect(refused(["\(Self.nookat),,X,X,2025,41706242808000+41706242811000,renamed,https://example.org,,"]).first?.contains("exactly one former unit") == true)
        #expect(refused(["\(Self.nookat),,X,X,2025,,guessed,https://example.org,,"]).first?.contains("[composition]") == true)
        #expect(refused(["\(Self.nookat),,,X,2025,,unknown,https://example.org,,"]).first?.contains("Kyrgyz or Russian name") == true)
        #expect(refused(["\(Self.nookat),,X,X,2025,,unknown,,,"]).first?.contains("needs the source") == true)
        #expect(refused([ok, ok]) == ["kg-named-units.csv:3 [name_en]: 'Bel' is listed twice in district '\(Self.nookat)'"])
        #expect(refused(["\(Self.nookat),X"]) == ["kg-named-units.csv:2 [-]: 2 fields, expected 10"])
        #expect(refused(["\(Self.nookat),,X,X,2025,,unknown,javascript:alert(1),,"]).first?.contains("not an http(s) address") == true)
        do {
            _ = try NamedUnits.parse("code,name\n", registry: Data.registry)
            Issue.record("a wrong header was accepted")
        } catch {
            #expect(error.errors.first?.field == "header")
        }
    }
}
