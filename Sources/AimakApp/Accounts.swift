import Crypto
import EventLog
import Foundation
import HummingbirdBcrypt
import ProcedureLog
import Procedures
import Territory
import WorkingDays

/// What an account may do.
public enum Role: String, Codable, Sendable, CaseIterable {
    /// Accounts, and every procedure in their territory.
    case administrator
    /// The procedures of the keneshes of their territory: appointment votes, reports.
    case keneshSecretary = "kenesh-secretary"
    /// Oversight of acts and coordination requests in their territory.
    case administrationLawyer = "administration-lawyer"
    /// Reading only (as anyone can); an account for a person who will get a role later.
    case reader

    /// The procedures this role may start and record events in.
    public var procedures: Set<ProcedureKind> {
        switch self {
        case .administrator: Set(ProcedureKind.allCases)
        case .keneshSecretary: [.akimAppointment, .oblastHeadAppointment, .annualReport]
        case .administrationLawyer: [.actOversight, .coordinationRequest]
        case .reader: []
        }
    }
}

/// An account as the log holds it: every change to it is an event of its own stream.
public struct Account: Codable, Sendable, Equatable {
    public struct Token: Codable, Sendable, Equatable {
        public var id: String
        /// api (for programs) or session (a login).
        public var kind: String
        public var label: String?
        public var created: String
        public var expires: String?
        public var revoked: Bool
        /// SHA-256 of the secret, hex; the secret itself is never stored.
        var hash: String
        enum CodingKeys: String, CodingKey { case id, kind, label, created, expires, revoked }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            (id, kind, label, created, expires, revoked, hash) = (try c.decode(String.self, forKey: .id), try c.decode(String.self, forKey: .kind),
                try c.decodeIfPresent(String.self, forKey: .label), try c.decode(String.self, forKey: .created),
                try c.decodeIfPresent(String.self, forKey: .expires), try c.decode(Bool.self, forKey: .revoked), "")
        }
        init(id: String, kind: String, label: String?, created: String, expires: String?, revoked: Bool, hash: String) {
            (self.id, self.kind, self.label, self.created, self.expires, self.revoked, self.hash) = (id, kind, label, created, expires, revoked, hash)
        }
    }
    public var name: String
    public var role: Role
    /// The СОАТЕ code of the unit the role covers (with every unit below it), or `kg` for the whole republic.
    public var unit: String
    public var disabled: Bool
    public var created: String
    public var createdBy: String
    /// Only the API tokens are listed; sessions are not.
    public var tokens: [Token]
    var passwordHash: String?
    var sessions: [Token] = []

    enum CodingKeys: String, CodingKey { case name, role, unit, disabled, created, tokens, createdBy = "created_by" }
}

/// Accounts, tokens and logins, kept as streams `account:NAME` of the event log, so they live in
/// the same database as the procedures, every change says who made it and when, and several
/// servers on one PostgreSQL see the same accounts (each check reads the account's stream).
public struct AccountService: Sendable {
    public let store: any EventStore
    /// bcrypt's cost: 12 in use (about a quarter of a second per check on this machine); tests lower it.
    public let bcryptCost: UInt8
    public let now: @Sendable () -> Date

    public init(store: any EventStore, bcryptCost: UInt8 = 12, now: @escaping @Sendable () -> Date = Date.init) {
        (self.store, self.bcryptCost, self.now) = (store, bcryptCost, now)
    }

    /// Who acts when the command line changes accounts: the system user, marked as such.
    public static func localActor(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        "local:" + (environment["USER"] ?? "unknown")
    }

    static let sessionHours = 12.0

