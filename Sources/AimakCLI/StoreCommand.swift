import AimakApp
import ArgumentParser
import EventLog
import Foundation
import PostgresEventStore
import ProcedureLog
import Procedures
import SQLiteEventStore
import WorkingDays

/// A command whose whole answer is text and which may wait on a database.
protocol AsyncTextCommand: AsyncParsableCommand {
    func output() async throws -> String
}

extension AsyncTextCommand {
    public func run() async throws {
        let text: String
        do { text = terminalSafe(try await withExitCodes { try await output() }) } catch { throw terminalSafe(error) }
        print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
    }
}

/// Runs a command's body; an error of a kind with its own exit code (a conflict: 3, the store
/// unavailable: 4) is printed and exits with that code, the rest as argument-parser does (1).
func withExitCodes<T>(_ body: () async throws -> T) async throws -> T {
    do { return try await body() } catch {
        let kinds: [AppError.Kind] = [.conflict, .versionRequired, .unavailable]
        if error is EventStoreError || error is AppError, case let app = AppError(error), kinds.contains(app.kind) {
            FileHandle.standardError.write(Data("Error: \(terminalSafe(app.message))\n".utf8))
            throw ExitCode(app.exitCode)
        }
        throw error
    }
}

func author(_ by: String?) -> String { by ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown" }

/// Where the event store is, for every command that reads or writes it: `--database`, else
/// `$AIMAK_DATABASE`, else the default SQLite file.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The event store: a SQLite file, or postgres://user:password@host:5432/database (default: $AIMAK_DATABASE, else ~/.local/share/aimak/aimak.sqlite).")
    var database: String?

    /// The store's address as given or by default.
    var address: String { StoreAddress.resolve(database) }

    /// `create: false` for commands that only read: a store that does not exist is not made.
    func withStore<T>(create: Bool = true, _ body: (any EventStore) async throws -> T) async throws -> T {
        let store = try await StoreAddress.open(address, create: create)
        do {
            let value = try await body(store)
            await store.close()
            return value
        } catch {
            await store.close()
            throw error
        }
    }

    /// A book over the store, with only the streams the command touches read (no full rebuild).
    func withBook<T>(_ ctx: ProcedureContext, _ body: (ProcedureBook) async throws -> T) async throws -> T {
        try await withStore { store in try await body(ProcedureBook(store: store, context: ctx)) }
    }

    func record(_ name: String, _ ctx: ProcedureContext) async throws -> ProcedureRecord {
        try await withBook(ctx) { book in
            guard let entry = try await book.catchUp(try StreamID(name)) else {
                throw CLIError("there is no procedure '\(name)' in \(book.store.location) (aimak procedure list --store)")
            }
            guard let record = entry.record else { throw CLIError("'\(name)': \(entry.problem ?? "cannot be read")") }
            return record
        }
    }
}

/// Opens a SQLite file (a path, or `sqlite:PATH`) or a PostgreSQL database (`postgres://…`).
func openStore(_ address: String) async throws -> any EventStore { try await StoreAddress.open(address) }

/// `aimak procedure list --store`: every procedure in the store with its derived state.
struct ProcedureList: AsyncTextCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Every procedure in the store: phase, version, open deadlines.")

    @Option(name: .long, help: "The day to judge deadlines on (default: today).")
    var at: String?

    // The list is always of the store; the flag is taken as the other procedure commands take it.
    @Flag(name: .long, help: "Work on the event store (the list always does).")
    var store = false
    @OptionGroup var common: CommonOptions
    @OptionGroup var options: ProcedureOptions
    @OptionGroup var storage: StoreOptions

    func output() async throws -> String {
        var asOf: Day?
        if let at { guard let d = Day(iso: at) else { throw CLIError("'\(at)' is not a date") }; asOf = d }
        let ctx = try options.context(common, asOf: asOf)
        return try await storage.withBook(ctx) { book in
            let (streams, events) = try await book.rebuild()
            let entries = await book.all()
            if common.json {
                let service = ProcedureService(book: book, language: common.lang, today: { ctx.asOf })
                return try answerJSON(ProcedureListAnswer(store: book.store.location, procedures: try await service.list()))
            }
            var lines = ["\(book.store.location): \(streams) procedures, \(events) events"]
            for e in entries {
                if let phase = e.phase, let kind = e.kind, let unit = e.unit, let started = e.started {
                    let open = e.deadlines.filter { if case .met = $0.status { false } else { true } }
                    let due = open.compactMap { d in d.due.map { "\(d.status) \($0)" } }
                    lines.append("\(e.stream)  v\(e.version)  \(kind.rawValue) \(unit) from \(started)  [\(phase)]" + (due.isEmpty ? "" : "  deadlines: " + due.joined(separator: ", ")))
                } else {
                    lines.append("\(e.stream)  v\(e.version)  cannot be derived: \(e.problem ?? "")")
                }
            }
            return lines.joined(separator: "\n")
        }
    }
}

