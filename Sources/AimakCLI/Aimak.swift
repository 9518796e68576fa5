import ArgumentParser
import Foundation

/// `aimak`: the local-government system of the Kyrgyz Republic, executable and cited.
public struct Aimak: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "aimak",
        abstract: "The local-government system of the Kyrgyz Republic at any date, with citations.",
        discussion: """
        Exit codes: 0 done; 1 refused (bad input, or the law does not allow it); 3 conflict (someone \
        appended first: read again and retry); 4 the store is unavailable; 64 the command itself is \
        malformed (an unknown subcommand or option, a missing argument, a value not among those listed).
        """,
        subcommands: [SourcesCommand.self, AtCommand.self, DiffCommand.self, ExplainCommand.self,
                      CheckCommand.self, ValidateCommand.self, TerritoryCommand.self, CalendarCommand.self, ProcedureCommand.self,
                      ImportCommand.self, BackupCommand.self, RestoreCommand.self, StoreCommand.self, ServeCommand.self,
                      AccountCommand.self, TokenCommand.self, BenchmarkCommand.self]
    )

    public init() {}

    /// `aimak calendar add 2010-01-04 -5`: the argument parser would read `-5` as an option and
    /// answer "Missing expected argument"; marking the arguments as positional (`--`) lets the
    /// command say what is wrong with the number itself.
    /// Runs the command line as `main()` does, but every message it prints (the parser's own too,
    /// which quote what was typed: `--lang $'de\e[2J'`) reaches the terminal without control characters.
    public static func run(_ arguments: [String]) async -> Never {
        do {
            var command = try parseAsRoot(arguments)
            if var asynchronous = command as? any AsyncParsableCommand { try await asynchronous.run() } else { try command.run() }
            exit(withError: nil)
        } catch {
            let code = exitCode(for: error)
            let message = terminalSafe(fullMessage(for: error))
            if !message.isEmpty {
                if code == .success { print(message) } else { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            }
            exit(withError: code == .success ? nil : ExitCode(code.rawValue))
        }
    }

    public static func withNegativeCounts(_ arguments: [String]) -> [String] {
        guard arguments.count >= 4, arguments[0] == "calendar", arguments[1] == "add", !arguments.contains("--"),
              arguments.dropFirst(2).contains(where: { $0.count > 1 && $0.hasPrefix("-") && Int($0) != nil }) else { return arguments }
        let options = arguments.dropFirst(2).filter { $0.hasPrefix("--") || ($0.hasPrefix("-") && Int($0) == nil) }
        let positional = arguments.dropFirst(2).filter { !options.contains($0) }
        return ["calendar", "add"] + options + ["--"] + positional
    }
}

/// A command whose whole answer is text, so tests can run it in-process.
protocol TextCommand: ParsableCommand {
    func output() throws -> String
}

extension TextCommand {
    public func run() throws {
        let text: String
        do { text = terminalSafe(try output()) } catch { throw terminalSafe(error) }
        print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
    }
}

/// An error whose text would reach the terminal with control characters (a data file's line quoted
/// in a YAML error, a name in a refusal) said again without them; any other error as it is.
func terminalSafe(_ error: any Error) -> any Error {
    guard !(error is ExitCode) else { return error }
    let text = "\(error)"
    let safe = terminalSafe(text)
    return safe == text ? error : CLIError(safe)
}

/// What is printed to the terminal without the control characters a name could smuggle in (an
/// escape sequence recolouring or rewriting the screen); line breaks and tabs stay.
func terminalSafe(_ text: String) -> String {
    // The control characters (general category Cc) are exactly U+0000-001F and U+007F-009F: a
    // comparison of values, much cheaper than a Unicode property lookup per character.
    func isControl(_ s: Unicode.Scalar) -> Bool { (s.value < 0x20 || (0x7F...0x9F).contains(s.value)) && s != "\n" && s != "\t" }
    guard text.unicodeScalars.contains(where: isControl) else { return text }
    var out = String.UnicodeScalarView()
    for s in text.unicodeScalars { out.append(isControl(s) ? "\u{FFFD}" : s) }
    return String(out)
}
