import AimakApp
import Foundation
import EventLog
import Law
import HTTPTypes
import Hummingbird
import Logging
import Metrics
import NIOCore
import Prometheus
import ServiceLifecycle

/// How `aimak serve` was asked to run.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// The store's address: a SQLite path or `postgres://…`.
    public var database: String
    public var logLevel: Logger.Level = .info
    public init(host: String = "127.0.0.1", port: Int = 8080, database: String) { (self.host, self.port, self.database) = (host, port, database) }
}

/// Metrics go to one Prometheus registry per process; the metrics system is bootstrapped once.
public enum ServerMetrics {
    public static let registry = PrometheusCollectorRegistry()
    private static let once: Void = { MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry)) }()
    public static func bootstrap() { _ = once }
}

/// The routes of the API over an environment: a plain function, so tests drive it in-process.
public func buildRouter(_ env: ServerEnvironment) -> Router<AimakRequestContext> {
    ServerMetrics.bootstrap()
    let router = Router(context: AimakRequestContext.self)
    // Metrics first, so it counts the status the client gets (after errors become problem+json).
    router.add(middleware: MetricsMiddleware())
    var problems = ProblemMiddleware<AimakRequestContext>()
    if let pages = env.pages {
        problems.page = { @Sendable error, request in notFoundPage(error, request, env, pages) }
    }
    router.add(middleware: problems)
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: AuthenticationMiddleware(env: env))
    addOperationalRoutes(router, env)
    addLawRoutes(router.group("api/v1"), env)
    addProcedureRoutes(router.group("api/v1"), env)
    addAccountRoutes(router.group("api/v1"), env)
    addPageRoutes(router, env)
    return router
}

/// The server: routes, the store, and the book following the log, started and stopped by
/// swift-service-lifecycle (SIGTERM/SIGINT: requests in flight finish, then the store closes).
public func buildApplication(_ config: ServerConfiguration, env: ServerEnvironment,
                             onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }) -> some ApplicationProtocol {
    var logger = Logger(label: "aimak")
    logger.logLevel = config.logLevel
    // A connection idle for 30 s is closed (a client trickling half a request holds nothing for long).
    var app = Application(router: HeadAsGet(buildRouter(env)), server: .http1(configuration: .init(idleTimeout: .seconds(30))),
                          configuration: .init(address: .hostname(config.host, port: config.port), serverName: "aimak"),
                          onServerRunning: onServerRunning, logger: logger)
    app.addServices(BookFollower(env: env))
    return app
}

/// Rebuilds the procedures' state from the log, keeps it current with other servers' appends,
/// and closes the store at shutdown.
struct BookFollower: Service {
    let env: ServerEnvironment
    func run() async throws {
        if let problem = try await env.loadTerritoryChanges() { Logger(label: "aimak").error("\(problem)") }
        try await env.book.rebuild()
        let follow = env.book.follow()
        // Waits until SIGTERM/SIGINT (or cancellation), then stops following and closes the store.
        try? await gracefulShutdown()
        follow.cancel()
        await env.store.close()
    }
}

// MARK: Helpers shared by the routes

extension Request {
    /// `?lang=`, else the first of ky, ru, en in `Accept-Language`, else English.
    var language: Language {
        if let l = uri.queryParameters.get("lang").flatMap({ Language(rawValue: String($0)) }) { return l }
        for part in (headers[.acceptLanguage] ?? "").split(separator: ",") {
            // `;` alone, or `;q=1` with no tag, is no language: skipped, never indexed blindly.
            guard let first = part.split(separator: ";", omittingEmptySubsequences: false).first else { continue }
            let tag = first.trimmingCharacters(in: .whitespaces).lowercased()
            if let l = Language(rawValue: String(tag.prefix(2))) { return l }
        }
        return .en
    }

    func query(_ name: String) -> String? { uri.queryParameters.get(name).map { String($0) } }

    /// Query parameters must be among the known ones: a typo (`?dat=`) is an error, not ignored.
    func checkQuery(_ allowed: Set<String>) throws {
        for (k, _) in uri.queryParameters where !allowed.contains(String(k)) && k != "lang" {
            throw AppError.badInput("unknown query parameter '\(k)' (allowed: \((allowed.union(["lang"])).sorted().joined(separator: ", ")))")
        }
    }

