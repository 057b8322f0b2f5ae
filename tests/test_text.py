from actorgraph.graph.extract.text import fold, split_sentences, tokenize


def sentences(text, abbreviations=frozenset({"mr", "dr"})):
    toks = tokenize(text)
    return [text[s.start:s.end] for s in split_sentences(text, toks, abbreviations)]


def test_tokens_keep_offsets_and_initialisms():
    text = "The U.S. envoy met Putin's aide on 30/5/2025."
    toks = tokenize(text)
    assert [t.text for t in toks][:3] == ["The", "U.S.", "envoy"]
    assert "'s" in [t.text for t in toks]
    assert "30/5/2025" in [t.text for t in toks]
    for t in toks:
        assert text[t.start:t.end] == t.text


def test_hyphens_are_tokens_so_pairs_split():
    toks = tokenize("konflik Israel-Palestina")
    assert [t.text for t in toks] == ["konflik", "Israel", "-", "Palestina"]
    assert not toks[2].space_before


def test_sentences_split_at_terminals_and_lines_not_abbreviations():
    got = sentences("Title line\n\nMr. Smith met Dr. Jones. They talked! \"Good,\" he said. Next one?")
    assert got == ["Title line", "Mr. Smith met Dr. Jones.", "They talked!", "\"Good,\" he said.", "Next one?"]


def test_quote_followed_by_lower_case_does_not_split():
    got = sentences('"Kemajuan besar telah dicapai!" tulis Trump dalam pernyataan.')
    assert len(got) == 1


def test_fold_strips_accents_and_case():
    assert fold("Élysée") == "elysee"
    assert fold("Türkiye") == "turkiye"
