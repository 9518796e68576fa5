import AimakApp
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
        subcommands: [TerritoryTree.self, TerritoryFind.self, TerritoryShow.self, TerritoryPopolo.self, TerritoryChangeCommand.self, TerritoryChangesCommand.self],
        defaultSubcommand: TerritoryTree.self)
}

/// Options of the territory commands.
struct TerritoryOptions: ParsableArguments {
    @Option(name: .long, help: "The date (YYYY-MM-DD); today when omitted.")
    var at: String?

    @Option(name: .long, help: "A territorial CSV file to use instead of the bundled kg-territory.csv.")
    var units: String?

    @Option(name: .long, help: "The event store whose recorded territorial changes apply (default: $AIMAK_DATABASE, else ~/.local/share/aimak/aimak.sqlite when it exists).")
    var database: String?

    /// The bundled (or given) registry with the territorial changes recorded in the store.
    func registry() async throws -> TerritorialRegistry {
        let base = try RegistryStore.load(file: units)
        return try await RegistryStore.withRecordedChanges(base, database: database)
    }

    /// The registry, the legal model and the day a territory command answers for.
    func context(_ common: CommonOptions) async throws -> (TerritorialRegistry, LegalModel, Day) {
        let registry = try await registry()
        let model = try common.model()
        return (registry, model, try day(registry, model: model))
    }

    func day(_ registry: TerritorialRegistry, model: LegalModel) throws -> Day {
        guard let at else { return today() }
        guard let d = Day(iso: at) else { throw CLIError("'\(at)' is not a date: write YYYY-MM-DD, e.g. 2009-01-01") }
        do { try registry.check(d) } catch { throw CLIError(error.description) }
        return d
    }
}

/// Loads the territorial registry once per process.
enum RegistryStore {
    static func load(file: String?) throws -> TerritorialRegistry { try LawLibrary.registry(file) }

    /// The registry with the changes recorded in the store, when there is a store (a SQLite file
    /// that does not exist is not created; it simply has no changes).
    static func withRecordedChanges(_ base: TerritorialRegistry, database: String?) async throws -> TerritorialRegistry {
        let address = StoreAddress.resolve(database)
        if !StoreAddress.isPostgres(address), !FileManager.default.fileExists(atPath: address.hasPrefix("sqlite:") ? String(address.dropFirst(7)) : address) {
            return base
        }
        // Awaited, never waited for: a command run inside a task (the tests run commands in-process
        // on the cooperative pool) that blocked on a semaphore for this read could starve the pool
        // the read needs, and two such commands at once on two cores never returned.
        do {
            let store = try await StoreAddress.open(address, create: false)
            defer { Task { await store.close() } }
            let (registry, _, problem) = try await TerritoryChangeService(store: store).registry(over: base)
            if let problem { FileHandle.standardError.write(Data("Warning: \(problem)\n".utf8)) }
            return registry
        } catch {
            throw CLIError(AppError(error).message)
        }
    }
}

/// `aimak territory change FILE`: records a territorial change (JSON) in the store.
struct TerritoryChangeCommand: AsyncTextCommand {
    static let configuration = CommandConfiguration(
        commandName: "change", abstract: "Record a change of the territorial structure (create, rename, change-type, change-parent, abolish, merge, split).",
        discussion: """
        FILE is a JSON object: kind, effective (YYYY-MM-DD), basis (the act), url, and per kind: code; codes (merge);         names ({"ky": …, "ru": …, "en": …}); type; parent; unit / units (new units: code, type, names, parent); moves (split).         It is checked against the registry with every recorded change by the rules of the file; nothing is stored if it breaks one. Example:
          {"kind": "merge", "effective": "2024-09-01", "basis": "/akn/kg/act/2024/150", "codes": ["41708222865000", "41708222869000"],
           "unit": {"code": "41708222899000", "type": "ayil-aimak", "names": {"ru": "Сокулук"}, "parent": "41708222000000"}}
        """)

    @Argument(help: "A JSON file with the change ('-' for standard input).") var file: String
    @OptionGroup var storage: StoreOptions

    func output() async throws -> String {
        let text = file == "-" ? (AnyIterator { readLine(strippingNewline: false) }.joined()) : try LawLibrary.readText(URL(fileURLWithPath: file))
        // Read as the API reads a change: the same fields, the same reasons.
        let change: TerritorialChange
        do { change = try StrictJSON.decode(TerritorialChange.self, from: Data(text.utf8), allowed: TerritorialChange.fields) } catch let e as AppError {
            throw CLIError("\(file): not a territorial change: \(e.message)")
        }
        // Always over the bundled file: the server and every command apply the changes over it.
        let base = try RegistryStore.load(file: nil)
        return try await storage.withStore { store in
            do {
                let (recorded, _) = try await TerritoryChangeService(store: store).record(change, over: base, by: AccountService.localActor())
                return "territorial change \(recorded.version) recorded in \(store.location): \(change.kind.rawValue), in force from \(change.effective) (\(change.basis))"
            } catch let e as AppError where e.kind == .refused || e.kind == .badInput { throw CLIError("refused: \(e.message)") }
        }
    }
}

