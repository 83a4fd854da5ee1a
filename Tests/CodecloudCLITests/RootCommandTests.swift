@testable import CodecloudCLI
import CodecloudCore
import CodecloudTestSupport
import Testing

@Suite struct RootCommandTests {
    private func run(_ arguments: [String]) async -> (code: Int32, output: CapturedOutput) {
        let output = CapturedOutput()
        let environment = Environment(variables: [:], currentDirectory: "/", output: output.streams)
        let code = await CommandRunner.run(arguments, environment: environment)
        return (code, output)
    }

    @Test func versionPrintsTheVersionOnStdout() async {
        let (code, output) = await run(["--version"])
        #expect(code == 0)
        #expect(output.stdout == CodecloudVersion.current + "\n")
        #expect(output.stderr.isEmpty)
    }

    @Test func unknownSubcommandIsAUsageError() async {
        let (code, output) = await run(["frobnicate"])
        #expect(code == CodecloudExitCode.usage.rawValue)
        #expect(output.stderr.hasPrefix("error: "))
        #expect(output.stdout.isEmpty)
    }
}
