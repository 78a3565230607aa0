import AttnLang
import Glibc

/// The REPL's own commands. They are single-line entries starting with `:` (or `?name`).
extension REPL {
    static let commandHelp = """
        :help [NAME]   this list, or a builtin's signature, summary and example (also ?NAME)
        :vars [NAME]   the variables and their types, or one variable and its value
        :time STMT     run STMT and print how long it took
        :timeit STMT   run STMT in timed loops (as IPython's %timeit); min and median per pass
        :load FILE     run FILE into this session
        :save FILE     write this session as a notebook with outputs (failed entries left out)
        :reset         drop every variable
        :quit          leave (so does Ctrl-D)
        A trailing ; suppresses printing; _ is the last value; Ctrl-C stops a running statement.
        """

    func command(_ text: String) {
        if text.hasPrefix("?") {
            showHelp(for: String(text.dropFirst()).trimmingBlanks())
            return
        }
        let body = text.dropFirst()
        let name = String(body.prefix(while: { $0 != " " && $0 != "\t" }))
        let argument = String(body.dropFirst(name.count)).trimmingBlanks()
        switch name {
        case "help", "h":
            if argument.isEmpty { output.write(Self.commandHelp + "\n") } else { showHelp(for: argument) }
        case "vars":
            if argument.isEmpty { showVariables() } else { showVariable(argument) }
        case "time":
            guard requireArgument(argument, for: ":time STMT") else { return }
            time(argument)
        case "timeit":
            guard requireArgument(argument, for: ":timeit STMT") else { return }
            timeit(argument)
        case "load":
            guard requireArgument(argument, for: ":load FILE") else { return }
            load(argument)
        case "save":
            guard requireArgument(argument, for: ":save FILE") else { return }
            save(argument)
        case "reset":
            session.reset()
            history.removeAll()
        case "quit", "q", "exit":
            quitRequested = true
        default:
            fail("unknown command :\(name) (:help lists the commands)")
        }
    }

    private func fail(_ message: String) {
        anyFailed = true
        output.fail(message)
    }

    private func requireArgument(_ argument: String, for usage: String) -> Bool {
        if argument.isEmpty { fail("usage: \(usage)") }
        return !argument.isEmpty
    }

    private func showHelp(for name: String) {
        if let help = session.help(for: name) {
            output.write(help + (help.hasSuffix("\n") ? "" : "\n"))
        } else {
            fail("no help for '\(name)'")
        }
    }

    private func showVariables() {
        let variables = session.variables()
        if variables.isEmpty {
            output.write("(no variables)\n")
            return
        }
        let width = variables.map(\.name.count).max() ?? 0
        for (name, description) in variables {
            let shown = output.colorOut ? Output.highlightBrackets(description) : description
            output.write(name + String(repeating: " ", count: width - name.count + 2) + shown + "\n")
        }
    }

    private func showVariable(_ name: String) {
        guard let variable = session.variable(named: name) else {
            fail("no variable '\(name)'" + (session.suggestion(for: name).map { " — did you mean '\($0)'?" } ?? ""))
            return
        }
        let shown = output.colorOut ? Output.highlightBrackets(variable.description) : variable.description
        output.write(name + "  " + shown + "\n")
        output.show(.text(variable.repr))
    }

    private func time(_ statement: String) {
        let start = Clock.now()
        let ok = runCode(statement, file: "<repl>")
        let elapsed = Clock.now() - start
        if ok { output.write("time: \(Clock.format(elapsed))\n") }
    }

    /// As IPython's %timeit: the statement runs K times in a loop inside one run (so parsing
    /// and displaying its value are not timed, and the loop costs a few ns per pass), with K
    /// grown until a run takes about 20 ms; then about half a second of runs (3 to 50), and the
    /// min and median time per pass. Outputs are not printed.
    private func timeit(_ statement: String) {
        session.onDisplay = nil
        session.onProgress = nil
        defer { live.attach(to: session) }
        func perPass(_ passes: Int) -> Double? {
            let source = passes == 1 ? statement : "for __timeit_pass in range(\(passes)) {\n\(statement)\n}"
            let start = Clock.now()
            var failure: Diagnostic?
            _ = session.run(source: source, file: "<repl>") { outcome in
                if let error = outcome.error, failure == nil { failure = error }
            }
            let elapsed = Clock.now() - start
            if let failure {
                anyFailed = true
                output.show(failure)
                return nil
            }
            return elapsed / Double(passes)
        }
        guard var each = perPass(1) else { return }   // warm-up: first calls pay for lazy set-up
        var passes = 1
        while each * Double(passes) < 0.02 && passes < 1_000_000 {
            passes *= each * Double(passes) < 0.002 ? 10 : 2
            guard let sample = perPass(passes) else { return }
            each = sample
        }
        let runs = max(3, min(50, Int((0.5 / max(each * Double(passes), 1e-9)).rounded(.up))))
        var samples: [Double] = []
        while samples.count < runs {
            guard let sample = perPass(passes) else { return }
            samples.append(sample)
        }
        samples.sort()
        let median = samples.count % 2 == 1
            ? samples[samples.count / 2]
            : (samples[samples.count / 2 - 1] + samples[samples.count / 2]) / 2
        output.write("min \(Clock.format(samples[0])), median \(Clock.format(median)) per pass (\(runs) runs of \(passes) passes)\n")
    }

