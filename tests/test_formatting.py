"""Formatting generated code: results kept per output, only changed files formatted again."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import cache_files, formatting
from generator.diagnostics import SpecError

FILES = {"a.py": "x=[1,\n2]\n", "b.py": "def f( y ):\n  return y\n", "README.md": "x=[1,\n2]\n"}


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[list[str]]:
    """The names each run of ruff was given, with a cache of our own."""
    monkeypatch.setenv("APIGEN_CACHE", str(tmp_path / "cache"))
    seen: list[list[str]] = []
    ruff = formatting.FORMATTERS["ruff"]

    def counting(pending: dict[str, str]) -> dict[str, str]:
        seen.append(sorted(pending))
        return ruff(pending)

    monkeypatch.setitem(formatting.FORMATTERS, "ruff", counting)
    return seen


def test_python_files_are_formatted_and_others_left_alone(calls: list[list[str]]) -> None:
    result = formatting.format_files(FILES, "ruff")
    assert result == {"a.py": "x = [1, 2]\n", "b.py": "def f(y):\n    return y\n", "README.md": FILES["README.md"]}
    assert calls == [["a.py", "b.py"]]


def test_a_second_run_formats_only_what_changed(calls: list[list[str]]) -> None:
    first = formatting.format_files(FILES, "ruff", cache_name="out\0python")
    changed = FILES | {"b.py": "def f( z ):\n  return z\n"}
    second = formatting.format_files(changed, "ruff", cache_name="out\0python")
    again = formatting.format_files(changed, "ruff", cache_name="out\0python")
    other = formatting.format_files(FILES, "ruff", cache_name="elsewhere\0python")
    assert calls == [["a.py", "b.py"], ["b.py"], ["a.py", "b.py"]]
    assert second == again == first | {"b.py": "def f(z):\n    return z\n"}
    assert other == first


def test_a_damaged_cache_is_ignored(calls: list[list[str]]) -> None:
    formatting.format_files(FILES, "ruff", cache_name="out")
    (pack,) = (cache_files.cache_dir() / "formatted").rglob("*.json")
    for damage in ("{not json", '["a list"]', '{"key": 3}'):
        pack.write_text(damage, encoding="utf-8")
        assert formatting.format_files(FILES, "ruff", cache_name="out")["a.py"] == "x = [1, 2]\n"
    assert len(calls) == 4


def test_code_that_does_not_parse_is_reported_by_file_and_line(calls: list[list[str]]) -> None:
    with pytest.raises(SpecError) as caught:
        formatting.format_files({"ok.py": "x = 1\n", "bad.py": "x = 1\ndef (:\n"}, "ruff")
    assert "bad.py:2" in str(caught.value) and "not valid Python" in str(caught.value)
