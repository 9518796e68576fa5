import EventLog
import Foundation
import Law
import ProcedureLog
import Territory
import WorkingDays

/// A territorial change as the log keeps it.
public struct RecordedTerritorialChange: Codable, Sendable, Equatable {
    /// Its place in the stream of changes (1, 2, …): changes apply in this order.
    public var version: Int
    public var change: TerritorialChange
    public var author: String
    public var recordedAt: String
    enum CodingKeys: String, CodingKey { case version, change, author, recordedAt = "recorded_at" }
}

/// Territorial changes kept in the event log: the registry at a date is the bundled file plus every
/// change recorded, in order. A change is checked against the registry with all earlier changes
/// before it is stored; one that breaks a rule of the file is refused and nothing is written.
public struct TerritoryChangeService: Sendable {
    public let store: any EventStore
    public init(store: any EventStore) { self.store = store }

    static let eventType = "territory-change"
    var stream: StreamID { StreamID(unchecked: ProcedureStream.territoryStream) }

    public func recorded() async throws -> [RecordedTerritorialChange] {
        try await store.events(in: stream, after: 0).map { e in
            let text = JSON.object(try e.data()).text
            do {
                let change = try JSONDecoder().decode(TerritorialChange.self, from: Data(text.utf8))
                return RecordedTerritorialChange(version: e.version, change: change, author: e.author, recordedAt: e.recordedAt)
            } catch {
                throw AppError(.unavailable, "territorial change \(e.version) in the log cannot be read: \(error)")
            }
        }
    }

    /// The registry with the recorded changes applied in order, and how many were; when one no
    /// longer applies (a newer bundled file already has it), the changes before it still count and
    /// `problem` says which one stopped (nobody is locked out of the registry by one bad change).
    public func registry(over base: TerritorialRegistry) async throws -> (registry: TerritorialRegistry, applied: Int, problem: String?) {
        var r = base
        let changes = try await recorded()
        for c in changes {
            do { r = try r.applying(c.change) } catch {
                return (r, c.version - 1, "territorial change \(c.version) (\(c.change.kind.rawValue), \(c.change.effective)) no longer applies to the bundled registry: \(error.message); it and the \(changes.count - c.version) after it are not in effect")
            }
        }
        return (r, changes.count, nil)
    }

    /// Checks a change against the registry as recorded so far and stores it; the registry after it.
    public func record(_ change: TerritorialChange, over base: TerritorialRegistry, by author: String,
                       idempotencyKey: String? = nil) async throws -> (RecordedTerritorialChange, TerritorialRegistry) {
        let events = try await store.events(in: stream, after: 0)
        // A retry with its key is answered with the change it stored (before any check: the registry
        // already holds it); the key with another change is a conflict.
        if let key = idempotencyKey, let stored = events.first(where: { $0.idempotencyKey == key }) {
            let all = try await recorded()
            guard let mine = all.first(where: { $0.version == stored.version }), mine.change == change else {
                throw AppError(.conflict, "the Idempotency-Key '\(key.prefix(60))' was used for another territorial change")
            }
            return (mine, try await registry(over: base).registry)
        }
        let earlier = try await recorded()
        let (current, applied, problem) = try await registry(over: base)
        if let problem, applied < earlier.count {
            throw AppError(.unavailable, "\(problem): resolve that first (a new release of the registry may already contain it)")
        }
        let after: TerritorialRegistry
        do { after = try current.applying(change) } catch { throw AppError(.refused, error.message) }
        let data = try JSONEncoder().encode(change)
        guard case .object(let fields) = try JSON(parsing: String(decoding: data, as: UTF8.self)) else {
            throw AppError(.unavailable, "a territorial change did not encode as a JSON object")
        }
        let event = NewEvent(type: Self.eventType, legalDate: Day(iso: change.effective)!, author: author, data: fields, idempotencyKey: idempotencyKey)
        do {
            _ = try await store.append([event], to: stream, expecting: earlier.isEmpty ? .noStream : .exactly(earlier.count))
            let mine = RecordedTerritorialChange(version: earlier.count + 1, change: change, author: author,
                                                 recordedAt: try await store.events(in: stream, after: earlier.count).first?.recordedAt ?? "")
            return (mine, after)
        } catch EventStoreError.conflict {
            throw AppError(.conflict, "another territorial change was recorded meanwhile: read the changes again and retry")
        }
    }
}
