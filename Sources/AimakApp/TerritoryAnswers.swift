import Law
import Territory
import WorkingDays

/// A unit in the tree on a day.
public struct UnitNode: Codable, Sendable, Equatable {
    public var code: String
    public var type: String
    public var names: [String: String]
    /// certain, or uncertain when the unit's dates are known only to the year or month.
    public var certainty: String
    public var children: [UnitNode]?
    /// Units recorded under a child that does not exist on the day (villages of a pre-reform ayil
    /// aimak after the 2024 reform): shown under this, the nearest unit listed, as a gap of the data.
    public var childrenWhoseParentIsNotListed: [UnitNode]?
    enum CodingKeys: String, CodingKey {
        case code, type, names, certainty, children
        case childrenWhoseParentIsNotListed = "children_whose_parent_is_not_listed"
    }
}

/// An ayil aimak known by name, without a classifier code, on a day (`kg-named-units.csv`).
public struct NamedUnitAnswer: Codable, Sendable, Equatable {
    public struct Former: Codable, Sendable, Equatable {
        public var code: String
        public var name: String
    }
    public var districtCode: String
    public var district: String
    public var names: [String: String]
    /// The day from which a source attests it (it existed then); null when undated.
    @Null public var knownOn: String?
    /// The pre-reform ayil aimaks it was formed from, where known.
    public var formedFrom: [Former]
    /// How `formed_from` is known: stated, renamed, inferred or unknown.
    public var composition: String
    public var sourceURL: String
    public var notes: String
    enum CodingKeys: String, CodingKey {
        case district, names, composition, notes
        case districtCode = "district_code", knownOn = "known_on", formedFrom = "formed_from", sourceURL = "source_url"
    }
}

/// The registry on a day: counts per type, the dataset's gaps, the tree, and the ayil aimaks
/// known only by name.
public struct TerritoryTreeAnswer: Codable, Sendable, Equatable {
    public var date: String
    public var counts: [String: Int]
    public var gaps: [String]
    public var unitsWhoseParentIsNotListed: Int
    public var tree: [UnitNode]
    /// Ayil aimaks a source names on or before the day, whose classifier code is not known (not
    /// in `counts` or `tree`), by district.
    public var namedUnits: [NamedUnitAnswer]
    enum CodingKeys: String, CodingKey {
        case date, counts, gaps, tree
        case unitsWhoseParentIsNotListed = "units_whose_parent_is_not_listed", namedUnits = "named_units"
    }
}

/// A unit found by name or code.
public struct UnitMatchAnswer: Codable, Sendable, Equatable {
    public var code: String
    public var type: String
    public var names: [String: String]
    @Null public var parentCode: String?
    public var parent: String
    @Null public var validFrom: String?
    @Null public var validTo: String?
    enum CodingKeys: String, CodingKey { case code, type, names, parent, parentCode = "parent_code", validFrom = "valid_from", validTo = "valid_to" }
}

