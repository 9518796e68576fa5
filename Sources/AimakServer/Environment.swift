import AimakApp
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
    public let law: LawLibrary
    public let store: any EventStore
    public let book: ProcedureBook
    public let accounts: AccountService
    public let authorizer: Authorizer
    public let throttle: LoginThrottle
    /// Today in Bishkek, or the day a test fixes.
    public let today: @Sendable () -> Day
    /// Cookies marked Secure (behind TLS).
    public let secureCookies: Bool

    /// The largest request body: a draft law or an event is a few kilobytes.
    public static let maximumBodySize = 1 << 20

    let appended: Counter
    let conflicts: Counter

    public init(law: LawLibrary, store: any EventStore, bcryptCost: UInt8 = 12, secureCookies: Bool = false,
                today: @escaping @Sendable () -> Day = { todayInBishkek() }) {
        // Counters made before the metrics system is bootstrapped would count into nothing.
        ServerMetrics.bootstrap()
        appended = Counter(label: "aimak_events_appended_total")
        conflicts = Counter(label: "aimak_append_conflicts_total")
        self.law = law
        self.store = store
        self.today = today
        self.secureCookies = secureCookies
        book = ProcedureBook(store: store, context: ProcedureContext(model: law.model, calendar: law.calendar, registry: law.registry, asOf: today()))
        accounts = AccountService(store: store, bcryptCost: bcryptCost)
        authorizer = Authorizer(registry: law.registry)
        throttle = LoginThrottle()
    }

    func lawQueries(_ language: Language) -> LawQueries { LawQueries(model: law.model, language: language) }
    func territory(_ language: Language) -> TerritoryQueries { TerritoryQueries(registry: law.registry, law: lawQueries(language)) }
    func calendar(_ language: Language) -> CalendarQueries { CalendarQueries(calendar: law.calendar, language: language) }
    func procedures(_ language: Language) -> ProcedureService { ProcedureService(book: book, language: language, today: today) }
}

/// Failed logins counted per account and per address over a quarter of an hour; past the limit,
/// logins are refused (429) until old failures age out, so passwords cannot be guessed at speed.
public actor LoginThrottle {
    public static let window: TimeInterval = 15 * 60
    public static let perAccount = 5
    public static let perAddress = 20
    private var failures: [String: [Date]] = [:]

    public init() {}

    public func allowed(account: String, address: String, now: Date = Date()) -> Bool {
        prune(now)
        return (failures["a:" + account]?.count ?? 0) < Self.perAccount && (failures["ip:" + address]?.count ?? 0) < Self.perAddress
    }

    public func failed(account: String, address: String, now: Date = Date()) {
        failures["a:" + account, default: []].append(now)
        failures["ip:" + address, default: []].append(now)
    }

    public func succeeded(account: String) { failures["a:" + account] = nil }

    private func prune(_ now: Date) {
        failures = failures.compactMapValues { list in
            let kept = list.filter { now.timeIntervalSince($0) < Self.window }
            return kept.isEmpty ? nil : kept
        }
    }
}
