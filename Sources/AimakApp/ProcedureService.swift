import EventLog
import Foundation
import Law
import PostgresEventStore
import ProcedureLog
import Procedures
import SQLiteEventStore
import WorkingDays

/// Opening the event store by its address.
public enum StoreAddress {
    /// `--database`, else `$AIMAK_DATABASE`, else the default SQLite file.
    public static func resolve(_ given: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        given ?? environment["AIMAK_DATABASE"].flatMap { $0.isEmpty ? nil : $0 } ?? SQLiteEventStore.defaultPath(environment: environment)
    }

    public static func isPostgres(_ address: String) -> Bool { address.hasPrefix("postgres://") || address.hasPrefix("postgresql://") }

    /// Opens a SQLite file (a path, or `sqlite:PATH`) or a PostgreSQL database (`postgres://…`).
    /// `create: false` refuses a SQLite file that does not exist yet, instead of making an empty one
    /// (a mistyped path must not look like an empty store).
    public static func open(_ address: String, create: Bool = true) async throws -> any EventStore {
        if isPostgres(address) { return try await PostgresEventStore(url: address) }
        let path = address.hasPrefix("sqlite:") ? String(address.dropFirst("sqlite:".count)) : address
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            if isFolder.boolValue { throw AppError(.unavailable, "\(path) is a folder; the store is a file (e.g. \(path)/aimak.sqlite)") }
        } else if !create {
            throw AppError(.unavailable, "there is no store at \(path) (nothing has been recorded there; check --database or AIMAK_HOME)")
        }
        return try SQLiteEventStore(path: path)
    }
}

/// What a client sends to start a procedure.
public struct NewProcedureRequest: Codable, Sendable, Equatable {
    /// akim-appointment, oblast-head-appointment, act-oversight, annual-report or coordination-request.
    public var procedure: String
    /// The СОАТЕ code of the district or oblast.
    public var unit: String
    /// The day it starts (YYYY-MM-DD): the law in force that day governs it.
    public var date: String
    public var settings: [String: Value]?
    /// The procedure's name in the store; by default `KIND-UNIT-DATE`.
    public var id: String?

    public init(procedure: String, unit: String, date: String, settings: [String: Value]? = nil, id: String? = nil) {
        (self.procedure, self.unit, self.date, self.settings, self.id) = (procedure, unit, date, settings, id)
    }
}

/// What a client sends to append an event.
public struct NewEventRequest: Codable, Sendable, Equatable {
    public var type: String
    /// The day it legally happened (YYYY-MM-DD).
    public var date: String
    public var fields: [String: Value]?

    public init(type: String, date: String, fields: [String: Value]? = nil) { (self.type, self.date, self.fields) = (type, date, fields) }
}

/// Reading event fields and settings as people and programs write them. One place for the CLI's
/// `key=value` words and the API's JSON, so both are held to the same rules.
public enum EventInput {
    /// The settings a procedure may have (annual-report: reporter, before, about; coordination-request: from).
    public static let settingKeys: Set<String> = ["reporter", "before", "about", "from"]

    /// The longest text a field may hold: a name, an act's title, a ground for suspension.
    public static let maximumTextLength = 2_000

    /// `key=value` words (`candidates=A,B`, `votes=A:12,B:8`, `seats=31`); a key given twice, or a
    /// candidate named twice in `votes`, is an error rather than one of them silently winning.
    public static func fields(_ words: [String]) throws -> [String: Value] {
        var out: [String: Value] = [:]
        for word in words {
            let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else { throw AppError.badInput("'\(word)' is not key=value") }
            guard out[parts[0]] == nil else { throw AppError.badInput("'\(parts[0])' is given twice; give each field once") }
            out[parts[0]] = try value(parts[0], parts[1])
        }
        return out
    }

