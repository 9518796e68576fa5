import ArgumentParser
import Foundation
import Law
import LegalData
import Territory
import WorkingDays

/// `aimak territory …`: the administrative-territorial units and who governs them.
struct TerritoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "territory",
        abstract: "The administrative-territorial units (oblasts, districts, cities, ayil aimaks, villages) on a date.",
        subcommands: [TerritoryTree.self, TerritoryFind.self, TerritoryShow.self, TerritoryPopolo.self],
        defaultSubcommand: TerritoryTree.self)
}

/// Options of the territory commands.
struct TerritoryOptions: ParsableArguments {
    @Option(name: .long, help: "The date (YYYY-MM-DD); today when omitted.")
    var at: String?

    @Option(name: .long, help: "A territorial CSV file to use instead of the bundled kg-territory.csv.")
    var units: String?

    func registry() throws -> TerritorialRegistry { try RegistryStore.load(file: units) }

    /// The registry, the legal model and the day a territory command answers for.
    func context(_ common: CommonOptions) throws -> (TerritorialRegistry, LegalModel, Day) {
        let registry = try registry()
        let model = try common.model()
        return (registry, model, try day(registry, model: model))
    }

    func day(_ registry: TerritorialRegistry, model: LegalModel) throws -> Day {
        guard let at else { return today() }
        guard let d = Day(iso: at) else { throw ValidationError("'\(at)' is not a date: write YYYY-MM-DD, e.g. 2009-01-01") }
        do { try registry.check(d) } catch { throw CLIError(error.description) }
        return d
    }
}

/// Loads the territorial registry once per process.
enum RegistryStore {
    private static let cache = ProcessCache<TerritorialRegistry>()

    static func load(file: String?) throws -> TerritorialRegistry {
        try cache.file(file, bundled: LegalData.territoryFile, name: "kg-territory.csv") { try TerritorialRegistry(csv: $0, file: $1) }
    }
}

/// How a unit reads on one line: names, type, code, and a mark when its existence is uncertain.
func unitLine(_ u: TerritorialUnit, _ e: TerritorialUnit.Existence?, _ lang: Language) -> String {
    var s = "\(u.name(lang)) — \(u.type.label(lang)) \(u.code)"
    if e == .uncertain { s += " ⚠ " + uncertainPhrase(lang) }
    return s
}

func uncertainPhrase(_ lang: Language) -> String {
    switch lang {
    case .ky: "бул күнү бар-жогу так эмес (күнү жылга же айга чейин гана белгилүү)"
    case .ru: "существование на эту дату неточно (дата известна лишь до года или месяца)"
    case .en: "existence on this date uncertain (its date is known only to the year or month)"
    }
}

/// The gap note for a type the dataset stops listing.
func gapNote(_ type: UnitType, _ registry: TerritorialRegistry, _ lang: Language) -> String? {
    guard let last = registry.lastListed(type) else { return nil }
    switch lang {
    case .ky: return "\(type.label(lang)): \(last.written) кийин маалыматтар топтомунда жок (жаңы бирдиктердин тизмеси жок)"
    case .ru: return "\(type.label(lang)): после \(last.written) в наборе данных нет (перечень новых единиц отсутствует)"
    case .en: return "\(type.label(lang)): not in the dataset after \(last.written) (the list of the new units is missing)"
    }
}

func beforeCoverageNote(_ day: Day, _ lang: Language) -> String? {
    guard day < TerritorialRegistry.coverageStart else { return nil }
    switch lang {
    case .ky: return "Эскертүү: маалыматтар 2021-жылдан баштап бирдиктерди сүрөттөйт; түзүлгөн күнү жазылбаган бирдиктер ошол кезде бар деп эсептелет."
    case .ru: return "Примечание: набор данных описывает единицы с 2021 года; единицы без даты образования считаются существовавшими и ранее."
    case .en: return "Note: the dataset describes units from 2021 on; units with no recorded start are assumed to exist before that too."
    }
}

struct TerritoryTree: TextCommand {
    static let configuration = CommandConfiguration(
        commandName: "tree",
        abstract: "The tree of units on a date (oblast > district > city / ayil aimak > village) with counts per type.",
        discussion: "Examples: aimak territory --at 2023-01-01;  aimak territory --at 2026-01-01 --depth 2;  aimak territory --csv")

