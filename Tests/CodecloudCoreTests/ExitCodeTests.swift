import CodecloudCore
import Testing

@Suite struct ExitCodeTests {
    /// The documented exit codes are part of the scripting contract: changing one is a breaking change.
    @Test func exitCodesArePinned() {
        let pinned: [CodecloudExitCode: Int32] = [
            .success: 0, .failure: 1, .runFailed: 3, .authenticationRequired: 4,
            .timedOut: 5, .localWorkProtected: 6, .checkFailed: 7, .usage: 64, .interrupted: 130,
        ]
        #expect(pinned.count == CodecloudExitCode.allCases.count)
        for status in CodecloudExitCode.allCases {
            #expect(status.rawValue == pinned[status])
        }
    }
}
