// Compiles a law folder (the YAML and CSV files a jurist edits) into the compact form the binary
// bundles (`CompiledData`), after checking it exactly as `aimak validate` does: a law with an
// error fails the build with the same file:line messages.
//
//     aimak-compile-law <law folder> <output file>
import Foundation
import Law
import Territory

/// The files of the law folder that are compiled, by their path in the folder.
let vocabularyName = "vocabulary.yaml", calendarName = "calendar/kg-working-days.yaml"
let interfaceName = "interface.yaml", territoryName = "territory/kg-territory.csv"
let namedUnitsName = "territory/kg-named-units.csv"

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(1)
}

let arguments = CommandLine.arguments
guard arguments.count == 3 else { fail("usage: aimak-compile-law <law folder> <output file>") }
let folder = URL(fileURLWithPath: arguments[1])

func text(_ name: String) -> String {
    let url = folder.appendingPathComponent(name)
    guard let data = FileManager.default.contents(atPath: url.path) else { fail("\(url.path): cannot read the file") }
    guard let s = String(data: data, encoding: .utf8) else { fail("\(url.path): not UTF-8 text") }
    return s
}

/// A document, or its YAML error (every file's errors are reported together, not only the first).
func parse(_ name: String) -> Result<DataNode, any Error> {
    Result { try DataNode.parse(text(name), file: name) }
}

let sourceNames = ((try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("sources").path)) ?? [])
    .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { "sources/\($0)" }
let parsed = ([vocabularyName, calendarName, interfaceName] + sourceNames).map { ($0, parse($0)) }
let syntaxErrors = parsed.compactMap { _, result -> String? in
    if case .failure(let error) = result { return "\(folder.path)/\(error)" } else { return nil }
}
if !syntaxErrors.isEmpty { fail(syntaxErrors.joined(separator: "\n")) }
let documents = parsed.map { name, result in (name, try! result.get()) }
let rows: [CompiledData.Row]
do { rows = try TerritorialRegistry.records(csv: text(territoryName), file: territoryName) } catch {
    fail(error.errors.map { "\(folder.path)/\($0)" }.joined(separator: "\n"))
}
let data = CompiledData(documents: documents, tables: [(territoryName, rows)])

// The same checks as at run time, on what the binary will read back, so the build refuses what
// `aimak validate` would.
do {
    _ = try LegalModel.load(vocabulary: data.document(vocabularyName)!, sources: data.documents(in: "sources"))
    _ = try CalendarParser.load(data.document(calendarName)!, file: calendarName)
    let registry = try TerritorialRegistry(records: data.table(territoryName)!, file: territoryName)
    // The ayil aimaks known by name are read at run time from their CSV; checked here so a broken
    // row fails the build instead of vanishing from the answers.
    _ = try NamedUnits.parse(text(namedUnitsName), file: namedUnitsName, registry: registry)
    _ = try Vocabulary.read(data.document(interfaceName)!, file: interfaceName)  // the pages' words
} catch let e as LegalDataErrors {
    fail(e.errors.map { "\(folder.path)/\($0)" }.joined(separator: "\n"))
} catch let e as TerritoryErrors {
    fail(e.errors.map { "\(folder.path)/\($0)" }.joined(separator: "\n"))
} catch {
    fail("\(folder.path)/\(error)")
}

let output = URL(fileURLWithPath: arguments[2])
do { try Data(data.encoded()).write(to: output, options: .atomic) } catch { fail("\(output.path): \(error)") }
