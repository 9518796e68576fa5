import AimakApp
import ArgumentParser
import Foundation
import Law

/// `aimak validate [PATH]`: check legal data files.
struct ValidateCommand: TextCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate legal data: the bundled law, a law folder, or one source file (checked against the bundled law).")

    @Argument(help: "A law folder (with vocabulary.yaml and sources/) or a single source file; the bundled data when omitted.")
    var path: String?

    func output() throws -> String {
        do {
            let model: LegalModel
            var what = "bundled legal data"
            if let path {
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw CLIError("no such file or folder: \(path)") }
                if isDir.boolValue {
                    let base = URL(fileURLWithPath: path)
                    model = try LawLibrary.loadModel(vocabulary: base.appendingPathComponent("vocabulary.yaml"),
                                                     sources: base.appendingPathComponent("sources"))
                    what = path
                } else {
                    let bundled = try ModelStore.load(folder: nil)
                    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw CLIError("cannot read \(path) as UTF-8 text") }
                    let source = try bundled.parseSource(text, file: path)
                    if bundled.source(source.id) != nil && !source.isDraft {
                        throw LegalDataErrors([LegalDataError(file: path, line: 1, field: "source", rule: "duplicate source id '\(source.id)' (already in the bundled law)")])
                    }
                    model = try bundled.overlaying(draft: source, effective: source.period.start.latest)
                    return "OK: \(path) — \(counted(source.statements.count, "statement")), consistent with the bundled law"
                }
            } else {
                model = try ModelStore.load(folder: nil)
            }
            var out = ["OK: \(what) — \(counted(model.sources.count, "source")), \(counted(model.entries.count, "statement"))"
                       + (model.drafts.isEmpty ? "" : "; \(counted(model.drafts.count, "draft")) (not law: applied only by `aimak diff --draft FILE`): "
                          + model.drafts.map { "\($0.id) (\($0.file))" }.joined(separator: ", "))]
            for w in model.warnings { out.append("warning: \(w)") }
            return out.joined(separator: "\n")
        } catch let e as LegalDataErrors {
            throw CLIError("\(e.errors.count) error(s):\n" + e.description)
        }
    }
}

/// "1 statement", "2 statements".
func counted(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
