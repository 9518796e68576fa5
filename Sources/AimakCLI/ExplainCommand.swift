import AimakApp
import ArgumentParser
import Law

/// `aimak explain KEY --at D`.
struct ExplainCommand: TextCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show the statements behind a fact on a date, and those it overrode, and why.",
        discussion: """
        A fact is named by its key, or by the start of keys: formation/akim, formation/akim/by,
        power/district-kenesh, relation/akim/reports-to, procedure/akim-consent-vote, body/ayil-okmotu.
        `aimak at DATE --json` lists every key.
        """)

    @Argument(help: "A fact key or the start of keys, e.g. formation/akim.")
    var key: String

    @Option(name: .long, help: "The date (YYYY-MM-DD); today when omitted.")
    var at: String?

    @OptionGroup var common: CommonOptions

    func output() throws -> String {
        let model = try common.model()
        let day = try parseDay(at, model: model)
        let keys = model.keys(matching: key)
        guard !keys.isEmpty else {
            throw CLIError("No statement of the model speaks of '\(key)'. Keys look like formation/akim/by or power/district-kenesh; `aimak at --json` lists them.")
        }
        let t = LawText(model: model, language: common.lang)
        let explanations = keys.map { model.explain($0, at: day) }
        if common.json { return try answerJSON(try LawQueries(model: model, language: common.lang).explain(key, at: day)) }
        var out: [String] = []
        for e in explanations {
            let head: String
            if let r = e.resolved, r.value != nil {
                head = t.describeWithSubject(e.key, r.value)
            } else {
                head = "\(e.key): \(t.phrase("not-in-system"))"
            }
            out.append("\(head)   (\(day))")
            if let r = e.resolved, let note = t.certaintyNote(r, on: day) { out.append("  ⚠ \(note)") }
            for l in e.lines {
                var role = t.phrase("role-\(Self.roleID(l.role))")
                if case .repealed(let by) = l.role { role += " \(by)" }
                out.append("  \(role): \(t.describe(e.key, l.value))")
                out.append("      \(model.entries[l.entry].statement.ref)  \(t.citation(l.entry))")
            }
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    static func roleID(_ role: Explanation.Role) -> String { LawQueries.roleID(role) }
}
