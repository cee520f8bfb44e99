"""LanguageTool backend (NL250) through language-tool-python: mapping of /v2/check matches,
merge with newslint's spelling, disabled rules, emoji offsets, a server that is down or slow, a
missing library, and (when NEWSLINT_LANGUAGETOOL_URL is set) a real server.

The loopback server below answers what language-tool-python asks for (GET /v2/languages when the
tool is built, then POST /v2/check) with recorded responses in LanguageTool's documented format."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

import newslint
from newslint.config import Config, LanguageToolOptions
from newslint.rules import languagetool as lt

pytest.importorskip("language_tool_python")  # the `languagetool` extra (in `dev` too)

TEXT = "He have a apple. The goverment said so. We met Blinken.\n"

# Recorded responses: what LanguageTool 6.x answers, in its documented format (trimmed to the
# fields language-tool-python and newslint read, plus a few they ignore).
RECORDED_LANGUAGES = [  # GET /v2/languages
    {"name": "English", "code": "en", "longCode": "en"},
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
    {"name": "German (Germany)", "code": "de", "longCode": "de-DE"},
    {"name": "French", "code": "fr", "longCode": "fr"},
]


def _match(message, short, offset, length, replacements, rule_id, description, issue_type,
           category, context):
    return {"message": message, "shortMessage": short, "offset": offset, "length": length,
            "replacements": [{"value": r} for r in replacements],
            "context": {"text": context, "offset": offset, "length": length},
            "sentence": context, "type": {"typeName": "Other"},
            "rule": {"id": rule_id, "description": description, "issueType": issue_type,
                     "category": category},
            "ignoreForIncompleteSentence": False, "contextForSureMatch": 0}


GRAMMAR = {"id": "GRAMMAR", "name": "Grammar"}
MISC = {"id": "MISC", "name": "Miscellaneous"}
TYPOS = {"id": "TYPOS", "name": "Possible Typo"}
SOFTWARE = {"name": "LanguageTool", "version": "6.4", "buildDate": "2024-03-28 10:32:49 +0000",
            "apiVersion": 1, "premium": False, "status": ""}
LANGUAGE = {"name": "English (US)", "code": "en-US",
            "detectedLanguage": {"name": "English (US)", "code": "en-US", "confidence": 0.99}}

# POST /v2/check for TEXT (recorded)
RECORDED = {"software": SOFTWARE, "language": LANGUAGE, "matches": [
    _match("The pronoun 'He' is usually used with a third-person or a past tense verb.",
           "Grammatical problem", 3, 4, ["has", "had"], "HE_VERB_AGR", "Agreement", "grammar",
           GRAMMAR, TEXT.strip()),
    _match("Use \"an\" instead of 'a' if the following word starts with a vowel sound, e.g. 'an article', 'an hour'.",
           "Wrong article", 8, 1, ["an"], "EN_A_VS_AN", "Use of 'a' vs. 'an'", "misspelling", MISC,
           TEXT.strip()),
    _match("Possible spelling mistake found.", "Spelling mistake", 21, 9, ["government"],
           "MORFOLOGIK_RULE_EN_US", "Possible spelling mistake", "misspelling", TYPOS, TEXT.strip()),
    _match("Possible spelling mistake found.", "Spelling mistake", 47, 7, ["Blinked"],
           "MORFOLOGIK_RULE_EN_US", "Possible spelling mistake", "misspelling", TYPOS, TEXT.strip()),
]}

# Emoji: the server counts UTF-16 units, so each emoji counts 2 in its offsets and lengths.
EMOJI_TEXT = "Party \U0001F389\U0001F389 time. He have a apple.\n"
# "have" is at code point 18 in Python but at UTF-16 unit 20 in the server's answer.
RECORDED_EMOJI = {"software": SOFTWARE, "language": LANGUAGE, "matches": [
    _match("The pronoun 'He' is usually used with a third-person or a past tense verb.",
           "Grammatical problem", 20, 4, ["has", "had"], "HE_VERB_AGR", "Agreement", "grammar",
           GRAMMAR, EMOJI_TEXT.strip()),
    # not recorded: a match in the same format whose span holds both emoji (4 UTF-16 units
    # + the space before "time"), to check the end of a span that contains astral characters
    _match("Two emoji in a row.", "Style", 6, 5, ["\U0001F389 "], "EMOJI_TEST", "test",
           "style", {"id": "STYLE", "name": "Style"}, EMOJI_TEXT.strip()),
]}


class _Handler(BaseHTTPRequestHandler):
    requests: ClassVar[list[dict]] = []
    answers: ClassVar[dict[str, dict]] = {}  # text -> /v2/check answer (default RECORDED)
    check_delay = 0.0  # seconds to sleep before answering /v2/check (a slow server)
    check_error = False  # answer /v2/check with an HTML error page (a broken proxy, say)

    def _send(self, payload) -> None:
        data = json.dumps(payload).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # http.server API
        parts = urllib.parse.urlsplit(self.path)
        if parts.path == "/v2/check":  # language-tool-python before 3.4 checks with GET
            self._check("GET", parts.path, parts.query)
            return
        type(self).requests.append({"method": "GET", "path": parts.path})
        if parts.path == "/v2/languages":
            self._send(RECORDED_LANGUAGES)
        else:
            self.send_error(404)

    def do_POST(self) -> None:  # http.server API
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("utf-8")
        self._check("POST", self.path, body)

    def _check(self, method: str, path: str, query: str) -> None:
        fields = {k: v[0] for k, v in urllib.parse.parse_qs(query).items()}
        type(self).requests.append({"method": method, "path": path, **fields})
        if path != "/v2/check":
            self.send_error(404)
            return
        if type(self).check_delay:
            time.sleep(type(self).check_delay)
        if type(self).check_error:
            self.send_error(502, "Bad Gateway")
            return
        try:
            self._send(type(self).answers.get(fields.get("text", ""), RECORDED))
        except OSError:  # the client gave up (slow-server test)
            pass

    def log_message(self, *args) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    """Each test builds its own tool and may warn again; loopback never goes through a proxy."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    lt._TOOLS.clear()
    lt._WARNED.clear()
    yield
    lt._TOOLS.clear()
    lt._WARNED.clear()


