import ArgumentParser
@testable import AimakCLI
import Testing

/// The command line driven in-process through the real argument parser, shared by the suites.
enum CLI {
    static func run(_ args: [String]) async throws -> String {
        var command = try Aimak.parseAsRoot(args)
        if let text = command as? any AsyncTextCommand { return try await text.output() }
        guard let text = command as? any TextCommand else { try command.run(); return "" }
        return try text.output()
    }

    /// The command fails, and for the stated reason (not some other one).
    static func expectError(_ args: [String], _ message: String, sourceLocation: SourceLocation = #_sourceLocation) async {
        do {
            _ = try await run(args)
            Issue.record("no error for \(args)", sourceLocation: sourceLocation)
        } catch {
            let text = (error as? CLIError)?.description ?? (error as? ValidationError)?.message ?? "\(error)"
            #expect(text.contains(message), "\(text)", sourceLocation: sourceLocation)
        }
    }
}
