import Foundation
import Law
import LegalData
import Territory
import WorkingDays

/// Where the law comes from: the data bundled into the binary, or a folder a jurist works on.
public enum LawLocation: Sendable, Hashable {
    case bundled
    /// A law folder with `vocabulary.yaml` and `sources/`.
    case folder(String)

    public init(_ path: String?) { self = path.map(LawLocation.folder) ?? .bundled }
}

/// The law Aimak answers from: the legal model, the working-day calendar and the territorial
/// registry, each loaded once per process and shared by every command, request and page.
///
/// Loading is the expensive part of a cold command (YAML and CSV parsing); answering is cheap.
public struct LawLibrary: Sendable {
    public let model: LegalModel
    public let calendar: WorkingCalendar
    public let registry: TerritorialRegistry

    public init(model: LegalModel, calendar: WorkingCalendar, registry: TerritorialRegistry) {
        (self.model, self.calendar, self.registry) = (model, calendar, registry)
    }

    /// The bundled law, calendar and registry, loaded on first use.
    public static func bundled() throws -> LawLibrary {
        try LawLibrary(model: model(.bundled), calendar: calendar(nil), registry: registry(nil))
    }

    // MARK: Loading, once per process

    private static let models = ProcessCache<LegalModel>()
    private static let calendars = ProcessCache<WorkingCalendar>()
    private static let registries = ProcessCache<TerritorialRegistry>()

    /// The legal model of the bundled law or of a folder, parsed and validated once per process.
    public static func model(_ location: LawLocation) throws -> LegalModel {
        switch location {
        case .bundled:
            return try models.value("<bundled>") {
                if let compiled = try compiled(), let vocabulary = try compiled.document("vocabulary.yaml") {
                    return try LegalModel.load(vocabulary: vocabulary, sources: compiled.documentReaders(in: "sources"), checkedAtBuild: true)
                }
                return try loadModel(vocabulary: LegalData.vocabularyFile, sources: LegalData.sourcesDirectory)
            }
        case .folder(let folder):
            return try models.value(folder) {
                let base = URL(fileURLWithPath: folder)
                return try loadModel(vocabulary: base.appendingPathComponent("vocabulary.yaml"), sources: base.appendingPathComponent("sources"))
            }
        }
    }

    /// The working-day calendar: the bundled file or the one given.
    public static func calendar(_ file: String?) throws -> WorkingCalendar {
        let name = "calendar/kg-working-days.yaml"
        if file == nil, let compiled = try compiled(), compiled.names.contains(name) {
            return try calendars.value("<bundled>") { try CalendarParser.load(compiled.document(name)!, file: name) }
        }
        return try calendars.file(file, bundled: LegalData.calendarFile, name: name) { try CalendarParser.load($0, file: $1) }
    }

    private static let compiledData = ProcessCache<CompiledData>()

    /// The bundled law as the build compiled it (`CompiledData`): parsed and checked YAML and CSV,
    /// read in a few milliseconds. Nil in a build without the compiled file (then the YAML is read).
    public static func compiled() throws -> CompiledData? {
        if let path = LegalData.compiledPathBesideExecutable {
            return try compiledData.value("<bundled>") {
                guard let compiled = try CompiledData(file: path) else { throw AppError.badInput("cannot read \(path)") }
                return compiled
            }
        }
        guard let url = LegalData.compiledFile else { return nil }
        return try compiledData.value("<bundled>") {
            guard let data = FileManager.default.contents(atPath: url.path) else { throw AppError.badInput("cannot read \(url.path)") }
            return try CompiledData(decoding: Array(data))
        }
    }

    private static let nameIndexes = ProcessCache<NameIndex>()

    /// The search index of a registry's names, built once per process (folding 2,449 units' names
    /// in three languages takes longer than any search).
    public static func names(_ registry: TerritorialRegistry) -> NameIndex {
        (try? nameIndexes.value("\(registry.units.count):\(registry.codes.first ?? ""):\(registry.codes.last ?? "")") { NameIndex(registry) }) ?? NameIndex(registry)
    }

