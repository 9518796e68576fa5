import ArgumentParser
import Foundation
import Law
import LegalData
import WorkingDays

/// Options every reading command shares.
struct CommonOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON for machines instead of text.")
    var json = false

    @Option(name: .long, help: "Language of labels and explanations: ky, ru or en.")
    var lang: Language = .en

    @Option(name: .long, help: "A law folder (vocabulary.yaml and sources/) to use instead of the bundled one.")
    var data: String?

    func model() throws -> LegalModel {
        try ModelStore.load(folder: data)
    }
}

extension Language: ExpressibleByArgument {}

/// Values loaded once per process (the legal model, the territorial registry), keyed by where they came from.
final class ProcessCache<Value>: @unchecked Sendable {
    private var values: [String: Value] = [:]
    private let lock = NSLock()

    func value(_ key: String, load: () throws -> Value) throws -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let v = values[key] { return v }
        let v = try load()
        values[key] = v
        return v
    }
}

extension ProcessCache {
    /// A data file given on the command line, or the bundled one, read and parsed once per process.
    func file(_ path: String?, bundled: URL, name: String, parse: (String, String) throws -> Value) throws -> Value {
        try value(path ?? "<bundled>") {
            let url = path.map { URL(fileURLWithPath: $0) } ?? bundled
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw CLIError("cannot read \(url.path) as UTF-8 text") }
            return try parse(text, path ?? name)
        }
    }
}

/// Loads legal data once per process.
enum ModelStore {
    private static let cache = ProcessCache<LegalModel>()

    static func load(folder: String?) throws -> LegalModel {
        try cache.value(folder ?? "<bundled>") {
            guard let folder else {
                return try loadModel(vocabulary: LegalData.vocabularyFile, sources: LegalData.sourcesDirectory)
            }
            let base = URL(fileURLWithPath: folder)
            return try loadModel(vocabulary: base.appendingPathComponent("vocabulary.yaml"), sources: base.appendingPathComponent("sources"))
        }
    }

    static func loadModel(vocabulary: URL, sources: URL) throws -> LegalModel {
        guard let vocabularyText = try? String(contentsOf: vocabulary, encoding: .utf8) else {
            throw CLIError("cannot read \(vocabulary.path)")
        }
        let files = try sourceFiles(in: sources)
        return try LegalModel.load(vocabulary: vocabularyText, vocabularyFile: "vocabulary.yaml", sources: files)
    }

    static func sourceFiles(in folder: URL) throws -> [(name: String, text: String)] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
            throw CLIError("cannot read the folder \(folder.path)")
        }
        return try names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { name in
            let url = folder.appendingPathComponent(name)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw CLIError("cannot read \(url.path) as UTF-8 text") }
            return ("sources/\(name)", text)
        }
    }
}

struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Parses a day from the command line and keeps it within the model's range.
func parseDay(_ text: String?, model: LegalModel, what: String = "date") throws -> Day {
    guard let text else { return today() }
    guard let day = Day(iso: text) else {
        throw ValidationError("'\(text)' is not a \(what): write YYYY-MM-DD, e.g. 2009-01-01")
    }
    if day < model.firstDay {
        let first = model.sources.first.map { $0.title.text(.en) } ?? ""
        throw CLIError("No source of the model is in force on \(day): the model begins on \(model.firstDay) (\(first)).")
    }
    return day
}

/// Today in Bishkek (UTC+6).
func today() -> Day {
    let seconds = Date().timeIntervalSince1970 + 6 * 3600
    return Day(ordinal: Int32((seconds / 86400).rounded(.down)))
}

/// Pretty, stable JSON.
func jsonText(_ object: Any) throws -> String {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    return String(decoding: data, as: UTF8.self)
}