    static func value(_ key: String, _ raw: String) throws -> Value {
        switch key {
        case "candidates":
            return .list(raw.split(separator: ",").map { .string($0.trimmingCharacters(in: .whitespaces)) })
        case "votes":
            var m: [String: Value] = [:]
            for pair in raw.split(separator: ",") {
                guard let colon = pair.lastIndex(of: ":") else { throw AppError.badInput("votes are Name:count, got '\(pair)'") }
                let name = pair[..<colon].trimmingCharacters(in: .whitespaces)
                let count = pair[pair.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                guard m[name] == nil else { throw AppError.badInput("votes: '\(name)' is named twice; give each candidate's count once") }
                m[name] = Int(count).map(Value.int) ?? .string(count)
            }
            return .map(m)
        default:
            return Int(raw).map(Value.int) ?? .string(raw)
        }
    }

    /// `key=value` settings, from the allow-list only.
    public static func settings(_ words: [String]) throws -> [String: Value] {
        var out: [String: Value] = [:]
        for s in words {
            let parts = s.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, settingKeys.contains(parts[0]) else {
                throw AppError.badInput("'\(s)' is not a setting (reporter=, before=, about=, from=)")
            }
            guard out[parts[0]] == nil else { throw AppError.badInput("the setting '\(parts[0])' is given twice") }
            out[parts[0]] = .string(parts[1])
        }
        return out
    }

    /// Texts within bounds and free of control characters (they end up in minutes and terminals).
    /// The deepest a field's value may nest (a list of names, a map of counts: two levels).
    public static let maximumDepth = 4

    public static func checkTexts(_ fields: [String: Value], what: String = "field") throws {
        func check(_ v: Value, _ path: String, depth: Int = 0) throws {
            guard depth <= maximumDepth else { throw AppError.badInput("\(what) '\(path)' nests deeper than \(maximumDepth) levels") }
            switch v {
            case .string(let s):
                // Counted in bytes: combining marks make a short-looking text long.
                guard s.utf8.count <= maximumTextLength else { throw AppError.badInput("\(what) '\(path)' is longer than \(maximumTextLength) bytes") }
                if s.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                    throw AppError.badInput("\(what) '\(path)' contains a control character (a line break, a tab or an escape)")
                }
            case .list(let l):
                guard l.count <= 1_000 else { throw AppError.badInput("\(what) '\(path)' lists more than 1000 items") }
                for x in l { try check(x, path, depth: depth + 1) }
            case .map(let m):
                guard m.count <= 1_000 else { throw AppError.badInput("\(what) '\(path)' has more than 1000 entries") }
                for (k, x) in m { try check(.string(k), path, depth: depth + 1); try check(x, "\(path).\(k)", depth: depth + 1) }
            default: break
            }
        }
        for (k, v) in fields { try check(.string(k), k); try check(v, k) }
    }

    public static func day(_ iso: String, what: String = "date") throws -> Day {
        guard let d = Day(iso: iso) else { throw AppError.badInput("'\(iso)' is not a \(what): write YYYY-MM-DD") }
        return d
    }
}

/// The procedures kept in the store: start, append, read, list, minutes. The book holds every
/// procedure's derived state and follows appends made elsewhere.
public struct ProcedureService: Sendable {
    public let book: ProcedureBook
    public let language: Language
    /// "Now" for deadlines (injected, so tests and the CLI's `--at` choose it).
    public let today: @Sendable () -> Day

    public init(book: ProcedureBook, language: Language, today: @escaping @Sendable () -> Day) {
        (self.book, self.language, self.today) = (book, language, today)
    }

    public func speaking(_ language: Language) -> ProcedureService { ProcedureService(book: book, language: language, today: today) }

    var text: ProcedureText { ProcedureText(model: book.context.model, language: language) }

    /// The context with "now" moved to today (a server runs for days).
    var context: ProcedureContext {
        var c = book.context
        c.asOf = today()
        return c
    }

    public func stream(_ id: String) throws -> StreamID {
        do { return try StreamID(id) } catch { throw AppError.notFound("there is no procedure '\(id)' (\(error))") }
    }

    /// The procedure's record and state judged today.
    public func entry(_ id: String) async throws -> (ProcedureBook.Entry, ProcedureRecord) {
        let stream = try stream(id)
        guard ProcedureStream.isProcedure(stream), let entry = try await book.catchUp(stream) else {
            throw AppError.notFound("there is no procedure '\(id)' in \(book.store.location)")
        }
        guard let record = entry.record else { throw AppError(.refused, "'\(id)' cannot be read: \(entry.problem ?? "")") }
        return (entry, record)
    }