/// `aimak territory changes`: the changes recorded over the bundled registry, in order.
struct TerritoryChangesCommand: AsyncTextCommand {
    static let configuration = CommandConfiguration(commandName: "changes", abstract: "The territorial changes recorded in the store, in the order they apply.")
    @Flag(name: .long, help: "Print JSON.") var json = false
    @OptionGroup var storage: StoreOptions

    func output() async throws -> String {
        let list = try await storage.withStore(create: false) { store in try await TerritoryChangeService(store: store).recorded() }
        if json { return try answerJSON(list) }
        if list.isEmpty { return "no territorial change is recorded in \(storage.address)" }
        return list.map { r in
            let c = r.change
            let what = [c.code, c.codes?.joined(separator: "+"), c.unit?.code, c.units?.map(\.code).joined(separator: "+")].compactMap { $0 }.joined(separator: " → ")
            return "\(r.version). \(c.effective) \(c.kind.rawValue) \(what) — \(c.basis) (recorded by \(r.author), \(r.recordedAt))"
        }.joined(separator: "\n")
    }
}

/// How a unit reads on one line: names, type, code, and a mark when its existence is uncertain.
func unitLine(_ u: TerritorialUnit, _ e: TerritorialUnit.Existence?, _ lang: Language) -> String {
    var s = "\(u.name(lang)) — \(u.type.label(lang)) \(u.code)"
    if e == .uncertain { s += " ⚠ " + uncertainPhrase(lang) }
    return s
}

func uncertainPhrase(_ lang: Language) -> String { TerritoryWording.uncertain(lang) }

func gapNote(_ type: UnitType, _ registry: TerritorialRegistry, _ lang: Language) -> String? { TerritoryWording.gapNote(type, registry, lang) }

func beforeCoverageNote(_ day: Day, _ lang: Language) -> String? { TerritoryWording.beforeCoverage(day, lang) }

struct TerritoryTree: AsyncTextCommand {
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

    func output() async throws -> String {
        let (registry, model, day) = try await territory.context(common)
        let lang = common.lang
        let present = registry.units(on: day)
        var counts: [UnitType: Int] = [:]
        present.forEach { counts[$0.0.type, default: 0] += 1 }
        let queries = TerritoryQueries(registry: registry, law: LawQueries(model: model, language: lang))
        if common.json { return try answerJSON(queries.tree(on: day, depth: depth)) }
        if csv { return queries.csv(on: day) }
        var out = ["\(title(lang)) \(day)", ""]
        if let note = beforeCoverageNote(day, lang) { out += [note, ""] }
        for type in UnitType.allCases {
            let n = counts[type] ?? 0
            var line = "  \(type.label(lang)): \(n)"
            if n == 0, let gap = gapNote(type, registry, lang) { line += " — \(gap)" }
            out.append(line)
        }
        if let gap = TerritoryWording.districtGapNote(registry, named: queries.named, on: day, lang) { out.append("  " + gap) }
        out.append("")
        let named = Dictionary(grouping: queries.namedUnits(on: day), by: \.districtCode)
        func walk(_ code: String, _ indent: Int) {
            guard depth.map({ indent < $0 }) ?? true else { return }
            let kids = registry.children(of: code, on: day)
            for (u, e) in kids {
                out.append(String(repeating: "  ", count: indent) + unitLine(u, e, lang))
                walk(u.code, indent + 1)
            }
            for n in named[code] ?? [] { out.append(String(repeating: "  ", count: indent) + Self.namedLine(n, lang)) }
            // Children whose recorded parent (a pre-reform ayil aimak) is gone on this day: shown under the
            // nearest listed ancestor, as a gap (the app layer's rule, as the API and the pages show it).
            let lost = queries.childrenWhoseParentIsNotListed(of: code, on: day)
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

    func title(_ lang: Language) -> String { TerritoryWording.word("title", lang) }

    /// An ayil aimak known by name: its name, its source's date, and what it was formed from.
    static func namedLine(_ n: NamedUnitAnswer, _ lang: Language) -> String {
        "\(TerritoryWording.displayName(n.names, lang, "")) — \(UnitType.ayilAimak.label(lang)) (\(TerritoryWording.namedDescription(n, lang)))"
    }

    func lostNote(_ n: Int, _ lang: Language) -> String { TerritoryWording.word("lost", lang).replacingOccurrences(of: "{0}", with: String(n)) }
}

struct TerritoryFind: AsyncTextCommand {
    static let configuration = CommandConfiguration(
        commandName: "find",
        abstract: "Find units by name (Kyrgyz, Russian or English, Cyrillic or Latin) or by code.",
        discussion: "Without --at, units of every date are found (with their periods); with it, only those of that day. Examples: aimak territory find Сокулук;  aimak territory find sokuluk --at 2009-01-01;  aimak territory find 41708222")

    @Argument(help: "A name or part of one, or the beginning of a code.")
    var text: String
    @OptionGroup var territory: TerritoryOptions
    @Option(name: .long, help: "At most this many matches.")
    var limit = 50
    @OptionGroup var common: CommonOptions

    func output() async throws -> String {
        let (registry, model, day) = try await territory.context(common)
        let lang = common.lang
        let queries = TerritoryQueries(registry: registry, law: LawQueries(model: model, language: lang))
        // The search of the API and the pages, so the three answer alike; --at keeps the units of that day.
        let found: (matches: [UnitMatchAnswer], total: Int)
        do { found = try queries.find(text, limit: limit, on: territory.at == nil ? nil : day) } catch let e as AppError { throw CLIError(e.message) }
        if common.json { return try answerJSON(found.matches) }
        guard found.total > 0 else {
            throw CLIError("no unit matches '\(text)'\(territory.at.map { " on \($0)" } ?? "") (searched names in ky, ru, en and codes)")
        }
        var out: [String] = []
        for m in found.matches {
            var line = "\(m.code)  \(TerritoryWording.displayName(m.names, lang, m.code)) — \(UnitType(rawValue: m.type)?.label(lang) ?? m.type)"
            if !m.parent.isEmpty { line += "; \(m.parent)" }
            if m.validFrom != nil || m.validTo != nil { line += "  [\(m.validFrom ?? "…") – \(m.validTo ?? "…")]" }
            out.append(line)
        }
        if found.total > found.matches.count { out.append("… \(found.total - found.matches.count) more (--limit)") }
        return out.joined(separator: "\n")
    }
}

struct TerritoryShow: AsyncTextCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "A unit on a date: names, type, parent, children, history, and the bodies and posts that govern it.",
        discussion: "Example: aimak territory show 41708222000000 --at 2009-01-01")

