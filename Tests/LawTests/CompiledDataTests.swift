import AimakApp
import Foundation
import Testing
@testable import Law
import LegalData
import Territory
import WorkingDays

/// The law the build compiles (`law.aimakdata`) is the law in the YAML and CSV files: the same
/// model, answering every date identically, the same calendar and the same registry.
@Suite struct CompiledDataTests {
    @Test func theBuildBundlesTheCompiledLaw() throws {
        let compiled = try #require(try LawLibrary.compiled(), "law.aimakdata is missing from the bundle: the CompileLaw plugin did not run")
        #expect(try compiled.document("vocabulary.yaml") != nil)
        #expect(try compiled.documents(in: "sources").count == (try FileManager.default.contentsOfDirectory(atPath: Bundled.lawFolder.appendingPathComponent("sources").path).filter { $0.hasSuffix(".yaml") }.count))
    }

    /// Every change day, the day before it, and a day in every year from 1929 to 2030: the two
    /// models resolve the same facts, from the same statements, with the same certainty.
    @Test func theCompiledModelAnswersEveryDateAsTheYAML() {
        let compiled = Bundled.model, yaml = Bundled.modelFromYAML
        #expect(compiled.sources.map(\.id) == yaml.sources.map(\.id))
        #expect(compiled.entries.map(\.statement.ref) == yaml.entries.map(\.statement.ref))
        #expect(compiled.changeDays == yaml.changeDays)
        var days = compiled.changeDays.flatMap { [$0.adding(days: -1), $0] }
        days += (1929...2030).map { Day(iso: "\($0)-07-01")! }
        for day in days {
            let a = compiled.resolve(at: day), b = yaml.resolve(at: day)
            #expect(Self.summary(a, compiled) == Self.summary(b, yaml), "the systems differ on \(day)")
        }
    }

    static func summary(_ s: SystemAtDate, _ model: LegalModel) -> [String] {
        s.facts.values.sorted { $0.key < $1.key }.map { f in
            "\(f.key)=\(f.value?.description ?? "denied") by \(model.entries[f.entry].statement.ref) \(f.certainty) others \(f.others.map { model.entries[$0].statement.ref })"
        } + s.conflicts.map { "\($0)" }
    }

    @Test func theCompiledRegistryAndCalendarAreTheFiles() throws {
        let registry = try LawLibrary.registry(nil)
        let fromCSV = try TerritorialRegistry(csv: String(contentsOf: LegalData.territoryFile, encoding: .utf8))
        func row(_ u: TerritorialUnit) -> String {
            "\(u.code) \(u.type) \(u.names.sorted { $0.key.rawValue < $1.key.rawValue }.map(\.value)) \(u.parentCode ?? "") \(u.validFrom?.written ?? "") \(u.validTo?.written ?? "") \(u.sources) \(u.line)"
        }
        #expect(registry.units.map(row) == fromCSV.units.map(row))
        let calendar = try LawLibrary.calendar(nil)
        let fromYAML = try CalendarParser.load(String(contentsOf: LegalData.calendarFile, encoding: .utf8), file: "kg-working-days.yaml")
        var day = Day(iso: "2010-01-01")!
        while day < Day(iso: "2031-01-01")! {
            #expect(try calendar.isWorkingDay(day) == fromYAML.isWorkingDay(day), "\(day)")
            day = day.adding(days: 1)
        }
    }