/// A unit on a day: names, place in the tree, history, and the bodies that govern it by the law in force.
public struct UnitAnswer: Codable, Sendable, Equatable {
    public struct Ref: Codable, Sendable, Equatable {
        public var code: String
        public var name: String
        public var type: String?
    }
    public struct Version: Codable, Sendable, Equatable {
        @Null public var validFrom: String?
        @Null public var validTo: String?
        public var names: [String: String]
        public var type: String
        public var sources: [String]
        @Null public var notes: String?
        enum CodingKeys: String, CodingKey { case names, type, sources, notes, validFrom = "valid_from", validTo = "valid_to" }
    }
    public struct BodyAnswer: Codable, Sendable, Equatable {
        public var id: String
        public var label: String
        public var branch: String
        public var isPost: Bool
        public var cite: CitationAnswer
        public var formation: [FactAnswer]
        enum CodingKeys: String, CodingKey { case id, label, branch, cite, formation, isPost = "is_post" }
    }
    public var code: String
    public var date: String
    public var type: String
    public var certainty: String
    public var names: [String: String]
    @Null public var iso31662: String?
    @Null public var adminCenter: String?
    @Null public var parent: Ref?
    public var children: [Ref]
    /// Units recorded under a child that does not exist on the day (see `UnitNode`).
    public var childrenWhoseParentIsNotListed: [Ref]
    /// When the recorded parent does not exist on the day: the nearest unit above it that does.
    @Null public var nearestListedAncestor: Ref?
    public var history: [Version]
    public var bodies: [BodyAnswer]
    /// For a district: its ayil aimaks known by name only on the day.
    public var namedUnits: [NamedUnitAnswer]
    enum CodingKeys: String, CodingKey {
        case code, date, type, certainty, names, parent, children, history, bodies
        case iso31662 = "iso_3166_2", adminCenter = "admin_center", namedUnits = "named_units"
        case childrenWhoseParentIsNotListed = "children_whose_parent_is_not_listed", nearestListedAncestor = "nearest_listed_ancestor"
    }
}

/// The questions about the territory, answered in one language.
public struct TerritoryQueries: Sendable {
    public let registry: TerritorialRegistry
    public let law: LawQueries
    public var language: Language { law.language }

    /// Ayil aimaks known only by name, in districts of this registry.
    public let named: [NamedUnit]

    /// With `named` nil, the bundled named units whose districts this registry has (none for a
    /// registry of other units).
    public init(registry: TerritorialRegistry, law: LawQueries, named: [NamedUnit]? = nil) {
        (self.registry, self.law) = (registry, law)
        self.named = named ?? Self.bundledNamedUnits(in: registry)
    }

    /// The bundled named units whose district is in `registry`. The file was checked when the
    /// binary was built (the law compiler refuses a broken row), so reading it here cannot fail
    /// but for a damaged installation, which then answers without them.
    public static func bundledNamedUnits(in registry: TerritorialRegistry) -> [NamedUnit] {
        ((try? LawLibrary.namedUnits()) ?? []).filter { n in registry.history(n.districtCode).contains { $0.type == .district } }
    }

    /// The named units listed on a day, by district and name; with `district`, that district's only.
    public func namedUnits(on day: Day, in district: String? = nil) -> [NamedUnitAnswer] {
        TerritoryWording.namedUnits(named.filter { district == nil || $0.districtCode == district }, registry, on: day).map { n in
            let district = registry.unit(n.districtCode, on: day)?.0
            return NamedUnitAnswer(
                districtCode: n.districtCode, district: district?.name(language) ?? n.districtCode,
                names: Dictionary(uniqueKeysWithValues: n.names.map { ($0.key.rawValue, $0.value) }), knownOn: n.knownOn?.written,
                formedFrom: n.formedFrom.map { code in .init(code: code, name: registry.history(code).last?.name(language) ?? code) },
                composition: n.composition.rawValue, sourceURL: n.sourceURL, notes: n.notes)
        }
    }

    /// A day the dataset speaks of.
    public func day(_ iso: String?, today: Day) throws -> Day {
        guard let iso else { return today }
        guard let d = Day(iso: iso) else { throw AppError.badInput("'\(iso)' is not a date: write YYYY-MM-DD, e.g. 2009-01-01") }
        try registry.check(d)
        return d
    }

