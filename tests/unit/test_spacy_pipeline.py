"""The project's own spaCy pipeline: built from spacy.blank("en"), no download."""

from assistant.safety import lexicon
from dev_tools import build_spacy_pipeline


def test_built_pipeline_components(nlp):
    assert nlp.pipe_names == ["sentencizer", "lemmatizer", "entity_ruler"]
    assert nlp.meta["name"] == "acupuncture_back_pain"


def test_lookup_lemmatizer_works(nlp):
    doc = nlp("my legs were aching after sessions")
    assert [t.lemma_ for t in doc][1:4] == ["leg", "be", "ache"]


def test_entity_ruler_marks_lexicon_terms_with_their_ids(nlp):
    doc = nlp("I take Xarelto and I'm 20 weeks pregnant")
    found = {(e.label_, e.ent_id_) for e in doc.ents}
    assert ("MEDICINE", "anticoagulant") in found
    assert ("CONDITION", "pregnancy") in found


def test_contractions_match_whatever_the_apostrophe(nlp):
    for text in ["I can't pee", "i cant pee", "I can’t pee", "I cannot pee"]:
        assert "urinary_retention" in {e.ent_id_ for e in nlp(text)}, text


def test_every_lexicon_phrase_becomes_a_pattern():
    lex = lexicon.load()
    nlp = build_spacy_pipeline.build(lex)
    assert len(nlp.get_pipe("entity_ruler")) == len(lex.entity_ruler_patterns())


def test_new_term_needs_no_code_change(tmp_path):
    import shutil

    for f in lexicon.LEXICON_DIR.glob("*.yml"):
        shutil.copy(f, tmp_path / f.name)
    with (tmp_path / "medicines.yml").open("a") as fh:
        fh.write("  made_up_thinner:\n    level: caution\n    note: Test term.\n    phrases: [zorbafarin]\n")
    nlp = build_spacy_pipeline.build(lexicon.load(tmp_path))
    assert [e.ent_id_ for e in nlp("I take zorbafarin daily").ents] == ["made_up_thinner"]