@pytest.fixture
def server():
    _Handler.requests = []
    _Handler.answers = {EMOJI_TEXT: RECORDED_EMOJI}
    _Handler.check_delay = 0.0
    _Handler.check_error = False
    httpd = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", _Handler.requests
    httpd.shutdown()
    httpd.server_close()


def cfg(url: str, **kw) -> Config:
    return Config(select=("NL250",), languagetool=LanguageToolOptions(url=url, **kw))


def checks(requests) -> list[dict]:
    return [r for r in requests if r["path"] == "/v2/check"]


def paths(requests) -> list[str]:
    return [r["path"] for r in requests]


def test_off_by_default_sends_nothing(server) -> None:
    _, requests = server
    assert newslint.lint_text(TEXT, config=Config(select=("NL250",))) == []
    assert requests == []


def test_matches_map_to_findings(server) -> None:
    url, requests = server
    found = newslint.lint_text(TEXT, config=cfg(url))
    # language-tool-python asks for the languages once, then checks
    assert paths(requests) == ["/v2/languages", "/v2/check"]
    assert requests[1]["language"] == "en-US" and requests[1]["text"] == TEXT
    assert [(f.code, f.category, TEXT[f.start:f.end]) for f in found] == [
        ("NL250", "grammar", "have"), ("NL250", "grammar", "a")]
    first = found[0]
    assert first.message.startswith("[HE_VERB_AGR] The pronoun 'He' is usually used")
    assert first.data["lt_rule"] == "HE_VERB_AGR" and first.data["suggestions"] == ["has", "had"]
    assert first.data["lt_category"] == "GRAMMAR" and first.data["lt_issue_type"] == "grammar"
    assert first.fix is not None and first.fix.safety == "unsafe" and first.fix.edits[0].text == "has"
    assert found[1].data["lt_rule"] == "EN_A_VS_AN" and found[1].fix.edits[0].text == "an"
    # the spelling matches ("goverment", "Blinken") belong to NL201: not reported twice
    assert not any("MORFOLOGIK" in f.message for f in found)


def test_tool_is_built_once_per_server_and_language(server) -> None:
    url, requests = server
    newslint.lint_text(TEXT, config=cfg(url))
    newslint.lint_text(TEXT, config=cfg(url))
    assert paths(requests) == ["/v2/languages", "/v2/check", "/v2/check"]


