import AimakApp
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

/// The legal model of the bundled law or a folder, loaded once per process (by the app layer).
enum ModelStore {
    static func load(folder: String?) throws -> LegalModel { try LawLibrary.model(LawLocation(folder)) }
}

struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Parses a day from the command line and keeps it within the model's range.
func parseDay(_ text: String?, model: LegalModel, what: String = "date") throws -> Day {
    guard let text else { return today() }
    guard Day(iso: text) != nil else {
        throw CLIError("'\(text)' is not a \(what): write YYYY-MM-DD, e.g. 2009-01-01")
    }
    do { return try LawQueries(model: model, language: .en).day(text, today: today(), what: what) } catch let e as AppError { throw CLIError(e.message) }
}

/// Today in Bishkek (UTC+6).
func today() -> Day { todayInBishkek() }

/// An answer of the app layer as the JSON the API also serves.
func answerJSON<T: Encodable>(_ value: T) throws -> String { try AnswerJSON.text(value) }

/// Pretty, stable JSON.
func jsonText(_ object: Any) throws -> String {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    return String(decoding: data, as: UTF8.self)
}
