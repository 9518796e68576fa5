import AimakApp
import ArgumentParser
import EventLog
import Foundation
import Law
import Procedures
import Territory
import WorkingDays

/// `aimak procedure …`: procedures between the bodies, kept in a file or (with --store) in the event store.
struct ProcedureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "procedure",
        abstract: "Run a procedure (akim appointment, oversight of an act, annual report, coordination request) by the law in force.",
        subcommands: [ProcedureNew.self, ProcedureAdd.self, ProcedureShow.self, ProcedureMinutes.self, ProcedureList.self])
}

extension ProcedureKind: ExpressibleByArgument {}

/// The data a procedure is derived with.
struct ProcedureOptions: ParsableArguments {
    @Option(name: .long, help: "A territorial CSV file instead of the bundled one.")
    var units: String?

    @Option(name: .long, help: "A calendar YAML file instead of the bundled one.")
    var calendar: String?

    func context(_ common: CommonOptions, asOf: Day? = nil) throws -> ProcedureContext {
        ProcedureContext(model: try common.model(), calendar: try CalendarStore.load(file: calendar),
                         registry: try RegistryStore.load(file: units), asOf: asOf ?? today())
    }
}

func readProcedure(_ path: String) throws -> ProcedureRecord {
    let text: String
    do { text = try LawLibrary.readText(URL(fileURLWithPath: path)) } catch let e as AppError { throw CLIError(e.message) }
    do { return try ProcedureRecord.parse(text, file: path) } catch let e as ProcedureError { throw CLIError("\(path): \(e)") }
}

func derive(_ record: ProcedureRecord, _ ctx: ProcedureContext, file: String) throws -> ProcedureState {
    do { return try ProcedureEngine.derive(record, in: ctx) } catch let e as ProcedureError { throw CLIError("\(file): \(e)") }
}

/// `aimak procedure new akim-appointment --unit CODE --date D > p.yaml`
struct ProcedureNew: AsyncTextCommand {
    static let configuration = CommandConfiguration(
        commandName: "new", abstract: "Start a procedure: prints its file (redirect it to a .yaml file), or with --store creates it in the store.")

    @Argument(help: "akim-appointment | oblast-head-appointment | act-oversight | annual-report | coordination-request")
    var kind: ProcedureKind

    @Option(name: .long, help: "СОАТЕ code of the district or oblast (aimak territory find NAME).")
    var unit: String

    @Option(name: .long, help: "The day the procedure starts (YYYY-MM-DD): the law in force on it governs the procedure.")
    var date: String

    @Option(name: .long, help: "A setting key=value (annual-report: reporter, before, about; coordination-request: from).")
    var set: [String] = []

    @Option(name: .long, help: "With --store: the procedure's name (default: KIND-UNIT-DATE).")
    var id: String?

    @Option(name: .long, help: "Who records it (default: $USER).")
    var by: String?

    @OptionGroup var common: CommonOptions
    @OptionGroup var options: ProcedureOptions
    @Flag(name: .long, help: "Work on the event store: the procedure argument is its name in the store.")
    var store = false
    @OptionGroup var storage: StoreOptions

    func output() async throws -> String {
        guard let day = Day(iso: date) else { throw CLIError("'\(date)' is not a date: write YYYY-MM-DD") }
        let settings: [String: Value]
        do { settings = try EventInput.settings(set) } catch let e as AppError { throw CLIError(e.message) }
        let record = ProcedureRecord(kind: kind, unit: unit, started: day, settings: settings)
        let ctx = try options.context(common, asOf: day)
        _ = try derive(record, ctx, file: "the new procedure")
        guard store else { return record.yaml() }
        return try await storage.withBook(ctx) { book in
            // Through the application layer, as the API starts one: the same checks (no start after
            // today, names that read as another procedure's), so the store holds nothing the API refuses.
            let service = ProcedureService(book: book, language: common.lang, today: { today() })
            let started = try await service.start(NewProcedureRequest(procedure: kind.rawValue, unit: unit, date: date, settings: settings, id: id),
                                                  author: author(by))
            return "\(started.procedure.id ?? "") — started, version \(started.procedure.version ?? 1), in \(book.store.location)"
        }
    }
}