    public static func checkName(_ name: String) throws {
        guard (1...64).contains(name.count), name.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || "-._".contains($0) }) else {
            throw AppError.badInput("'\(name.prefix(64))' is not an account name: 1-64 lower-case Latin letters, digits, '-', '.' or '_'")
        }
    }

    func stream(_ name: String) throws -> StreamID {
        try Self.checkName(name)
        return try StreamID(ProcedureStream.reservedPrefix + name)
    }

    // MARK: Reading

    /// The account as its stream says now (nil when there is none).
    public func account(_ name: String) async throws -> Account? {
        let events = try await store.events(in: try stream(name), after: 0)
        return try Self.derive(events)
    }

    static func derive(_ events: [RecordedEvent]) throws -> Account? {
        guard let first = events.first else { return nil }
        let head = try first.data()
        guard first.type == "account-added", let r = head["role"]?.stringValue, let role = Role(rawValue: r), let unit = head["unit"]?.stringValue else {
            throw AppError(.unavailable, "the account stream '\(first.stream)' does not begin with a valid account-added event")
        }
        let name = String(first.stream.rawValue.dropFirst(ProcedureStream.reservedPrefix.count))
        var a = Account(name: name, role: role, unit: unit, disabled: false, created: first.recordedAt, createdBy: first.author, tokens: [],
                        passwordHash: head["password_hash"]?.stringValue)
        for e in events.dropFirst() {
            let d = try e.data()
            switch e.type {
            case "password-set": a.passwordHash = d["password_hash"]?.stringValue
            case "account-disabled": a.disabled = true
            case "account-enabled": a.disabled = false
            case "token-created":
                let t = Account.Token(id: d["token_id"]?.stringValue ?? "", kind: d["kind"]?.stringValue ?? "api", label: d["label"]?.stringValue,
                                      created: e.recordedAt, expires: d["expires"]?.stringValue, revoked: false, hash: d["token_hash"]?.stringValue ?? "")
                if t.kind == "session" { a.sessions.append(t) } else { a.tokens.append(t) }
            case "token-revoked":
                let id = d["token_id"]?.stringValue
                for i in a.tokens.indices where a.tokens[i].id == id { a.tokens[i].revoked = true }
                for i in a.sessions.indices where a.sessions[i].id == id { a.sessions[i].revoked = true }
            default: break
            }
        }
        return a
    }

    public func list() async throws -> [Account] {
        var out: [Account] = []
        for (stream, _) in try await store.heads() where stream.rawValue.hasPrefix(ProcedureStream.reservedPrefix) {
            if let a = try Self.derive(try await store.events(in: stream, after: 0)) { out.append(a) }
        }
        return out.sorted { $0.name < $1.name }
    }

    public func hasAdministrator() async throws -> Bool {
        try await list().contains { $0.role == .administrator && !$0.disabled }
    }

    // MARK: Changing

    func append(_ name: String, _ type: String, _ data: [String: JSON], by actor: String, new: Bool = false) async throws {
        let event = NewEvent(type: type, legalDate: todayInBishkek(now()), author: actor, data: data)
        do {
            _ = try await store.append([event], to: try stream(name), expecting: new ? .noStream : .any)
        } catch EventStoreError.conflict where new {
            throw AppError(.conflict, "there is already an account '\(name)'")
        }
    }

    public static let minimumPasswordLength = 12

    func hash(_ password: String) throws -> String {
        guard password.count >= Self.minimumPasswordLength else {
            throw AppError.badInput("a password has at least \(Self.minimumPasswordLength) characters")
        }
        // bcrypt reads at most 72 bytes and stops at a NUL: a longer password, or one with control
        // characters, would be checked on less than the user typed.
        guard password.utf8.count <= 72 else { throw AppError.badInput("a password has at most 72 bytes") }
        guard !password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw AppError.badInput("a password may not contain control characters")
        }
        return Bcrypt.hash(password, cost: bcryptCost)
    }

    /// A new password: 18 random characters from an alphabet without look-alikes.
    public static func generatePassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var rng = SystemRandomNumberGenerator()
        return String((0..<18).map { _ in alphabet[Int(rng.next(upperBound: UInt(alphabet.count)))] })
    }

    /// Adds an account. The password is hashed with bcrypt; the plain text is never stored.
    public func add(_ name: String, role: Role, unit: String, password: String, registry: TerritorialRegistry, by actor: String) async throws -> Account {
        try Self.checkName(name)
        guard try await account(name) == nil else { throw AppError(.conflict, "there is already an account '\(name)'") }
        guard unit == "kg" || !registry.history(unit).isEmpty else {
            throw AppError.badInput("'\(unit)' is not a unit of the registry (a 14-digit СОАТЕ code, or kg for the whole republic)")
        }
        try await append(name, "account-added", ["role": .string(role.rawValue), "unit": .string(unit), "password_hash": .string(try hash(password))],
                         by: actor, new: true)
        return try await account(name)!
    }

    public func setPassword(_ name: String, _ password: String, by actor: String) async throws {
        guard try await account(name) != nil else { throw AppError.notFound("there is no account '\(name)'") }
        try await append(name, "password-set", ["password_hash": .string(try hash(password))], by: actor)
    }

    public func disable(_ name: String, by actor: String) async throws {
        guard let a = try await account(name) else { throw AppError.notFound("there is no account '\(name)'") }
        guard !a.disabled else { throw AppError(.conflict, "the account '\(name)' is disabled already") }
        try await append(name, "account-disabled", [:], by: actor)
    }

    /// A new bearer token for the account: `NAME:ID:SECRET`, shown once; only its hash is stored.
    public func createToken(_ name: String, label: String?, kind: String = "api", hours: Double? = nil, by actor: String) async throws -> (token: String, id: String) {
        guard let a = try await account(name) else { throw AppError.notFound("there is no account '\(name)'") }
        guard !a.disabled else { throw AppError(.refused, "the account '\(name)' is disabled") }
        if let label {
            guard label.utf8.count <= 200, !label.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw AppError.badInput("a token's label has at most 200 bytes and no control characters")
            }
        }
        let id = Self.randomHex(4), secret = Self.randomHex(32)
        var data: [String: JSON] = ["token_id": .string(id), "token_hash": .string(Self.sha256(secret)), "kind": .string(kind)]
        if let label { data["label"] = .string(label) }
        if let hours { data["expires"] = .string(recordingTime(now().addingTimeInterval(hours * 3600))) }
        try await append(name, "token-created", data, by: actor)
        return ("\(name):\(id):\(secret)", id)
    }

    public func revokeToken(_ name: String, id: String, by actor: String) async throws {
        guard let a = try await account(name) else { throw AppError.notFound("there is no account '\(name)'") }
        guard let token = (a.tokens + a.sessions).first(where: { $0.id == id }) else {
            throw AppError.notFound("the account '\(name)' has no token '\(id)'")
        }
        guard !token.revoked else { throw AppError(.conflict, "the token '\(id)' of '\(name)' is revoked already") }
        try await append(name, "token-revoked", ["token_id": .string(id)], by: actor)
    }

    // MARK: Checking credentials

    /// The account a bearer token or session belongs to, if it is valid now: known, not revoked,
    /// not expired, the account not disabled. Read from the log on every call, so a revocation on
    /// one server holds on every other at once.
    public func authenticate(token: String) async throws -> Account? {
        let parts = token.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, token.count <= 200, (try? Self.checkName(parts[0])) != nil else { return nil }
        guard let a = try await account(parts[0]), !a.disabled else { return nil }
        let hash = Self.sha256(parts[2])
        let nowText = recordingTime(now())
        guard let t = (a.tokens + a.sessions).first(where: { $0.id == parts[1] }), !t.revoked,
              Self.constantTimeEqual(t.hash, hash), t.expires.map({ $0 > nowText }) ?? true else { return nil }
        return a
    }

    /// Checks a password; on success opens a session (a token that expires in 12 hours).
    public func login(_ name: String, password: String) async throws -> (token: String, account: Account)? {
        guard (try? Self.checkName(name)) != nil, password.utf8.count <= 1024 else { return nil }
        guard let a = try await account(name), !a.disabled, let stored = a.passwordHash else {
            // The same work as a real check, so a missing account is not told apart by time.
            _ = Bcrypt.verify(password, hash: dummyHash())
            return nil
        }
        guard Bcrypt.verify(password, hash: stored) else { return nil }
        let (token, _) = try await createToken(name, label: nil, kind: "session", hours: Self.sessionHours, by: name)
        return (token, a)
    }

    /// A hash of the same cost as real ones, made once per cost.
    func dummyHash() -> String {
        Self.dummyLock.lock()
        defer { Self.dummyLock.unlock() }
        if let h = Self.dummies[bcryptCost] { return h }
        let h = Bcrypt.hash("not a password of anyone", cost: bcryptCost)
        Self.dummies[bcryptCost] = h
        return h
    }
    nonisolated(unsafe) static var dummies: [UInt8: String] = [:]
    static let dummyLock = NSLock()

    /// The session (not API token) a credential is, if it is one: what logout ends.
    public func session(of token: String, account: Account) -> String? {
        let parts = token.split(separator: ":")
        guard parts.count == 3 else { return nil }
        return account.sessions.first { $0.id == parts[1] && !$0.revoked }?.id
    }

    /// The CSRF token that goes with a session: derived from its secret, so any server can check it.
    public static func csrfToken(forSession token: String) -> String { sha256("csrf:" + token) }

    static func sha256(_ s: String) -> String { SHA256.hash(data: Data(s.utf8)).map { String(format: "%02x", $0) }.joined() }

    static func randomHex(_ bytes: Int) -> String {
        var rng = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &rng)) }.joined()
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// What a write wants to do, for the one authorization check.
public enum WriteAction: Sendable {
    /// Start a procedure, or record an event in one, of this kind for this unit, starting on this day.
    case procedure(ProcedureKind, unit: String, on: Day)
    /// Add, change or disable accounts and their tokens.
    case manageAccounts
    /// Record a change of the administrative-territorial structure.
    case changeTerritory
}