    public func tree(on day: Day, depth: Int? = nil) -> TerritoryTreeAnswer {
        let present = registry.units(on: day)
        var counts: [UnitType: Int] = [:]
        present.forEach { counts[$0.0.type, default: 0] += 1 }
        let existing = Set(present.map(\.0.code))
        func node(_ u: TerritorialUnit, _ e: TerritorialUnit.Existence, _ level: Int) -> UnitNode {
            let deeper = depth.map { level < $0 } ?? true
            let kids = deeper ? registry.children(of: u.code, on: day) : []
            let lost = deeper ? childrenWhoseParentIsNotListed(of: u.code, on: day) : []
            return UnitNode(code: u.code, type: u.type.rawValue, names: u.namesByLanguage, certainty: e.rawValue,
                            children: kids.isEmpty ? nil : kids.map { node($0.0, $0.1, level + 1) },
                            childrenWhoseParentIsNotListed: lost.isEmpty ? nil : lost.map { node($0.0, $0.1, level + 1) })
        }
        let roots = present.filter { $0.0.parentCode == nil }.sorted { $0.0.code < $1.0.code }
        return TerritoryTreeAnswer(
            date: day.description,
            counts: Dictionary(uniqueKeysWithValues: UnitType.allCases.map { ($0.rawValue, counts[$0] ?? 0) }),
            gaps: UnitType.allCases.filter { (counts[$0] ?? 0) == 0 }.compactMap { TerritoryWording.gapNote($0, registry, .en) }
                + [TerritoryWording.districtGapNote(registry, named: named, on: day, .en)].compactMap { $0 },
            unitsWhoseParentIsNotListed: present.filter { $0.0.parentCode.map { !existing.contains($0) } ?? false }.count,
            tree: roots.map { node($0.0, $0.1, 1) },
            namedUnits: namedUnits(on: day))
    }

    /// The units recorded under a child of `code` that does not exist on the day (the villages of
    /// an ayil aimak the 2024 reform ended, whose successor the dataset does not list), by code.
    public func childrenWhoseParentIsNotListed(of code: String, on day: Day) -> [(TerritorialUnit, TerritorialUnit.Existence)] {
        // Down through every level that is gone (an ayil aimak and its district both ended), so each
        // unit is shown under the nearest unit above it that is listed.
        // `children` holds every version ever recorded under a parent: a unit counts here only if its
        // version on the day is still recorded under the unit that is gone, and only a unit that has
        // ended is looked into (not one that does not exist yet).
        var found: [String: (TerritorialUnit, TerritorialUnit.Existence)] = [:]
        var gone = Set<String>(), stack = [code]
        while let parent = stack.popLast() {
            for i in registry.children[parent] ?? [] {
                let version = registry.units[i]
                if let present = registry.unit(version.code, on: day) {
                    if parent != code, present.0.parentCode == parent { found[version.code] = present }
                } else if let end = version.validTo, end.latest < day, registry.versions[version.code]?.last == i,
                          gone.insert(version.code).inserted {
                    // (Only through the unit's last version: where it ended is where its units come up,
                    // as `nearestListedAncestor` reads it, so none is listed under two parents.)
                    stack.append(version.code)
                }
            }
        }
        return found.values.sorted { $0.0.code < $1.0.code }
    }

    /// The nearest unit above `unit` that exists on the day, when its recorded parent does not.
    public func nearestListedAncestor(_ unit: TerritorialUnit, on day: Day) -> TerritorialUnit? {
        guard let p = unit.parentCode, registry.unit(p, on: day) == nil else { return nil }
        var next = registry.history(p).last?.parentCode
        var seen = Set([p])
        while let code = next, seen.insert(code).inserted {
            if let (u, _) = registry.unit(code, on: day) { return u }
            next = registry.history(code).last?.parentCode
        }
        return nil
    }

    /// The name of a unit's parent as it was when the unit began.
    public func parentName(_ u: TerritorialUnit) -> String {
        guard let p = u.parentCode else { return "" }
        let day = u.validFrom?.latest ?? TerritorialRegistry.coverageStart
        return (registry.unit(p, on: day)?.0 ?? registry.history(p).last).map { $0.name(language) } ?? p
    }

    /// The longest search text taken: no unit's name is longer than this.
    public static let maximumQueryLength = 200

