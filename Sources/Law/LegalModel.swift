import Dispatch
import WorkingDays

/// The loaded, validated law: every source, every statement with its effective period, and the
/// facts grouped by key so that the system on any day is computed in microseconds.
///
/// A model is immutable. A draft is put on top with `overlaying(draft:)`, which returns a new model.
public struct LegalModel: Sendable {
    public let vocabulary: Vocabulary
    /// All sources, ordered by commencement.
    public let sources: [Source]
    /// The drafts found among the files: checked with the law (their references and numbers), but
    /// not law, so not in `sources` and never in force. `overlaying(draft:effective:)` applies one.
    public internal(set) var drafts: [Source] = []
    /// Every statement with where it stands.
    public let entries: [Entry]
    /// Facts grouped by key, each group holding the entries that speak of that key.
    let factsByKey: [FactKey: [Fact]]
    /// All keys in a stable order.
    let keys: [FactKey]
    let sourceIndexByID: [String: Int]
    /// Unresolved conflicts on the days when something changes (not errors: the law can be
    /// contradictory). Found when asked (`aimak validate`), not at every load.
    public var warnings: [LegalDataError] {
        var seen = Set<String>()
        var out: [LegalDataError] = []
        for day in changeDays {
            for conflict in resolve(at: day).conflicts {
                let refs = conflict.entries.map { entries[$0].statement.ref }.joined(separator: " vs ")
                if seen.insert(conflict.key + refs).inserted {
                    let e = entries[conflict.entries[0]]
                    out.append(LegalDataError(file: sources[e.source].file, line: e.statement.line, field: conflict.key,
                                              rule: "unresolved conflict from \(day): \(refs) (same rank, same date, different values)"))
                }
            }
        }
        return out
    }
    /// The system of each period between two days on which any status changes, resolved once.
    let periods: ResolvedPeriods
    /// The facts laid out for computing a period's system (`computeSystem(at:)`).
    let resolution: ResolutionTable

    public struct Entry: Sendable {
        public var statement: Statement
        public var source: Int
        /// From the source's (or the statement's own) commencement until repealed or ended.
        public var period: InForcePeriod
        /// The statement that repealed this one explicitly, and from when.
        public var repealedBy: String?
        public var rank: Int
    }

    public func source(_ id: String) -> Source? { sourceIndexByID[id].map { sources[$0] } }
    public func source(of entry: Entry) -> Source { sources[entry.source] }

    /// Loads the vocabulary and the sources; throws every error found, and nothing is loaded then.
    public static func load(vocabulary vocabularyText: String, vocabularyFile: String = "vocabulary.yaml",
                            sources files: [(name: String, text: String)]) throws -> LegalModel {
        try load(vocabulary: { try DataNode.parse(vocabularyText, file: vocabularyFile) }, vocabularyFile: vocabularyFile,
                 sources: files.map { file in (file.name, { try DataNode.parse(file.text, file: file.name) }) })
    }

    /// Builds the model from documents already parsed (the compiled form of the bundled law): the
    /// same checks, and the same errors with the same lines, as from the YAML text.
    ///
    /// - Parameter checkedAtBuild: the documents are the compiled law, which the build loaded with
    ///   every check and refused on any error: the one check that resolves the system on every
    ///   statement's first day (most of the cost of a load) is not run again.
    public static func load(vocabulary: DataNode, vocabularyFile: String = "vocabulary.yaml",
                            sources files: [(name: String, node: DataNode)], checkedAtBuild: Bool = false) throws -> LegalModel {
        try load(vocabulary: { vocabulary }, vocabularyFile: vocabularyFile, sources: files.map { file in (file.name, { file.node }) },
                 recheck: !checkedAtBuild)
    }

