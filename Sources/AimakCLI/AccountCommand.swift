import AimakApp
import ArgumentParser
import Foundation

extension Role: ExpressibleByArgument {}

/// `aimak account …`: the accounts that may write through the API, kept in the store's log.
struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account", abstract: "Accounts that may write through the API (roles scoped to a territorial unit).",
        subcommands: [AccountAdd.self, AccountList.self, AccountDisable.self, AccountPassword.self])
}

struct AccountAdd: AsyncTextCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add an account; prints a one-time password unless --password-stdin is given.",
        discussion: "Roles: administrator, kenesh-secretary, administration-lawyer, reader. --unit is a СОАТЕ code (the unit and every unit within it) or kg for the whole republic.")

    @Argument(help: "The account's name (lower-case letters, digits, '-', '.', '_').") var name: String
    @Option(name: .long, help: "administrator | kenesh-secretary | administration-lawyer | reader") var role: Role
    @Option(name: .long, help: "The unit the role covers: a СОАТЕ code, or kg.") var unit: String
    @Flag(name: .long, help: "Read the password from standard input instead of generating one.") var passwordStdin = false
    @OptionGroup var storage: StoreOptions

    func output() async throws -> String {
        let generated = passwordStdin ? nil : AccountService.generatePassword()
        let password = try generated ?? readLine(strippingNewline: true) ?? { throw CLIError("no password on standard input") }()
        let registry = try LawLibrary.registry(nil)
        return try await storage.withStore { store in
            do {
                let a = try await AccountService(store: store).add(name, role: role, unit: unit, password: password, registry: registry,
                                                                   by: AccountService.localActor())
                var out = "account \(a.name): \(a.role.rawValue) of \(a.unit), in \(store.location)"
                if let generated { out += "\npassword (shown once): \(generated)" }
                return out
            } catch let e as AppError where e.kind == .badInput || e.kind == .notFound { throw CLIError(e.message) }
        }
    }
}

struct AccountList: AsyncTextCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Every account with its role, unit, state and tokens.")
    @Flag(name: .long, help: "Print JSON.") var json = false
    @OptionGroup var storage: StoreOptions

    func output() async throws -> String {
        try await storage.withStore(create: false) { store in
            let accounts = try await AccountService(store: store).list()
            if json { return try answerJSON(accounts) }
            if accounts.isEmpty { return "no accounts in \(store.location)" }
            return accounts.map { a in
                let tokens = a.tokens.filter { !$0.revoked }.map(\.id)
                return "\(a.name)  \(a.role.rawValue) of \(a.unit)\(a.disabled ? "  DISABLED" : "")  created \(a.created) by \(a.createdBy)"
                    + (tokens.isEmpty ? "" : "  tokens: " + tokens.joined(separator: ", "))
            }.joined(separator: "\n")
        }
    }
}

struct AccountDisable: AsyncTextCommand {
    static let configuration = CommandConfiguration(commandName: "disable", abstract: "Disable an account: its tokens and sessions stop working at once.")
    @Argument var name: String
    @OptionGroup var storage: StoreOptions

    func output() async throws -> String {
        try await storage.withStore(create: false) { store in
            do { try await AccountService(store: store).disable(name, by: AccountService.localActor()) } catch let e as AppError where e.kind == .notFound || e.kind == .badInput {
                throw CLIError(e.message)
            }
            return "account \(name) disabled"
        }
    }
}

struct AccountPassword: AsyncTextCommand {
    static let configuration = CommandConfiguration(commandName: "password", abstract: "Set a new password (read from standard input, or generated and printed once).")
    @Argument var name: String
    @Flag(name: .long) var passwordStdin = false
    @OptionGroup var storage: StoreOptions

    func output() async throws -> String {
        let generated = passwordStdin ? nil : AccountService.generatePassword()
        let password = try generated ?? readLine(strippingNewline: true) ?? { throw CLIError("no password on standard input") }()
        return try await storage.withStore(create: false) { store in
            do { try await AccountService(store: store).setPassword(name, password, by: AccountService.localActor()) } catch let e as AppError where e.kind == .notFound || e.kind == .badInput {
                throw CLIError(e.message)
            }
            return "password of \(name) set" + (generated.map { "\npassword (shown once): \($0)" } ?? "")
        }
    }
}

/// `aimak token create NAME`: a bearer token for a program writing through the API.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "Bearer tokens for API clients (stored hashed, revocable).",
                                                    subcommands: [TokenCreate.self, TokenRevoke.self])
}

struct TokenCreate: AsyncTextCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a token for an account; it is printed once.")
    @Argument var name: String
    @Option(name: .long, help: "What the token is for.") var label: String?
    @OptionGroup var storage: StoreOptions

    func output() async throws -> String {
        try await storage.withStore(create: false) { store in
            do {
                let (token, id) = try await AccountService(store: store).createToken(name, label: label, by: AccountService.localActor())
                return "token \(id) for \(name) (shown once; send it as 'Authorization: Bearer …'):\n\(token)"
            } catch let e as AppError where e.kind != .unavailable { throw CLIError(e.message) }
        }
    }
}

struct TokenRevoke: AsyncTextCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a token: it stops working at once, on every server.")
    @Argument var name: String
    @Argument(help: "The token's id (aimak account list).") var id: String
    @OptionGroup var storage: StoreOptions

    func output() async throws -> String {
        try await storage.withStore(create: false) { store in
            do { try await AccountService(store: store).revokeToken(name, id: id, by: AccountService.localActor()) } catch let e as AppError where e.kind != .unavailable {
                throw CLIError(e.message)
            }
            return "token \(id) of \(name) revoked"
        }
    }
}
