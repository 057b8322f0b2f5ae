import pytest

from actorgraph.graph.errors import DataFileError
from actorgraph.graph.extract.lexicon import available_languages, load_lexicon, load_lexicon_dir


def test_packaged_languages_load():
    assert {"en", "id"} <= set(available_languages())
    for lang in ("en", "id"):
        lex = load_lexicon(lang)
        assert lex.titles and lex.triggers and lex.cues and lex.months
    assert load_lexicon("id").titles["presiden"] == ("headOfState", "president")
    assert load_lexicon("en").triggers["met"] == ("Meeting", "word")


def copy_lexicon(tmp_path, lang="en"):
    src = load_lexicon.__wrapped__  # noqa: F841 - make sure the cache does not hide errors
    from actorgraph.graph.extract.lexicon import LEXICON_ROOT

    dst = tmp_path / lang
    dst.mkdir()
    for f in LEXICON_ROOT.joinpath(lang).iterdir():
        (dst / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    return dst


def test_bad_relation_names_file_and_line(tmp_path):
    dst = copy_lexicon(tmp_path)
    lines = (dst / "titles.tsv").read_text().splitlines()
    lines.append("Grand Vizier\theadOfStat\tvizier")
    (dst / "titles.tsv").write_text("\n".join(lines) + "\n")
    with pytest.raises(DataFileError) as err:
        load_lexicon_dir(dst, "en")
    assert f"titles.tsv:{len(lines)}" in str(err.value)
    assert "headOfStat" in str(err.value)


def test_bad_header_and_missing_column(tmp_path):
    dst = copy_lexicon(tmp_path)
    (dst / "cues.tsv").write_text("word\tstatus\tscope\nwill\tPlanned\tbefore\n")
    with pytest.raises(DataFileError, match="cues.tsv:1"):
        load_lexicon_dir(dst, "en")
    (dst / "cues.tsv").write_text("cue\tstatus\tscope\nwill\tPlanned\n")
    with pytest.raises(DataFileError, match="cues.tsv:2"):
        load_lexicon_dir(dst, "en")


def test_new_language_is_a_folder(tmp_path):
    dst = copy_lexicon(tmp_path, "en")
    new = tmp_path / "xx"
    dst.rename(new)
    lex = load_lexicon_dir(new, "xx")
    assert lex.lang == "xx" and lex.titles


def test_event_words_are_read_by_is_a_but_do_not_stop_names(tmp_path):
    lex = load_lexicon("en")
    assert lex.is_a("Phone", "phone") and lex.is_a("bilateral", "count2")
    assert "phone" not in lex.words and "bilateral" not in lex.words   # no name ends at them
    dst = copy_lexicon(tmp_path)
    lines = (dst / "eventwords.tsv").read_text().splitlines()
    lines.append("ringing\ttelephone")
    (dst / "eventwords.tsv").write_text("\n".join(lines) + "\n")
    with pytest.raises(DataFileError) as err:
        load_lexicon_dir(dst, "en")
    assert f"eventwords.tsv:{len(lines)}" in str(err.value) and "telephone" in str(err.value)
