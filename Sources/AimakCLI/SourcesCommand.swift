import AimakApp
import ArgumentParser
import Law

/// `aimak sources`: the legal sources of the model.
struct SourcesCommand: TextCommand {
    static let configuration = CommandConfiguration(commandName: "sources", abstract: "List the legal sources: kind, number, title, dates, what ended them, link.")

    @OptionGroup var common: CommonOptions

    func output() throws -> String {
        let model = try common.model()
        let t = LawText(model: model, language: common.lang)
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
}