    /// The territorial registry: the bundled CSV or the one given.
    public static func registry(_ file: String?) throws -> TerritorialRegistry {
        if file == nil, let compiled = try compiled(), compiled.names.contains("territory/kg-territory.csv") {
            return try registries.value("<bundled>") { try TerritorialRegistry(records: compiled.table("territory/kg-territory.csv")!, file: "kg-territory.csv") }
        }
        return try registries.file(file, bundled: LegalData.territoryFile, name: "kg-territory.csv") { try TerritorialRegistry(csv: $0, file: $1) }
    }

    private static let namedUnitLists = ProcessCache<[NamedUnit]>()

    /// The bundled ayil aimaks known only by name (`kg-named-units.csv`), checked against the
    /// bundled registry.
    public static func namedUnits() throws -> [NamedUnit] {
        try namedUnitLists.value("<bundled>") {
            let text: String
            if let path = LegalData.namedUnitsPathBesideExecutable, let bytes = readBytes(path) {
                text = String(decoding: bytes, as: UTF8.self)
            } else {
                text = try readText(LegalData.namedUnitsFile)
            }
            return try NamedUnits.parse(text, registry: try registry(nil))
        }
    }

    /// Reads and validates a law folder (not cached: `aimak validate` reads what is on disk now).
    public static func loadModel(vocabulary: URL, sources: URL) throws -> LegalModel {
        let vocabularyText = try readText(vocabulary)
        let files = try sourceFiles(in: sources)
        return try LegalModel.load(vocabulary: vocabularyText, vocabularyFile: "vocabulary.yaml", sources: files)
    }

    public static func sourceFiles(in folder: URL) throws -> [(name: String, text: String)] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
            throw AppError.badInput("cannot read the folder \(folder.path)")
        }
        return try names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { name in
            ("sources/\(name)", try readText(folder.appendingPathComponent(name)))
        }
    }

    /// The largest data file Aimak reads: the biggest bundled file is about 0.3 MB; a file a
    /// hundred times larger is not legal data but a mistake or an attack.
    public static let maximumFileSize = 32 << 20

    /// A data file as UTF-8 text, refused with its path when missing, too large or not UTF-8.
    public static func readText(_ url: URL) throws -> String {
        let path = url.path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            throw AppError.badInput("cannot read \(path): no such file")
        }
        if attributes[.type] as? FileAttributeType == .typeDirectory { throw AppError.badInput("\(path) is a folder, not a file") }
        if let size = attributes[.size] as? Int, size > maximumFileSize {
            throw AppError.badInput("\(path) is \(size / (1 << 20)) MB; Aimak reads data files of at most \(maximumFileSize >> 20) MB")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw AppError.badInput("cannot read \(path) (permission?)") }
        guard let text = String(data: data, encoding: .utf8) else {
            throw AppError.badInput("\(path) is not UTF-8 text (save it as UTF-8)")
        }
        return text
    }
}

/// A whole file's bytes, read with the system's calls straight into the array (the compiled law,
/// read by every cold command: `FileManager` and `Data` would cost a copy and their set-up).
func readBytes(_ path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, info.st_size >= 0, info.st_size <= LawLibrary.maximumFileSize else { return nil }
    let size = Int(info.st_size)
    var failed = false
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
        var done = 0
        while done < size {
            let n = read(fd, buffer.baseAddress! + done, size - done)
            if n < 0, errno == EINTR { continue }  // interrupted by a signal: read again
            if n <= 0 { failed = n < 0 || done < size; break }
            done += n
        }
        count = done
    }
    return failed || bytes.count != size ? nil : bytes
}

/// Values loaded once per process, keyed by where they came from.
final class ProcessCache<Value: Sendable>: @unchecked Sendable {
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

    /// A data file given by path, or the bundled one, read and parsed once per process.
    func file(_ path: String?, bundled: URL, name: String, parse: (String, String) throws -> Value) throws -> Value {
        try value(path ?? "<bundled>") {
            let url = path.map { URL(fileURLWithPath: $0) } ?? bundled
            return try parse(try LawLibrary.readText(url), path ?? name)
        }
    }
}

/// Today in Bishkek (UTC+6), the default date of every question.
public func todayInBishkek(_ now: Date = Date()) -> Day {
    let seconds = now.timeIntervalSince1970 + 6 * 3600
    return Day(ordinal: Int32((seconds / 86400).rounded(.down)))
}
