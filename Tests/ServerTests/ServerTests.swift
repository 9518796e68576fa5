import Testing
@testable import AimakServer
