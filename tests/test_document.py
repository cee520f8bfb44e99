"""The document model: offsets, lines, sentences, Markdown masking, front matter."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newslint.document import Document, DocumentError, decode
from newslint.sentences import split_sentences


def test_lines_keep_exact_offsets_with_crlf_and_mixed_endings():
    doc = Document.from_text("one\r\ntwo\nthree\rfour")
    assert [ln.text for ln in doc.lines] == ["one", "two", "three", "four"]
    assert [ln.start for ln in doc.lines] == [0, 5, 9, 15]
    assert doc.newline == "\r\n"
    assert doc.position(5) == (1, 0) and doc.offset(1, 0) == 5


def test_bom_is_removed_and_does_not_shift_columns():
    doc = Document.from_text("\ufeffHello world")
    assert doc.had_bom and doc.text == "Hello world"
    assert doc.position(doc.text.index("world")) == (0, 6)


def test_utf16_columns_count_astral_characters_twice():
    """Code points here; UTF-16 code units at the language server's edge (lsp_convert)."""
    from pygls.workspace import PositionCodec

    from newslint.lsp_convert import Positions

    doc = Document.from_text("Oh hi 👋 there 👋 x")
    pos = Positions(doc, PositionCodec())  # UTF-16, the LSP default
    col = doc.text.index("there")
    assert doc.position(col) == (0, col) and pos.position(col).character == col + 1
    last = doc.text.index("x")
    assert pos.position(last).character == last + 2
    assert pos.offset(pos.position(last)) == last


def test_position_and_offset_round_trip_everywhere():
    text = "a👋b\r\n\r\nc\nd😀e\n"
    doc = Document.from_text(text)
    for off in range(len(text) + 1):
        p = doc.position(off)
        if text[off - 1 : off] != "\r" or off == 0:
            assert doc.offset(p.line, p.column) == min(off, doc.lines[p.line].end) or text[off - 1] in "\r\n"


def test_decode_refuses_binary_and_invalid_utf8_with_a_line_number():
    with pytest.raises(DocumentError, match="binary"):
        decode(b"abc\x00def")
    with pytest.raises(DocumentError, match="line 2"):
        decode(b"fine\nbad \xff byte")
    assert decode(b"\xef\xbb\xbfok") == ("ok", True)


def test_sentences_survive_abbreviations_quotes_and_ellipses():
    text = ('Mr. Lee met U.S. officials at 3 p.m. on Friday. "It went well," he said. '
            "Then... nothing. Acme Corp. agreed. She asked: why now? J. R. Smith left.")
    got = [text[a:b] for a, b in split_sentences(text)]
    assert got == [
        "Mr. Lee met U.S. officials at 3 p.m. on Friday.",
        '"It went well," he said.',
        "Then... nothing.",
        "Acme Corp. agreed.",
        "She asked: why now?",
        "J. R. Smith left.",
    ]


def test_sentence_ending_in_us_abbreviation_splits():
    text = "The envoy flew back to the U.S. The talks resume in May."
    assert [text[a:b] for a, b in split_sentences(text)] == ["The envoy flew back to the U.S.", "The talks resume in May."]


def test_markdown_front_matter_is_metadata_not_prose():
    text = "---\ntitle: Floods hit the valley\nstory: floods-2024\ndate: 2024-05-01\n---\nBody text.\n"
    doc = Document.from_text(text, "a.md")
    assert doc.metadata["title"] == "Floods hit the valley"
    assert doc.metadata["story"] == "floods-2024"
    assert "Floods" not in doc.prose and "Body text." in doc.prose
    assert len(doc.prose) == len(doc.text)


def test_toml_front_matter():
    doc = Document.from_text('+++\ntitle = "A title"\n+++\nBody.\n', "a.md")
    assert doc.metadata == {"title": "A title"} and "title" not in doc.prose


def test_markdown_code_urls_and_syntax_are_blanked_but_offsets_kept():
    text = "# Heading\n\nSee [the report](https://example.org/x) and `code here`.\n\n```\nfenced teh\n```\n\nVisit www.example.com now.\n"
    doc = Document.from_text(text, "story.md")
    assert len(doc.prose) == len(text)
    assert "code here" not in doc.prose and "fenced" not in doc.prose and "example" not in doc.prose
    assert "#" not in doc.prose
    i = text.index("the report")
    assert doc.prose[i : i + 10] == "the report"  # link text stays prose, at the same offset


