import AimakApp
import ArgumentParser
import Law

/// `aimak check --at D`: the constitutional principles of self-government as properties of the model.
struct CheckCommand: TextCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the constitutional principles of local self-government on a date.")

    @Option(name: .long, help: "The date (YYYY-MM-DD); today when omitted.")
    var at: String?

    @OptionGroup var common: CommonOptions

    func output() throws -> String {
        let model = try common.model()
        let day = try parseDay(at, model: model)
        let report = model.checkPrinciples(at: day)
        let t = LawText(model: model, language: common.lang)
        if common.json { return try answerJSON(LawQueries(model: model, language: common.lang).principles(at: day)) }
        var out = ["\(t.phrase("principles-on")) \(day)", ""]
        for p in report.principles {
            out.append("■ \(t.label(p.id))")
            if let e = p.establishedBy {
                out.append("  \(t.phrase("principle-in-force")) \(t.citation(e.entry))")
            } else {
                out.append("  \(t.phrase("principle-not-in-force"))")
            }
            if p.findings.isEmpty { out.append("  \(t.phrase("no-findings"))") }
            for f in p.findings {
                out.append("  • \(t.describe(f))")
                for e in f.entries { out.append("      \(model.entries[e].statement.ref)  \(t.citation(e))") }
            }
            out.append("")
        }
        out.append("\(t.phrase("findings-total")): \(report.findings.count)")
        return out.joined(separator: "\n")
    }
}
