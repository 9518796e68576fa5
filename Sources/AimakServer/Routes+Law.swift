import AimakApp
import Foundation
import HTTPTypes
import Hummingbird
import Law
import NIOCore
import Prometheus
import Territory
import WorkingDays

/// Health, readiness, metrics and the API's contract.
func addOperationalRoutes(_ router: Router<AimakRequestContext>, _ env: ServerEnvironment) {
    router.get("healthz") { _, _ in Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "ok\n"))) }
    router.get("readyz") { request, _ -> Response in
        // Ready when the law is loaded (it is, or the server would not have started) and the store answers.
        do {
            guard await env.book.isBuilt else {
                return Problem(AppError(.unavailable, "the procedures' state is still being rebuilt from the log")).response
            }
            let n = try await env.store.count()
            return try jsonResponse(["status": "ready", "store": env.store.location, "events": "\(n)",
                                     "sources": "\(env.law.model.sources.count)"], request)
        } catch {
            return Problem(AppError(.unavailable, "the store does not answer: \(AppError(error).message)")).response
        }
    }
    router.get("metrics") { _, _ -> Response in
        var buffer: [UInt8] = []
        ServerMetrics.registry.emit(into: &buffer)
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
    }
    router.get("api/v1/openapi.yaml") { request, _ -> Response in
        bytesResponse(Data(OpenAPIDocument.yaml.utf8), contentType: "application/yaml; charset=utf-8", request)
    }
    router.get("api/v1/docs") { request, _ -> Response in
        bytesResponse(Data(OpenAPIDocument.page.utf8), contentType: "text/html; charset=utf-8", request)
    }
}