    /// Units whose names (ky, ru, en, any script) or code match, best first; with `day`, only those
    /// that exist on it.
    public func find(_ text: String, limit: Int = 50, on day: Day? = nil) throws -> (matches: [UnitMatchAnswer], total: Int) {
        // Characters as the OpenAPI document counts them (Unicode scalars), so a Cyrillic query may be
        // as long as a Latin one.
        guard text.unicodeScalars.count <= Self.maximumQueryLength else {
            throw AppError.badInput("the search text is longer than \(Self.maximumQueryLength) characters")
        }
        guard (1...10_000).contains(limit) else { throw AppError.badInput("limit must be between 1 and 10000, got \(limit)") }
        var matches = LawLibrary.names(registry).find(text, in: registry)
        if let day { matches = matches.filter { $0.existence(on: day) != nil } }
        return (matches.prefix(limit).map { u in
            UnitMatchAnswer(code: u.code, type: u.type.rawValue, names: u.namesByLanguage, parentCode: u.parentCode,
                            parent: parentName(u), validFrom: u.validFrom?.written, validTo: u.validTo?.written)
        }, matches.count)
    }

    /// A unit on a day, or why not (unknown code, or no version of it on that day).
    public func unitOnDay(_ code: String, _ day: Day) throws -> (TerritorialUnit, TerritorialUnit.Existence) {
        let history = registry.history(code)
        guard !history.isEmpty else { throw AppError(TerritoryQueryError.unknownCode(code)) }
        guard let found = registry.unit(code, on: day) else {
            throw AppError(TerritoryQueryError.notOnDate(code: code, day: day, history: history.map {
                "\($0.name(.en)) \($0.validFrom?.written ?? "…")–\($0.validTo?.written ?? "…")" }))
        }
        return found
    }

    public func unit(_ code: String, on day: Day) throws -> UnitAnswer {
        let (unit, existence) = try unitOnDay(code, day)
        let bodies = Governance(model: law.model, day: day).bodies(for: unit.type)
        let parent = unit.parentCode.flatMap { registry.unit($0, on: day) }
        return UnitAnswer(
            code: unit.code, date: day.description, type: unit.type.rawValue, certainty: existence.rawValue, names: unit.namesByLanguage,
            iso31662: unit.iso3166, adminCenter: unit.adminCenter,
            parent: parent.map { .init(code: $0.0.code, name: $0.0.name(language), type: $0.0.type.rawValue) },
            children: registry.children(of: code, on: day).map { .init(code: $0.0.code, name: $0.0.name(language), type: $0.0.type.rawValue) },
            childrenWhoseParentIsNotListed: childrenWhoseParentIsNotListed(of: code, on: day).map {
                .init(code: $0.0.code, name: $0.0.name(language), type: $0.0.type.rawValue)
            },
            nearestListedAncestor: nearestListedAncestor(unit, on: day).map { .init(code: $0.code, name: $0.name(language), type: $0.type.rawValue) },
            history: registry.history(code).map { .init(validFrom: $0.validFrom?.written, validTo: $0.validTo?.written, names: $0.namesByLanguage,
                                                        type: $0.type.rawValue, sources: $0.sources, notes: $0.notes) },
            bodies: bodies.map { b in
                .init(id: b.id, label: law.text.label(b.id), branch: b.fact.value?["branch"]?.stringValue ?? "", isPost: b.isPost,
                      cite: law.citation(b.fact.entry), formation: b.formation.map { law.fact($0, on: day) })
            },
            namedUnits: unit.type == .district ? namedUnits(on: day, in: code) : [])
    }

