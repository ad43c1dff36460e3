"""Choosing an annotator: stanza when its models are found, the announced fallback otherwise."""
from __future__ import annotations

import pytest

from attribution.errors import ModelNotFoundError
from attribution.extract import sentence_has_cue
from attribution.ingest import document_from_text
from attribution.nlp import FallbackAnnotator, get_annotator
from attribution.nlp.fallback import split_sentences

TEXT = ("شهدت المدينة هدوءاً تاماً صباح اليوم. وقال الوزير إن الهدنة صامدة. "
        "وتستمر الحياة في الأسواق كالمعتاد. وأضاف أن المساعدات ستصل غداً.")


def test_missing_models_fall_back_and_announce_reduced_mode_once(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(FallbackAnnotator, "_announced", False)
    a = get_annotator(str(tmp_path / "none"))
    b = get_annotator(str(tmp_path / "none"))
    assert a.name == b.name == "fallback"
    assert capsys.readouterr().err.count("reduced mode") == 1


def test_an_explicit_model_directory_that_is_missing_is_an_error(tmp_path):
    with pytest.raises(ModelNotFoundError, match="missing in .*tokenize"):
        get_annotator(str(tmp_path / "none"), required=True)


def test_cli_with_a_wrong_models_dir_gives_one_line(cli, tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text(TEXT, encoding="utf-8")
    code, _, err = cli("--models", tmp_path / "none", "extract", doc)
    assert code == 1 and err.strip().startswith("attribution: error: stanza Arabic models missing")


def test_prefilter_selects_only_sentences_with_a_cue():
    sents = split_sentences(TEXT)
    picked = [TEXT[s.start:s.end] for s in sents if sentence_has_cue(TEXT, s)]
    assert picked == ["وقال الوزير إن الهدنة صامدة.", "وأضاف أن المساعدات ستصل غداً."]


def test_models_command_lists_every_processor(cli, stanza_dir):
    code, out, _ = cli("--models", stanza_dir, "models")
    assert code == 0
    for proc in ("tokenize", "mwt", "pos", "lemma", "depparse"):
        assert proc in out
    assert "no" not in out.split()


@pytest.mark.stanza
def test_stanza_parses_only_cue_sentences_and_keeps_rule_token_boundaries(stanza_dir):
    from attribution.nlp.stanza_annotator import StanzaAnnotator, load_pipeline

    ann = StanzaAnnotator(stanza_dir)
    doc = document_from_text("t", TEXT)
    adoc = ann.annotate(doc, lambda text, s: sentence_has_cue(text, s))
    assert [s.parsed for s in adoc.sentences] == [False, True, False, True]
    plain = split_sentences(TEXT)
    assert [[(t.start, t.end) for t in s.tokens] for s in adoc.sentences] == \
        [[(t.start, t.end) for t in s.tokens] for s in plain]
    qala = adoc.sentences[1].tokens[0]
    assert qala.text == "وقال" and qala.words and any(w.upos for w in qala.words)
    assert load_pipeline(stanza_dir) is load_pipeline(stanza_dir)  # built once per process


@pytest.mark.stanza
def test_models_download_without_network_is_one_line(cli, tmp_path):
    code, _, err = cli("--models", tmp_path / "dl", "models", "download")
    if code == 0:
        pytest.skip("this machine reached stanza's model hub")
    assert code == 1
    assert err.count("\n") == 1 and "cannot download stanza models" in err and "STANZA_RESOURCES_DIR" in err
