import Foundation
import PackagePlugin

/// Compiles the bundled law (the `LegalData` target's YAML and CSV files) into `law.aimakdata`,
/// a resource of the same target, so a process loads the law without parsing YAML. The command
/// runs again whenever any data file changes; an invalid file fails the build with its file:line.
@main
struct CompileLaw: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder = target.directoryURL
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("law.aimakdata")
        var inputs: [URL] = []
        if let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) {
            for case let url as URL in files where ["yaml", "yml", "csv"].contains(url.pathExtension) { inputs.append(url) }
        }
        return [.buildCommand(
            displayName: "Compiling the law in \(folder.lastPathComponent)/",
            executable: try context.tool(named: "aimak-compile-law").url,
            arguments: [folder.path, output.path],
            inputFiles: inputs.sorted { $0.path < $1.path },
            outputFiles: [output]
        )]
    }
}
