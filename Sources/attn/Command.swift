import ArgumentParser
import AttnLang
import Glibc

/// A parsed command line, executed on the large-stack thread; returns the exit status.
protocol AttnAction {
    func execute() -> Int32
}

struct Attn: ParsableCommand, AttnAction {
    static let configuration = CommandConfiguration(
        commandName: "attn",
        abstract: "Tensor notebooks with recorded outputs: a REPL, a script runner, a golden checker.",
        discussion: """
            Without FILE or -e, starts the REPL on a terminal, or reads statements from stdin \
            when it is not one. `attn help NAME` shows a builtin's help. `attn render` writes \
            notebooks as HTML pages or Jupyter notebooks (see `attn render --help`).
            Exit status: 0 ok, 1 a runtime error or a check mismatch, 2 a usage or parse error.
            """,
        version: "attn \(AttnVersion.number)",
        // Listed for --help; main.swift dispatches them itself (see parseAction).
        subcommands: [Check.self, Update.self],
        helpNames: [.short, .long])

    @Option(name: .customShort("e"), help: ArgumentHelp("Run CODE and print what it displays.", valueName: "code"))
    var code: String?

    @Argument(help: ArgumentHelp("A .attn file to run, printing what it displays.", valueName: "file"))
    var file: String?

    func validate() throws {
        if code != nil && file != nil { throw ValidationError("give -e CODE or FILE, not both") }
    }

    func execute() -> Int32 {
        let output = Output.detect()
        if let code { return ScriptRunner.run(source: code, file: "<-e>", output: output) }
        if let file {
            do {
                let bytes = try FileIO.read(file)
                return ScriptRunner.run(source: NotebookText(bytes: bytes).source, file: file, output: output)
            } catch {
                output.fail("\(error)")
                return 2
            }
        }
        return REPL(output: output, interactive: isatty(0) == 1).run()
    }
}

struct Check: ParsableCommand, AttnAction {
    static let configuration = CommandConfiguration(
        commandName: "attn check",
        abstract: "Re-run notebooks and compare with their recorded outputs (#> lines).",
        discussion: "Prints FILE:LINE with the expected and actual lines of the first difference in each file, then `N passed, N failed`.")

    @Argument(help: ArgumentHelp("Notebooks to check.", valueName: "file"))
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one notebook to check") }
    }

    func execute() -> Int32 { Golden.check(files, output: .detect()) }
}

struct Update: ParsableCommand, AttnAction {
    static let configuration = CommandConfiguration(
        commandName: "attn update",
        abstract: "Re-run notebooks and rewrite their recorded outputs in place.",
        discussion: "Only #> lines change; every other byte stays. Each file is replaced atomically.")

    @Argument(help: ArgumentHelp("Notebooks to update.", valueName: "file"))
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one notebook to update") }
    }

    func execute() -> Int32 { Golden.update(files, output: .detect()) }
}

/// `attn help` (usage and REPL commands), `attn help check|update`, `attn help NAME` (a
/// builtin's help from the language). Handled before argument parsing, which reserves `help`.
struct HelpTopic: AttnAction {
    var topic: String?

    func execute() -> Int32 {
        let output = Output.detect()
        switch topic {
        case nil:
            output.write(Attn.helpMessage() + "\nREPL commands:\n" + REPL.commandHelp + "\n")
        case "check"?:
            output.write(Check.helpMessage() + "\n")
        case "update"?:
            output.write(Update.helpMessage() + "\n")
        case "render"?:
            execSibling("attn-render", for: "attn render", ["--help"])
        case "kernel"?:
            execSibling("attn-kernel", for: "attn kernel", ["--help"])
        case let name?:
            guard let help = Session().help(for: name) else {
                output.fail("no help for '\(name)'")
                return 2
            }
            output.write(help + (help.hasSuffix("\n") ? "" : "\n"))
        }
        return 0
    }
}

/// Runs a whole source (a file or `-e`) in a fresh session, printing as it displays.
enum ScriptRunner {
    static func run(source: String, file: String, output: Output) -> Int32 {
        let session = Session()
        let live = LiveOutput(output: output)
        live.attach(to: session)
        AttnSignals.installScriptInterruptHandler()
        let result = session.run(source: source, file: file) { outcome in live.show(errorOf: outcome) }
        fflush(stdout)
        switch result {
        case .completed: return 0
        case .parseFailed: return 2
        case .failed(_, let interrupted): return interrupted || Session.interruptRequested ? 130 : 1
        }
    }
}
