// PLACEHOLDER so SwiftPM sees the target; replaced by the first real test of CodecloudCronTests.
import Testing
@Suite struct CodecloudCronTestsPlaceholder { @Test func targetBuilds() { #expect(Bool(true)) } }
