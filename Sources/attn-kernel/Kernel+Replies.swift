import AttnLang
import Foundation

/// The contents of the replies the main thread gives itself (all but `execute_reply`).
extension Kernel {
    /// The reply content for `request`, or nil for a type this kernel does not know.
    func replyContent(to request: WireMessage) -> JSONObject? {
        let content = request.content
        switch request.type {
        case "kernel_info_request": return kernelInfo
        case "complete_request": return complete(content["code"] as? String ?? "", cursor: content["cursor_pos"] as? Int)
        case "inspect_request": return inspect(content["code"] as? String ?? "", cursor: content["cursor_pos"] as? Int)
        case "is_complete_request": return isComplete(content["code"] as? String ?? "")
        case "history_request": return ["status": "ok", "history": runner.history.reply(to: content)]
        case "comm_info_request": return ["status": "ok", "comms": [:] as JSONObject]
        case "shutdown_request":
            let restart: Bool = content["restart"] as? Bool ?? false
            return ["status": "ok", "restart": restart]
        case "interrupt_request": return ["status": "ok"]
        default: return nil
        }
    }

    var kernelInfo: JSONObject {
        let language: JSONObject = [
            "name": "attn", "version": AttnVersion.number, "mimetype": "text/x-attn",
            "file_extension": ".attn", "pygments_lexer": "python", "codemirror_mode": "python",
        ]
        let banner: String = "attn \(AttnVersion.number) — tensors, autograd and attention in a notebook. ?name for help."
        return [
            "status": "ok",
            "protocol_version": WireMessage.protocolVersion,
            "implementation": "attn",
            "implementation_version": AttnVersion.number,
            "language_info": language,
            "banner": banner,
            "help_links": [] as [Any],
            "debugger": false,
        ]
    }

    /// What Tab completes in the REPL, for the text before the cursor. Jupyter replaces
    /// `cursor_start..<cursor_end` with a match, so every match here starts at the beginning
    /// of the word being completed (see `CompletionSpan`).
    func complete(_ code: String, cursor: Int?) -> JSONObject {
        let scalars = Array(code.unicodeScalars)
        let end = min(max(cursor ?? scalars.count, 0), scalars.count)
        let before = String(String.UnicodeScalarView(scalars[..<end]))
        let span = CompletionSpan(textBeforeCursor: before, candidates: runner.session.completions(for: before))
        let start: Int = end - span.length
        return ["status": "ok", "matches": span.matches, "cursor_start": start, "cursor_end": end, "metadata": [:] as JSONObject]
    }

    /// What `?name` shows in the REPL, for the name at (or just before) the cursor.
    func inspect(_ code: String, cursor: Int?) -> JSONObject {
        let scalars = Array(code.unicodeScalars)
        let end = min(max(cursor ?? scalars.count, 0), scalars.count)
        let isName: (Unicode.Scalar) -> Bool = { c in
            c.properties.isAlphabetic || c.properties.numericType == .decimal || c == Unicode.Scalar(UInt8(ascii: "_"))
        }
        var start = end, stop = end
        while start > 0, isName(scalars[start - 1]) { start -= 1 }
        while stop < scalars.count, isName(scalars[stop]) { stop += 1 }
        let name = String(String.UnicodeScalarView(scalars[start..<stop]))
        guard !name.isEmpty, let help = runner.session.help(for: name) else {
            return ["status": "ok", "found": false, "data": [:] as JSONObject, "metadata": [:] as JSONObject]
        }
        let data: JSONObject = ["text/plain": help]
        return ["status": "ok", "found": true, "data": data, "metadata": [:] as JSONObject]
    }

    /// The REPL's rule: an open bracket or string wants more lines; a parse error that more
    /// lines cannot fix is `invalid`.
    func isComplete(_ code: String) -> JSONObject {
        if runner.session.needsMoreInput(code) { return ["status": "incomplete", "indent": ""] }
        if !runner.session.parseErrors(in: code).isEmpty { return ["status": "invalid"] }
        return ["status": "complete"]
    }
}
