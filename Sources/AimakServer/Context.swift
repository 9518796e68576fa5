import AimakApp
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// What a request carries through the router: the account it authenticated as, if any.
public struct AimakRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by the authentication middleware from a bearer token or a session cookie.
    public var account: Account?
    /// True when the account came from the session cookie: a write must then carry the CSRF token.
    public var bySessionCookie = false
    /// Session token, for logout.
    public var sessionToken: String?
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// Request bodies are small documents; anything larger is refused with 413 before it is read.
    public var maxUploadSize: Int { ServerEnvironment.maximumBodySize }
}
