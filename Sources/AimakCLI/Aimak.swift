import ArgumentParser

/// `aimak`: the local-government system of the Kyrgyz Republic, executable and cited.
public struct Aimak: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "aimak",
        abstract: "The local-government system of the Kyrgyz Republic at any date, with citations.",
        discussion: """
        Exit codes: 0 done; 1 refused (bad input, or the law does not allow it); 3 conflict (someone \
        appended first: read again and retry); 4 the store is unavailable.
        """,
        subcommands: [SourcesCommand.self, AtCommand.self, DiffCommand.self, ExplainCommand.self,
                      CheckCommand.self, ValidateCommand.self, TerritoryCommand.self, CalendarCommand.self, ProcedureCommand.self,
                      ImportCommand.self, BackupCommand.self, RestoreCommand.self, StoreCommand.self, ServeCommand.self,
                      AccountCommand.self, TokenCommand.self, BenchmarkCommand.self]
    )

    public init() {}
}

/// A command whose whole answer is text, so tests can run it in-process.
protocol TextCommand: ParsableCommand {
    func output() throws -> String
}

extension TextCommand {
    public func run() throws {
        let text = try output()
        print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
    }
}