/// Deny by default: a write passes only when the account's role allows the action and its
/// territory covers the unit (the unit itself or one above it on the procedure's day).
public struct Authorizer: Sendable {
    public let registry: TerritorialRegistry
    public init(registry: TerritorialRegistry) { self.registry = registry }

    public func check(_ account: Account?, _ action: WriteAction) throws {
        guard let account, !account.disabled else {
            throw AppError(.unauthenticated, "writing needs an account: send 'Authorization: Bearer NAME:ID:SECRET' (aimak token create NAME) or log in")
        }
        switch action {
        case .manageAccounts:
            guard account.role == .administrator, account.unit == "kg" else {
                throw AppError(.forbidden, "only an administrator of the whole republic manages accounts; '\(account.name)' is \(account.role.rawValue) of \(account.unit)")
            }
        case .changeTerritory:
            guard account.role == .administrator, account.unit == "kg" else {
                throw AppError(.forbidden, "only an administrator of the whole republic records territorial changes; '\(account.name)' is \(account.role.rawValue) of \(account.unit)")
            }
        case .procedure(let kind, let unit, let day):
            guard account.role.procedures.contains(kind) else {
                throw AppError(.forbidden, "the role \(account.role.rawValue) may not record \(kind.rawValue) procedures")
            }
            guard covers(account.unit, unit, on: day) else {
                throw AppError(.forbidden, "\(unit) is outside the territory of '\(account.name)' (\(account.unit) and the units within it)")
            }
        }
    }

    /// Whether `scope` is `unit` or one of its ancestors on `day`.
    public func covers(_ scope: String, _ unit: String, on day: Day) -> Bool {
        if scope == "kg" { return true }
        var code: String? = unit
        var seen = Set<String>()
        while let c = code, seen.insert(c).inserted {
            if c == scope { return true }
            code = (registry.unit(c, on: day)?.0 ?? registry.history(c).last)?.parentCode
        }
        return false
    }
}
