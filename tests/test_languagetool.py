"""LanguageTool backend (NL250): mapping of /v2/check matches, merge with newslint's spelling,
disabled rules, a server that is down, and (when NEWSLINT_LANGUAGETOOL_URL is set) a real server."""
from __future__ import annotations

import json
import os
import socket
import threading
import urllib.parse
import warnings
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

import newslint
from newslint.config import Config, LanguageToolOptions
from newslint.rules import languagetool as lt

TEXT = "He have a apple. The goverment said so. We met Blinken.\n"

# A recorded response: the JSON LanguageTool 6.x returns from POST /v2/check for TEXT
# (trimmed to the fields newslint reads, plus a few it ignores), in its documented format.
RECORDED = {
    "software": {"name": "LanguageTool", "version": "6.4", "apiVersion": 1},
    "language": {"name": "English (US)", "code": "en-US"},
    "matches": [
        {"message": "The pronoun 'He' is usually used with a third-person or a past tense verb.",
         "shortMessage": "Grammatical problem", "offset": 3, "length": 4,
         "replacements": [{"value": "has"}, {"value": "had"}],
         "context": {"text": TEXT.strip(), "offset": 3, "length": 4},
         "rule": {"id": "HE_VERB_AGR", "description": "Agreement", "issueType": "grammar",
                  "category": {"id": "GRAMMAR", "name": "Grammar"}}},
        {"message": "Use \"an\" instead of 'a' if the following word starts with a vowel sound.",
         "shortMessage": "Wrong article", "offset": 8, "length": 1,
         "replacements": [{"value": "an"}],
         "rule": {"id": "EN_A_VS_AN", "description": "a/an", "issueType": "misspelling",
                  "category": {"id": "MISC", "name": "Miscellaneous"}}},
        {"message": "Possible spelling mistake found.", "shortMessage": "Spelling mistake",
         "offset": 21, "length": 9, "replacements": [{"value": "government"}],
         "rule": {"id": "MORFOLOGIK_RULE_EN_US", "description": "Possible spelling mistake",
                  "issueType": "misspelling", "category": {"id": "TYPOS", "name": "Possible Typo"}}},
        {"message": "Possible spelling mistake found.", "shortMessage": "Spelling mistake",
         "offset": 47, "length": 7, "replacements": [{"value": "Blinked"}],
         "rule": {"id": "MORFOLOGIK_RULE_EN_US", "description": "Possible spelling mistake",
                  "issueType": "misspelling", "category": {"id": "TYPOS", "name": "Possible Typo"}}},
    ],
}


class _Handler(BaseHTTPRequestHandler):
    requests: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server API
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("utf-8")
        type(self).requests.append({"path": self.path, **{k: v[0] for k, v in urllib.parse.parse_qs(body).items()}})
        data = json.dumps(RECORDED).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server():
    _Handler.requests = []
    httpd = HTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", _Handler.requests
    httpd.shutdown()
    httpd.server_close()


def cfg(url: str, **kw) -> Config:
    return Config(select=("NL250",), languagetool=LanguageToolOptions(url=url, **kw))


def test_off_by_default_sends_nothing(server) -> None:
    url, requests = server
    assert newslint.lint_text(TEXT, config=Config(select=("NL250",))) == []
    assert requests == []


def test_matches_map_to_findings(server) -> None:
    url, requests = server
    found = newslint.lint_text(TEXT, config=cfg(url))
    assert requests[0]["path"] == "/v2/check" and requests[0]["language"] == "en-US"
    assert requests[0]["text"] == TEXT
    assert [(f.code, f.category, TEXT[f.start:f.end]) for f in found] == [
        ("NL250", "grammar", "have"), ("NL250", "grammar", "a")]
    first = found[0]
    assert first.message.startswith("[HE_VERB_AGR] The pronoun")
    assert first.data["lt_rule"] == "HE_VERB_AGR" and first.data["suggestions"] == ["has", "had"]
    assert first.fix is not None and first.fix.safety == "unsafe" and first.fix.edits[0].text == "has"
    # the spelling matches ("goverment", "Blinken") belong to NL201: not reported twice
    assert not any("MORFOLOGIK" in f.message for f in found)


def test_spelling_is_reported_once_across_both_rules(server) -> None:
    url, _ = server
    both = Config(select=("NL201", "NL250"), languagetool=LanguageToolOptions(url=url))
    found = newslint.lint_text(TEXT, config=both)
    spans = [TEXT[f.start:f.end] for f in found]
    assert spans.count("goverment") == 1 and "Blinken" not in spans


def test_disabled_rules_are_sent_and_filtered(server) -> None:
    url, requests = server
    found = newslint.lint_text(TEXT, config=cfg(url, disabled_rules=("EN_A_VS_AN",)))
    assert requests[0]["disabledRules"] == "EN_A_VS_AN"
    assert [f.data["lt_rule"] for f in found] == ["HE_VERB_AGR"]


def test_unsafe_fix_applies_only_when_asked(server) -> None:
    url, _ = server
    assert newslint.fix_text(TEXT, config=cfg(url))[1] == 0
    fixed, n = newslint.fix_text(TEXT, config=cfg(url, disabled_rules=("EN_A_VS_AN",)), unsafe=True, max_passes=1)
    assert fixed.startswith("He has a apple.") and n == 1


def test_server_down_warns_once_and_the_run_goes_on() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed once the block ends: nothing listens there
    url = f"http://127.0.0.1:{port}"
    lt._WARNED.discard(url)
    both = Config(select=("NL250", "NL201"), languagetool=LanguageToolOptions(url=url, timeout=2))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = newslint.lint_text(TEXT, config=both)
        second = newslint.lint_text(TEXT, config=both)
    msgs = [str(w.message) for w in caught if issubclass(w.category, lt.LanguageToolUnavailable)]
    assert len(msgs) == 1 and url in msgs[0] and "built-in rules still run" in msgs[0]
    assert [f.code for f in first] == ["NL201"] == [f.code for f in second]  # built-in rules still ran


def test_core_does_not_import_language_tool_python() -> None:
    import sys

    newslint.lint_text(TEXT, config=Config())
    assert "language_tool_python" not in sys.modules


@pytest.mark.skipif(not os.environ.get("NEWSLINT_LANGUAGETOOL_URL"), reason="set NEWSLINT_LANGUAGETOOL_URL to a LanguageTool server to run")
def test_real_server() -> None:
    url = os.environ["NEWSLINT_LANGUAGETOOL_URL"]
    found = newslint.lint_text("He have an apple. It was a excellent idea.\n", config=cfg(url, timeout=30))
    assert found and all(f.code == "NL250" and f.message.startswith("[") for f in found)
