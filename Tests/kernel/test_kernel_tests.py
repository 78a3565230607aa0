"""jupyter_kernel_test's conformance suite for the attn kernel, every optional sample filled
in (attn has no way to write to stderr and no clear_output, so those two stay empty)."""
import unittest

import jupyter_kernel_test


class AttnKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "attn"
    language_name = "attn"
    file_extension = ".attn"

    code_hello_world = 'print("hello, world")'

    completion_samples = [
        {"text": "softm", "matches": {"softmax"}},
        {"text": "x = [1, 2]\ny = arang", "matches": {"arange"}},
    ]

    complete_code_samples = ["1 + 1", "x = [1, 2, 3]", "fn f(a) {\n  return a\n}"]
    # A string ends on its line (the REPL's rule), so an open one is invalid; an open """ is not.
    incomplete_code_samples = ["f(1,", "x = [1, 2", "fn f(a) {", 's = """abc']
    invalid_code_samples = ["1 +", "x = = 2", ")", 'print("abc']

    code_display_data = [
        {"code": "heatmap(tensor([[0.1, 0.9], [0.7, 0.3]]))", "mime": "image/svg+xml"},
        {"code": "heatmap(tensor([[0.1, 0.9], [0.7, 0.3]]))", "mime": "text/plain"},
    ]

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "y = 2\ny + 1", "result": "3"},
        {"code": "tensor([1.0, 2.0]).sum()", "result": "tensor(3., shape=[])"},
    ]
    code_history_pattern = "6 *"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "softmax"
    code_page_something = "?softmax"
    code_generate_error = "undefined_name + 1"


if __name__ == "__main__":
    unittest.main()
