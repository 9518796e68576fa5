import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the bundled legal data lives at run time.
///
/// The YAML files beside this one are copied into the binary's resource bundle, so `aimak`
/// answers from the data that was reviewed in this folder, with no setup.
public enum LegalData {
    /// The law compiled at build time (`CompiledData`): every file below, parsed and checked, in
    /// one binary file. Nil only in a build made without the `CompileLaw` plugin.
    public static var compiledFile: URL? {
        if let path = compiledPathBesideExecutable { return URL(fileURLWithPath: path) }
        return Bundle.module.url(forResource: "law", withExtension: "aimakdata")
            ?? Bundle.module.url(forResource: "law", withExtension: "aimakdata", subdirectory: "CompileLaw")
    }

    /// The compiled law where SwiftPM puts the resource bundle, beside the executable: found with
    /// two system calls, where the first use of `Bundle` costs a cold command one to three
    /// milliseconds. Nil when it is elsewhere (then `Bundle.module` finds it).
    public static let compiledPathBesideExecutable: String? = besideExecutable("law.aimakdata")

    /// The ayil aimaks known by name (`territory/kg-named-units.csv`) beside the executable, found
    /// the same way; nil when elsewhere (then `namedUnitsFile` finds it).
    public static let namedUnitsPathBesideExecutable: String? = besideExecutable("kg-named-units.csv")

    static func besideExecutable(_ name: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        let executable = String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = executable.lastIndex(of: "/") else { return nil }
        let path = String(executable[..<slash]) + "/Aimak_LegalData.resources/" + name
        return access(path, R_OK) == 0 ? path : nil
    }

    /// The folder holding one YAML file per legal source.
    public static var sourcesDirectory: URL {
        Bundle.module.url(forResource: "sources", withExtension: nil)!
    }

    /// The administrative-territorial units (СОАТЕ codes, names, parents, validity); see territory/README.md.
    public static var territoryFile: URL {
        Bundle.module.url(forResource: "kg-territory", withExtension: "csv")!
    }

    /// The ayil aimaks known by name without a classifier code (after the 2024-2025 consolidation);
    /// see territory/README.md.
    public static var namedUnitsFile: URL {
        Bundle.module.url(forResource: "kg-named-units", withExtension: "csv")!
    }

    /// The working-day calendar: holidays by Labour Code, Aits and moved days off by year.
    public static var calendarFile: URL {
        Bundle.module.url(forResource: "kg-working-days", withExtension: "yaml")!
    }

    /// The vocabulary of identifiers (levels, bodies, powers, relations, actors, principles).
    public static var vocabularyFile: URL {
        Bundle.module.url(forResource: "vocabulary", withExtension: "yaml")!
    }

    /// The wording of the web pages (headings, buttons, legends) in the three languages.
    public static var interfaceFile: URL {
        Bundle.module.url(forResource: "interface", withExtension: "yaml")!
    }
}
