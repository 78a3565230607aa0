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
    case "render": execSibling("attn-render", for: "attn render", Array(arguments.dropFirst()))
    case "kernel": execSibling("attn-kernel", for: "attn kernel", Array(arguments.dropFirst()))
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

/// Hands `attn render ...` and `attn kernel ...` to the `attn-render` and `attn-kernel`
/// executables beside this one (they link Foundation, through the Markdown library and for
/// JSON; attn itself stays free of it to start fast).
func execSibling(_ program: String, for command: String, _ arguments: [String]) -> Never {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    let selfPath = length > 0 ? String(cString: buffer) : CommandLine.arguments[0]
    let directory = selfPath.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
    let path = (directory.isEmpty ? "." : directory) + "/" + program
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    execv(path, argv)
    fputs("error: \(command) needs the \(program) program beside attn (\(path)): \(String(cString: strerror(errno)))\n", stderr)
    exit(2)
}

let action = parseAction()
let status = runOnLargeStack { action.execute() }
fflush(stdout)
exit(status)
