import Foundation
@testable import Law
import LegalData
import WorkingDays

/// The bundled law, loaded once for all tests.
enum Bundled {
    static let model: LegalModel = {
        let vocabulary = try! String(contentsOf: LegalData.vocabularyFile, encoding: .utf8)
        let folder = LegalData.sourcesDirectory
        let names = try! FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        let files = names.map { ("sources/\($0)", try! String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)) }
        do {
            return try LegalModel.load(vocabulary: vocabulary, sources: files)
        } catch {
            fatalError("bundled law does not load:\n\(error)")
        }
    }()

    static let vocabularyText = try! String(contentsOf: LegalData.vocabularyFile, encoding: .utf8)

    /// `law/` in the repository, for the scenario files (not bundled: they are tests).
    static let lawFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("law")
}

func day(_ s: String) -> Day { Day(iso: s)! }