/// `aimak import p.yaml …`: procedure files into the store, one stream each.
struct ImportCommand: AsyncTextCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Load procedure files into the event store (each becomes a procedure named after its file).",
        discussion: "Each file is checked against the law and loaded whole or not at all. Importing the same file again stores nothing new.")

    @Argument(help: "Procedure files (.yaml).")
    var files: [String]

    @Option(name: .long, help: "The name in the store (one file only; default: the file name without .yaml).")
    var id: String?

    @Option(name: .long, help: "Author of events that do not say who recorded them (default: $USER).")
    var by: String?

    @OptionGroup var common: CommonOptions
    @OptionGroup var options: ProcedureOptions
    @OptionGroup var storage: StoreOptions

    func output() async throws -> String {
        guard !files.isEmpty else { throw CLIError("name at least one procedure file") }
        if id != nil, files.count > 1 { throw CLIError("--id names one procedure: give one file") }
        let ctx = try options.context(common)
        // Every file is read and checked before anything is written.
        var records: [(String, String, ProcedureRecord)] = []
        for file in files {
            let record = try readProcedure(file)
            _ = try derive(record, ctx, file: file)
            let base = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent.lowercased()
            let name = id ?? String(base.map { $0.isLetter || $0.isNumber || "-._".contains($0) ? $0 : "-" })
            records.append((file, name, record))
        }
        return try await storage.withBook(ctx) { book in
            // Held to the API's checks, so the store keeps nothing the API would refuse to follow.
            let service = ProcedureService(book: book, language: common.lang, today: { today() })
            for (file, name, record) in records {
                do { try service.check(record, id: name) } catch let e as AppError { throw CLIError("\(file): \(e.message)") }
            }
            var lines: [String] = []
            for (file, name, record) in records {
                let (entry, again) = try await book.importRecord(record, id: name, author: author(by))
                lines.append("\(file) → \(entry.stream): \(again ? "already imported, nothing new" : "\(entry.version) events") [\(entry.state?.phase ?? "-")]")
            }
            lines.append("in \(book.store.location)")
            return lines.joined(separator: "\n")
        }
    }
}

/// `aimak backup FILE`
struct BackupCommand: AsyncTextCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Export the whole event log to a portable file (JSON Lines), the same from SQLite and PostgreSQL.")

    @Argument(help: "The backup file to write (replaced only once it is complete).")
    var file: String

    @Flag(name: .long, help: "Replace the file if it exists.")
    var force = false

    @OptionGroup var storage: StoreOptions

    func output() async throws -> String {
        if !force, FileManager.default.fileExists(atPath: file) {
            throw CLIError("\(file) exists; give --force to replace it (nothing was written)")
        }
        return try await storage.withStore(create: false) { store in
            let n = try await Backup.write(store, to: file)
            return "\(n) events from \(store.location) → \(file)"
        }
    }
}

/// `aimak restore FILE`
struct RestoreCommand: AsyncTextCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Load a backup into an empty event store (all or nothing).")

    @Argument(help: "A file written by aimak backup.")
    var file: String

    @OptionGroup var common: CommonOptions
    @OptionGroup var options: ProcedureOptions
    @OptionGroup var storage: StoreOptions

    func output() async throws -> String {
        // Every procedure in the file is run through the law first, as `procedure add` would.
        do { try BackupCheck.check(file, context: try options.context(common)) } catch let e as EventStoreError { throw CLIError(e.description) }
        return try await storage.withStore { store in
            let n = try await Backup.restore(store, from: file)
            return "\(n) events from \(file) → \(store.location)"
        }
    }
}

/// `aimak store info`
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "The event store: where it is and what it holds.",
        subcommands: [StoreInfo.self, StoreBenchmark.self, StoreStress.self])
}

struct StoreInfo: AsyncTextCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Location, schema version, streams and events.")

    @OptionGroup var storage: StoreOptions

    func output() async throws -> String {
        try await storage.withStore(create: false) { store in
            let heads = try await store.heads()
            return """
            store: \(store.location)
            schema version: \(try await store.schemaVersion()) (this aimak: \(EventLogSchema.version))
            procedures: \(heads.count)
            events: \(try await store.count())
            """
        }
    }
}

/// Appends numbered events to one stream and prints each version once it is acknowledged
/// (flushed), for the crash tests: the test kills the process mid-stream and checks the log.
struct StoreStress: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stress", abstract: "Append N events one by one, printing each acknowledged version (for crash tests).",
                                                    shouldDisplay: false)

    @Option(name: .long) var stream: String = "stress"
    @Option(name: .long) var count: Int = 1_000
    @OptionGroup var storage: StoreOptions

    func run() async throws {
        let store = try await openStore(storage.address)
        let id = try StreamID(stream)
        var version = try await store.heads()[id] ?? 0
        let padding = String(repeating: "x", count: 2_000)
        for i in 0..<count {
            let event = NewEvent(type: "stress", legalDate: Day(year: 2025, month: 1, day: 1)!, author: "stress",
                                 data: ["n": .int(Int64(i)), "padding": .string(padding)], idempotencyKey: "stress:\(stream):\(version + 1)")
            let result = try await store.append([event], to: id, expecting: .exactly(version))
            version = result.version
            // Written straight to the file descriptor: nothing waits in a buffer when the process is killed.
            let line = "acked \(version)\n"
            _ = line.withCString { write(1, $0, strlen($0)) }
        }
        await store.close()
    }
}