    @OptionGroup var territory: TerritoryOptions
    @Option(name: .long, help: "Show only this many levels of the tree (1 = oblasts).")
    var depth: Int?
    @Flag(name: .long, help: "Print the units on the date as CSV (code, type, names, parent, validity, certainty).")
    var csv = false
    @OptionGroup var common: CommonOptions

    func output() throws -> String {
        let (registry, model, day) = try territory.context(common)
        let lang = common.lang
        let present = registry.units(on: day)
        var counts: [UnitType: Int] = [:]
        present.forEach { counts[$0.0.type, default: 0] += 1 }
        let existing = Set(present.map(\.0.code))
        if common.json {
            func node(_ u: TerritorialUnit, _ e: TerritorialUnit.Existence) -> [String: Any] {
                var o: [String: Any] = ["code": u.code, "type": u.type.rawValue, "names": u.namesByLanguage,
                                        "certainty": e.rawValue]
                let kids = registry.children(of: u.code, on: day)
                if !kids.isEmpty { o["children"] = kids.map { node($0.0, $0.1) } }
                return o
            }
            let roots = present.filter { $0.0.parentCode == nil }.sorted { $0.0.code < $1.0.code }
            let orphans = present.filter { $0.0.parentCode.map { !existing.contains($0) } ?? false }
            return try jsonText([
                "date": day.description,
                "counts": Dictionary(uniqueKeysWithValues: UnitType.allCases.map { ($0.rawValue, counts[$0] ?? 0) }),
                "gaps": UnitType.allCases.filter { (counts[$0] ?? 0) == 0 }.compactMap { gapNote($0, registry, .en) },
                "units_whose_parent_is_not_listed": orphans.count,
                "tree": roots.map { node($0.0, $0.1) },
            ] as [String: Any])
        }
        if csv {
            var lines = ["code,type,name_ky,name_ru,name_en,parent_code,valid_from,valid_to,certainty"]
            for (u, e) in present.sorted(by: { $0.0.code < $1.0.code }) {
                let fields = [u.code, u.type.rawValue, u.names[.ky] ?? "", u.names[.ru] ?? "", u.names[.en] ?? "", u.parentCode ?? "",
                              u.validFrom?.written ?? "", u.validTo?.written ?? "", e.rawValue]
                lines.append(fields.map { $0.contains(",") || $0.contains("\"") ? "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\"" : $0 }.joined(separator: ","))
            }
            return lines.joined(separator: "\n")
        }
        var out = ["\(title(lang)) \(day)", ""]
        if let note = beforeCoverageNote(day, lang) { out += [note, ""] }
        for type in UnitType.allCases {
            let n = counts[type] ?? 0
            var line = "  \(type.label(lang)): \(n)"
            if n == 0, let gap = gapNote(type, registry, lang) { line += " — \(gap)" }
            out.append(line)
        }
        out.append("")
        func walk(_ code: String, _ indent: Int) {
            guard depth.map({ indent < $0 }) ?? true else { return }
            let kids = registry.children(of: code, on: day)
            for (u, e) in kids {
                out.append(String(repeating: "  ", count: indent) + unitLine(u, e, lang))
                walk(u.code, indent + 1)
            }
            // Children whose recorded parent (a pre-reform ayil aimak) is gone on this day: shown under the
            // nearest listed ancestor, as a gap.
            var lost: [(TerritorialUnit, TerritorialUnit.Existence)] = []
            for (gone, _) in (registry.children[code] ?? []).map({ (registry.units[$0], 0) }) where !existing.contains(gone.code) {
                lost += registry.children(of: gone.code, on: day)
            }
            if !lost.isEmpty {
                out.append(String(repeating: "  ", count: indent) + lostNote(lost.count, lang))
                guard depth.map({ indent + 1 < $0 }) ?? true else { return }
                for (u, e) in lost.sorted(by: { $0.0.code < $1.0.code }) { out.append(String(repeating: "  ", count: indent + 1) + unitLine(u, e, lang)) }
            }
        }
        for (u, e) in present.filter({ $0.0.parentCode == nil }).sorted(by: { $0.0.code < $1.0.code }) {
            out.append(unitLine(u, e, lang))
            walk(u.code, 1)
        }
        return out.joined(separator: "\n")
    }

    func title(_ lang: Language) -> String {
        switch lang { case .ky: "Администрациялык-аймактык бирдиктер, күнү"; case .ru: "Административно-территориальные единицы на"; case .en: "Administrative-territorial units on" }
    }

