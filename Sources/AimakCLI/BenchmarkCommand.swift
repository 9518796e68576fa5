import AimakApp
import AimakPages
import ArgumentParser
import Foundation
import Law
import LegalData
import Procedures
import Territory
import WorkingDays

/// `aimak benchmark`: how long loading, resolving and diffing take on this machine.
/// Figures are measured here, never asserted in tests.
struct BenchmarkCommand: TextCommand {
    static let configuration = CommandConfiguration(commandName: "benchmark", abstract: "Measure loading, resolution at a date and diff on this machine.")

    @Option(help: "Repetitions of each measurement.")
    var iterations = 200

    @Option(help: "A law folder whose loading to measure instead of the bundled law's (e.g. one made by Benchmarks/scale-law.py).")
    var data: String?

    func output() throws -> String {
        func measure(_ n: Int, _ body: () throws -> Void) rethrows -> (median: Double, min: Double) {
            var times: [Double] = []
            for _ in 0..<n {
                let start = DispatchTime.now().uptimeNanoseconds
                try body()
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
            }
            times.sort()
            return (times[times.count / 2], times[0])
        }
        let folder = data.map { URL(fileURLWithPath: $0) }
        let vocabulary = try String(contentsOf: folder?.appendingPathComponent("vocabulary.yaml") ?? LegalData.vocabularyFile, encoding: .utf8)
        let files = try LawLibrary.sourceFiles(in: folder?.appendingPathComponent("sources") ?? LegalData.sourcesDirectory)
        var model: LegalModel?
        let load = try measure(max(5, iterations / 20)) { model = try LegalModel.load(vocabulary: vocabulary, sources: files) }
        // The same law compiled as the build compiles the bundled one: decode and build, no YAML.
        let compiled = CompiledData(documents: try [("vocabulary.yaml", DataNode.parse(vocabulary, file: "vocabulary.yaml"))]
                                        + files.map { ($0.name, try DataNode.parse($0.text, file: $0.name)) }).encoded()
        let loadCompiledChecked = try measure(max(5, iterations / 20)) {
            let c = try CompiledData(decoding: compiled)
            model = try LegalModel.load(vocabulary: c.document("vocabulary.yaml")!, sources: c.documentReaders(in: "sources"))
        }
        let loadCompiled = try measure(max(5, iterations / 20)) {
            let c = try CompiledData(decoding: compiled)
            model = try LegalModel.load(vocabulary: c.document("vocabulary.yaml")!, sources: c.documentReaders(in: "sources"), checkedAtBuild: true)
        }
        let m = model!
        let days = m.changeDays
        var i = 0
        let resolve = measure(iterations) { _ = m.resolve(at: days[i % days.count]); i += 1 }
        let compute = measure(iterations) { _ = m.computeSystem(at: days[i % days.count]); i += 1 }
        let diff = measure(iterations) { _ = m.diff(from: Day(iso: "2002-06-01")!, to: Day(iso: "2009-01-01")!) }
        let check = measure(iterations) { _ = m.checkPrinciples(at: Day(iso: "2009-01-01")!) }
        // The territorial registry: load and validate the CSV; find by name; the bodies of every unit at a date.
        let csv = try String(contentsOf: LegalData.territoryFile, encoding: .utf8)
        var registry: TerritorialRegistry?
        let loadUnits = try measure(max(5, iterations / 20)) { registry = try TerritorialRegistry(csv: csv) }
        let rows = try TerritorialRegistry.records(csv: csv)
        let compiledRows = CompiledData(tables: [("t.csv", rows)]).encoded()
        let loadUnitsCompiled = try measure(max(5, iterations / 20)) { registry = try TerritorialRegistry(records: CompiledData(decoding: compiledRows).table("t.csv")!) }
        let r = registry!
        let index = NameIndex(r)
        let queries = ["Сокулук", "sokuluk", "Ak-Suu", "Жети-Өгүз", "karakol", "41708222"]
        var q = 0
        let find = measure(iterations) { _ = index.find(queries[q % queries.count], in: r); q += 1 }
        let country = Day(iso: "2022-01-01")!
        var bodies = 0
        let governAll = measure(iterations) {
            let g = Governance(model: m, day: country)
            bodies = 0
            for (u, _) in r.units(on: country) { bodies += g.bodies(for: u.type).count }
        }
        // Working days: build the calendar from its data file; a million additions of 1-60 working days.
        let calendarText = try String(contentsOf: LegalData.calendarFile, encoding: .utf8)
        var calendar: WorkingCalendar?
        let loadCalendar = try measure(max(5, iterations / 20)) { calendar = try CalendarParser.load(calendarText, file: "kg-working-days.yaml") }
        let compiledCalendar = CompiledData(documents: [("c.yaml", try DataNode.parse(calendarText, file: "c.yaml"))]).encoded()
        let loadCalendarCompiled = try measure(max(5, iterations / 20)) {
            calendar = try CalendarParser.load(CompiledData(decoding: compiledCalendar).document("c.yaml")!, file: "c.yaml")
        }
        let cal = calendar!
        let start = Day(iso: "2010-01-01")!
        var checksum: Int32 = 0
        let million = try measure(3) {
            for k in 0..<1_000_000 {
                checksum &+= try cal.adding(workingDays: 1 + k % 60, to: start.adding(days: k % 6000)).day.ordinal
            }
        }
        // A procedure of 1,000 events: 250 rounds of sitting, ballot, failed run-off, new nomination
        // under the 2008 law (every event validated, every deadline counted).
        let record = benchmarkAppointment(events: 1000)
        let ctx = ProcedureContext(model: m, calendar: cal, registry: r, asOf: record.events.last!.date.adding(days: 1))
        var phase = ""
        let derive = try measure(max(5, iterations / 10)) { phase = try ProcedureEngine.derive(record, in: ctx).phase }
        // The web pages, rendered in the process as the server does on a cache miss (the answer
        // computed, the templates filled, the organigram laid out).
        let pages = try PageRenderer(law: LawLibrary(model: m, calendar: cal, registry: r))
        let viewer = Viewer(language: .ky, path: "/", today: Day(iso: "2026-11-30")!)
        var size = 0
        let systemPage = measure(max(20, iterations / 4)) { size = pages.systemPage(on: Day(iso: "2009-01-01")!, viewer: viewer).utf8.count }
        let answer = LawQueries(model: m, language: .ky).system(at: Day(iso: "2009-01-01")!)
        let systemAnswer = measure(max(20, iterations / 4)) { _ = LawQueries(model: m, language: .ky).system(at: Day(iso: "2009-01-01")!) }
        let layout = measure(max(20, iterations / 4)) { _ = Organigram(answer, words: pages.words, language: .ky) }
        let timeline = measure(max(20, iterations / 4)) { _ = Timeline(model: m, words: pages.words, language: .ky, shown: Day(iso: "2009-01-01")!, today: Day(iso: "2026-11-30")!) }
        let comparePage = measure(max(10, iterations / 10)) { _ = pages.comparePage(from: Day(iso: "2002-01-01")!, to: Day(iso: "2009-01-01")!, viewer: viewer) }
        let sourcesPage = measure(max(20, iterations / 4)) { _ = pages.sourcesPage(viewer: viewer) }
        func f(_ r: (median: Double, min: Double)) -> String { String(format: "median %.3f ms, min %.3f ms", r.median, r.min) }
        return """
        sources \(m.sources.count), statements \(m.entries.count), change days \(days.count)
        load + validate all sources from YAML: \(f(load))
        load + validate all sources from the compiled form: \(f(loadCompiledChecked)); as the bundled law loads (checked at build): \(f(loadCompiled))
        resolve the whole system at a date: \(f(resolve)); the first question about a period (computed, then kept): \(f(compute))
        diff of two dates (2002-06-01 → 2009-01-01): \(f(diff))
        principle check at a date: \(f(check))
        territorial units \(r.units.count): load + validate the CSV: \(f(loadUnits)); from the compiled form: \(f(loadUnitsCompiled))
        find a unit by name (ky/ru/en, any script): \(f(find))
        bodies of every unit in the country on 2022-01-01 (\(bodies) unit-body pairs): \(f(governAll))
        working-day calendar 2010-2099: build from the data file: \(f(loadCalendar)); from the compiled form: \(f(loadCalendarCompiled))
        1,000,000 working-day additions (1-60 days, 2010-2026 starts): \(f(million)) (checksum \(checksum))
        derive a procedure from \(record.events.count) events (akim appointment, 2008 law; ends '\(phase)'): \(f(derive))
        page: the system on 2009-01-01 with its organigram and timeline (\(size / 1024) KB): \(f(systemPage))
          of which the system's answer in words: \(f(systemAnswer)); the organigram's layout: \(f(layout)); the timeline: \(f(timeline))
        page: compare 2002-01-01 with 2009-01-01: \(f(comparePage))
        page: the sources: \(f(sourcesPage))
        """
    }
}

/// An akim appointment under the 2008 law with `events` events: rounds of sitting, ballot, failed
/// run-off and new nomination (every event validated, every deadline counted).
func benchmarkAppointment(events count: Int) -> ProcedureRecord {
    var events = [ProcedureEvent(type: "nominated", date: Day(iso: "2010-03-01")!, fields: ["by": "prime-minister", "candidates": .list(["A", "B", "C"])])]
    var d = Day(iso: "2010-03-02")!
    while events.count < count {
        events.append(ProcedureEvent(type: "sitting", date: d, fields: ["seats": 31, "present": 25]))
        events.append(ProcedureEvent(type: "ballot", date: d, fields: ["votes": .map(["A": 10, "B": 8, "C": 5])]))
        events.append(ProcedureEvent(type: "ballot", date: d, fields: ["votes": .map(["A": 12, "B": 11])]))
        events.append(ProcedureEvent(type: "nominated", date: d.adding(days: 1), fields: ["by": "prime-minister", "candidates": .list(["A", "B", "C"])]))
        d = d.adding(days: 2)
    }
    return ProcedureRecord(kind: .akimAppointment, unit: "41708222000000", started: Day(iso: "2010-03-01")!, events: Array(events.prefix(count)))
}