    private func load(_ path: String) {
        let bytes: [UInt8]
        do { bytes = try FileIO.read(path, op: "load") } catch { fail("\(error)"); return }
        runCode(NotebookText(bytes: bytes).source, file: path)
    }

    /// One `# %%` cell per entry that ran without error, with its recorded outputs, so that
    /// the file replays with `attn FILE` and passes `attn check`. An entry that failed or was
    /// interrupted is left out, and a Markdown cell in its place says so; since it may have
    /// changed variables before it stopped, the kept entries are then replayed in a fresh
    /// session and their outputs recorded from that replay (an entry that fails there is left
    /// out too). Ctrl-C during the replay cancels the save.
    private func save(_ path: String) {
        var kept = history.map(\.ok)
        var outcomes = history.map(\.outcomes)
        if kept.contains(false) {
            guard let replayed = replay(&kept) else {
                fail("not saved: interrupted while replaying the session")
                return
            }
            outcomes = replayed
        }
        var bytes: [UInt8] = []
        for (index, entry) in history.enumerated() {
            if index > 0 { bytes += Array("\n".utf8) }
            if kept[index] {
                bytes += Array("# %%\n".utf8)
                bytes += NotebookText(entry.source + "\n").recording(outcomes[index]).bytes
            } else {
                bytes += Array(Self.leftOutNote(entry.source, failedHere: !entry.ok).utf8)
            }
        }
        let count = kept.filter { $0 }.count, leftOut = kept.count - count
        do {
            try FileIO.writeAtomically(bytes, to: path, op: "save")
            var message = "saved \(count) entr\(count == 1 ? "y" : "ies") to \(path)"
            if leftOut > 0 {
                message += " (left out \(leftOut) that failed or were interrupted, noted in the notebook; outputs recorded by replaying without \(leftOut == 1 ? "it" : "them"))"
            }
            output.write(message + "\n")
        } catch {
            fail("\(error)")
        }
    }

    /// Runs the kept entries in a fresh session, without printing; an entry that fails is
    /// marked not kept and the replay starts over without it. Nil when interrupted.
    private func replay(_ kept: inout [Bool]) -> [[StatementOutcome]]? {
        while true {
            let fresh = Session()
            var outcomes = history.map { _ in [StatementOutcome]() }
            var failed: Int?
            for (index, entry) in history.enumerated() where kept[index] {
                let ok = fresh.run(source: entry.source, file: "<repl>") { outcomes[index].append($0) }.succeeded
                if Session.interruptRequested { return nil }
                if !ok {
                    failed = index
                    break
                }
            }
            guard let failed else { return outcomes }
            kept[failed] = false
        }
    }

    /// The Markdown cell standing for a left-out entry: why, and its code as an indented block.
    static func leftOutNote(_ source: String, failedHere: Bool) -> String {
        var note = "# %% [markdown]\n# Left out by `:save`: this entry "
            + (failedHere ? "failed or was interrupted in the session.\n"
                          : "failed when the session was replayed without the entries left out before it.\n")
        note += "#\n"
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            note += "#     " + line + "\n"
        }
        return note
    }
}

/// Monotonic wall-clock time in seconds.
enum Clock {
    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
    }

    /// Three significant digits in the largest unit that keeps the number at least 1.
    static func format(_ seconds: Double) -> String {
        let (value, unit): (Double, String) =
            seconds >= 1 ? (seconds, "s") : seconds >= 1e-3 ? (seconds * 1e3, "ms")
            : seconds >= 1e-6 ? (seconds * 1e6, "µs") : (seconds * 1e9, "ns")
        let decimals = value >= 100 ? 0 : value >= 10 ? 1 : 2
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        guard value.isFinite, value < 1e15 else { return "\(value) \(unit)" }
        let scaled = Int((value * scale).rounded())
        let whole = scaled / Int(scale), fraction = scaled % Int(scale)
        var text = String(whole)
        if decimals > 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: decimals - digits.count) + digits
        }
        return text + " " + unit
    }
}


