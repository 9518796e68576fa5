import AimakApp
import AimakPages
import Territory
import EventLog
import Foundation
import Law
import Metrics
import ProcedureLog
import Procedures
import WorkingDays

/// Everything a request may use: the law, the store with the procedures' derived state, the
/// accounts, and the clock. Built once per server; injected, so tests build their own.
public final class ServerEnvironment: Sendable {
    /// The law and the registry as recorded territorial changes leave it (replaced when one is recorded).
    public var law: LawLibrary { current.value }
    private let current: Current<LawLibrary>
    /// The registry of the bundled file (or the file given), before any recorded change.
    public let bundledRegistry: TerritorialRegistry
    /// How many recorded territorial changes the registry in use holds (it only grows).
    private let territoryVersion = Current(0)
    public let store: any EventStore
    public let book: ProcedureBook
    public let accounts: AccountService
    /// The one place that decides who may write what, over the current registry.
    public var authorizer: Authorizer { Authorizer(registry: law.registry) }
    public let throttle: LoginThrottle
    /// Today in Bishkek, or the day a test fixes.
    public let today: @Sendable () -> Day
    /// Cookies marked Secure (behind TLS).
    public let secureCookies: Bool

    /// The largest request body: a draft law or an event is a few kilobytes.
    public static let maximumBodySize = 1 << 20

    /// The web pages' templates and words; nil only when the bundle lacks them (then no page is served).
    public let pages: PageRenderer?
    /// Why the pages are not served, when they are not.
    public let pagesProblem: String?

    /// Encoded answers about the law, by question.
    let answers = ResponseCache()
    let appended: Counter
    let conflicts: Counter

    public init(law: LawLibrary, store: any EventStore, bcryptCost: UInt8 = 12, secureCookies: Bool = false,
                today: @escaping @Sendable () -> Day = { todayInBishkek() }) {
        // Counters made before the metrics system is bootstrapped would count into nothing.
        ServerMetrics.bootstrap()
        appended = Counter(label: "aimak_events_appended_total")
        conflicts = Counter(label: "aimak_append_conflicts_total")
        let current = Current(law)
        self.current = current
        bundledRegistry = law.registry
        self.store = store
        self.today = today
        self.secureCookies = secureCookies
        book = ProcedureBook(store: store, context: ProcedureContext(model: law.model, calendar: law.calendar, registry: law.registry, asOf: today()))
        accounts = AccountService(store: store, bcryptCost: bcryptCost)
        // Without its templates or words the API still answers; the pages say why they cannot.
        do { (pages, pagesProblem) = (try PageRenderer(law: law, current: { current.value }), nil) } catch { (pages, pagesProblem) = (nil, "\(error)") }
        throttle = LoginThrottle()
    }

    /// Territorial changes kept in the log.
    public var territoryChanges: TerritoryChangeService { TerritoryChangeService(store: store) }

    /// Puts the recorded territorial changes over the bundled registry (at start); a change that no
    /// longer applies is reported, not fatal (the changes before it are in effect).
    @discardableResult
    public func loadTerritoryChanges() async throws -> String? {
        let (registry, applied, problem) = try await territoryChanges.registry(over: bundledRegistry)
        useRegistry(registry, changes: applied)
        return problem
    }

    /// Answers from this registry (the bundled one with `changes` recorded changes) from now on,
    /// unless a registry with more changes is already in use; cached answers are dropped.
    public func useRegistry(_ registry: TerritorialRegistry, changes: Int) {
        territoryVersion.update { inUse in
            guard changes >= inUse else { return }
            inUse = changes
            let law = current.value
            current.value = LawLibrary(model: law.model, calendar: law.calendar, registry: registry)
            book.useRegistry(registry)
        }
        answers.removeAll()
    }

    public func lawQueries(_ language: Language) -> LawQueries { LawQueries(model: law.model, language: language) }
    public func territory(_ language: Language) -> TerritoryQueries { TerritoryQueries(registry: law.registry, law: lawQueries(language)) }
    public func calendar(_ language: Language) -> CalendarQueries { CalendarQueries(calendar: law.calendar, language: language) }
    public func procedures(_ language: Language) -> ProcedureService { ProcedureService(book: book, language: language, today: today) }
}

/// A value shared by every request and replaced whole (never mutated in place).
final class Current<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
    /// Reads and replaces the value as one step.
    func update(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
}

/// Answers about the law kept once computed: the law does not change while a server runs, so the
/// same question (path, query, language, today) has the same bytes. Bounded; the oldest go first.
public final class ResponseCache: @unchecked Sendable {
    private var entries: [String: Data] = [:]
    private var order: [String] = []
    private let lock = NSLock()
    public let capacity: Int

    public init(capacity: Int = 512) { self.capacity = capacity }

    public func data(_ key: String, make: () throws -> Data) rethrows -> Data {
        lock.lock()
        if let hit = entries[key] { lock.unlock(); return hit }
        lock.unlock()
        let value = try make()
        lock.lock()
        defer { lock.unlock() }
        if entries[key] == nil {
            entries[key] = value
            order.append(key)
            if order.count > capacity { entries[order.removeFirst()] = nil }
        }
        return value
    }

    public func removeAll() {
        lock.withLock { entries = [:]; order = [] }
    }

    /// The same, for an answer made by async work (a page that reads the store).
    public func asyncData(_ key: String, make: () async throws -> Data) async rethrows -> Data {
        if let hit = lock.withLock({ entries[key] }) { return hit }
        let value = try await make()
        lock.withLock {
            if entries[key] == nil {
                entries[key] = value
                order.append(key)
                if order.count > capacity { entries[order.removeFirst()] = nil }
            }
        }
        return value
    }
}

/// Failed logins counted per account and per address over a quarter of an hour; past the limit,
/// logins are refused (429) until old failures age out, so passwords cannot be guessed at speed.
public actor LoginThrottle {
    public static let window: TimeInterval = 15 * 60
    public static let perAccount = 5
    public static let perAddress = 20
    private var failures: [String: [Date]] = [:]

    public init() {}

    /// Counts an attempt as it starts (so a burst of parallel logins is counted before any of them
    /// is checked) and says whether it may go on.
    public func attempt(account: String, address: String, now: Date = Date()) -> Bool {
        prune(now)
        guard (failures["a:" + account]?.count ?? 0) < Self.perAccount, (failures["ip:" + address]?.count ?? 0) < Self.perAddress else { return false }
        failures["a:" + account, default: []].append(now)
        failures["ip:" + address, default: []].append(now)
        return true
    }

    /// A successful login takes its own attempt back; earlier failures still count.
    public func succeeded(account: String, address: String) {
        if !(failures["a:" + account]?.isEmpty ?? true) { failures["a:" + account]!.removeLast() }
        if !(failures["ip:" + address]?.isEmpty ?? true) { failures["ip:" + address]!.removeLast() }
    }

    private func prune(_ now: Date) {
        failures = failures.compactMapValues { list in
            let kept = list.filter { now.timeIntervalSince($0) < Self.window }
            return kept.isEmpty ? nil : kept
        }
    }
}
