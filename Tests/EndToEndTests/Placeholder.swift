// PLACEHOLDER so SwiftPM sees the target; replaced by the first real test of EndToEndTests.
import Testing
@Suite struct EndToEndTestsPlaceholder { @Test func targetBuilds() { #expect(Bool(true)) } }
