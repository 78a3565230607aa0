import ArgumentParser
import Glibc

// `attn render` lives in its own executable so that `attn` itself does not link Foundation
// (which Ink, the Markdown library, imports): that keeps every other command's start-up in
// single-digit milliseconds. `attn render ARGS` execs `attn-render ARGS` (see attn/main.swift).

// Usage errors exit with 2, like every attn command (ArgumentParser's default is 64).
let command: Render
do {
    command = try Render.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    let message = Render.fullMessage(for: error)
    if Render.exitCode(for: error) == .success {
        print(message)
        exit(0)
    }
    fputs(message + "\n", stderr)
    exit(2)
}
let status = command.execute()
fflush(stdout)
exit(status)