/// Everything the command line reads about the law, the territory and the calendar.
func addLawRoutes(_ api: RouterGroup<AimakRequestContext>, _ env: ServerEnvironment) {
    api.get("sources") { request, _ -> Response in
        try request.checkQuery([])
        return try cachedJSON(request, env) { env.lawQueries(request.language).sources() }
    }
    api.get("coverage") { request, _ -> Response in
        try request.checkQuery(["date"])
        let t = env.territory(request.language)
        let day = try t.day(request.query("date"), today: env.today())
        return try cachedJSON(request, env) { env.lawQueries(request.language).coverage(registry: env.law.registry, on: day) }
    }
    // A source id has slashes (/akn/kg/act/2008/99): the rest of the path is the id.
    api.get("sources/**") { request, context -> Response in
        try request.checkQuery([])
        let id = "/" + context.parameters.getCatchAll().joined(separator: "/")
        return try cachedJSON(request, env) { try env.lawQueries(request.language).sourceDetail(id) }
    }
    api.get("system") { request, _ -> Response in
        try request.checkQuery(["date"])
        let q = env.lawQueries(request.language)
        let day = try q.day(request.query("date"), today: env.today())
        return try cachedJSON(request, env) { q.system(at: day) }
    }
    api.get("diff") { request, _ -> Response in
        try request.checkQuery(["from", "to", "restated"])
        let q = env.lawQueries(request.language)
        guard let from = request.query("from"), let to = request.query("to") else { throw AppError.badInput("give two dates: ?from=2002-06-01&to=2009-01-01") }
        let d1 = try q.day(from, today: env.today(), what: "date (from)"), d2 = try q.day(to, today: env.today(), what: "date (to)")
        let restated = try request.bool("restated") ?? false
        return try cachedJSON(request, env) { q.diff(from: d1, to: d2, restated: restated) }
    }
    api.post("diff/draft") { request, _ -> Response in
        try request.checkQuery(["date", "restated"])
        let q = env.lawQueries(request.language)
        let data = try await request.bodyData()
        guard let yaml = String(data: data, encoding: .utf8), !yaml.isEmpty else { throw AppError.badInput("the body must be a draft source as UTF-8 YAML") }
        let day = try request.query("date").map { try q.day($0, today: env.today()) }
        return try jsonResponse(try q.draftDiff(yaml, file: "draft.yaml", at: day, restated: try request.bool("restated") ?? false), request)
    }
    // A fact key has slashes too (formation/akim/by).
    api.get("explain/**") { request, context -> Response in
        try request.checkQuery(["date"])
        let q = env.lawQueries(request.language)
        let key = context.parameters.getCatchAll().joined(separator: "/")
        let day = try q.day(request.query("date"), today: env.today())
        return try cachedJSON(request, env) { try q.explain(key, at: day) }
    }
    api.get("principles") { request, _ -> Response in
        try request.checkQuery(["date"])
        let q = env.lawQueries(request.language)
        let day = try q.day(request.query("date"), today: env.today())
        return try cachedJSON(request, env) { q.principles(at: day) }
    }
    api.get("territory") { request, _ -> Response in
        try request.checkQuery(["date", "depth"])
        let t = env.territory(request.language)
        let depth = try request.int("depth")
        if let depth, !(1...6).contains(depth) { throw AppError.badInput("depth must be between 1 and 6") }
        let day = try t.day(request.query("date"), today: env.today())
        return try cachedJSON(request, env) { t.tree(on: day, depth: depth) }
    }
    api.get("territory/find") { request, _ -> Response in
        try request.checkQuery(["q", "limit"])
        guard let q = request.query("q") else { throw AppError.badInput("give the text to find: ?q=Сокулук") }
        let found = try env.territory(request.language).find(q, limit: try request.int("limit") ?? 50)
        return try jsonResponse(found.matches, request, extra: [HTTPField.Name("X-Total-Count")!: String(found.total)])
    }
    api.get("territory/changes") { request, _ -> Response in
        try request.checkQuery([])
        return try jsonResponse(try await env.territoryChanges.recorded(), request)
    }
    // A change of the structure, by an administrator of the whole republic: checked against the
    // registry with every earlier change, then kept in the log; this server answers from it at once
    // (another server sharing the log takes it at its next start).
    api.post("territory/changes") { request, context -> Response in
        try request.checkQuery([])
        try env.authorizer.check(context.account, .changeTerritory)
        let change = try await request.decode(TerritorialChange.self, allowed: TerritorialChange.fields)
        let (recorded, registry) = try await env.territoryChanges.record(change, over: env.bundledRegistry, by: try context.requireAccount().name,
                                                                         idempotencyKey: request.idempotencyKey())
        env.useRegistry(registry, changes: recorded.version)
        return try jsonResponse(recorded, request, status: .created)
    }
    api.get("territory/units/:code") { request, context -> Response in
        try request.checkQuery(["date"])
        let t = env.territory(request.language)
        let code = context.parameters.get("code") ?? ""
        let day = try t.day(request.query("date"), today: env.today())
        return try cachedJSON(request, env) { try t.unit(code, on: day) }
    }
    api.get("territory/popolo") { request, _ -> Response in
        try request.checkQuery(["date"])
        let t = env.territory(request.language)
        let day = try t.day(request.query("date"), today: env.today())
        let data = try env.answers.data(answerKey(request, env)) {
            let object = PopoloExport(registry: env.law.registry, model: env.law.model, language: request.language).build(on: day)
            return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        }
        return bytesResponse(data, contentType: "application/json; charset=utf-8", request)
    }
    api.get("territory.csv") { request, _ -> Response in
        try request.checkQuery(["date"])
        let t = env.territory(request.language)
        let day = try t.day(request.query("date"), today: env.today())
        let data = env.answers.data(answerKey(request, env)) { Data(t.csv(on: day).utf8) }
        return bytesResponse(data, contentType: "text/csv; charset=utf-8", request,
                             extra: [.contentDisposition: "attachment; filename=\"kg-territory-\(day).csv\""])
    }
    api.get("calendar/add") { request, _ -> Response in
        try request.checkQuery(["from", "days", "calendar_days"])
        guard let from = request.query("from"), let days = try request.int("days") else {
            throw AppError.badInput("give a start and a count: ?from=2025-03-01&days=20")
        }
        return try jsonResponse(try env.calendar(request.language).add(days, to: from, calendarDays: try request.bool("calendar_days") ?? false), request)
    }
    api.get("calendar/days/:date") { request, context -> Response in
        try request.checkQuery([])
        return try jsonResponse(try env.calendar(request.language).day(context.parameters.get("date") ?? ""), request)
    }
    api.get("calendar/:year") { request, context -> Response in
        try request.checkQuery([])
        guard let y = context.parameters.get("year").flatMap({ Int($0) }), (1...9999).contains(y) else {
            throw AppError.badInput("the year is a number, e.g. /api/v1/calendar/2025")
        }
        return try cachedJSON(request, env) { try env.calendar(request.language).year(y) }
    }
}
