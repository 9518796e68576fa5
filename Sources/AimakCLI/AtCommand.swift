import AimakApp
import ArgumentParser
import Law
import WorkingDays

/// `aimak at DATE`: the system on a day.
struct AtCommand: TextCommand {
    static let configuration = CommandConfiguration(
        commandName: "at",
        abstract: "Show the local-government system on a date: bodies, posts, formation, powers, relations, each with its citation.")

    @Argument(help: "The date (YYYY-MM-DD); today when omitted.")
    var date: String?

    @OptionGroup var common: CommonOptions

    static let levelOrder = ["republic", "local", "oblast", "district", "city", "ayil-aimak", "settlement", "village"]

    func output() throws -> String {
        let model = try common.model()
        let day = try parseDay(date, model: model)
        let system = model.resolve(at: day)
        let t = LawText(model: model, language: common.lang)
        if common.json { return try answerJSON(LawQueries(model: model, language: common.lang).system(at: day)) }
        return Self.render(system, text: t, day: day)
    }

    static func levelRank(_ key: FactKey) -> Int {
        let p = FactPath(key).parts
        return (levelOrder.firstIndex(of: String(p[1])) ?? 99) * 10 + (p.count > 2 && p[2] == "comprises" ? 0 : 1)
    }

    static func fieldOrder(_ field: Substring) -> Int { LawText.formationOrder.firstIndex(of: String(field)) ?? 99 }

    static func render(_ system: SystemAtDate, text t: LawText, day: Day) -> String {
        let model = t.model
        var out: [String] = ["\(t.phrase("system-on")) \(day)", ""]
        if day > model.lastChange {
            out.append("(\(t.phrase("after-last-change")) \(model.lastChange))")
            out.append("")
        }
        out.append(t.phrase("sources-in-force") + ":")
        for (i, status) in system.sourcesInForce {
            let s = model.sources[i]
            var line = "  • \(t.shortName(s)) — \(s.title.text(t.language))"
            if status == .uncertain { line += " (\(t.uncertaintyNote(s.period, on: day)))" }
            if s.statements.isEmpty { line += " — \(t.phrase("content-not-read"))" }
            out.append(line)
        }
        out.append("")
        let present = system.present
        func line(_ indent: String, _ fact: ResolvedFact) -> String {
            var text = "\(indent)\(t.describe(fact.key, fact.value))  \(t.citation(fact.entry))"
            if let note = t.certaintyNote(fact, on: day) { text += "  ⚠ \(note)" }
            return text
        }
        let principles = present.filter { $0.key.hasPrefix("principle/") }
        if !principles.isEmpty {
            out.append(t.phrase("principles-in-force") + ":")
            principles.forEach { out.append(line("  • ", $0)) }
            out.append("")
        }
        let units = present.filter { $0.key.hasPrefix("unit/") }
        if !units.isEmpty {
            out.append(t.phrase("unit").uppercased() + ":")
            var lastLevel = ""
            for fact in units.sorted(by: { levelRank($0.key) < levelRank($1.key) }) {
                let level = String(FactPath(fact.key).parts[1])
                if level != lastLevel { out.append("  \(t.label(level))"); lastLevel = level }
                out.append(line("      ", fact))
            }
            out.append("")
        }
        var byBody: [String: [ResolvedFact]] = [:]
        for fact in present {
            if let body = FactPath(fact.key).body { byBody[body, default: []].append(fact) }
        }
        let bodies = present.filter { $0.key.hasPrefix("body/") }
        for level in levelOrder {
            let here = bodies.filter { $0.value?["levels"]?.listValue?.first?.stringValue == level }
            guard !here.isEmpty else { continue }
            out.append(t.label(level).uppercased())
            for body in here {
                let id = String(body.key.dropFirst(5))
                out.append(line("  ", body))
                let facts = byBody[id, default: []].filter { !$0.key.hasPrefix("body/") }
                let formation = facts.filter { $0.key.hasPrefix("formation/") }
                    .sorted { fieldOrder(FactPath($0.key).parts.last!) < fieldOrder(FactPath($1.key).parts.last!) }
                formation.forEach { out.append(line("      ", $0)) }
                for prefix in ["power/", "relation/"] {
                    facts.filter { $0.key.hasPrefix(prefix) }.forEach { out.append(line("      ", $0)) }
                }
            }
            out.append("")
        }
        let procedures = present.filter { $0.key.hasPrefix("procedure/") }
        var lastProcedure = ""
        for fact in procedures {
            let name = String(FactPath(fact.key).parts[1])
            if name != lastProcedure {
                out.append("\(t.phrase("procedure")): \(t.label(name))")
                lastProcedure = name
            }
            out.append(line("  ", fact))
        }
        if !system.conflicts.isEmpty {
            out.append("")
            out.append(t.phrase("conflicts") + ":")
            for c in system.conflicts {
                out.append("  \(c.key): " + c.entries.map { model.entries[$0].statement.ref }.joined(separator: " / "))
            }
        }
        return out.joined(separator: "\n")
    }
}
