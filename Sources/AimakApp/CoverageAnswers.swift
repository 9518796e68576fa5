import Law
import Territory
import WorkingDays

/// How far the data stands on the texts: per act and in total, statements by reliability, the
/// provisions not identified, the acts whose content was not read or whose entry into force is
/// known only to the month or year; and the registry's units on a day by certainty, with the
/// districts whose current ayil aimaks are not in the dataset. `aimak sources --coverage`.
public struct CoverageAnswer: Codable, Sendable, Equatable {
    public struct Counts: Codable, Sendable, Equatable {
        public var statements: Int
        /// verified, secondary, inference, unverified → count.
        public var byStatus: [String: Int]
        /// The share of statements read in a text of the act, unrounded: whoever shows it rounds it
        /// once (rounded here first, 21.45 % was shown as 22 %).
        public var verifiedShare: Double
        /// Statements whose provision (article, paragraph) is not identified.
        public var provisionNotIdentified: Int
        /// Statements whose copy read is a translation (neither Kyrgyz nor Russian).
        public var readInTranslation: Int
        /// Statements read in a wording later than the act's entry into force.
        public var readInLaterEdition: Int
        enum CodingKeys: String, CodingKey {
            case statements, byStatus = "by_status", verifiedShare = "verified_share", provisionNotIdentified = "provision_not_identified"
            case readInTranslation = "read_in_translation", readInLaterEdition = "read_in_later_edition"
        }
    }
    public struct Act: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var counts: Counts
        /// False when the data lists the act but holds none of its content.
        public var contentRead: Bool
        /// The entry into force as written (`2008-12-31`, `2008`, `2008-05`).
        public var inForceFrom: String
        /// False when the day of entry into force is not known.
        public var exactStart: Bool
        enum CodingKeys: String, CodingKey { case id, name, counts, contentRead = "content_read", inForceFrom = "in_force_from", exactStart = "exact_start" }
    }
    public struct Territory: Codable, Sendable, Equatable {
        public var date: String
        /// unit type → certain / uncertain → count.
        public var units: [String: [String: Int]]
        /// Districts in existence on the day with no ayil aimak listed under them then.
        public var districtsWithoutAyilAimaks: [String]
        /// Ayil aimaks known by name only (no classifier code) on the day (`kg-named-units.csv`).
        public var ayilAimaksKnownByName: Int
        /// Districts that had ayil aimaks and have none on the day, neither with a code nor by name.
        public var districtsWithNoUnitKnown: [String]
        enum CodingKeys: String, CodingKey {
            case date, units, districtsWithoutAyilAimaks = "districts_without_ayil_aimaks"
            case ayilAimaksKnownByName = "ayil_aimaks_known_by_name", districtsWithNoUnitKnown = "districts_with_no_unit_known"
        }
    }
    public var total: Counts
    public var actsNotRead: [String]
    public var actsWithImpreciseStart: [String]
    public var acts: [Act]
    public var territory: Territory
    enum CodingKeys: String, CodingKey {
        case total, acts, territory, actsNotRead = "acts_not_read", actsWithImpreciseStart = "acts_with_imprecise_start"
    }
}

extension LawQueries {
    static func counts(_ sources: [Source]) -> CoverageAnswer.Counts {
        let statements = sources.flatMap(\.statements)
        var by: [String: Int] = Dictionary(uniqueKeysWithValues: Reliability.allCases.map { ($0.rawValue, 0) })
        for s in statements { by[s.citation.reliability.rawValue, default: 0] += 1 }
        let verified = by[Reliability.verified.rawValue] ?? 0
        // A wording later than the act's start: an edition dated after its first day in force
        // (an edition known only to the year: a later year).
        func later(_ edition: String, _ start: LegalDate) -> Bool {
            if let d = Day(iso: edition) { return d > start.latest }
            return Int(edition).map { $0 > start.latest.year } ?? false
        }
        let later = sources.reduce(0) { n, src in
            n + src.statements.filter { st in st.citation.edition.map { later($0, src.period.start) } ?? false }.count
        }
        return .init(statements: statements.count, byStatus: by,
                     verifiedShare: statements.isEmpty ? 0 : Double(verified) / Double(statements.count),
                     provisionNotIdentified: statements.filter { $0.citation.provision == nil }.count,
                     readInTranslation: statements.filter { $0.citation.language.map { !["ky", "ru"].contains($0) } ?? false }.count,
                     readInLaterEdition: later)
    }

    public func coverage(registry: TerritorialRegistry, on day: Day) -> CoverageAnswer {
        let acts = model.sources.filter { !$0.isDraft }.map { s in
            CoverageAnswer.Act(id: s.id, name: text.shortName(s), counts: Self.counts([s]), contentRead: !s.statements.isEmpty,
                               inForceFrom: s.period.start.description, exactStart: s.period.start.isExact)
        }
        var units: [String: [String: Int]] = [:]
        let present = registry.units(on: day)
        for (u, e) in present { units[u.type.rawValue, default: [:]][e.rawValue, default: 0] += 1 }
        let withAyilAimaks = Set(present.filter { $0.0.type == .ayilAimak }.compactMap(\.0.parentCode))
        let bare = present.filter { $0.0.type == .district && !withAyilAimaks.contains($0.0.code) }
            .sorted { $0.0.code < $1.0.code }.map { "\($0.0.code) \($0.0.name(.en))" }
        let bundled = TerritoryQueries.bundledNamedUnits(in: registry)
        let named = TerritoryWording.namedUnits(bundled, registry, on: day)
        let unknown = TerritoryWording.districtsWithoutCodedAyilAimaks(registry, named: bundled, on: day).unknown
        return CoverageAnswer(
            total: Self.counts(model.sources.filter { !$0.isDraft }),
            actsNotRead: acts.filter { !$0.contentRead }.map(\.id),
            actsWithImpreciseStart: acts.filter { !$0.exactStart }.map(\.id),
            acts: acts,
            territory: .init(date: day.description, units: units, districtsWithoutAyilAimaks: bare, ayilAimaksKnownByName: named.count,
                             districtsWithNoUnitKnown: unknown.sorted { $0.code < $1.code }.map { "\($0.code) \($0.name(.en))" }))
    }
}
