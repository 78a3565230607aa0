import ArgumentParser
import TensorRuntime
import AttnLang
import Glibc

// Before anything else: the linked OpenBLAS has already read its environment (see
// OpenBLASTuning), so this may exec the program again.
OpenBLASTuning.reexecIfNeeded()
Allocator.tuneForTensors()

// A write over the file-size limit (`ulimit -f`) must fail with EFBIG like any other write
// error, keeping the old file, instead of SIGXFSZ killing the session mid-save.
signal(SIGXFSZ, SIG_IGN)

/// Parses the command line; usage errors exit with 2 (ArgumentParser's default is 64).
/// `check` and `update` are dispatched here because ArgumentParser would otherwise read them
/// as the root command's FILE argument.
func parseAction() -> AttnAction {
    let arguments = Array(CommandLine.arguments.dropFirst())
    switch arguments.first {
    case "help":
        if arguments.count > 2 {
            fputs("error: attn help takes one NAME\n", stderr)
            exit(2)
        }
        return HelpTopic(topic: arguments.dropFirst().first)
    case "check": return parse(Check.self, Array(arguments.dropFirst()))
    case "update": return parse(Update.self, Array(arguments.dropFirst()))
    case "render": execRenderer(Array(arguments.dropFirst()))
    default: return parse(Attn.self, arguments)
    }
}

func parse<Command: ParsableCommand & AttnAction>(_ type: Command.Type, _ arguments: [String]) -> AttnAction {
    do {
        return try Command.parse(arguments)
    } catch {
        let message = Command.fullMessage(for: error)
        if Command.exitCode(for: error) == .success {
            print(message)
            exit(0)
        }
        fputs(message + "\n", stderr)
        exit(2)
    }
}

/// Hands `attn render ...` to the `attn-render` executable beside this one (it links Foundation
/// through the Markdown library; attn itself stays free of it to start fast).
func execRenderer(_ arguments: [String]) -> Never {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    let selfPath = length > 0 ? String(cString: buffer) : CommandLine.arguments[0]
    let directory = selfPath.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
    let renderer = (directory.isEmpty ? "." : directory) + "/attn-render"
    let argv = ([renderer] + arguments).map { strdup($0) } + [nil]
    execv(renderer, argv)
    fputs("error: attn render needs the attn-render program beside attn (\(renderer)): \(String(cString: strerror(errno)))\n", stderr)
    exit(2)
}

let action = parseAction()
let status = runOnLargeStack { action.execute() }
fflush(stdout)
exit(status)