    func int(_ name: String) throws -> Int? {
        guard let s = query(name) else { return nil }
        guard let n = Int(s) else { throw AppError.badInput("'\(name)' must be a whole number, got '\(s.prefix(40))'") }
        return n
    }

    func bool(_ name: String) throws -> Bool? {
        guard let s = query(name) else { return nil }
        switch s { case "true", "1": return true; case "false", "0": return false
        default: throw AppError.badInput("'\(name)' must be true or false, got '\(s.prefix(40))'") }
    }

    /// The body as bytes, refused with 413 over the limit.
    func bodyData() async throws -> Data {
        // A declared length over the limit is refused at once, without waiting for the bytes (a
        // client that declares 2 MB and sends nothing was answered only when the connection timed out).
        if let declared = headers[.contentLength].flatMap({ Int($0) }), declared > ServerEnvironment.maximumBodySize {
            throw AppError(.tooLarge, "the request body is over \(ServerEnvironment.maximumBodySize) bytes")
        }
        do {
            let buffer = try await body.collect(upTo: ServerEnvironment.maximumBodySize)
            return Data(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw AppError(.tooLarge, "the request body is over \(ServerEnvironment.maximumBodySize) bytes")
        }
    }

    /// A JSON body decoded strictly: it must be an object, with only the keys the type knows.
    func decode<T: Decodable>(_ type: T.Type, allowed: Set<String>) async throws -> T {
        // JSON only: a cross-site form cannot send it without the browser asking first (CSRF).
        guard let contentType = headers[.contentType]?.lowercased(), contentType.hasPrefix("application/json") else {
            throw AppError.badInput("the body must be JSON, sent with Content-Type: application/json")
        }
        return try StrictJSON.decode(T.self, from: try await bodyData(), allowed: allowed)
    }
}

/// A JSON answer; a GET answer carries an ETag (a hash of the body: the law at a date does not
/// change while the data does not) and is answered 304 when the client has it already.
func jsonResponse<T: Encodable>(_ value: T, _ request: Request, status: HTTPResponse.Status = .ok, extra: HTTPFields = [:]) throws -> Response {
    let data = try AnswerJSON.data(value)
    return bytesResponse(data, contentType: "application/json; charset=utf-8", request, status: status, extra: extra)
}

/// A JSON answer about the law, computed once per question and then served from the cache.
func cachedJSON<T: Encodable>(_ request: Request, _ env: ServerEnvironment, extra: HTTPFields = [:], _ answer: () throws -> T) throws -> Response {
    let data = try env.answers.data(answerKey(request, env)) { try AnswerJSON.data(try answer()) }
    return bytesResponse(data, contentType: "application/json; charset=utf-8", request, extra: extra)
}

/// The question an answer about the law answers: path, query, language and today.
func answerKey(_ request: Request, _ env: ServerEnvironment) -> String {
    "\(request.uri.path)?\(request.uri.query ?? "")|\(request.language.rawValue)|\(env.today())"
}

func bytesResponse(_ data: Data, contentType: String, _ request: Request, status: HTTPResponse.Status = .ok, extra: HTTPFields = [:]) -> Response {
    var headers: HTTPFields = [.contentType: contentType, .vary: "Accept-Language"]
    // A field given in `extra` replaces the default of the same name.
    for name in Set(extra.map(\.name)) { headers[fields: name] = [] }
    headers.append(contentsOf: extra)
    if request.method == .get, status == .ok, headers[.eTag] == nil {
        let tag = "\"" + etag(data) + "\""
        headers[.eTag] = tag
        if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == tag || $0 == "*" }) {
            return Response(status: .notModified, headers: [.eTag: tag])
        }
    }
    return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(data: data)))
}

/// A short, stable fingerprint of a body (FNV-1a 64, hex): enough to tell two answers apart.
func etag(_ data: Data) -> String {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in data { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    return String(h, radix: 16)
}
