import AimakCLI

/// The executable: the command line lives in AimakCLI (so tests drive it in-process).
@main
struct Entry {
    // Async: some commands wait on a database.
    static func main() async {
        await Aimak.run(Aimak.withNegativeCounts(Array(CommandLine.arguments.dropFirst())))
    }
}
