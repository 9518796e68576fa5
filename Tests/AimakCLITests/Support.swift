import ArgumentParser
@testable import AimakCLI
import Foundation
import Testing

/// The command line driven in-process through the real argument parser, shared by the suites.
enum CLI {
    /// Commands that look for the default store (territorial changes, procedures) must not read or
    /// write the developer's own log: the suite gets an empty home of its own, set before the first
    /// command runs.
    static let home: String = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aimak-cli-home-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        setenv("AIMAK_HOME", dir, 1)
        return dir
    }()

    static func run(_ args: [String]) async throws -> String {
        _ = home
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
