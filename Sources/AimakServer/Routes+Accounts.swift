import AimakApp
import Foundation
import Law
import HTTPTypes
import Hummingbird
import NIOCore

extension AimakRequestContext {
    func requireAccount() throws -> Account {
        guard let account else {
            throw AppError(.unauthenticated, "writing needs an account: send 'Authorization: Bearer NAME:ID:SECRET' (aimak token create NAME) or log in")
        }
        return account
    }
}

/// Reads the credentials of every request: a bearer token, or the session cookie of a login.
/// A request without credentials goes on as anonymous (reading is public); bad credentials are
/// refused at once. A write by session cookie must carry the CSRF token of that session.
struct AuthenticationMiddleware: RouterMiddleware {
    let env: ServerEnvironment
    static let cookie = "aimak_session"

    func handle(_ request: Request, context: AimakRequestContext, next: (Request, AimakRequestContext) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer", let account = try await env.accounts.authenticate(token: String(parts[1])) else {
                throw AppError(.unauthenticated, "the token is not valid (unknown, revoked, expired, or its account is disabled)")
            }
            context.account = account
        } else if let token = request.cookies[Self.cookie]?.value, !token.isEmpty {
            if let account = try await env.accounts.authenticate(token: token) {
                context.account = account
                context.bySessionCookie = true
                context.sessionToken = token
                // The API takes the token in a header; a page's form carries it as a field, checked by the page.
                // The router ignores empty segments (`//api/…` reaches the API), so the API is told by
                // its first segment, not by the raw path.
                let segments = request.uri.path.split(separator: "/")
                let isAPI = segments.first == "api", isLogin = segments.map(String.init) == ["api", "v1", "login"]
                if request.method != .get, request.method != .head, isAPI, !isLogin {
                    guard request.headers[HTTPField.Name("X-CSRF-Token")!] == AccountService.csrfToken(forSession: token) else {
                        throw AppError(.forbidden, "a write from a logged-in browser needs the session's X-CSRF-Token")
                    }
                }
            }
        }
        return try await next(request, context)
    }
}

struct LoginRequest: Codable { var name: String; var password: String }
struct LoginAnswer: Codable { var token: String; var csrfToken: String; var account: Account
    enum CodingKeys: String, CodingKey { case token, account, csrfToken = "csrf_token" } }
struct NewAccountRequest: Codable { var name: String; var role: Role; var unit: String; var password: String? }
struct NewAccountAnswer: Codable { var account: Account; var password: String? }
struct NewTokenRequest: Codable { var label: String? }
struct NewTokenAnswer: Codable { var token: String; var id: String }

/// Login, the account itself, and (for administrators) accounts and tokens.
func addAccountRoutes(_ api: RouterGroup<AimakRequestContext>, _ env: ServerEnvironment) {
    api.post("login") { request, context -> Response in
        try request.checkQuery([])
        let body = try await request.decode(LoginRequest.self, allowed: ["name", "password"])
        let address = context.remoteAddress?.ipAddress ?? "unknown"
        guard await env.throttle.attempt(account: body.name, address: address) else {
            throw AppError(.tooManyRequests, "too many failed logins for this account or address; try again in \(Int(LoginThrottle.window / 60)) minutes")
        }
        guard let (token, account) = try await env.accounts.login(body.name, password: body.password) else {
            throw AppError(.unauthenticated, "wrong name or password (or the account is disabled)")
        }
        await env.throttle.succeeded(account: body.name, address: address)
        let cookie = Cookie(name: AuthenticationMiddleware.cookie, value: token, maxAge: 12 * 3600, path: "/", secure: env.secureCookies,
                            httpOnly: true, sameSite: .lax)
        return try jsonResponse(LoginAnswer(token: token, csrfToken: AccountService.csrfToken(forSession: token), account: account), request,
                                extra: [.setCookie: cookie.description])
    }
    api.post("logout") { request, context -> Response in
        let account = try context.requireAccount()
        // Ends the login session the request came with (cookie or bearer); an API token is revoked
        // with DELETE …/tokens/{token}, not here.
        let credential = context.sessionToken ?? request.headers[.authorization].map { String($0.dropFirst("Bearer ".count)) }
        if let credential, let id = env.accounts.session(of: credential, account: account) {
            try await env.accounts.revokeToken(account.name, id: id, by: account.name)
        }
        let expired = Cookie(name: AuthenticationMiddleware.cookie, value: "", maxAge: 0, path: "/", secure: env.secureCookies, httpOnly: true, sameSite: .lax)
        return Response(status: .noContent, headers: [.setCookie: expired.description])
    }
    api.get("account") { request, context -> Response in
        guard let account = context.account else { throw AppError(.unauthenticated, "log in or send a token to see your account") }
        return try jsonResponse(account, request)
    }
    api.get("accounts") { request, context -> Response in
        try env.authorizer.check(context.account, .manageAccounts)
        return try jsonResponse(try await env.accounts.list(), request)
    }
    api.post("accounts") { request, context -> Response in
        try env.authorizer.check(context.account, .manageAccounts)
        let body = try await request.decode(NewAccountRequest.self, allowed: ["name", "role", "unit", "password"])
        let password = body.password ?? AccountService.generatePassword()
        let account = try await env.accounts.add(body.name, role: body.role, unit: body.unit, password: password, registry: env.law.registry,
                                                 by: context.account!.name)
        return try jsonResponse(NewAccountAnswer(account: account, password: body.password == nil ? password : nil), request, status: .created)
    }
    api.post("accounts/:name/disable") { request, context -> Response in
        try env.authorizer.check(context.account, .manageAccounts)
        let name = context.parameters.get("name") ?? ""
        try await env.accounts.disable(name, by: context.account!.name)
        return try jsonResponse(try await env.accounts.account(name), request)
    }
    api.post("accounts/:name/tokens") { request, context -> Response in
        try env.authorizer.check(context.account, .manageAccounts)
        let body = try await request.decode(NewTokenRequest.self, allowed: ["label"])
        let (token, id) = try await env.accounts.createToken(context.parameters.get("name") ?? "", label: body.label, by: context.account!.name)
        return try jsonResponse(NewTokenAnswer(token: token, id: id), request, status: .created)
    }
    api.delete("accounts/:name/tokens/:token") { _, context -> Response in
        try env.authorizer.check(context.account, .manageAccounts)
        try await env.accounts.revokeToken(context.parameters.get("name") ?? "", id: context.parameters.get("token") ?? "", by: context.account!.name)
        return Response(status: .noContent)
    }
}
