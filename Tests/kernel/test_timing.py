"""Start-up and round trip stay interactive (the recorded figures are in README and
Benchmarks/RESULTS.md; here only loose bounds, since the machine may be busy)."""
import statistics

from conftest import ATTN
from measure import round_trip, start_to_kernel_info


def test_kernel_answers_kernel_info_within_seconds_of_starting():
    assert start_to_kernel_info(ATTN) < 5


def test_a_small_cell_round_trip_is_fast():
    assert statistics.median(round_trip(ATTN, runs=5)) < 1
