import CodecloudCLI
import CodecloudCore
import Foundation

/// `git-codecloud`: everything happens in CodecloudCLI; this file only hands over the process.
@main
struct Entrypoint {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let code = await CommandRunner.run(arguments, environment: .current())
        exit(code)
    }
}
