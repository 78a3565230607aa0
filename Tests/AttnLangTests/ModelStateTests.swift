import AttnLang
import XCTest

/// Behaviour of models that a golden program cannot show because an error ends its run:
/// a failed `load_state` changes nothing, and a successful one writes into the live
/// parameters that an optimizer already holds.
final class ModelStateTests: XCTestCase {
    /// Runs `source` in `session`; returns what it showed, or the first error message.
    func run(_ session: Session, _ source: String) -> (shown: [String], error: String?) {
        var shown: [String] = []
        var error: String?
        session.run(source: source, file: "<test>") { outcome in
            shown += outcome.items.map(\.text)
            if let e = outcome.error, error == nil { error = e.message }
        }
        return (shown, error)
    }

    func testFailedLoadStateChangesNothing() {
        let session = Session()
        XCTAssertNil(run(session, """
            seed(0)
            model = {"a": linear(2, 2), "b": linear(2, 3)}
            before = state(model)
            copies = {"a.weight": before["a.weight"].clone(), "b.weight": before["b.weight"].clone()}
            bad = {"a.weight": zeros(2, 2), "a.bias": zeros(2), "b.weight": zeros(2, 2), "b.bias": zeros(3)}
            """).error)
        let failed = run(session, "load_state(model, bad)")
        XCTAssertEqual(failed.error, "load_state: b.weight has shape [3, 2] in the model but [2, 2] in the state")
        // a.weight came before the bad entry and must not have been written.
        XCTAssertEqual(run(session, "print(allclose(model.a.weight, copies[\"a.weight\"]))").shown, ["true"])
    }

    func testLoadStateWritesIntoParametersAnOptimizerHolds() {
        let session = Session()
        let result = run(session, """
            seed(0)
            model = {"out": linear(2, 1)}
            opt = sgd(params(model), lr: 1)
            load_state(model, {"out.weight": tensor([[1, 2]]), "out.bias": tensor([0.5])})
            loss = sum(model.out(tensor([1, 1])))
            loss.backward()
            opt.step()
            print(model.out.weight, model.out.bias)
            """)
        XCTAssertNil(result.error)
        // d(loss)/dw = x = [1, 1], d/db = 1; one SGD step of lr 1 from the loaded values.
        XCTAssertEqual(result.shown, ["tensor([[0., 1.]], shape=[1, 2], requires_grad=True) tensor([-0.5000], shape=[1], requires_grad=True)"])
    }

    func testStateIsDetachedButSharesStorage() {
        let session = Session()
        let result = run(session, """
            model = {"out": linear(2, 1)}
            s = state(model)
            print(s["out.weight"].requires_grad)
            s["out.weight"][0, 0] = 7
            print(model.out.weight[0, 0].item())
            """)
        XCTAssertNil(result.error)
        XCTAssertEqual(result.shown, ["false", "7"])
    }

    func testParamsListsSharedLayersOnce() {
        let session = Session()
        let result = run(session, """
            shared = linear(2, 2)
            model = {"a": shared, "b": shared}
            print(len(params(model)), len(state(model)))
            opt = adam(model)
            """)
        XCTAssertNil(result.error)
        XCTAssertEqual(result.shown, ["2 4"])
    }
}
