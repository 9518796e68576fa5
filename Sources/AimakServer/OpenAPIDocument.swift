import Foundation

/// The API's contract: `openapi.yaml` beside this file, bundled into the binary and served as
/// written. A test checks that every route the router answers is in it, and CI runs schemathesis
/// against the served document to check every response against it.
public enum OpenAPIDocument {
    public static let yaml: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return "openapi: 3.1.0\n" }
        return text
    }()

    /// A page a person can read: the document itself, escaped, with a line on how to use it.
    public static let page: String = {
        let escaped = yaml.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        return """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Aimak API</title>
        <style>body{font-family:sans-serif;max-width:60em;margin:2em auto}pre{background:#f6f6f6;padding:1em;overflow:auto}</style></head>
        <body><h1>Aimak API</h1><p>The contract of the API, OpenAPI 3.1: <a href="/api/v1/openapi.yaml">/api/v1/openapi.yaml</a>.
        Reading is public; writing needs a bearer token (<code>aimak token create NAME</code>).</p><pre>\(escaped)</pre></body></html>
        """
    }()
}
