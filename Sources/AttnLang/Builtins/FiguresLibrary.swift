import TensorRuntime

/// Figures (LANGUAGE.md §5 "Show"): `heatmap` and `plot` display a `Figure` below the
/// statement and return none, like matplotlib in a notebook.
enum FiguresLibrary {
    static let library = Library(name: "Show", builtins: builtins)

    static let builtins: [Builtin] = [
        Builtin("heatmap", methodOf: [.tensor], section: "Show",
                summary: "Shows a 2-D tensor (leading size-1 dimensions dropped) as an attention plot with labelled rows and columns; shades span the smallest to the largest value unless vmin:/vmax: fix the ends (as matplotlib's matshow); returns none.",
                example: "heatmap(tensor([[0.6, 0.2, 0.2], [0.2, 0.7, 0.1], [0.3, 0.1, 0.5]]), rows: [\"Tom\", \"chase\", \"Jerry\"], cols: [\"Tom\", \"chase\", \"Jerry\"])") { p in
          let w = p.tensor("w"), rowsArg = p.value("rows", hint: "list of labels", default: Value.none)
          let colsArg = p.value("cols", hint: "list of labels", default: Value.none), titleArg = p.optional("title", String.self)
          let vminArg = p.optional("vmin", Double.self), vmaxArg = p.optional("vmax", Double.self)
          return { a in
            let t = try a[w]
            var shape = t.shape
            while shape.count > 2, shape.first == 1 { shape.removeFirst() }
            if shape.count == 1 { shape.insert(1, at: 0) }
            guard shape.count == 2 else {
                throw LangError("heatmap: expected a matrix, got shape \(shapeString(t.shape)) (only leading size-1 dimensions are dropped)")
            }
            let rows = try labels(a, rowsArg, count: shape[0], what: "rows")
            let cols = try labels(a, colsArg, count: shape[1], what: "columns")
            let title = try a[titleArg]
            let values = t.toArray().map(Double.init)
            let vmin = try a[vminArg], vmax = try a[vmaxArg]
            for (name, v) in [("vmin", vmin), ("vmax", vmax)] where v.map({ !$0.isFinite }) == true {
                throw LangError("heatmap: \(name) must be a finite number")
            }
            if let vmin, let vmax, vmin > vmax {
                throw LangError("heatmap: vmin (\(Value.number(vmin).repr)) must be less than or equal to vmax (\(Value.number(vmax).repr))")
            }
            guard let figure = Heatmap(rows: shape[0], cols: shape[1], values: values, rowLabels: rows,
                                       colLabels: cols, title: title, vmin: vmin, vmax: vmax) else {
                throw LangError("heatmap: labels do not fit shape \(shapeString(shape))")
            }
            a.context.display(.figure(figure))
            return .none
          }
        },
        Builtin("plot", section: "Show",
                summary: "Shows a line chart of one or more series (lists of numbers or 1-D tensors, e.g. train and held-out loss) on shared axes; labels: names them in a legend, xlabel:/ylabel: title the axes; returns none.",
                example: "plot([2.3, 1.7, 1.2, 0.9], [2.4, 1.9, 1.6, 1.5], labels: [\"train\", \"held-out\"])") { p in
          let seriesArg = p.rest("values", hint: "lists or 1-D tensors")
          let labelsArg = p.value("labels", hint: "list of labels", default: Value.none), titleArg = p.optional("title", String.self)
          let xArg = p.optional("xlabel", String.self), yArg = p.optional("ylabel", String.self)
          return { a in
            let given = a[seriesArg]
            guard !given.isEmpty else { throw LangError("plot: there are no values to plot") }
            let series = try given.map(seriesValues)
            let names = try labels(a, labelsArg, count: series.count, what: given.count == 1 ? "series" : "series", who: "plot")
            let figure = LinePlot(series: series.enumerated().map { (names?[$0.offset], $0.element) },
                                  title: try a[titleArg], xLabel: try a[xArg], yLabel: try a[yArg])
            a.context.display(.figure(figure))
            return .none
          }
        },
    ]

    /// Labels from a list or tuple (strings as they are, other values as printed), or nil for none.
    static func labels(_ a: Arguments, _ arg: Arg<Value>, count: Int, what: String, who: String = "heatmap") throws -> [String]? {
        let items: [Value]
        switch a.value(arg) {
        case .none: return nil
        case .list(let l): items = l.items
        case .tuple(let t): items = t
        default: throw a.failure(arg, "a list of labels")
        }
        guard items.count == count else {
            throw LangError("\(who): \(a.parameterName(arg.slot)) has \(items.count) label\(items.count == 1 ? "" : "s") for \(count) \(what)")
        }
        return items.map(\.str)
    }

    /// One series of `plot`: a list or tuple of numbers, or a tensor with one non-1 dimension.
    static func seriesValues(_ v: Value) throws -> [Double] {
        let values: [Double]
        switch v {
        case .list(let l): values = try numbers(l.items)
        case .tuple(let t): values = try numbers(t)
        case .tensor(let t):
            guard t.shape.filter({ $0 != 1 }).count <= 1 else {
                throw LangError("plot: expected a list or a 1-D tensor, got shape \(shapeString(t.shape))")
            }
            values = t.toArray().map(Double.init)
        default:
            throw LangError("plot: expected a list of numbers or a 1-D tensor, got \(describeForError(v))")
        }
        guard !values.isEmpty else { throw LangError("plot: there are no values to plot") }
        return values
    }

    static func numbers(_ items: [Value]) throws -> [Double] {
        try items.map { v -> Double in
            switch v {
            case .number(let x): return x
            case .bool(let b): return b ? 1 : 0
            case .tensor(let t) where t.count == 1: return Double(try t.item())
            default: throw LangError("plot: expected numbers, found \(describeForError(v))")
            }
        }
    }
}