def test_emoji_before_and_inside_a_match(server) -> None:
    url, _ = server
    found = newslint.lint_text(EMOJI_TEXT, config=cfg(url))
    spans = {f.data["lt_rule"]: EMOJI_TEXT[f.start:f.end] for f in found}
    assert spans == {"HE_VERB_AGR": "have", "EMOJI_TEST": "\U0001F389\U0001F389 "}
    fixed, n = newslint.fix_text(EMOJI_TEXT, config=cfg(url, disabled_rules=("EMOJI_TEST",)),
                                 unsafe=True, max_passes=1)
    assert fixed == "Party \U0001F389\U0001F389 time. He has a apple.\n" and n == 1


def test_offsets_from_a_library_that_does_not_convert_them(monkeypatch) -> None:
    """language-tool-python 2.8: camelCase Match attributes, start offsets still in UTF-16 units."""
    from types import SimpleNamespace

    raw = [SimpleNamespace(offset=m["offset"], errorLength=m["length"], ruleId=m["rule"]["id"],
                           ruleIssueType=m["rule"]["issueType"], category=m["rule"]["category"]["id"],
                           message=m["message"], replacements=[r["value"] for r in m["replacements"]])
           for m in RECORDED_EMOJI["matches"]]
    monkeypatch.setattr(lt, "check_text", lambda *a, **k: raw)
    monkeypatch.setattr(lt, "_library_converts_offsets", lambda: False)
    found = newslint.lint_text(EMOJI_TEXT, config=cfg("http://127.0.0.1:9"))
    spans = {f.data["lt_rule"]: EMOJI_TEXT[f.start:f.end] for f in found}
    assert spans == {"HE_VERB_AGR": "have", "EMOJI_TEST": "\U0001F389\U0001F389 "}
    assert found[0].data["lt_issue_type"] in ("grammar", "style")


def test_spelling_is_reported_once_across_both_rules(server) -> None:
    url, _ = server
    both = Config(select=("NL201", "NL250"), languagetool=LanguageToolOptions(url=url))
    found = newslint.lint_text(TEXT, config=both)
    spans = [TEXT[f.start:f.end] for f in found]
    assert spans.count("goverment") == 1 and "Blinken" not in spans


def test_disabled_rules_are_sent_and_filtered(server) -> None:
    url, requests = server
    found = newslint.lint_text(TEXT, config=cfg(url, disabled_rules=("EN_A_VS_AN",)))
    assert checks(requests)[0]["disabledRules"] == "EN_A_VS_AN"  # through tool.disabled_rules
    # the recorded answer still holds EN_A_VS_AN (as an old server might): filtered here too
    assert [f.data["lt_rule"] for f in found] == ["HE_VERB_AGR"]


def test_unsafe_fix_applies_only_when_asked(server) -> None:
    url, _ = server
    assert newslint.fix_text(TEXT, config=cfg(url))[1] == 0
    fixed, n = newslint.fix_text(TEXT, config=cfg(url, disabled_rules=("EN_A_VS_AN",)), unsafe=True, max_passes=1)
    assert fixed.startswith("He has a apple.") and n == 1


def test_only_the_configured_server_is_contacted(server, monkeypatch) -> None:
    """language-tool-python in remote mode: no download, no local server, no other host."""
    url, requests = server
    port = int(url.rsplit(":", 1)[1])
    connected: list = []
    real_connect = socket.socket.connect

    def connect(self, address):
        connected.append(address)
        return real_connect(self, address)

    def no_subprocess(*args, **kwargs):
        raise AssertionError(f"language-tool-python tried to start a process: {args!r}")

    from language_tool_python import download_lt

    def no_download(*args, **kwargs):
        raise AssertionError("language-tool-python tried to download LanguageTool")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(subprocess, "Popen", no_subprocess)
    if hasattr(download_lt, "LocalLanguageTool"):  # 3.1 and later
        monkeypatch.setattr(download_lt.LocalLanguageTool, "download", no_download)
    else:  # before: a function, imported into the server module too
        import language_tool_python.server as lt_server
        monkeypatch.setattr(download_lt, "download_lt", no_download)
        monkeypatch.setattr(lt_server, "download_lt", no_download, raising=False)
    assert newslint.lint_text(TEXT, config=cfg(url))
    assert connected and all(a[:2] == ("127.0.0.1", port) for a in connected), connected
    assert paths(requests) == ["/v2/languages", "/v2/check"]


def _closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed once the block ends: nothing listens there
    return f"http://127.0.0.1:{port}"


def _unavailable(caught) -> list[str]:
    return [str(w.message) for w in caught if issubclass(w.category, lt.LanguageToolUnavailable)]


