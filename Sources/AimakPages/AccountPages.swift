import AimakApp
import Law

extension PageRenderer {
    public func loginPage(next: String, name: String, error: String?, viewer: Viewer) -> String {
        let lang = viewer.language
        return page("login", title: words("login", lang), viewer: viewer,
                    model: ["t": words.table(lang), "next": next, "name": name, "error": opt(error)])
    }

    func unitName(_ code: String, _ viewer: Viewer) -> String {
        if code == "kg" { return words("whole_republic", viewer.language) }
        let u = law.registry.unit(code, on: viewer.today)?.0 ?? law.registry.history(code).last
        return u.map { "\($0.name(viewer.language)) (\(code))" } ?? code
    }

    public func accountPage(_ a: Account, admin: Bool, viewer: Viewer) -> String {
        let lang = viewer.language
        let model: [String: Any] = [
            "t": words.table(lang), "name": a.name, "role": words("role_\(a.role.rawValue)", lang), "unit": unitName(a.unit, viewer),
            "created": a.created, "admin": admin,
            "tokens": a.tokens.map { ["id": $0.id, "kind": $0.kind, "created": $0.created, "expires": $0.expires ?? "—", "revoked": $0.revoked] as [String: Any] },
        ]
        return page("account", title: words("account_title", lang), viewer: viewer, model: model)
    }

    public func accountsPage(_ accounts: [Account], viewer: Viewer) -> String {
        let lang = viewer.language
        let rows: [[String: Any]] = accounts.map {
            ["name": $0.name, "role": words("role_\($0.role.rawValue)", lang), "unit": unitName($0.unit, viewer), "created": $0.created, "disabled": $0.disabled]
        }
        return page("accounts", title: words("accounts_title", lang), viewer: viewer, model: ["t": words.table(lang), "accounts": rows])
    }
}
