import AimakApp
import AimakServer
import ArgumentParser
import Foundation
import Hummingbird
import Logging

/// `aimak serve`: the HTTP API on the embedded SQLite store, or PostgreSQL for several servers.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API (JSON under /api/v1, contract at /api/v1/openapi.yaml).",
        discussion: """
        Reading is public; writing needs an account (aimak account add NAME --role administrator --unit kg).
        Several servers may share one PostgreSQL database (--database postgres://…): each follows the others' appends.
        """)

    @Option(name: .long, help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "The port (0: any free port, printed at start).")
    var port = 8080

    @Option(name: .long, help: "The event store: a SQLite file or postgres://user:password@host:5432/database (default: $AIMAK_DATABASE, else the SQLite file of the CLI).")
    var database: String?

    @Flag(name: .long, help: "Mark session cookies Secure (the server is behind TLS).")
    var secureCookies = false

    func run() async throws {
        let address = StoreAddress.resolve(database)
        let store = try await withExitCodes { try await StoreAddress.open(address) }
        let env = ServerEnvironment(law: try LawLibrary.bundled(), store: store, secureCookies: secureCookies)
        if try await !env.accounts.hasAdministrator() {
            say("No administrator yet. Create one (it prints a one-time password):\n  aimak account add admin --role administrator --unit kg\(database.map { " --database \($0)" } ?? "")")
        }
        let config = ServerConfiguration(host: host, port: port, database: address)
        let app = buildApplication(config, env: env) { channel in
            let port = channel.localAddress?.port ?? port
            say("Aimak is serving http://\(host):\(port)/api/v1/system (store: \(store.location); contract: /api/v1/openapi.yaml)")
        }
        do {
            try await app.runService()
        } catch where "\(error)".contains("Address already in use") {
            throw CLIError("\(host):\(port) is in use (another aimak serve?); choose another with --port")
        }
    }
}

/// A line on standard output, unbuffered: a supervisor (or a test) reading a pipe sees it at once.
private func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