    /// The units on a day as CSV (code, type, names, parent, validity, certainty).
    public func csv(on day: Day) -> String {
        var lines = ["code,type,name_ky,name_ru,name_en,parent_code,valid_from,valid_to,certainty"]
        for (u, e) in registry.units(on: day).sorted(by: { $0.0.code < $1.0.code }) {
            let fields = [u.code, u.type.rawValue, u.names[.ky] ?? "", u.names[.ru] ?? "", u.names[.en] ?? "", u.parentCode ?? "",
                          u.validFrom?.written ?? "", u.validTo?.written ?? "", e.rawValue]
            lines.append(fields.map(Self.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// RFC 4180 quoting, and a leading apostrophe for a field a spreadsheet would run as a formula.
    static func csvField(_ s: String) -> String {
        var s = s
        if let first = s.first, "=+-@".contains(first) { s = "'" + s }
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"\(s.replacingOccurrences(of: "\"", with: "\"\""))\"" : s
    }
}

/// The territory's own words in three languages (the law's words are in the vocabulary).
public enum TerritoryWording {
    public static func uncertain(_ lang: Language) -> String {
        switch lang {
        case .ky: "бул күнү бар-жогу так эмес (күнү жылга же айга чейин гана белгилүү)"
        case .ru: "существование на эту дату неточно (дата известна лишь до года или месяца)"
        case .en: "existence on this date uncertain (its date is known only to the year or month)"
        }
    }

    /// The gap note for a type the dataset stops listing.
    public static func gapNote(_ type: UnitType, _ registry: TerritorialRegistry, _ lang: Language) -> String? {
        guard let last = registry.lastListed(type) else { return nil }
        switch lang {
        // Kyrgyz puts "after" on a year or a day with its own case ending: 2024-жылдан, 2024-01-01 күндөн.
        case .ky: return "\(type.label(lang)): \(last.written)\(last.written.count == 4 ? "-жылдан" : " күндөн") кийин маалыматтар топтомунда жок (жаңы бирдиктердин тизмеси жок)"
        case .ru: return "\(type.label(lang)): после \(last.written) в наборе данных нет (перечень новых единиц отсутствует)"
        case .en: return "\(type.label(lang)): not in the dataset after \(last.written) (the list of the new units is missing)"
        }
    }

    /// Districts that had ayil aimaks and have none in the dataset on a day (after the 2024-2025
    /// reform, where the new units are not yet known): named, so the gap is seen district by district.
    public static func districtsWithoutAyilAimaks(_ registry: TerritorialRegistry, on day: Day) -> [TerritorialUnit] {
        // Only the districts' codes are looked up on the day (not every unit of the country).
        let districts = Set(registry.units.lazy.filter { $0.type == .district }.map(\.code))
        return districts.compactMap { registry.unit($0, on: day)?.0 }.filter { d in
            guard d.type == .district else { return false }
            let everHad = (registry.children[d.code] ?? []).contains { registry.units[$0].type == .ayilAimak }
            return everHad && !registry.children(of: d.code, on: day).contains { $0.0.type == .ayilAimak }
        }.sorted { $0.name(.en) < $1.name(.en) }
    }

    /// The named units listed on a day: in a district that exists then, attested on or before the
    /// day (an undated one once the district's pre-reform units are gone), while the units they
    /// replace are not certainly still in force, and until a unit of the same name is recorded
    /// with its code.
    public static func namedUnits(_ named: [NamedUnit], _ registry: TerritorialRegistry, on day: Day) -> [NamedUnit] {
        named.filter { n in
            guard registry.unit(n.districtCode, on: day)?.0.type == .district else { return false }
            let coded = registry.children(of: n.districtCode, on: day).filter { $0.0.type == .ayilAimak }
            if coded.contains(where: { $0.0.name(.en).lowercased() == n.name(.en).lowercased() }) { return false }
            let ending = coded.filter { $0.0.validTo != nil }
            if ending.contains(where: { $0.1 == .certain }) { return false }
            return n.knownOn.map { $0.earliest <= day } ?? ending.isEmpty
        }.sorted { ($0.districtCode, $0.name(.en)) < ($1.districtCode, $1.name(.en)) }
    }

    /// The districts with no ayil aimak with a code on a day: those for which units known by name
    /// are listed, and those of which nothing is known.
    public static func districtsWithoutCodedAyilAimaks(_ registry: TerritorialRegistry, named: [NamedUnit], on day: Day)
        -> (withNames: [TerritorialUnit], unknown: [TerritorialUnit]) {
        let missing = districtsWithoutAyilAimaks(registry, on: day)
        let listed = Set(namedUnits(named, registry, on: day).map(\.districtCode))
        return (missing.filter { listed.contains($0.code) }, missing.filter { !listed.contains($0.code) })
    }

    public static func districtGapNote(_ registry: TerritorialRegistry, named: [NamedUnit] = [], on day: Day, _ lang: Language) -> String? {
        let (withNames, unknown) = districtsWithoutCodedAyilAimaks(registry, named: named, on: day)
        let n = withNames.count + unknown.count
        guard n > 0 else { return nil }
        let partly = withNames.map { $0.name(lang) }.joined(separator: ", "), none = unknown.map { $0.name(lang) }.joined(separator: ", ")
        switch lang {
        case .ky:
            return "\(n) райондун айыл аймактары бул күнү классификатордун коду менен маалыматтарда жок"
                + (withNames.isEmpty ? "" : "; \(withNames.count) райондо булактар атаган айыл аймактар аталышы менен гана берилет: \(partly)")
                + (unknown.isEmpty ? "" : "; реформадан кийинки бирдиктери таптакыр белгисиз райондор: \(none)")
        case .ru:
            return "районов, для которых айылные аймаки с кодом классификатора на эту дату в наборе данных отсутствуют: \(n)"
                + (withNames.isEmpty ? "" : "; из них для \(withNames.count) приведены айылные аймаки, известные из источников только по названию: \(partly)")
                + (unknown.isEmpty ? "" : "; о пореформенных единицах ничего не известно в районах: \(none)")
        case .en:
            return "districts with no ayil aimak with a classifier code in the dataset on this date: \(n)"
                + (withNames.isEmpty ? "" : "; for \(withNames.count) of them the ayil aimaks that sources name are listed by name only: \(partly)")
                + (unknown.isEmpty ? "" : "; nothing is known of the post-reform units of these districts: \(none)")
        }
    }

    /// An ayil aimak's name without its type word (`Садовый айыл аймагы` → `Садовый`), for a list
    /// that names the type once.
    static func bareName(_ name: String, _ lang: Language) -> String {
        for word in [" айыл аймагы", " айылный аймак", " айыльный аймак"] where name.hasSuffix(word) { return String(name.dropLast(word.count)) }
        for word in ["айылный аймак ", "айыльный аймак "] where name.lowercased().hasPrefix(word) { return String(name.dropFirst(word.count)) }
        return name
    }

    /// A unit's name in the reader's language; where the dataset lacks it, a Cyrillic name for a
    /// Kyrgyz or Russian reader (closer to them than the English transliteration), then the English.
    public static func displayName(_ names: [String: String], _ lang: Language, _ fallback: String) -> String {
        names[lang.rawValue] ?? (lang == .en ? nil : names["ru"] ?? names["ky"]) ?? names["en"] ?? fallback
    }

    /// What is known of an ayil aimak known by name: its source's date and what it was formed from.
    public static func namedDescription(_ n: NamedUnitAnswer, _ lang: Language) -> String {
        var parts = [n.knownOn.map { word("named", lang).replacingOccurrences(of: "{0}", with: $0) } ?? word("named-undated", lang)]
        let former = n.formedFrom.map { bareName($0.name, lang) }
        if !former.isEmpty {
            let list = former.joined(separator: ", ")
            switch n.composition {
            case "renamed": parts.append(word("formerly", lang).replacingOccurrences(of: "{0}", with: list))
            default:
                let template = lang == .ky && former.count == 1 ? "formed-from-one" : "formed-from"
                parts.append(word(template, lang).replacingOccurrences(of: "{0}", with: list)
                             + (n.composition == "inferred" ? " (\(word("inferred", lang)))" : ""))
            }
        }
        return parts.joined(separator: "; ")
    }

    public static func beforeCoverage(_ day: Day, _ lang: Language) -> String? {
        guard day < TerritorialRegistry.coverageStart else { return nil }
        switch lang {
        case .ky: return "Эскертүү: маалыматтар 2021-жылдан баштап бирдиктерди сүрөттөйт; түзүлгөн күнү жазылбаган бирдиктер ошол кезде бар деп эсептелет."
        case .ru: return "Примечание: набор данных описывает единицы с 2021 года; единицы без даты образования считаются существовавшими и ранее."
        case .en: return "Note: the dataset describes units from 2021 on; units with no recorded start are assumed to exist before that too."
        }
    }

    public static func word(_ id: String, _ lang: Language) -> String {
        guard let v = words[id] else { return id }
        switch lang { case .ky: return v.0; case .ru: return v.1; case .en: return v.2 }
    }

    static let words: [String: (String, String, String)] = [
        "title": ("Администрациялык-аймактык бирдиктер, күнү", "Административно-территориальные единицы на", "Administrative-territorial units on"),
        "lost": ("({0} айылдын айыл аймагы бул күнү маалыматтарда жок)", "({0} сел, чей айылный аймак на эту дату в наборе данных отсутствует)", "({0} villages whose ayil aimak on this date is not in the dataset)"),
        "centre": ("борбору", "центр", "seat"),
        "parent": ("кимге карайт", "входит в", "part of"),
        "parent-gone": ("бул күнү маалыматтарда жок", "на эту дату в наборе данных нет", "not in the dataset on this date"),
        "within": ("жакынкы бирдик", "ближайшая единица выше", "nearest listed unit above"),
        "history": ("Тарыхы", "История", "History"),
        "before-period": ("маалыматтар мезгилине чейин", "до периода данных", "before the period covered"),
        "still-valid": ("азыр да бар", "существует", "still valid"),
        "children": ("Курамындагы бирдиктер", "Входящие единицы", "Units within it"),
        "governed-by": ("Башкаруу органдары (мыйзам боюнча)", "Органы управления (по закону)", "Governed by (from the law in force)"),
        "no-bodies": ("мыйзам модели бул түрдөгү бирдик үчүн орган белгилебейт", "модель права не называет органов для единиц этого типа", "the legal model names no body for units of this type on this date"),
        "named": ("коду белгисиз; {0} күнкү булакта аталган", "код неизвестен; назван в источнике от {0}", "code not known; named by a source of {0}"),
        "named-units": ("Аталышы менен гана белгилүү айыл аймактары (классификатордун коду белгисиз)", "Айылные аймаки, известные только по названию (код классификатора неизвестен)", "Ayil aimaks known by name only (classifier code not known)"),
        "named-count": ("аталышы менен гана белгилүү айыл аймагы", "айылный аймак, известный только по названию", "ayil aimak known by name only"),
        "named-undated": ("коду белгисиз; күнү жок булакта аталган", "код неизвестен; назван в источнике без даты", "code not known; named by an undated source"),
        "formed-from": ("{0} айыл аймактарынан түзүлгөн", "образован из айылных аймаков: {0}", "formed from {0}"),
        "formed-from-one": ("{0} айыл аймагынан түзүлгөн", "образован из айылных аймаков: {0}", "formed from {0}"),
        "formerly": ("мурунку аты: {0}", "прежнее название: {0}", "formerly {0}"),
        "inferred": ("айылдары боюнча чыгарылган", "выведено по его селам", "inferred from its villages"),
        "no-match": ("'{0}' боюнча бирдик табылган жок (ky, ru, en аттары жана коддор изделди)", "по запросу '{0}' единиц не найдено (искали по названиям ky, ru, en и кодам)", "no unit matches '{0}' (searched names in ky, ru, en and codes)"),
    ]
}