    func lostNote(_ n: Int, _ lang: Language) -> String {
        switch lang {
        case .ky: "(\(n) айылдын айыл аймагы бул күнү маалыматтарда жок)"
        case .ru: "(\(n) сел, чей айылный аймак на эту дату в наборе данных отсутствует)"
        case .en: "(\(n) villages whose ayil aimak on this date is not in the dataset)"
        }
    }
}

struct TerritoryFind: TextCommand {
    static let configuration = CommandConfiguration(
        commandName: "find",
        abstract: "Find units by name (Kyrgyz, Russian or English, Cyrillic or Latin) or by code.",
        discussion: "Examples: aimak territory find Сокулук;  aimak territory find sokuluk;  aimak territory find 41708222")

    @Argument(help: "A name or part of one, or the beginning of a code.")
    var text: String
    @OptionGroup var territory: TerritoryOptions
    @Option(name: .long, help: "At most this many matches.")
    var limit = 50
    @OptionGroup var common: CommonOptions

    func output() throws -> String {
        let registry = try territory.registry()
        let lang = common.lang
        let matches = NameIndex(registry).find(text, in: registry)
        func parentName(_ u: TerritorialUnit) -> String {
            guard let p = u.parentCode else { return "" }
            let day = u.validFrom?.latest ?? TerritorialRegistry.coverageStart
            return (registry.unit(p, on: day)?.0 ?? registry.history(p).last).map { $0.name(lang) } ?? p
        }
        if common.json {
            return try jsonText(matches.prefix(limit).map { u -> [String: Any] in
                ["code": u.code, "type": u.type.rawValue, "names": u.namesByLanguage,
                 "parent_code": u.parentCode ?? NSNull(), "parent": parentName(u), "valid_from": u.validFrom?.written ?? NSNull(),
                 "valid_to": u.validTo?.written ?? NSNull()]
            })
        }
        guard !matches.isEmpty else { throw CLIError("no unit matches '\(text)' (searched names in ky, ru, en and codes)") }
        var out: [String] = []
        for u in matches.prefix(limit) {
            var line = "\(u.code)  \(u.name(lang)) — \(u.type.label(lang))"
            let p = parentName(u)
            if !p.isEmpty { line += "; \(p)" }
            if u.validFrom != nil || u.validTo != nil { line += "  [\(u.validFrom?.written ?? "…") – \(u.validTo?.written ?? "…")]" }
            out.append(line)
        }
        if matches.count > limit { out.append("… \(matches.count - limit) more (--limit)") }
        return out.joined(separator: "\n")
    }
}

