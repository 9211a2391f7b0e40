"""Finding files and naming them: the provenance key is the same whichever way the operator
names the archive, and does not depend on where the checkout lives."""

from __future__ import annotations

from articles.importing.files import find_files


def test_keys_start_at_the_named_folder(tmp_path, monkeypatch):
    archive = tmp_path / "checkout" / "seeds"
    (archive / "2021").mkdir(parents=True)
    (archive / "a.txt").write_text("x", encoding="utf-8")
    (archive / "2021" / "b.txt").write_text("x", encoding="utf-8")
    (archive / "notes.md").write_text("x", encoding="utf-8")
    (archive / ".hidden").mkdir()
    (archive / ".hidden" / "c.txt").write_text("x", encoding="utf-8")

    by_folder = [f.key for f in find_files([str(archive)]).files]
    assert by_folder == ["seeds/2021/b.txt", "seeds/a.txt"]
    assert [f.key for f in find_files([str(archive / "*.txt")]).files] == ["seeds/a.txt"]
    assert [f.key for f in find_files([str(archive / "**" / "*.txt")]).files] == ["seeds/2021/b.txt", "seeds/a.txt"]
    assert [f.key for f in find_files([str(archive / "a.txt")]).files] == ["seeds/a.txt"]
    monkeypatch.chdir(tmp_path / "checkout")
    assert [f.key for f in find_files(["seeds"]).files] == by_folder


def test_a_file_named_twice_is_imported_once(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    found = find_files([str(tmp_path), str(tmp_path / "a.txt"), str(tmp_path / "*.txt")])
    assert len(found.files) == 1 and found.missing == []


def test_pattern_option_for_other_extensions(tmp_path):
    (tmp_path / "a.TXT").write_text("x", encoding="utf-8")
    (tmp_path / "b.text").write_text("x", encoding="utf-8")
    assert [f.path.name for f in find_files([str(tmp_path)], pattern="*.text").files] == ["b.text"]