    @Test func aDamagedCompiledFileIsAnErrorNotATrap() throws {
        let bytes = CompiledData(documents: [("a.yaml", .mapping([("k", .scalar("v", quoted: false, line: 1))], line: 1))],
                                 tables: [("t.csv", [.init(line: 1, fields: ["x", "y"])])]).encoded()
        let back = try CompiledData(decoding: bytes)
        #expect(try back.document("a.yaml") != nil && back.table("t.csv") == [.init(line: 1, fields: ["x", "y"])])
        #expect(back.names == ["a.yaml", "t.csv"])
        // Every truncation, and a flipped byte at every position, is refused or read: never a crash.
        for n in 0..<bytes.count { #expect(throws: CompiledData.Corrupt.self) { try CompiledData(decoding: Array(bytes.prefix(n))) } }
        for i in 0..<bytes.count {
            var b = bytes
            b[i] ^= 0xff
            if let damaged = try? CompiledData(decoding: b) {
                _ = try? damaged.document("a.yaml")
                _ = try? damaged.table("t.csv")
            }
        }
        #expect(throws: CompiledData.Corrupt.self) { try CompiledData(decoding: Array("not compiled".utf8)) }
    }

    /// Opened from a file, a compiled law reads each body when it is decoded: the same documents and
    /// tables as from memory; a file cut or replaced after it was opened is an error, not a trap.
    @Test func aCompiledFileIsReadABodyAtATime() throws {
        let bytes = CompiledData(documents: [("a.yaml", .mapping([("k", .scalar("v", quoted: false, line: 1))], line: 1))],
                                 tables: [("t.csv", [.init(line: 1, fields: ["x", "y"])])]).encoded()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("aimak-compiled-\(UUID()).aimakdata").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        // DataNode is not Equatable: two documents are the same when they encode the same.
        func same(_ a: DataNode?, _ b: DataNode?) -> Bool {
            a.map { CompiledData(documents: [("d", $0)]).encoded() } == b.map { CompiledData(documents: [("d", $0)]).encoded() }
        }
        let opened = try #require(try CompiledData(file: path))
        #expect(opened.names == ["a.yaml", "t.csv"])
        #expect(same(try opened.document("a.yaml"), try CompiledData(decoding: bytes).document("a.yaml")))
        #expect(try opened.table("t.csv") == [.init(line: 1, fields: ["x", "y"])])
        #expect(opened.encoded() == bytes)
        #expect(try CompiledData(file: path + ".missing") == nil)
        // A file larger than any law is refused before it is read.
        let huge = path + ".huge"
        defer { try? FileManager.default.removeItem(atPath: huge) }
        #expect(FileManager.default.createFile(atPath: huge, contents: Data(bytes)))
        #expect(truncate(huge, off_t(CompiledData.maximumFileSize + 1)) == 0)
        #expect(throws: CompiledData.Corrupt.self) { try CompiledData(file: huge) }
        // Cut after opening: the directory was read, the body is not all there any more.
        try Data(bytes.prefix(bytes.count - 3)).write(to: URL(fileURLWithPath: path))
        #expect(throws: CompiledData.Corrupt.self) { try opened.table("t.csv") }
        // Every truncation of the file is refused when opened.
        for n in 0..<bytes.count {
            try Data(bytes.prefix(n)).write(to: URL(fileURLWithPath: path))
            #expect(throws: CompiledData.Corrupt.self) { try CompiledData(file: path) }
        }
        // The bundled law opened from its file is the law read into memory.
        let bundled = try #require(LegalData.compiledFile)
        let fromFile = try #require(try CompiledData(file: bundled.path))
        let inMemory = try CompiledData(decoding: Array(Data(contentsOf: bundled)))
        #expect(fromFile.names == inMemory.names)
        for name in inMemory.names where name.hasSuffix(".yaml") { #expect(same(try fromFile.document(name), try inMemory.document(name)), "\(name)") }
        for name in inMemory.names where name.hasSuffix(".csv") { #expect(try fromFile.table(name) == inMemory.table(name), "\(name)") }
    }
}

/// Resolution by period is a lookup: it must answer every day exactly as computing it does.
@Suite struct ResolvedPeriodTests {
    @Test func aPeriodsSystemIsTheSystemOfEveryDayInIt() {
        let model = Bundled.model
        var days = model.periods.breakpoints.flatMap { [$0.adding(days: -1), $0, $0.adding(days: 1)] }
        days += stride(from: Day(iso: "1925-01-01")!.ordinal, to: Day(iso: "2031-01-01")!.ordinal, by: 97).map { Day(ordinal: $0) }
        for day in days.shuffled() {
            let cached = model.resolve(at: day), computed = model.computeSystem(at: day)
            #expect(cached.day == day)
            #expect(CompiledDataTests.summary(cached, model) == CompiledDataTests.summary(computed, model), "\(day)")
            #expect(cached.sourcesInForce.map { "\($0.source) \($0.status)" } == computed.sourcesInForce.map { "\($0.source) \($0.status)" }, "\(day)")
        }
    }

    @Test func manyThreadsAskingAtOnceGetTheSameAnswers() async {
        let model = Bundled.modelFromYAML
        let days = model.periods.breakpoints
        await withTaskGroup(of: Void.self) { group in
            for t in 0..<8 {
                group.addTask {
                    for day in days.shuffled() where (day.ordinal + Int32(t)) % 2 == 0 {
                        let system = model.resolve(at: day)
                        #expect(system.day == day)
                        #expect(CompiledDataTests.summary(system, model) == CompiledDataTests.summary(model.computeSystem(at: day), model), "\(day)")
                    }
                }
            }
        }
    }
}
