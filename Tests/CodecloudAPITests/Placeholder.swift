// PLACEHOLDER so SwiftPM sees the target; replaced by the first real test of CodecloudAPITests.
import Testing
@Suite struct CodecloudAPITestsPlaceholder { @Test func targetBuilds() { #expect(Bool(true)) } }
