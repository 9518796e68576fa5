import EventLog
import Foundation
import Territory
import Procedures
import ProcedureLog

/// A backup read whole and run through the law before anything is restored: each procedure's
/// events must derive as `procedure add` would accept them, each account stream must read. The
/// first refusal names the file, the line and the reason; nothing is written.
public enum BackupCheck {
    @discardableResult
    public static func check(_ path: String, context: ProcedureContext) throws -> Int {
        var reader = try BackupReader(path: path)
        var streams: [StreamID: [RecordedEvent]] = [:]
        while let batch = try reader.next(batch: 5_000) {
            for e in batch { streams[e.stream, default: []].append(e) }
        }
        for (stream, events) in streams.sorted(by: { $0.key < $1.key }) {
            func line(_ version: Int) -> Int { reader.eventLines[stream]?[version] ?? reader.eventLines[stream]?[1] ?? 0 }
            if ProcedureStream.isProcedure(stream) {
                do {
                    _ = try ProcedureEngine.derive(try ProcedureStream.record(from: events), in: context, keepingHistory: false)
                } catch let e as ProcedureError {
                    // The record's events are versions 2, 3, …: event n of the record is version n + 1.
                    let version = e.event.map { $0 + 1 } ?? 1
                    throw EventStoreError.backup("\(path):\(line(version)): procedure '\(stream)', version \(version): \(e.message) (the law refuses it); nothing was restored")
                } catch {
                    throw EventStoreError.backup("\(path):\(line(1)): procedure '\(stream)': \(error); nothing was restored")
                }
            } else if stream.rawValue == ProcedureStream.territoryStream {
                // Territorial changes must still apply, in order, over the registry this binary bundles.
                var registry = context.registry
                for e in events {
                    do {
                        let change = try JSONDecoder().decode(TerritorialChange.self, from: Data(JSON.object(try e.data()).text.utf8))
                        registry = try registry.applying(change)
                    } catch {
                        let reason = (error as? TerritorialChangeError)?.message ?? "\(error)"
                        throw EventStoreError.backup("\(path):\(line(e.version)): territorial change \(e.version): \(reason); nothing was restored")
                    }
                }
            } else {
                do { _ = try AccountService.derive(events) } catch {
                    throw EventStoreError.backup("\(path):\(line(1)): account stream '\(stream)': \(AppError(error).message); nothing was restored")
                }
            }
        }
        return reader.count
    }
}