def test_server_down_warns_once_and_the_run_goes_on() -> None:
    url = _closed_port_url()
    both = Config(select=("NL250", "NL201"), languagetool=LanguageToolOptions(url=url, timeout=2))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = newslint.lint_text(TEXT, config=both)
        second = newslint.lint_text(TEXT, config=both)
    msgs = _unavailable(caught)
    assert len(msgs) == 1 and url in msgs[0] and "built-in rules still run" in msgs[0]
    assert "Connection refused" in msgs[0]
    assert [f.code for f in first] == ["NL201"] == [f.code for f in second]  # built-in rules still ran


@pytest.mark.parametrize("problem", ["error page", "unknown language"])
def test_bad_answer_warns_and_the_run_goes_on(server, problem) -> None:
    url, _ = server
    _Handler.check_error = problem == "error page"
    language = "xx-YY" if problem == "unknown language" else "en-US"  # not in /v2/languages
    both = Config(select=("NL250", "NL201"), languagetool=LanguageToolOptions(url=url, language=language))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = newslint.lint_text(TEXT, config=both)
    msgs = _unavailable(caught)
    assert len(msgs) == 1 and url in msgs[0]
    assert [f.code for f in found] == ["NL201"]


def test_slow_server_times_out_warns_once_and_does_not_hang(server) -> None:
    url, requests = server
    _Handler.check_delay = 6.0  # the server answers /v2/check after 6 s; the timeout is 0.4 s
    both = Config(select=("NL250", "NL201"), languagetool=LanguageToolOptions(url=url, timeout=0.4))
    started = time.monotonic()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = newslint.lint_text(TEXT, config=both)
        second = newslint.lint_text(TEXT, config=both)
    elapsed = time.monotonic() - started
    assert elapsed < 4.0, elapsed  # two runs, each bounded by the 0.4 s timeout (not 6 s, not 300 s)
    msgs = _unavailable(caught)
    assert len(msgs) == 1 and url in msgs[0] and "built-in rules still run" in msgs[0]
    assert [f.code for f in first] == ["NL201"] == [f.code for f in second]
    assert checks(requests)  # it did ask


def test_missing_library_warns_once_with_the_install_command(server, monkeypatch) -> None:
    url, requests = server
    monkeypatch.setitem(sys.modules, "language_tool_python", None)  # import fails as if not installed
    both = Config(select=("NL250", "NL201"), languagetool=LanguageToolOptions(url=url))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = newslint.lint_text(TEXT, config=both)
        second = newslint.lint_text(TEXT, config=both)
    msgs = _unavailable(caught)
    assert len(msgs) == 1 and "pip install 'newslint[languagetool]'" in msgs[0]
    assert "language-tool-python is not installed" in msgs[0]
    assert [f.code for f in first] == ["NL201"] == [f.code for f in second]
    assert requests == []  # nothing was sent


def test_core_does_not_import_language_tool_python() -> None:
    """GPL-3.0 stays out of the core: importing newslint and linting without a url never imports it
    (a fresh interpreter, since other tests here import it)."""
    code = ("import sys, newslint\n"
            "from newslint.config import Config\n"
            f"newslint.lint_text({TEXT!r}, config=Config())\n"
            f"newslint.fix_text({TEXT!r}, config=Config())\n"
            "assert 'language_tool_python' not in sys.modules, 'imported'\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_server_base_accepts_the_usual_spellings() -> None:
    assert lt.server_base("http://localhost:8081") == "http://localhost:8081/"
    assert lt.server_base("http://localhost:8081/v2/") == "http://localhost:8081/"
    assert lt.server_base("http://localhost:8081/v2/check") == "http://localhost:8081/"
    assert lt.server_base("https://lt.example.org/languagetool") == "https://lt.example.org/languagetool/"
    assert lt.server_base("localhost:8081") == "http://localhost:8081/"


@pytest.mark.skipif(not os.environ.get("NEWSLINT_LANGUAGETOOL_URL"), reason="set NEWSLINT_LANGUAGETOOL_URL to a LanguageTool server to run")
def test_real_server() -> None:
    url = os.environ["NEWSLINT_LANGUAGETOOL_URL"]
    text = "\U0001F389 He have an apple. It was a excellent idea.\n"
    with warnings.catch_warnings():
        warnings.simplefilter("error", lt.LanguageToolUnavailable)
        found = newslint.lint_text(text, config=cfg(url, timeout=30))
    assert found and all(f.code == "NL250" and f.message.startswith("[") for f in found)
    assert "have" in [text[f.start:f.end] for f in found]
