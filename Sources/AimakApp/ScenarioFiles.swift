import Foundation
import Law

/// One case of a scenario file under `law/scenarios/` (legal, territory, working-day and procedure
/// scenarios: tests as data): its file, its line, and its fields as written.
public struct ScenarioCase: Sendable {
    public var file: String
    public var line: Int
    public var fields: [String: Value]
}

/// Reads the scenario files of a folder: every `*.yaml` in it, in name order, each a list of
/// mappings. A file of any other shape is refused with its name and line, so a broken scenario
/// file fails the tests instead of being skipped.
public enum ScenarioFiles {
    public static func read(_ folder: URL) throws -> [ScenarioCase] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
            throw AppError.badInput("cannot read the folder \(folder.path)")
        }
        var out: [ScenarioCase] = []
        for name in names.filter({ $0.hasSuffix(".yaml") }).sorted() {
            let text = try LawLibrary.readText(folder.appendingPathComponent(name))
            guard case .sequence(let items, _) = try DataNode.parse(text, file: name) else {
                throw LegalDataError(file: name, line: 1, field: nil, rule: "a scenario file is a list of cases")
            }
            for item in items {
                guard case .map(let fields) = item.plainValue else {
                    throw LegalDataError(file: name, line: item.line, field: nil, rule: "a scenario case is a mapping (name, at, fact, expect …)")
                }
                out.append(ScenarioCase(file: name, line: item.line, fields: fields))
            }
        }
        return out
    }
}
