"""The benchmarks still run (their figures are read from full runs, not here)."""

from bench import import_tree, parse


def test_parse_benchmark_reports_both_parsers_and_the_ratio():
    result = parse.run(count=20, seed=3, repeat=1)
    text = parse.table(result)
    assert "ratio wgbot/floor" in text
    assert result["wgbot"]["median_ms"] > 0 and result["floor"]["median_ms"] > 0


def test_import_benchmark_imports_everything_then_changes_nothing():
    result = import_tree.run(files=30, seed=3)
    assert result["meetings"] == 30
    assert "30 stored" in result["first_summary"]
    assert "0 stored, 30 unchanged" in result["second_summary"]