struct TerritoryShow: TextCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "A unit on a date: names, type, parent, children, history, and the bodies and posts that govern it.",
        discussion: "Example: aimak territory show 41708222000000 --at 2009-01-01")

    @Argument(help: "The unit's 14-digit СОАТЕ code.")
    var code: String
    @OptionGroup var territory: TerritoryOptions
    @OptionGroup var common: CommonOptions

    func output() throws -> String {
        let (registry, model, day) = try territory.context(common)
        let lang = common.lang
        let history = registry.history(code)
        guard !history.isEmpty else { throw CLIError(TerritoryQueryError.unknownCode(code).description) }
        guard let (unit, existence) = registry.unit(code, on: day) else {
            throw CLIError(TerritoryQueryError.notOnDate(code: code, day: day, history: history.map {
                "\($0.name(.en)) \($0.validFrom?.written ?? "…")–\($0.validTo?.written ?? "…")" }).description)
        }
        let governance = Governance(model: model, day: day)
        let t = LawText(model: model, language: lang)
        let bodies = governance.bodies(for: unit.type)
        let parent = unit.parentCode.flatMap { registry.unit($0, on: day) }
        let kids = registry.children(of: code, on: day)
        if common.json {
            return try jsonText([
                "code": unit.code, "date": day.description, "type": unit.type.rawValue, "certainty": existence.rawValue,
                "names": unit.namesByLanguage,
                "iso_3166_2": unit.iso3166 ?? NSNull(), "admin_center": unit.adminCenter ?? NSNull(),
                "parent": parent.map { ["code": $0.0.code, "name": $0.0.name(lang)] } ?? NSNull(),
                "children": kids.map { ["code": $0.0.code, "name": $0.0.name(lang), "type": $0.0.type.rawValue] },
                "history": history.map { ["valid_from": $0.validFrom?.written ?? NSNull(), "valid_to": $0.validTo?.written ?? NSNull(),
                                          "names": $0.namesByLanguage,
                                          "sources": $0.sources, "notes": $0.notes ?? NSNull()] as [String: Any] },
                "bodies": bodies.map { b -> [String: Any] in
                    ["id": b.id, "label": t.label(b.id), "branch": b.fact.value?["branch"]?.stringValue ?? "",
                     "cite": t.factJSON(b.fact)["cite"] ?? NSNull(), "formation": b.formation.map(t.factJSON)]
                },
            ] as [String: Any])
        }
        var out: [String] = []
        out.append(unitLine(unit, existence, lang) + "   (\(day))")
        for l in Language.allCases { if let n = unit.names[l] { out.append("  \(l.rawValue): \(n)") } }
        if let iso = unit.iso3166 { out.append("  ISO 3166-2: \(iso)") }
        if let c = unit.adminCenter { out.append("  \(word("centre", lang)): \(c)") }
        if let (p, _) = parent { out.append("  \(word("parent", lang)): \(p.name(lang)) — \(p.type.label(lang)) \(p.code)") }
        else if let p = unit.parentCode { out.append("  \(word("parent", lang)): \(p) — \(word("parent-gone", lang))") }
        if let note = beforeCoverageNote(day, lang) { out.append("  " + note) }
        out.append("")
        out.append("\(word("history", lang)):")
        for v in history {
            out.append("  \(v.validFrom?.written ?? word("before-period", lang)) → \(v.validTo?.written ?? word("still-valid", lang)): \(v.name(lang)) — \(v.type.label(lang)) [\(v.sources.joined(separator: "+"))]")
            if let n = v.notes { out.append("      \(n)") }
        }
        out.append("")
        var counts: [UnitType: Int] = [:]
        kids.forEach { counts[$0.0.type, default: 0] += 1 }
        out.append("\(word("children", lang)): \(kids.count)" + (kids.isEmpty ? "" : " (" + counts.sorted { $0.key.order < $1.key.order }.map { "\($0.key.label(lang)) \($0.value)" }.joined(separator: ", ") + ")"))
        for (k, e) in kids.prefix(60) { out.append("  " + unitLine(k, e, lang)) }
        if kids.count > 60 { out.append("  … \(kids.count - 60)") }
        out.append("")
        out.append("\(word("governed-by", lang)):")
        if bodies.isEmpty { out.append("  " + word("no-bodies", lang)) }
        for b in bodies {
            out.append("  \(t.describe(b.fact.key, b.fact.value))  \(t.citation(b.fact.entry))")
            for f in b.formation {
                var line = "      \(t.describe(f.key, f.value))  \(t.citation(f.entry))"
                if let note = t.certaintyNote(f) { line += "  ⚠ \(note)" }
                out.append(line)
            }
        }
        return out.joined(separator: "\n")
    }

    func word(_ id: String, _ lang: Language) -> String {
        let w: [String: (String, String, String)] = [
            "centre": ("борбору", "центр", "seat"),
            "parent": ("кимге карайт", "входит в", "part of"),
            "parent-gone": ("бул күнү маалыматтарда жок", "на эту дату в наборе данных нет", "not in the dataset on this date"),
            "history": ("Тарыхы", "История", "History"),
            "before-period": ("маалыматтар мезгилине чейин", "до периода данных", "before the period covered"),
            "still-valid": ("азыр да бар", "существует", "still valid"),
            "children": ("Курамындагы бирдиктер", "Входящие единицы", "Units within it"),
            "governed-by": ("Башкаруу органдары (мыйзам боюнча)", "Органы управления (по закону)", "Governed by (from the law in force)"),
            "no-bodies": ("мыйзам модели бул түрдөгү бирдик үчүн орган белгилебейт", "модель права не называет органов для единиц этого типа", "the legal model names no body for units of this type on this date"),
        ]
        let v = w[id]!
        switch lang { case .ky: return v.0; case .ru: return v.1; case .en: return v.2 }
    }
}

struct TerritoryPopolo: TextCommand {
    static let configuration = CommandConfiguration(
        commandName: "popolo",
        abstract: "Areas, organizations and posts on a date as Popolo JSON.",
        discussion: "Example: aimak territory popolo --at 2022-01-01 > popolo.json")

    @OptionGroup var territory: TerritoryOptions
    @OptionGroup var common: CommonOptions

    func output() throws -> String {
        let (registry, model, day) = try territory.context(common)
        return try jsonText(PopoloExport(registry: registry, model: model, language: common.lang).build(on: day))
    }
}