    public func state(_ id: String) async throws -> ProcedureAnswer {
        let (entry, record) = try await entry(id)
        return text.answer(try judged(entry, record), id: entry.stream.rawValue, version: entry.version)
    }

    /// The state judged today: the book's own when it derived on this day, else derived again.
    func judged(_ entry: ProcedureBook.Entry, _ record: ProcedureRecord) throws -> ProcedureState {
        if let state = entry.state, book.context.asOf == today() { return state }
        return try ProcedureEngine.derive(record, in: context)
    }

    /// A new procedure from a request: checked, derived, stored as version 1.
    public func record(_ request: NewProcedureRequest) throws -> ProcedureRecord {
        guard let kind = ProcedureKind(rawValue: request.procedure) else {
            throw AppError.badInput("'\(request.procedure)' is not a procedure: \(ProcedureKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let settings = request.settings ?? [:]
        if let extra = settings.keys.sorted().first(where: { !EventInput.settingKeys.contains($0) }) {
            throw AppError.badInput("'\(extra)' is not a setting (reporter, before, about, from)")
        }
        try EventInput.checkTexts(settings, what: "setting")
        guard request.unit.count <= 32 else { throw AppError.badInput("'unit' is a 14-digit СОАТЕ code") }
        let started = try EventInput.day(request.date)
        // A procedure cannot have started after today: a typo (2100 for 2010) would stay in the log for good.
        guard started <= today() else { throw AppError.badInput("a procedure cannot start after today (\(today())): \(started)") }
        // A name in the readable form KIND-UNIT-DATE names that procedure and no other, so nobody
        // can take the names another unit's procedures will get.
        if let id = request.id, let readableKind = ProcedureKind.allCases.first(where: { id.hasPrefix($0.rawValue + "-") }) {
            let own = ProcedureStream.suggestedID(kind: kind, unit: request.unit, started: started)
            if readableKind != kind || !(id == own || id.hasPrefix(own + "-")) {
                throw AppError.badInput("'\(id)' reads as another procedure's name; use \(own) (or leave the id out), or a name not starting with a procedure's kind")
            }
        }
        return ProcedureRecord(kind: kind, unit: request.unit, started: started, settings: settings)
    }

    /// A whole record (a procedure file imported into the store as `id`) held to the checks its
    /// start and each of its steps get through the API, by the same functions: nothing dated after
    /// today, no control characters, no name that reads as another procedure's.
    public func check(_ record: ProcedureRecord, id: String) throws {
        _ = try self.record(NewProcedureRequest(procedure: record.kind.rawValue, unit: record.unit, date: record.started.description,
                                                settings: record.settings, id: id))
        for (i, e) in record.events.enumerated() {
            do {
                _ = try event(NewEventRequest(type: e.type, date: e.date.description, fields: e.fields), author: e.recordedBy ?? "import")
                if let by = e.recordedBy { try EventInput.checkTexts(["recorded_by": .string(by)]) }
            } catch let error as AppError {
                throw AppError.badInput("event \(i + 1): \(error.message)")
            }
        }
    }

    /// Starts a procedure; `alreadyStored` when a retry with the same key found it started.
    public func start(_ request: NewProcedureRequest, author: String, idempotencyKey: String? = nil) async throws -> (procedure: ProcedureAnswer, alreadyStored: Bool) {
        do {
            let record = try record(request)
            let opened = try await book.open(record, id: request.id, author: author, idempotencyKey: idempotencyKey)
            let entry = opened.entry
            guard let rec = entry.record else { throw AppError(.refused, entry.problem ?? "the procedure cannot be derived") }
            return (text.answer(try judged(entry, rec), id: entry.stream.rawValue, version: entry.version), opened.alreadyStored)
        } catch let e as ProcedureError {
            throw refusal(e)
        }
    }

    /// The engine's refusal in the service's language (the English text unchanged), naming the
    /// event refused, so a kenesh secretary reads the reason in the language of the form.
    func refusal(_ e: ProcedureError) -> AppError { AppError(.refused, text.error(e), event: e.event, localized: language != .en) }

    /// The event a request describes, checked before anything is read from the store.
    public func event(_ request: NewEventRequest, author: String) throws -> ProcedureEvent {
        guard !request.type.isEmpty, request.type.count <= 64, request.type.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
            throw AppError.badInput("'\(request.type.prefix(64))' is not an event type (e.g. nominated, sitting, ballot)")
        }
        let fields = request.fields ?? [:]
        try EventInput.checkTexts(fields)
        let day = try EventInput.day(request.date)
        guard day <= today() else { throw AppError.badInput("a step cannot be dated after today (\(today())): \(day)") }
        return ProcedureEvent(type: request.type, date: day, recordedBy: author, fields: fields)
    }

    public func append(_ request: NewEventRequest, to id: String, expecting: Int?, author: String, idempotencyKey: String?) async throws -> AppendAnswer {
        do {
            let event = try event(request, author: author)
            let stream = try stream(id)
            let appended = try await book.record(event, to: stream, expecting: expecting, author: author, idempotencyKey: idempotencyKey)
            guard let record = appended.entry.record else { throw AppError(.refused, appended.entry.problem ?? "the procedure cannot be derived") }
            let state = try judged(appended.entry, record)
            return AppendAnswer(version: appended.version, alreadyStored: appended.alreadyStored,
                                procedure: text.answer(state, id: stream.rawValue, version: appended.entry.version))
        } catch let e as ProcedureError {
            throw refusal(e)
        }
    }

    public func events(_ id: String) async throws -> [EventAnswer] {
        let stream = try stream(id)
        let stored = try await book.store.events(in: stream, after: 0)
        guard ProcedureStream.isProcedure(stream), !stored.isEmpty else { throw AppError.notFound("there is no procedure '\(id)' in \(book.store.location)") }
        return try stored.map { e in
            EventAnswer(version: e.version, type: e.type, date: e.legalDate.description, author: e.author, recordedAt: e.recordedAt,
                        fields: try e.data(as: Value.self))
        }
    }

    public struct Filter: Sendable {
        public var kind: String?
        public var unit: String?
        public var phase: String?
        public var overdue: Bool?
        public init(kind: String? = nil, unit: String? = nil, phase: String? = nil, overdue: Bool? = nil) {
            (self.kind, self.unit, self.phase, self.overdue) = (kind, unit, phase, overdue)
        }
    }

    /// Every procedure the book holds, judged today, filtered.
    public func list(_ filter: Filter = Filter()) async throws -> [ProcedureSummaryAnswer] {
        if let k = filter.kind, ProcedureKind(rawValue: k) == nil {
            throw AppError.badInput("'\(k)' is not a procedure: \(ProcedureKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let asOf = today()
        return await book.all().compactMap { e -> ProcedureSummaryAnswer? in
            var s = ProcedureSummaryAnswer(id: e.stream.rawValue, version: e.version, openDeadlines: [], overdue: false, problem: e.problem)
            (s.procedure, s.unit, s.started, s.phase) = (e.kind?.rawValue, e.unit, e.started?.description, e.phase)
            if e.phase != nil {
                s.finished = e.finished
                // The book judged its deadlines on the day it derived them; judge them again today.
                let open = e.deadlines.compactMap { d -> Deadline? in
                    switch d.status { case .met, .late: return nil; case .running, .missed: break }
                    var d = d
                    if let due = d.due { d.status = due < asOf ? .missed : .running }
                    return d
                }
                s.openDeadlines = open.map(text.deadline)
                s.overdue = open.contains { $0.status == .missed }
            }
            if let k = filter.kind, s.procedure != k { return nil }
            if let u = filter.unit, s.unit != u { return nil }
            if let p = filter.phase, s.phase != p { return nil }
            if let o = filter.overdue, s.overdue != o { return nil }
            return s
        }
    }

    public enum MinutesFormat: String, Sendable, CaseIterable { case md, html, json }

    /// The minutes of the procedure's sittings (counts of the secret ballots only).
    public func minutes(_ id: String, html: Bool) async throws -> String {
        let (entry, record) = try await entry(id)
        return text.minutes(try judged(entry, record), html: html)
    }
}
