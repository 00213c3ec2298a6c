"""The article is found through one setting; without it a test is skipped locally and fails in CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from article import SETTING, article_path, require_article


def test_setting_names_a_file_or_a_folder_holding_one(tmp_path: Path, monkeypatch):
    text = tmp_path / "article.txt"
    text.write_text("Öz", encoding="utf-8")
    (tmp_path / "README.md").write_text("about it", encoding="utf-8")
    monkeypatch.setenv(SETTING, str(text))
    assert article_path() == text
    monkeypatch.setenv(SETTING, str(tmp_path))
    assert require_article() == text


def test_missing_article_is_skipped_with_what_to_set(tmp_path: Path, monkeypatch):
    monkeypatch.setenv(SETTING, str(tmp_path / "nowhere"))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=f"set {SETTING} to its .txt file"):
        require_article()


def test_missing_article_fails_in_ci(tmp_path: Path, monkeypatch):
    monkeypatch.setenv(SETTING, str(tmp_path / "nowhere"))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=f"set {SETTING}"):
        require_article()
