import AimakApp
import ArgumentParser
import Foundation
import Law
import WorkingDays

/// `aimak diff D1 D2` and `aimak diff --draft FILE --at D`.
struct DiffCommand: TextCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "What changed between two dates, or what a draft would change on a date.",
        discussion: "Examples: aimak diff 2002-06-01 2009-01-01;  aimak diff --draft my-draft.yaml --at 2027-01-01")

    @Argument(help: "The earlier date.")
    var from: String?

    @Argument(help: "The later date.")
    var to: String?

    @Option(name: .long, help: "A draft source file to put on top of the law in force.")
    var draft: String?

    @Option(name: .long, help: "With --draft: the date the draft would take effect (default: the draft's in_force.from).")
    var at: String?

    @Flag(name: .long, help: "Also list rules restated unchanged by a new act.")
    var restated = false

    @OptionGroup var common: CommonOptions

    func output() throws -> String {
        let model = try common.model()
        let t = LawText(model: model, language: common.lang)
        if let draftPath = draft {
            let text = try LawLibrary.readText(URL(fileURLWithPath: draftPath))
            let source = try model.parseSource(text, file: draftPath)
            let day = try at.map { try parseDay($0, model: model) } ?? source.period.start.latest
            let withDraft = try model.overlaying(draft: source, effective: day)
            let diff = SystemDiff(from: model.resolve(at: day), to: withDraft.resolve(at: day), beforeModel: model, afterModel: withDraft)
            let tAfter = LawText(model: withDraft, language: common.lang)
            let checksBefore = model.checkPrinciples(at: day), checksAfter = withDraft.checkPrinciples(at: day)
            if common.json {
                return try answerJSON(try LawQueries(model: model, language: common.lang).draftDiff(text, file: draftPath, at: day, restated: restated))
            }
            var out = ["\(t.phrase("draft")): \(source.title.text(common.lang)) (\(source.id)), \(t.phrase("effective")) \(day)", ""]
            out += Self.renderChanges(diff, t, on: day, tAfter, on: day, restated: restated)
            out.append("")
            out.append("\(t.phrase("findings-without-draft")): \(checksBefore.findings.count)")
            out.append("\(t.phrase("findings-with-draft")): \(checksAfter.findings.count)")
            let beforeTexts = Set(checksBefore.findings.map { t.describe($0) })
            let afterTexts = Set(checksAfter.findings.map { tAfter.describe($0) })
            for f in checksAfter.findings where !beforeTexts.contains(tAfter.describe(f)) {
                out.append("  + [\(t.label(f.principle))] \(tAfter.describe(f))")
                f.entries.forEach { out.append("      \(tAfter.citation($0))") }
            }
            for f in checksBefore.findings where !afterTexts.contains(t.describe(f)) {
                out.append("  − [\(t.label(f.principle))] \(t.describe(f))")
            }
            return out.joined(separator: "\n")
        }
        guard let from, let to else { throw CLIError("give two dates (aimak diff 2002-06-01 2009-01-01) or --draft FILE") }
        let d1 = try parseDay(from, model: model), d2 = try parseDay(to, model: model)
        let diff = model.diff(from: d1, to: d2)
        let starting = model.sourcesTakingEffect(after: d1, through: d2), ending = model.sourcesEnding(after: d1, through: d2)
        if common.json { return try answerJSON(LawQueries(model: model, language: common.lang).diff(from: d1, to: d2, restated: restated)) }
        var out = ["\(t.phrase("changes-between")) \(d1) → \(d2)", ""]
        if !starting.isEmpty {
            out.append("\(t.phrase("acts-taking-effect")):")
            for s in starting {
                var line = "  • \(s.period.start) \(t.shortName(s)) — \(s.title.text(common.lang))"
                if s.statements.isEmpty { line += " — \(t.phrase("content-not-read"))" }
                out.append(line)
            }
            out.append("")
        }
        if !ending.isEmpty {
            out.append("\(t.phrase("acts-ending")):")
            ending.forEach { out.append("  • \($0.period.end!) \(t.shortName($0)) — \($0.title.text(common.lang))") }
            out.append("")
        }
        out += Self.renderChanges(diff, t, on: d1, t, on: d2, restated: restated)
        return out.joined(separator: "\n")
    }

    /// The changes, each side with its citation and, when the fact is not certain on its day (an
    /// unknown date, an unresolved conflict), the note saying why, as `aimak at` prints it.
    static func renderChanges(_ diff: SystemDiff, _ before: LawText, on d1: Day, _ after: LawText, on d2: Day, restated: Bool) -> [String] {
        var out: [String] = []
        func cite(_ t: LawText, _ fact: ResolvedFact, _ day: Day) -> String {
            "      \(t.citation(fact.entry))" + (t.certaintyNote(fact, on: day).map { "  ⚠ \($0)" } ?? "")
        }
        let kinds: [SystemDiff.Kind] = restated ? [.added, .removed, .changed, .restated] : [.added, .removed, .changed]
        for kind in kinds {
            let changes = diff.changes(kind)
            out.append("\(before.phrase("diff-\(kind.rawValue)")) (\(changes.count)):")
            for c in changes {
                switch kind {
                case .added:
                    out.append("  + \(after.describeWithSubject(c.key, c.after!.value))")
                    out.append(cite(after, c.after!, d2))
                case .removed:
                    out.append("  − \(before.describeWithSubject(c.key, c.before!.value))")
                    out.append(cite(before, c.before!, d1))
                case .changed, .restated:
                    out.append("  ~ \(before.describeWithSubject(c.key, c.before!.value))")
                    out.append(cite(before, c.before!, d1))
                    out.append("    → \(after.describe(c.key, c.after!.value))")
                    out.append(cite(after, c.after!, d2))
                }
            }
            out.append("")
        }
        if diff.changes.filter({ $0.kind != .restated }).isEmpty { out.append(before.phrase("no-changes")) }
        return out
    }
}
