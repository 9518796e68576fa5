import AimakApp
@testable import AimakCLI
import EventLog
import Foundation
import Law
import ProcedureLog
import Procedures
import Testing
import WorkingDays

/// Hostile inputs, generated: mutations of valid procedure files, event fields, backups and law
/// files, a bounded number of each from a fixed seed (so a failure is reproducible). Whatever
/// comes in, the readers answer or refuse with a location; a trap would end the test process, and
/// a case that takes more than two seconds is reported as a hang.
@Suite(.serialized) struct FuzzTests {
    /// SplitMix64: small, fast, and the same sequence on every machine.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Pieces a hostile user reaches for.
    static let nasty = ["&a", "*a", "!!binary", "!x", "\u{0}", "\u{1b}[31m", "\n", "\t", "\"", "'", ": ", "- ", "{", "}", "[", "]", "#",
                        "9223372036854775807", "-9223372036854775808", "99999999999999999999", "-1", "0", "1e308", "NaN", "null", "~",
                        "2010-02-30", "0000-00-00", "9999-12-31", "\u{FEFF}", "\u{202E}", "ё", "📜", String(repeating: "x", count: 5_000),
                        "<script>", "|", "\\", "../../etc/passwd", "%00", "true", "yes", "0x1F"]

    static func mutate(_ text: String, _ rng: inout Generator) -> String {
        var chars = Array(text)
        let steps = Int.random(in: 1...4, using: &rng)
        for _ in 0..<steps where !chars.isEmpty {
            let at = Int.random(in: 0..<chars.count, using: &rng)
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: chars.insert(contentsOf: Array(nasty.randomElement(using: &rng)!), at: at)
            case 1: chars.remove(at: at)
            case 2: chars = Array(chars.prefix(at))
            case 3: chars[at] = Character(UnicodeScalar(UInt8.random(in: 32...126, using: &rng)))
            case 4:
                let end = min(chars.count, at + Int.random(in: 1...80, using: &rng))
                chars.insert(contentsOf: chars[at..<end], at: at)  // duplicate a piece (keys, lines)
            default:
                // Replace a number with an extreme one.
                if let digit = chars[at...].firstIndex(where: \.isNumber) { chars.replaceSubrange(digit...digit, with: Array(nasty[17...21].randomElement(using: &rng)!)) }
            }
        }
        return String(chars)
    }

    /// Runs `body` on `cases` inputs; refusals must say where (a file and line, or an event).
    static func fuzz(_ name: String, cases: Int, seed: UInt64, input: (inout Generator) -> String,
                     located: (String) -> Bool, _ body: (String) throws -> Void) {
        var rng = Generator(state: seed)
        var accepted = 0, refused = 0, slowest = 0.0
        for i in 0..<cases {
            let text = input(&rng)
            let start = Date()
            do { try body(text); accepted += 1 } catch {
                refused += 1
                let message = (error as? CLIError)?.description ?? (error as? AppError)?.message ?? "\(error)"
                #expect(located(message), "\(name) case \(i): a refusal without a location: \(message.prefix(300))")
            }
            let took = Date().timeIntervalSince(start)
            slowest = max(slowest, took)
            #expect(took < 2, "\(name) case \(i) took \(took) s (a hang?): \(text.prefix(200))")
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print("fuzz \(name): \(cases) cases, \(accepted) accepted, \(refused) refused, 0 crashes, slowest \(String(format: "%.3f", slowest)) s, peak RSS \(usage.ru_maxrss / 1024) MB")
    }

    static let lawFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("law")

    @Test func procedureFiles() throws {
        let law = try LawLibrary.bundled()
        let ctx = ProcedureContext(model: law.model, calendar: law.calendar, registry: law.registry, asOf: Day(iso: "2026-01-01")!)
        let seeds = try [HardeningTests.hostile.appendingPathComponent("forged-minutes.yaml").path].map { try String(contentsOfFile: $0, encoding: .utf8) }
            + [ProcedureRecord(kind: .akimAppointment, unit: "41708222000000", started: Day(iso: "2010-03-01")!, events: [
                ProcedureEvent(type: "nominated", date: Day(iso: "2010-03-01")!, fields: ["by": "prime-minister", "candidates": .list(["A B.", "C D."])]),
                ProcedureEvent(type: "sitting", date: Day(iso: "2010-03-10")!, fields: ["seats": 31, "present": 25]),
                ProcedureEvent(type: "ballot", date: Day(iso: "2010-03-10")!, fields: ["votes": .map(["A B.": 20, "C D.": 4]), "blank": 1]),
            ]).yaml()]
        Self.fuzz("procedure files", cases: 1_500, seed: 1, input: { rng in Self.mutate(seeds.randomElement(using: &rng)!, &rng) },
                  located: { $0.contains("fuzz.yaml") || $0.contains("event ") || $0.contains("unit") || $0.contains("before the first source") }) { text in
            let record = try ProcedureRecord.parse(text, file: "fuzz.yaml")
            let state = try ProcedureEngine.derive(record, in: ctx)
            _ = ProcedureText(model: law.model, language: .ky).minutes(state, html: true)
        }
    }

    @Test func eventFields() throws {
        let words = ["candidates=Asanov A.,Bekov B.", "votes=Asanov A.:12,Bekov B.:8", "seats=31", "present=25", "blank=1", "by=prime-minister"]
        Self.fuzz("event fields", cases: 3_000, seed: 2, input: { rng in
            (0..<Int.random(in: 1...4, using: &rng)).map { _ in Self.mutate(words.randomElement(using: &rng)!, &rng) }.joined(separator: "\u{1F}")
        }, located: { $0.contains("'") }) { text in
            let fields = try EventInput.fields(text.components(separatedBy: "\u{1F}"))
            try EventInput.checkTexts(fields)
        }
    }

    @Test func backups() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aimak-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let db = dir.appendingPathComponent("s.sqlite").path, backup = dir.appendingPathComponent("b.jsonl").path
        let store = try await StoreAddress.open(db)
        let law = try LawLibrary.bundled()
        let ctx = ProcedureContext(model: law.model, calendar: law.calendar, registry: law.registry, asOf: Day(iso: "2026-01-01")!)
        let record = ProcedureRecord(kind: .akimAppointment, unit: "41708222000000", started: Day(iso: "2010-03-01")!, events: [
            ProcedureEvent(type: "nominated", date: Day(iso: "2010-03-01")!, fields: ["by": "prime-minister", "candidates": .list(["A B.", "C D."])]),
            ProcedureEvent(type: "sitting", date: Day(iso: "2010-03-10")!, fields: ["seats": 31, "present": 25]),
        ])
        _ = try await store.append(ProcedureStream.events(for: record, author: "fuzz"), to: try StreamID("p"), expecting: .noStream)
        try await Backup.write(store, to: backup)
        await store.close()
        let good = try String(contentsOfFile: backup, encoding: .utf8)
        let path = dir.appendingPathComponent("m.jsonl").path
        Self.fuzz("backups", cases: 1_500, seed: 3, input: { rng in Self.mutate(good, &rng) },
                  located: { $0.contains("m.jsonl:") || $0.contains("UTF-8") }) { text in
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            try BackupCheck.check(path, context: ctx)
        }
    }

    @Test func lawFiles() throws {
        let model = try LawLibrary.bundled().model
        let sources = try FileManager.default.contentsOfDirectory(atPath: Self.lawFolder.appendingPathComponent("sources").path).sorted()
            .prefix(12).map { try String(contentsOfFile: Self.lawFolder.appendingPathComponent("sources/\($0)").path, encoding: .utf8) }
        Self.fuzz("law files", cases: 800, seed: 4, input: { rng in Self.mutate(sources.randomElement(using: &rng)!, &rng) },
                  located: { $0.contains("fuzz.yaml:") }) { text in
            _ = try model.parseSource(text, file: "fuzz.yaml")
        }
    }
}