/// `aimak procedure add p.yaml ballot --date D votes="A:14,B:9" blank=1`
struct ProcedureAdd: AsyncTextCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Append an event; the file changes only if the event is accepted.",
        discussion: """
        Fields are key=value. Lists: candidates=Name One,Name Two. Counts per candidate: votes=Name One:14,Name Two:9.
        Events — appointment: nominated (by, candidates), withdrawn (candidate), sitting (seats, present[, elected]),
        ballot (votes[, against, blank, invalid, round]), result (chosen | none), agreed / disagreed (by),
        appointed (by, person), refused (by), fallback (action). Oversight: act-registered (body, act), suspended (by, ground),
        prosecutor-notified, appealed (by, to), court-decided (decision, in_force), annulled (by), suspension-lifted (by).
        Annual report: scheduled (year, due), delivered (year). Coordination: requested (to, subject, due | within_working_days),
        answered, withdrawn.
        """)

    @Argument(help: "The procedure file (or, with --store, the procedure's name in the store).")
    var file: String

    @Argument(help: "The event type.")
    var type: String

    @Argument(help: "Fields as key=value.")
    var fields: [String] = []

    @Option(name: .long, help: "The day the event legally happened (YYYY-MM-DD).")
    var date: String

    @Option(name: .long, help: "Who records it (default: $USER).")
    var by: String?

    @Option(name: .long, help: "With --store: the version you read; if someone appended since, the event is refused as a conflict.")
    var expectVersion: Int?

    @Option(name: .long, help: "With --store: a key that makes a retry of this same command store the event once.")
    var idempotencyKey: String?

    @OptionGroup var common: CommonOptions
    @OptionGroup var options: ProcedureOptions
    @Flag(name: .long, help: "Work on the event store: the procedure argument is its name in the store.")
    var store = false
    @OptionGroup var storage: StoreOptions

    func output() async throws -> String {
        guard let day = Day(iso: date) else { throw CLIError("'\(date)' is not a date: write YYYY-MM-DD") }
        let parsed: [String: Value]
        do {
            parsed = try EventInput.fields(fields)
            try EventInput.checkTexts(parsed)
        } catch let e as AppError { throw CLIError(e.message) }
        let ctx = try options.context(common)
        let text = ProcedureText(model: ctx.model, language: common.lang)
        if store {
            return try await storage.withBook(ctx) { book in
                // Through the application layer, as the API appends: the same checks (no step dated
                // after today), so the store holds nothing the API would refuse to follow.
                let service = ProcedureService(book: book, language: common.lang, today: { today() })
                let appended = try await service.append(NewEventRequest(type: type, date: date, fields: parsed), to: file, expecting: expectVersion,
                                                        author: author(by), idempotencyKey: idempotencyKey)
                let again = appended.alreadyStored ? " (already stored; nothing new was written)" : ""
                return "\(appended.version): \(type) \(day) — \(appended.procedure.summary) [\(appended.procedure.phase)]\(again)"
            }
        }
        var record = try readProcedure(file)
        let recordedAt = ISO8601DateFormatter().string(from: Date())
        record.events.append(ProcedureEvent(type: type, date: day, recordedBy: author(by), recordedAt: recordedAt, fields: parsed))
        let state = try derive(record, ctx, file: file)
        do {
            try rewrite(file, record.yaml())
        } catch {
            throw CLIError("\(file): the event was accepted but the file could not be written (\(error.localizedDescription)); the file is unchanged")
        }
        return "\(record.events.count): \(type) \(day) — \(text.sentence(state.summary)) [\(state.phase)]"
    }
}

/// `aimak procedure show p.yaml --lang ky`
struct ProcedureShow: AsyncTextCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "State, rules with citations, history, deadlines and next steps.")

    @Argument(help: "The procedure file (or, with --store, the procedure's name in the store).")
    var file: String

    @Option(name: .long, help: "The day to judge deadlines on (default: today).")
    var at: String?

    @OptionGroup var common: CommonOptions
    @OptionGroup var options: ProcedureOptions
    @Flag(name: .long, help: "Work on the event store: the procedure argument is its name in the store.")
    var store = false
    @OptionGroup var storage: StoreOptions

    func output() async throws -> String {
        var asOf: Day?
        if let at { guard let d = Day(iso: at) else { throw CLIError("'\(at)' is not a date") }; asOf = d }
        let ctx = try options.context(common, asOf: asOf)
        let record = try await store ? storage.record(file, ctx) : readProcedure(file)
        let state = try derive(record, ctx, file: file)
        let text = ProcedureText(model: ctx.model, language: common.lang)
        return common.json ? try answerJSON(text.answer(state)) : text.show(state)
    }
}

/// `aimak procedure minutes p.yaml --lang ru [--html]`
struct ProcedureMinutes: AsyncTextCommand {
    static let configuration = CommandConfiguration(commandName: "minutes", abstract: "The minutes of the kenesh sittings, in Kyrgyz, Russian or English.")

    @Argument(help: "The procedure file (or, with --store, the procedure's name in the store).")
    var file: String

    @Flag(name: .long, help: "A printable HTML page instead of Markdown.")
    var html = false

    @OptionGroup var common: CommonOptions
    @OptionGroup var options: ProcedureOptions
    @Flag(name: .long, help: "Work on the event store: the procedure argument is its name in the store.")
    var store = false
    @OptionGroup var storage: StoreOptions

    func output() async throws -> String {
        let ctx = try options.context(common)
        let record = try await store ? storage.record(file, ctx) : readProcedure(file)
        let state = try derive(record, ctx, file: file)
        return ProcedureText(model: ctx.model, language: common.lang).minutes(state, html: html)
    }
}

/// Replaces a file's contents the way an editor should: written whole to a temporary file beside
/// it, given the old file's mode and owner, flushed, then renamed over it, so a crash leaves the old
/// file or the new one, never half of it. A symbolic link is followed: its target is rewritten and
/// the link stays a link. The temporary file never outlives a failure.
func rewrite(_ path: String, _ text: String) throws {
    let target = URL(fileURLWithPath: path).resolvingSymlinksInPath()
    let fm = FileManager.default
    let attributes = try fm.attributesOfItem(atPath: target.path)
    let tmp = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).aimak-\(getpid())")
    do {
        guard fm.createFile(atPath: tmp.path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = FileHandle(forWritingAtPath: tmp.path) else {
            throw CLIError("cannot create a temporary file in \(target.deletingLastPathComponent().path)")
        }
        try handle.write(contentsOf: Data(text.utf8))
        try handle.synchronize()
        try handle.close()
        var keep: [FileAttributeKey: Any] = [:]
        keep[.posixPermissions] = attributes[.posixPermissions]
        try fm.setAttributes(keep, ofItemAtPath: tmp.path)
        // The owner can be kept only by root; a user rewriting their own file owns it already.
        if getuid() == 0 {
            try? fm.setAttributes([.ownerAccountID: attributes[.ownerAccountID] as Any, .groupOwnerAccountID: attributes[.groupOwnerAccountID] as Any],
                                  ofItemAtPath: tmp.path)
        }
        guard Foundation.rename(tmp.path, target.path) == 0 else { throw CLIError("cannot replace \(target.path): \(String(cString: strerror(errno)))") }
    } catch {
        try? fm.removeItem(at: tmp)
        throw error
    }
}
