import Law

/// JSON shapes shared by the commands.
extension LawText {
    func citationJSON(_ entryIndex: Int) -> [String: Any] {
        let e = model.entries[entryIndex]
        let s = model.source(of: e)
        let c = e.statement.citation
        var out: [String: Any] = [
            "statement": e.statement.ref, "source": s.id, "source_name": shortName(s),
            "akn": s.provisionURI(c.provision), "status": c.reliability.rawValue,
            "in_force_from": e.period.start.description,
        ]
        out["provision"] = c.provision
        out["basis"] = c.basis
        out["url"] = c.url ?? s.url
        out["note"] = c.note
        if let end = e.period.end { out["in_force_until"] = end.description }
        if let by = e.repealedBy { out["repealed_by"] = by }
        return out
    }

    func factJSON(_ fact: ResolvedFact) -> [String: Any] {
        var out: [String: Any] = [
            "key": fact.key, "text": describeWithSubject(fact.key, fact.value),
            "certainty": fact.certainty.rawValue, "cite": citationJSON(fact.entry),
        ]
        out["value"] = fact.value?.jsonObject
        return out
    }
}