    @Argument(help: "The unit's 14-digit СОАТЕ code.")
    var code: String
    @OptionGroup var territory: TerritoryOptions
    @OptionGroup var common: CommonOptions

    func output() async throws -> String {
        let (registry, model, day) = try await territory.context(common)
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
        let answers = TerritoryQueries(registry: registry, law: LawQueries(model: model, language: lang))
        if common.json { return try answerJSON(try answers.unit(code, on: day)) }
        var out: [String] = []
        out.append(unitLine(unit, existence, lang) + "   (\(day))")
        for l in Language.allCases { if let n = unit.names[l] { out.append("  \(l.rawValue): \(n)") } }
        if let iso = unit.iso3166 { out.append("  ISO 3166-2: \(iso)") }
        if let c = unit.adminCenter { out.append("  \(word("centre", lang)): \(c)") }
        if let (p, _) = parent { out.append("  \(word("parent", lang)): \(p.name(lang)) — \(p.type.label(lang)) \(p.code)") }
        else if let p = unit.parentCode {
            out.append("  \(word("parent", lang)): \(p) — \(word("parent-gone", lang))")
            // The nearest unit above it that is listed, as the page and the API give it.
            if let a = answers.nearestListedAncestor(unit, on: day) { out.append("  \(word("within", lang)): \(a.name(lang)) — \(a.type.label(lang)) \(a.code)") }
        }
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
        let lost = answers.childrenWhoseParentIsNotListed(of: code, on: day)
        if !lost.isEmpty {
            out.append("  " + TerritoryWording.word("lost", lang).replacingOccurrences(of: "{0}", with: String(lost.count)))
            for (k, e) in lost.prefix(60) { out.append("    " + unitLine(k, e, lang)) }
            if lost.count > 60 { out.append("    … \(lost.count - 60)") }
        }
        if unit.type == .district {
            let queries = TerritoryQueries(registry: registry, law: LawQueries(model: model, language: lang))
            let named = queries.namedUnits(on: day, in: code)
            if !named.isEmpty {
                out.append("")
                out.append("\(word("named-units", lang)): \(named.count)")
                for n in named {
                    out.append("  " + TerritoryTree.namedLine(n, lang))
                    if !n.sourceURL.isEmpty { out.append("      \(n.sourceURL)") }
                }
            }
        }
        out.append("")
        out.append("\(word("governed-by", lang)):")
        if bodies.isEmpty { out.append("  " + word("no-bodies", lang)) }
        for b in bodies {
            out.append("  \(t.describe(b.fact.key, b.fact.value))  \(t.citation(b.fact.entry))")
            for f in b.formation {
                var line = "      \(t.describe(f.key, f.value))  \(t.citation(f.entry))"
                if let note = t.certaintyNote(f, on: day) { line += "  ⚠ \(note)" }
                out.append(line)
            }
        }
        return out.joined(separator: "\n")
    }

    func word(_ id: String, _ lang: Language) -> String { TerritoryWording.word(id, lang) }
}

struct TerritoryPopolo: AsyncTextCommand {
    static let configuration = CommandConfiguration(
        commandName: "popolo",
        abstract: "Areas, organizations and posts on a date as Popolo JSON.",
        discussion: "Example: aimak territory popolo --at 2022-01-01 > popolo.json")

    @OptionGroup var territory: TerritoryOptions
    @OptionGroup var common: CommonOptions

    func output() async throws -> String {
        let (registry, model, day) = try await territory.context(common)
        return try jsonText(PopoloExport(registry: registry, model: model, language: common.lang).build(on: day))
    }
}
