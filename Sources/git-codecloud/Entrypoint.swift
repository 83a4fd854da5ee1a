import CodecloudCLI
import CodecloudCore
import Foundation

/// `git-codecloud`: everything happens in CodecloudCLI; this file only hands over the process.
/// `main` is synchronous so that the process is set up (signals) before any thread exists.
@main
struct Entrypoint {
    static func main() {
        CommandRunner.prepareProcess()
        let arguments = Array(CommandLine.arguments.dropFirst())
        exit(CommandRunner.runToCompletion(arguments, environment: .current()))
    }
}
