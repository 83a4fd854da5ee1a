import CodecloudCLI
import CodecloudCore
import Foundation

/// `git-codecloud`: everything happens in CodecloudCLI; this file only hands over the process.
@main
struct Entrypoint {
    static func main() async {
        // A child that exits without reading its stdin, or `git codecloud list | head -1`,
        // must not kill the tool with SIGPIPE: writes fail with EPIPE instead, and are handled.
        signal(SIGPIPE, SIG_IGN)
        let arguments = Array(CommandLine.arguments.dropFirst())
        let code = await CommandRunner.run(arguments, environment: .current())
        exit(code)
    }
}
