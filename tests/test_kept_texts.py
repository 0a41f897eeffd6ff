"""Texts kept beside the doctrees (site/kept_texts.py): read back exactly, or not at all."""

from __future__ import annotations

import json

from policybook.site.kept_texts import KeptTexts

TEXTS = {"a1": '{"title":"事项\\n甲"}', "b2": "BEGIN:VEVENT\r\nSUMMARY:申报\tx\r\nEND:VEVENT\r\n", "c3": "", "d4": "\n\n"}


def kept(folder, version: int = 1) -> KeptTexts:
    return KeptTexts(folder, "kept.txt", "texts", version)


def test_texts_come_back_exactly_and_only_the_used_ones_are_kept(tmp_path):
    first = kept(tmp_path)
    for key, text in TEXTS.items():
        assert first.text(key, lambda text=text: text) == text
    first.save()
    second = kept(tmp_path)
    assert second.loaded == TEXTS
    assert second.text("b2", lambda: "made again") == TEXTS["b2"]
    assert second.text("e5", lambda: "new") == "new"
    stamp = (tmp_path / "kept.txt").stat().st_mtime_ns
    second.save()
    assert kept(tmp_path).loaded == {"b2": TEXTS["b2"], "e5": "new"}
    third = kept(tmp_path)
    third.text("b2", lambda: "x"), third.text("e5", lambda: "x")
    stamp = (tmp_path / "kept.txt").stat().st_mtime_ns
    third.save()  # the texts it read: nothing written
    assert (tmp_path / "kept.txt").stat().st_mtime_ns == stamp


def test_a_cut_short_another_version_or_an_older_file_is_not_read(tmp_path):
    first = kept(tmp_path)
    for key, text in TEXTS.items():
        first.text(key, lambda text=text: text)
    first.save()
    data = (tmp_path / "kept.txt").read_bytes()
    assert kept(tmp_path, version=2).loaded == {}
    (tmp_path / "kept.txt").write_bytes(data[:-3])
    assert kept(tmp_path).loaded == {}
    (tmp_path / "kept.txt").write_text(json.dumps({"version": 1, "texts": TEXTS}), "utf-8")  # the JSON of before
    assert kept(tmp_path).loaded == {}
    (tmp_path / "kept.txt").write_bytes(b"\xff\xfe")
    assert kept(tmp_path).loaded == {}
