import AimakApp
import Foundation
@testable import Law
import LegalData
import WorkingDays

/// The bundled law, loaded once for all tests.
enum Bundled {
    // The bundled law as every face loads it (one loader, one process cache).
    static let model = try! LawLibrary.model(.bundled)

    /// The same law read from its YAML files (`law/` in the repository), not from the compiled form.
    static let modelFromYAML = try! LawLibrary.model(.folder(lawFolder.path))

    static let vocabularyText = try! String(contentsOf: LegalData.vocabularyFile, encoding: .utf8)

    /// `law/` in the repository, for the scenario files (not bundled: they are tests).
    static let lawFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("law")
}

func day(_ s: String) -> Day { Day(iso: s)! }
