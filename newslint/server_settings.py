"""Editor settings for the language server, and how they change the project's Config.

The server reads the same keys from ``initializationOptions`` and from
``workspace/configuration`` (section ``"newslint"``) and ``workspace/didChangeConfiguration``.
Editor settings are applied on top of the project's config file (``config_for(path)``):
``select`` replaces, ``ignore`` and ``acceptWords`` extend, ``severity`` entries win over the
file's, ``dialect`` and ``languagetool.url`` replace.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from newslint.config import DIALECTS, Config
from newslint.finding import SEVERITIES

SETTING_KEYS = ("select", "ignore", "severity", "dialect", "acceptWords", "languagetool.url", "languages", "debounceMs",
                "timeBudgetMs", "docsUrl")

DEFAULT_LANGUAGES = ("plaintext", "markdown")
DEFAULT_DEBOUNCE_MS = 250
DEFAULT_TIME_BUDGET_MS = 60_000  # a document whose check runs longer is stopped (0: no limit)


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    dialect: str | None = None
    accept_words: tuple[str, ...] = ()
    languagetool_url: str | None = None
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    debounce_ms: int = DEFAULT_DEBOUNCE_MS
    time_budget_ms: int = DEFAULT_TIME_BUDGET_MS
    docs_url: str | None = None  # None: newslint.lsp_convert.DOCS_URL; "": no links
    errors: tuple[str, ...] = field(default=(), compare=False)  # "key: problem", for showMessage

    def apply(self, config: Config) -> Config:
        """The project's config with these editor settings on top."""
        changes: dict[str, Any] = {}
        if self.select is not None:
            changes["select"] = self.select
        if self.ignore:
            changes["ignore"] = config.ignore + self.ignore
        if self.severity:
            # severity_for keeps the first of equally specific keys: editor entries go first
            changes["severity"] = self.severity + config.severity
        if self.dialect is not None:
            changes["dialect"] = self.dialect
        if self.accept_words:
            changes["accept_words"] = config.accept_words + self.accept_words
        if self.languagetool_url is not None:
            changes["languagetool"] = replace(config.languagetool, url=self.languagetool_url)
        return config.with_overrides(**changes) if changes else config


def _flatten(raw: Any) -> dict[str, Any]:
    """Accept {"newslint": {...}}, nested {"languagetool": {"url": ...}} and flat keys."""
    if not isinstance(raw, dict):
        return {}
    if isinstance(raw.get("newslint"), dict) and not (set(raw) - {"newslint"}) & set(SETTING_KEYS):
        raw = raw["newslint"]
    out = dict(raw)
    lt = out.pop("languagetool", None)
    if isinstance(lt, dict) and "url" in lt and "languagetool.url" not in out:
        out["languagetool.url"] = lt["url"]
    return out


def parse_settings(raw: Any, base: Settings | None = None) -> Settings:
    """Validate editor settings; bad values are reported in ``errors`` and left at defaults.
    ``base`` supplies the values of keys that ``raw`` does not mention."""
    base = base or Settings()
    data = _flatten(raw)
    errors: list[str] = []
    kw: dict[str, Any] = {}

    def strings(key: str) -> tuple[str, ...] | None:
        val = data.get(key)
        if isinstance(val, str):
            val = [val]
        if not isinstance(val, (list, tuple)) or not all(isinstance(v, str) for v in val):
            errors.append(f"{key}: must be a list of strings")
            return None
        return tuple(val)

    if "select" in data:
        if data["select"] is None:
            kw["select"] = None
        elif (v := strings("select")) is not None:
            kw["select"] = v
    if "ignore" in data and data["ignore"] is not None and (v := strings("ignore")) is not None:
        kw["ignore"] = v
    if "acceptWords" in data and data["acceptWords"] is not None and (v := strings("acceptWords")) is not None:
        kw["accept_words"] = v
    if "languages" in data and data["languages"] is not None and (v := strings("languages")) is not None:
        kw["languages"] = v
    if "severity" in data and data["severity"] is not None:
        sev = data["severity"]
        if not isinstance(sev, dict):
            errors.append("severity: must be a table of code or category = severity")
        else:
            items = []
            for k, v in sev.items():
                if v not in SEVERITIES:
                    errors.append(f"severity.{k}: '{v}' is not one of {', '.join(SEVERITIES)}")
                else:
                    items.append((str(k), str(v)))
            kw["severity"] = tuple(items)
    if "dialect" in data and data["dialect"] is not None:
        if data["dialect"] not in DIALECTS:
            errors.append(f"dialect: '{data['dialect']}' is not one of {', '.join(DIALECTS)}")
        else:
            kw["dialect"] = data["dialect"]
    if "languagetool.url" in data and data["languagetool.url"] is not None:
        if not isinstance(data["languagetool.url"], str):
            errors.append("languagetool.url: must be a string")
        else:
            kw["languagetool_url"] = data["languagetool.url"]
    if "debounceMs" in data and data["debounceMs"] is not None:
        d = data["debounceMs"]
        if isinstance(d, bool) or not isinstance(d, (int, float)) or not 0 <= d < 1e9:  # NaN and inf too
            errors.append("debounceMs: must be a number of milliseconds >= 0")
        else:
            kw["debounce_ms"] = int(d)
    if "timeBudgetMs" in data and data["timeBudgetMs"] is not None:
        b = data["timeBudgetMs"]
        if isinstance(b, bool) or not isinstance(b, (int, float)) or not 0 <= b < 1e12:
            errors.append("timeBudgetMs: must be a number of milliseconds >= 0 (0: no limit)")
        else:
            kw["time_budget_ms"] = int(b)
    if "docsUrl" in data and data["docsUrl"] is not None:
        if not isinstance(data["docsUrl"], str):
            errors.append("docsUrl: must be a string (a URL with {code}, or empty for no links)")
        else:
            kw["docs_url"] = data["docsUrl"]
    return replace(base, errors=tuple(errors), **kw)


__all__ = ["SETTING_KEYS", "Settings", "parse_settings", "DEFAULT_LANGUAGES", "DEFAULT_DEBOUNCE_MS", "DEFAULT_TIME_BUDGET_MS"]
