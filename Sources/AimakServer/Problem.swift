import AimakApp
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// An error as `application/problem+json` (RFC 9457): a type per kind of error, a title, the
/// same reason the command line gives, and the event refused or the version found where they apply.
struct Problem: Codable, Sendable {
    var type: String
    var title: String
    var status: Int
    var detail: String
    var event: Int?
    var currentVersion: Int?
    enum CodingKeys: String, CodingKey { case type, title, status, detail, event, currentVersion = "current_version" }

    static let base = "https://aimak.kg/problems/"

    init(_ e: AppError, status override: HTTPResponse.Status? = nil) {
        let status = override ?? Self.status(e.kind)
        type = Self.base + (override == .preconditionFailed ? "stale-version" : e.kind.rawValue)
        title = Self.title(e.kind, status)
        self.status = status.code
        detail = e.message
        event = e.event
        currentVersion = e.currentVersion
    }

    static func status(_ kind: AppError.Kind) -> HTTPResponse.Status {
        switch kind {
        case .badInput: .badRequest
        case .notFound: .notFound
        case .refused: .unprocessableContent
        case .conflict: .conflict
        case .versionRequired: .preconditionRequired
        case .unavailable: .serviceUnavailable
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .tooLarge: .contentTooLarge
        case .tooManyRequests: .tooManyRequests
        }
    }

    static func title(_ kind: AppError.Kind, _ status: HTTPResponse.Status) -> String {
        switch kind {
        case .badInput: "The request is not well formed"
        case .notFound: "No such resource"
        case .refused: "The law does not allow this"
        case .conflict: status == .preconditionFailed ? "The version you read is not the current one" : "This conflicts with what is already stored"
        case .versionRequired: "Name the version you read (If-Match)"
        case .unavailable: "The store is unavailable"
        case .unauthenticated: "Log in or send a token"
        case .forbidden: "Your role does not allow this"
        case .tooLarge: "The request body is too large"
        case .tooManyRequests: "Too many attempts"
        }
    }

    var response: Response {
        let data = (try? AnswerJSON.data(self)) ?? Data()
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if status == 401 { headers[.wwwAuthenticate] = "Bearer realm=\"aimak\"" }
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(data: data)))
    }
}

/// Every error a route throws becomes a problem document; nothing a client sends gives a 500.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    /// A page for a path outside the API that has no route (a reader typed an address), when pages are served.
    var page: (@Sendable (AppError, Request) -> Response?)? = nil

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let e as HTTPResponseError {
            let status = e.status
            if status == .notFound {
                let error = AppError.notFound("no route \(request.method) \(request.uri.path); see /api/v1/openapi.yaml")
                if !request.uri.path.hasPrefix("/api/"), let html = page?(error, request) { return html }
                return Problem(error).response
            }
            if status == .contentTooLarge {
                return Problem(AppError(.tooLarge, "the request body is over \(ServerEnvironment.maximumBodySize) bytes")).response
            }
            if status == .methodNotAllowed || status.code < 500 {
                var p = Problem(AppError.badInput("\(status.reasonPhrase) (\(request.method) \(request.uri.path))"))
                (p.status, p.title) = (status.code, status.reasonPhrase)
                return p.response
            }
            context.logger.error("\(request.method) \(request.uri.path): \(e)")
            return Problem(AppError(.unavailable, "the server could not answer: \(status.reasonPhrase)")).response
        } catch let e as StaleVersion {
            return Problem(e.error, status: .preconditionFailed).response
        } catch {
            let e = AppError(error)
            if Problem.status(e.kind).code >= 500 { context.logger.error("\(request.method) \(request.uri.path): \(e.message)") }
            return Problem(e).response
        }
    }
}

/// An `If-Match` that names a version other than the current one (412, not 409: the client's
/// precondition failed before anything was tried).
struct StaleVersion: Error { var error: AppError }

/// HEAD is GET without the body (RFC 9110): the same status and headers, so a client can check an
/// ETag without downloading the answer. It wraps the router, because the router looks a route up
/// by method before any middleware runs.
public struct HeadAsGet<Base: HTTPResponderBuilder>: HTTPResponderBuilder {
    let base: Base
    public init(_ base: Base) { self.base = base }

    public func buildResponder() -> Responder { Responder(base: base.buildResponder()) }

    public struct Responder: HTTPResponder {
        let base: Base.Responder
        public func respond(to request: Request, context: Base.Responder.Context) async throws -> Response {
            guard request.method == .head else { return try await base.respond(to: request, context: context) }
            var head = request.head
            head.method = .get
            var response = try await base.respond(to: Request(head: head, body: request.body), context: context)
            response.body = .init()
            return response
        }
    }
}