def test_plain_text_keeps_markdown_like_characters():
    doc = Document.from_text("# not a heading in a .txt\n", "a.txt")
    assert doc.prose.startswith("#")


def test_paragraphs_and_tokens():
    doc = Document.from_text("First para line.\nStill first.\n\n  Second para.\n")
    assert [p.text(doc) for p in doc.paragraphs] == ["First para line.\nStill first.", "Second para."]
    assert [t.text for t in doc.tokens_in(0, 16)] == ["First", "para", "line"]


@given(st.text(alphabet=st.sampled_from("ab \t\n.\u00e9\U0001f600"), max_size=80))
def test_line_and_paragraph_fast_paths_match_the_general_splitter(text: str) -> None:
    """Text without "\\r" takes str.split / a "\\n"-only pattern; the spans must be those of
    the general \\r\\n|\\r|\\n splitter."""
    import newslint.document as nd

    doc = Document.from_text(text)
    starts = [0] + [m.end() for m in nd._LINE_BREAK.finditer(doc.text)]
    ends = [m.start() for m in nd._LINE_BREAK.finditer(doc.text)] + [len(doc.text)]
    assert [(ln.index, ln.start, ln.end, ln.text) for ln in doc.lines] == [
        (i, s, e, doc.text[s:e]) for i, (s, e) in enumerate(zip(starts, ends, strict=True))]
    general = []
    start = doc.front_matter_end
    for m in nd._PARA_BREAK.finditer(doc.prose, start):
        doc._add_trimmed(general, start, m.start())
        start = m.end()
    doc._add_trimmed(general, start, len(doc.prose))
    assert doc.paragraphs == general


# ---- linear masks and splitting (hostile input) ----------------------------------------------
import re  # noqa: E402

from newslint.document import code_spans, html_comments  # noqa: E402

_OLD_COMMENT = re.compile(r"<!--.*?-->", re.S)


@given(st.text(alphabet="<!-> ab\n", max_size=80))
def test_html_comments_in_one_pass_find_what_the_lazy_regex_finds(text: str) -> None:
    assert html_comments(text) == [m.span() for m in _OLD_COMMENT.finditer(text)]


@given(st.text(alphabet="`ab \n", max_size=60))
def test_code_spans_pair_runs_of_equal_length(text: str) -> None:
    """Each span starts and ends with a backtick run of one length, nothing between them is
    a run of that length, and spans never overlap (CommonMark's pairing)."""
    last_end = -1
    for a, b in code_spans(text):
        assert a >= last_end
        opener = re.match(r"`+", text[a:]).group()
        closer = re.search(r"`+$", text[a:b]).group()
        assert opener == closer and len(text[a:b]) > 2 * len(opener)
        inner = text[a + len(opener) : b - len(opener)]
        assert all(len(r) != len(opener) for r in re.findall(r"`+", inner))
        assert (b == len(text) or text[b] != "`") and (a == 0 or text[a - 1] != "`")
        last_end = b


def test_a_second_bom_is_text_not_a_mark() -> None:
    doc = Document.from_bytes("\ufeff\ufeffPrices rose,, officials said.\n".encode())
    assert doc.had_bom and doc.text.startswith("\ufeffPrices")
    assert Document.from_text(doc.text).text == doc.text[1:]  # from_text takes the first as the mark


@pytest.mark.parametrize("hostile", ["?" * 20_000, "…" * 20_000, "[" * 20_000, "![" * 10_000, "<!-- " * 5_000, "`a `` " * 3_000, "a@" * 10_000])
def test_hostile_runs_are_masked_and_split_without_blowing_up(hostile: str) -> None:
    """Each of these took seconds to minutes before the masks and the splitter became single
    pass; now they finish at once (the figures are in bench/pathological.py, not here)."""
    doc = Document.from_text(hostile + "\n\nThe end.", "a.md")
    assert len(doc.prose) == len(doc.text) and doc.sentences[-1] == (doc.text.index("The end."), len(doc.text))
