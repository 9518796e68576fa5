import AimakApp
import ArgumentParser
import Law

/// `aimak sources`: the legal sources of the model.
struct SourcesCommand: TextCommand {
    static let configuration = CommandConfiguration(commandName: "sources", abstract: "List the legal sources: kind, number, title, dates, what ended them, link.")

    @Flag(name: .long, help: "How far the data stands on the texts: statements by status per act and in total, provisions not identified, acts not read, imprecise dates, and the registry's gaps today.")
    var coverage = false

    @OptionGroup var common: CommonOptions

    func output() throws -> String {
        let model = try common.model()
        let t = LawText(model: model, language: common.lang)
        if coverage {
            let answer = LawQueries(model: model, language: common.lang).coverage(registry: try LawLibrary.registry(nil), on: today())
            return common.json ? try answerJSON(answer) : Self.render(answer)
        }
        if common.json { return try answerJSON(LawQueries(model: model, language: common.lang).sources()) }
        var lines: [String] = []
        for s in model.sources {
            lines.append("\(t.shortName(s)) — \(t.label(s.kind.rawValue))\(s.number.map { " № \($0)" } ?? "")")
            lines.append("  \(s.title.text(common.lang))")
            lines.append("  \(s.id)")
            var dates = "  \(t.phrase("adopted")): \(s.adopted?.description ?? t.phrase("unknown-value")); "
            dates += "\(t.phrase("in-force")): \(s.period.start.description) → "
            dates += s.period.end.map { "\($0.description) (\(t.phrase("exclusive")))" } ?? t.phrase("open-ended")
            lines.append(dates)
            if let by = s.endedBy { lines.append("  \(t.phrase("ended-by")): \(model.source(by).map(t.shortName) ?? by)") }
            if !s.amends.isEmpty { lines.append("  \(t.phrase("amends")): \(s.amends.map { model.source($0).map(t.shortName) ?? $0 }.joined(separator: ", "))") }
            lines.append("  \(t.phrase("status")): \(t.phrase("reliability-\(s.reliability.rawValue)")); \(s.statements.count) \(t.phrase("statements"))"
                         + (s.statements.isEmpty ? " — \(t.phrase("content-not-read"))" : ""))
            if let url = s.url { lines.append("  \(url)") }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    static func render(_ c: CoverageAnswer) -> String {
        func line(_ n: CoverageAnswer.Counts) -> String {
            let s = n.byStatus
            return "\(n.statements) statements: \(s["verified"] ?? 0) verified (\(Int((n.verifiedShare * 100).rounded())) %), \(s["secondary"] ?? 0) secondary, "
                + "\(s["inference"] ?? 0) inference, \(s["unverified"] ?? 0) unverified; provision not identified: \(n.provisionNotIdentified)"
                + "; read in translation: \(n.readInTranslation); read in a later wording: \(n.readInLaterEdition)"
        }
        var out = ["Coverage of the law data", "", "Total: " + line(c.total), ""]
        out.append("Acts whose content is not in the data (\(c.actsNotRead.count)):")
        out += c.actsNotRead.map { "  • \($0)" }
        out.append("")
        out.append("Acts in force from an imprecise date (\(c.actsWithImpreciseStart.count)):")
        out += c.acts.filter { !$0.exactStart }.map { "  • \($0.name) — \($0.inForceFrom)" }
        out.append("")
        out.append("Per act:")
        for a in c.acts where a.contentRead { out.append("  \(a.name): " + line(a.counts)) }
        out.append("")
        out.append("Territory on \(c.territory.date):")
        for (type, byCertainty) in c.territory.units.sorted(by: { $0.key < $1.key }) {
            out.append("  \(type): " + byCertainty.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
        }
        out.append("  districts with no ayil aimak in the dataset on this day: \(c.territory.districtsWithoutAyilAimaks.count)")
        out += c.territory.districtsWithoutAyilAimaks.map { "    \($0)" }
        out.append("  ayil aimaks known by name only (no classifier code) on this day: \(c.territory.ayilAimaksKnownByName)")
        out.append("  districts with no ayil aimak known, neither by code nor by name: \(c.territory.districtsWithNoUnitKnown.count)")
        out += c.territory.districtsWithNoUnitKnown.map { "    \($0)" }
        return out.joined(separator: "\n")
    }
}