    /// As above, with each source document read when its file is parsed (on one of several
    /// threads), e.g. `CompiledData.documentReaders(in:)`.
    public static func load(vocabulary: DataNode, vocabularyFile: String = "vocabulary.yaml",
                            sources files: [(name: String, read: @Sendable () throws -> DataNode)], checkedAtBuild: Bool = false) throws -> LegalModel {
        try load(vocabulary: { vocabulary }, vocabularyFile: vocabularyFile, sources: files, recheck: !checkedAtBuild)
    }

    private static func load(vocabulary root: () throws -> DataNode, vocabularyFile: String,
                             sources files: [(name: String, read: @Sendable () throws -> DataNode)], recheck: Bool = true) throws -> LegalModel {
        let vocabulary: Vocabulary
        do {
            vocabulary = try Vocabulary.read(try root(), file: vocabularyFile)
        } catch let e as LegalDataError {
            throw LegalDataErrors([e])
        }
        var errors: [LegalDataError] = []
        guard !files.isEmpty else {
            throw LegalDataErrors([LegalDataError(file: "sources/", line: 0, field: nil, rule: "no source files (.yaml) in the folder: a law has at least one source")])
        }
        // Each file is read and checked on its own, so the files are shared among the cores; the
        // results are gathered in the files' order, so errors and the model do not depend on it.
        var results = [(parsed: (Source, SourceParser.Pending)?, errors: [LegalDataError])](repeating: (nil, []), count: files.count)
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let slots = buffer  // each iteration writes its own slot only
            DispatchQueue.concurrentPerform(iterations: files.count) { i in
                var parser = SourceParser(vocabulary: vocabulary, file: files[i].name)
                let result = parser.parse(files[i].read)
                slots[i] = (result, parser.errors)
            }
        }
        let parsed = results.compactMap(\.parsed)
        for r in results { errors += r.errors }
        // A file that failed to parse makes every reference to its source or statements fail too;
        // those knock-on errors hide the real one, so they are left out when a file failed.
        let failedFiles = Set(errors.map(\.file))
        var model = assemble(vocabulary: vocabulary, parsed: parsed, errors: &errors, recheck: recheck)
        // A draft in the folder is checked with the law above, then left out of it: a draft is put
        // on top of the law only when asked (`aimak diff --draft`), never taken as law in force.
        if errors.isEmpty, parsed.contains(where: { $0.0.isDraft }) {
            var none: [LegalDataError] = []  // the same files less the drafts: checked above
            model = assemble(vocabulary: vocabulary, parsed: parsed.filter { !$0.0.isDraft }, errors: &none, recheck: recheck)
            model?.drafts = parsed.map(\.0).filter(\.isDraft).sorted { $0.id < $1.id }
            errors += none
        }
        if !failedFiles.isEmpty {
            errors = errors.filter { failedFiles.contains($0.file) || !$0.rule.hasPrefix("unknown source") && !$0.rule.hasPrefix("unknown statement") }
        }
        // Deterministic: sorted by file, line and rule.
        errors.sort { ($0.file, $0.line, $0.rule) < ($1.file, $1.line, $1.rule) }
        guard errors.isEmpty, let model else { throw LegalDataErrors(errors) }
        return model
    }

    /// Builds the model from parsed sources, resolving references between files.
    ///
    /// - Parameter recheck: run the checks the build already ran on the compiled law (the numbers
    ///   of every statement, and the system resolved on every statement's first day); false only
    ///   for the compiled bundled law.
    static func assemble(vocabulary: Vocabulary, parsed: [(Source, SourceParser.Pending)],
                         errors: inout [LegalDataError], recheck: Bool = true) -> LegalModel? {
        var byID: [String: Source] = [:]
        var pendings: [String: SourceParser.Pending] = [:]
        for (source, pending) in parsed {
            if let first = byID[source.id] {
                errors.append(LegalDataError(file: source.file, line: 1, field: "source",
                                             rule: "duplicate source id '\(source.id)' (also in \(first.file))"))
                continue
            }
            byID[source.id] = source
            pendings[source.id] = pending
        }
        // Ends given as "by" another source: that source's commencement.
        for (id, pending) in pendings.sorted(by: { $0.key < $1.key }) {
            guard let (ref, line) = pending.endsBy else { continue }
            if ref == id {
                errors.append(LegalDataError(file: byID[id]!.file, line: line, field: "in_force.to.by", rule: "a source cannot end itself"))
                continue
            }
            if pendings[ref]?.endsBy?.0 == id {
                errors.append(LegalDataError(file: byID[id]!.file, line: line, field: "in_force.to.by",
                                             rule: "'\(id)' and '\(ref)' end each other: one of them must be the later act"))
                continue
            }
            guard let successor = byID[ref] else {
                errors.append(LegalDataError(file: byID[id]!.file, line: line, field: "in_force.to.by",
                                             rule: "unknown source '\(ref)'"))
                continue
            }
            if successor.isDraft {
                errors.append(LegalDataError(file: byID[id]!.file, line: line, field: "in_force.to.by",
                                             rule: "'\(ref)' is a draft: a draft is applied alone, so no act is ended by it"))
                continue
            }
            byID[id]!.period.end = successor.period.start
            if successor.period.start.latest < byID[id]!.period.start.earliest {
                errors.append(LegalDataError(file: byID[id]!.file, line: line, field: "in_force.to.by",
                                             rule: "dates out of order: ended by '\(ref)' from \(successor.period.start) before it began \(byID[id]!.period.start)"))
            }
        }
        for source in byID.values {
            for ref in source.amends where byID[ref] == nil {
                errors.append(LegalDataError(file: source.file, line: 1, field: "amends", rule: "unknown source '\(ref)'"))
            }
            // A draft is put on top of the law alone (`aimak diff --draft`): nothing may lean on one.
            for ref in source.amends where ref != source.id && byID[ref]?.isDraft == true {
                errors.append(LegalDataError(file: source.file, line: 1, field: "amends", rule: "'\(ref)' is a draft: a draft is applied alone, so no act may amend it"))
            }
        }
        let sources = byID.values.sorted {
            ($0.period.start.earliest, $0.period.start.latest, $0.id) < ($1.period.start.earliest, $1.period.start.latest, $1.id)
        }
        var sourceIndex: [String: Int] = [:]
        for (i, s) in sources.enumerated() { sourceIndex[s.id] = i }

        var entries: [Entry] = []
        var entryIndex: [String: Int] = [:]
        for (si, source) in sources.enumerated() {
            for statement in source.statements {
                var period = source.period
                if let own = statement.ownStart {
                    if own.earliest < source.period.start.earliest {
                        errors.append(LegalDataError(file: source.file, line: statement.line, field: "from",
                                                     rule: "dates out of order: statement '\(statement.id)' from \(own) before its source is in force (\(source.period.start))"))
                    }
                    period.start = own
                }
                if let ownEnd = statement.ownEnd {
                    if let sourceEnd = period.end, sourceEnd.earliest < ownEnd.earliest {
                        period.end = sourceEnd
                    } else if let sourceEnd = period.end, sourceEnd.latest < ownEnd.latest {
                        // An end not known ("2015-04-17..") cannot fall after the source's own end: the
                        // range it may fall in runs to there (Law No. 101's statements end with the law in 2021).
                        let from = ownEnd.written.hasPrefix("after ") ? String(ownEnd.written.dropFirst(6)) : ownEnd.written
                        period.end = LegalDate(earliest: ownEnd.earliest, latest: sourceEnd.latest,
                                               written: "after " + (from.hasSuffix("..") ? String(from.dropLast(2)) : from))
                    } else {
                        period.end = ownEnd
                    }
                }
                entryIndex[statement.ref] = entries.count
                entries.append(Entry(statement: statement, source: si, period: period, repealedBy: nil, rank: source.kind.rank))
            }
        }
        // Explicit repeals end the repealed statement when the repealing one commences.
        for e in entries {
            if e.statement.repeals.contains(e.statement.ref) || e.statement.repeals.contains(e.statement.id) {
                errors.append(LegalDataError(file: sources[e.source].file, line: e.statement.line, field: "repeals",
                                             rule: "statement '\(e.statement.id)' repeals itself"))
            }
            // The build checked the compiled law's numbers; walking every value again is a tenth of a load.
            if recheck { checkNumbers(e.statement, file: sources[e.source].file, errors: &errors) }
            for ref in e.statement.repeals {
                guard let target = entryIndex[ref] else {
                    errors.append(LegalDataError(file: sources[e.source].file, line: e.statement.line, field: "repeals",
                                                 rule: "unknown statement '\(ref)'"))
                    continue
                }
                if sources[entries[target].source].isDraft, entries[target].source != e.source {
                    errors.append(LegalDataError(file: sources[e.source].file, line: e.statement.line, field: "repeals",
                                                 rule: "'\(ref)' is in a draft: a draft is applied alone, so no act may repeal its statements"))
                    continue
                }
                // An act does not repeal its own provisions (they would never apply): an amending act does.
                if entries[target].source == e.source {
                    errors.append(LegalDataError(file: sources[e.source].file, line: e.statement.line, field: "repeals",
                                                 rule: "statement '\(e.statement.id)' repeals '\(entries[target].statement.id)' of the same source: leave that statement out instead"))
                    continue
                }
                let at = e.period.start
                if let end = entries[target].period.end, end.earliest < at.earliest { continue }
                entries[target].period.end = at
                entries[target].repealedBy = e.statement.ref
            }
        }
        var facts: [FactKey: [Fact]] = [:]
        for (i, e) in entries.enumerated() {
            for f in e.statement.facts(entry: i) { facts[f.key, default: []].append(f) }
        }
        // Every day on which a statement's or a source's status (no / uncertain / yes) can change.
        var breakpoints = Set<Day>()
        func add(_ period: InForcePeriod) {
            breakpoints.insert(period.start.earliest)
            breakpoints.insert(period.start.latest)
            if let end = period.end { breakpoints.insert(end.earliest); breakpoints.insert(end.latest) }
        }
        entries.forEach { add($0.period) }
        sources.forEach { add($0.period) }
        let keys = facts.keys.sorted()
        let model = LegalModel(vocabulary: vocabulary, sources: sources, entries: entries, factsByKey: facts,
                               keys: keys, sourceIndexByID: sourceIndex,
                               periods: ResolvedPeriods(breakpoints: breakpoints.sorted()),
                               resolution: ResolutionTable(keys: keys, factsByKey: facts, entries: entries, sources: sources))
        if recheck { model.checkReferences(errors: &errors) }
        return model
    }

    /// Numbers in law data are checked where they enter: a term is at least a year, a deadline at
    /// least a day, and no number is beyond what any law could say (the procedures count with them).
    static func checkNumbers(_ statement: Statement, file: String, errors: inout [LegalDataError]) {
        func fail(_ field: String, _ rule: String) {
            errors.append(LegalDataError(file: file, line: statement.line, field: field, rule: rule))
        }
        // The path of a nested value is a stack of keys, joined only when a number fails.
        var keys: [String] = []
        func walk(_ v: Value) {
            switch v {
            case .int(let n) where n < 0 || n > 100_000:
                fail(keys.joined(separator: "."), "\(n) is out of range: numbers in law data are between 0 and 100000")
            case .map(let m):
                if let w = m["within"]?.intValue, !(1...3_650).contains(w) {
                    fail((keys + ["within"]).joined(separator: "."), "a deadline of \(w) days: a deadline is between 1 and 3650 days")
                }
                for (k, x) in m {
                    keys.append(k)
                    walk(x)
                    keys.removeLast()
                }
            case .list(let l): for x in l { walk(x) }
            default: break
            }
        }
        for (key, value) in statement.factsAsserted {
            guard let value else { continue }
            if key.hasSuffix("/term_years") || key.hasSuffix("/max_terms"), let n = value.intValue, !(1...50).contains(n) {
                fail(key, "\(key.split(separator: "/").last ?? "") is \(n): it is between 1 and 50")
            }
            keys = [key]
            walk(value)
        }
    }

    /// The days on which something in the model begins or ends.
    public var changeDays: [Day] {
        var days = Set<Day>()
        for e in entries {
            days.insert(e.period.start.latest)
            if let end = e.period.end { days.insert(end.latest) }
        }
        return days.sorted()
    }

    /// Each statement, on the day it takes effect, speaks only of bodies that exist then; and on
    /// every day something changes, no two statements of equal rank and date disagree unresolved.
    ///
    /// A body that disappears later while a statement still names it (a new constitution
    /// abolishing a post an old law still uses) is a legal tension, not a data error: the
    /// principle check reports it.
    private func checkReferences(errors: inout [LegalDataError]) {
        for e in entries {
            let day = max(e.period.start.latest, firstDay)
            if let end = e.period.end, end.earliest <= day { continue }
            let s = resolve(at: day)
            for body in Set(e.statement.entitiesMentioned).sorted() {
                let kind = vocabulary.entities[body]?.kind
                guard kind == .body || kind == .post else { continue }
                if case .establishes = e.statement.content, body == e.statement.entitiesMentioned.first { continue }
                if s.facts["body/\(body)"]?.value == nil {
                    errors.append(LegalDataError(
                        file: sources[e.source].file, line: e.statement.line, field: "statement '\(e.statement.id)'",
                        rule: "speaks of '\(body)', which does not exist on \(day) when the statement takes effect: no statement in force establishes it"))
                }
            }
        }
    }

    /// The model with a draft put on top, as if it took effect on `effective`.
    public func overlaying(draft: Source, effective: Day) throws -> LegalModel {
        var draft = draft
        draft.period = InForcePeriod(start: LegalDate(exactly: effective), end: nil)
        draft.statements = draft.statements.map { s in
            var s = s
            s.ownStart = nil
            return s
        }
        var errors: [LegalDataError] = []
        // Keep the effective periods computed from the original files (one lookup per statement).
        var periods: [String: InForcePeriod] = [:]
        for e in entries { periods[e.statement.ref] = e.period }
        let parsed = sources.map { s -> (Source, SourceParser.Pending) in
            var s = s
            s.statements = s.statements.map { st in
                var st = st
                st.ownStart = periods[st.ref]?.start
                st.ownEnd = periods[st.ref]?.end
                return st
            }
            return (s, SourceParser.Pending())
        } + [(draft, SourceParser.Pending())]
        guard let model = LegalModel.assemble(vocabulary: vocabulary, parsed: parsed, errors: &errors), errors.isEmpty else {
            throw LegalDataErrors(errors)
        }
        return model
    }

    /// Parses a single source file (a draft or a user's file) against this model's vocabulary.
    public func parseSource(_ text: String, file: String) throws -> Source {
        var parser = SourceParser(vocabulary: vocabulary, file: file)
        let result = parser.parse(text)
        if !parser.errors.isEmpty { throw LegalDataErrors(parser.errors) }
        // The one check on `in_force.to.by` a file alone allows (the others need the whole law).
        if let (ref, line) = result!.1.endsBy, ref == result!.0.id {
            throw LegalDataErrors([LegalDataError(file: file, line: line, field: "in_force.to.by", rule: "a source cannot end itself")])
        }
        return result!.0
    }

    /// The earliest day any source is in force.
    public var firstDay: Day { sources.map(\.period.start.earliest).min() ?? Day(ordinal: 0) }
    /// The last day on which the data records a change.
    public var lastChange: Day { changeDays.last ?? firstDay }
}
