import ArgumentParser
import Glibc

// Before anything else: the linked OpenBLAS has already read its environment (see
// OpenBLASTuning), so this may exec the program again.
OpenBLASTuning.reexecIfNeeded()

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

let action = parseAction()
let status = runOnLargeStack { action.execute() }
fflush(stdout)
exit(status)
