// PLACEHOLDER so SwiftPM sees the target; replaced by the first real test of CodecloudEmulatorTests.
import Testing
@Suite struct CodecloudEmulatorTestsPlaceholder { @Test func targetBuilds() { #expect(Bool(true)) } }
