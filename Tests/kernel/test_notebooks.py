"""Every notebook in notebooks/, exported with `attn render -o x.ipynb`, runs under the attn
kernel in nbclient without a cell error and reproduces its recorded outputs.

The export writes a cell's text as one stdout stream, while the kernel sends the value of a
final expression as `execute_result` (as any Jupyter kernel does): outputs are compared as
the same sequence of text and figures."""
import copy
import subprocess

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ATTN, ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.attn"))


def comparable(outputs):
    """Consecutive text joined; a figure as its SVG and text; an error as its traceback."""
    result = []
    for output in outputs:
        kind = output["output_type"]
        if kind in ("stream", "execute_result"):
            text = output["text"] if kind == "stream" else output["data"]["text/plain"] + "\n"
            if result and result[-1][0] == "text":
                result[-1] = ("text", result[-1][1] + text)
            else:
                result.append(("text", text))
        elif kind == "display_data":
            result.append(("figure", output["data"]["image/svg+xml"], output["data"]["text/plain"]))
        elif kind == "error":
            result.append(("error", tuple(output["traceback"])))
    return result


@pytest.mark.parametrize("source", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_under_the_kernel(source, tmp_path):
    exported = tmp_path / (source.stem + ".ipynb")
    subprocess.run([ATTN, "render", str(source), "-o", str(exported)], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    recorded = nbformat.read(str(exported), as_version=4)
    assert recorded.metadata.kernelspec.name == "attn"
    notebook = copy.deepcopy(recorded)
    # Relative paths in cells (data files) resolve from the repository, as for `attn check`.
    NotebookClient(notebook, timeout=120, resources={"metadata": {"path": str(ROOT)}}).execute()
    for index, (before, after) in enumerate(zip(recorded.cells, notebook.cells)):
        if before.cell_type != "code":
            continue
        assert not any(o["output_type"] == "error" for o in after.outputs), (index, after.outputs)
        assert comparable(after.outputs) == comparable(before.outputs), f"cell {index}: {before.source}"
