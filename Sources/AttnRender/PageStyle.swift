/// The inline stylesheet of rendered pages: a readable text column, code cells on a light
/// background, monospace outputs, figures scaled down to the column when wider.
enum PageStyle {
    static let css = """
    :root {
      --text: #1f2328; --muted: #656d76; --rule: #d0d7de; --code-bg: #f6f8fa;
      --accent: #0969da; --error: #cf222e; --error-bg: #ffebe9;
      --mono: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace;
    }
    * { box-sizing: border-box; }
    html { background: #fff; }
    body {
      margin: 0; color: var(--text);
      font: 16px/1.6 system-ui, -apple-system, "Segoe UI", "Noto Sans", "DejaVu Sans", Helvetica, Arial, sans-serif;
    }
    main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1.5rem 4rem; }
    .nb-header { color: var(--muted); font-size: 0.85rem; border-bottom: 1px solid var(--rule);
      padding-bottom: 0.4rem; margin-bottom: 1rem; font-family: var(--mono); }
    .nb-status.failed { color: var(--error); font-weight: 600; margin-left: 0.5rem; }
    .cell { margin: 0.9rem 0; }
    .markdown h1 { font-size: 2rem; line-height: 1.25; margin: 1.2rem 0 0.6rem; }
    .markdown h2 { font-size: 1.4rem; margin: 1.6rem 0 0.4rem; padding-bottom: 0.2rem; border-bottom: 1px solid var(--rule); }
    .markdown h3 { font-size: 1.15rem; margin: 1.2rem 0 0.3rem; }
    .markdown p, .markdown ul, .markdown ol { margin: 0.5rem 0; }
    .markdown code { font-family: var(--mono); font-size: 0.88em; background: var(--code-bg);
      padding: 0.1em 0.35em; border-radius: 4px; }
    .markdown pre { background: var(--code-bg); padding: 0.6rem 0.9rem; border-radius: 6px; overflow-x: auto; }
    .markdown pre code { background: none; padding: 0; font-size: 0.9rem; }
    .markdown blockquote { margin: 0.5rem 0; padding: 0 1rem; color: var(--muted); border-left: 3px solid var(--rule); }
    .markdown table { border-collapse: collapse; margin: 0.5rem 0; }
    .markdown th, .markdown td { border: 1px solid var(--rule); padding: 0.25rem 0.6rem; }
    .markdown a { color: var(--accent); }
    .cell-title { font-size: 0.8rem; color: var(--muted); font-family: var(--mono); margin-bottom: 0.2rem; }
    pre { margin: 0; white-space: pre; overflow-x: auto; }
    pre.source { background: var(--code-bg); border: 1px solid var(--rule); border-left: 3px solid var(--accent);
      border-radius: 6px; padding: 0.65rem 0.9rem; font: 0.875rem/1.5 var(--mono); }
    .not-run { color: var(--muted); font-size: 0.8rem; font-style: italic; margin-top: 0.2rem; }
    .outputs { margin: 0.35rem 0 0 0; padding-left: 0.9rem; border-left: 3px solid transparent; }
    .output { margin: 0.35rem 0; }
    pre.output { font: 0.84rem/1.45 var(--mono); color: #24292f; padding: 0.15rem 0; }
    pre.output.error { color: var(--error); background: var(--error-bg); border-radius: 6px; padding: 0.5rem 0.8rem; }
    figure.output { margin: 0.5rem 0; overflow-x: auto; }
    figure.output svg { max-width: 100%; height: auto; display: block; }
    /* Line charts are drawn 480 wide; a loss curve reads better a little larger (the viewBox scales it). */
    figure.output.plot svg { width: 640px; }
    code .k { color: #cf222e; font-weight: 600; }
    code .n { color: #0550ae; }
    code .s { color: #0a3069; }
    code .c { color: #6e7781; font-style: italic; }
    code .f { color: #8250df; }
    code .a { color: #953800; }
    code .o { color: #cf222e; }
    code .p { color: #57606a; }
    code .e { color: var(--error); text-decoration: underline wavy; }
    .index-list { list-style: none; padding: 0; }
    .index-list li { border: 1px solid var(--rule); border-radius: 8px; padding: 0.7rem 1rem; margin: 0.6rem 0; }
    .index-list .name { font-size: 1.1rem; font-weight: 600; }
    .index-list .meta { color: var(--muted); font-size: 0.85rem; font-family: var(--mono); }
    .index-list a { color: var(--accent); text-decoration: none; }
    .index-list a:hover { text-decoration: underline; }

    """
}
