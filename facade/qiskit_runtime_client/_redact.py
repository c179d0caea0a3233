"""Keep secrets out of messages: an API key in any encoding it can be echoed in, URL passwords.

Redaction runs on the whole text before anything is cut to length, so a truncated message can
never keep part of a key.
"""

from __future__ import annotations

import base64
import functools
import re
from urllib.parse import urlsplit, urlunsplit

PLACEHOLDER = "<api key>"


def _char_pattern(ch: str) -> str:
    """What one character of a secret can look like once echoed: itself, percent-encoded
    (either hex case, '+' for a space), JSON-escaped or HTML-escaped."""
    forms = [re.escape(ch)]
    data = ch.encode("utf-8")
    forms.append("".join(f"%{b:02x}" for b in data))
    if ch == " ":
        forms.append(r"\+")
    if len(data) == 1:
        forms.append(rf"\\u00{data[0]:02x}")
        forms.append(rf"&#x0*{data[0]:x};|&#0*{data[0]};")
    return "(?:" + "|".join(forms) + ")"


@functools.lru_cache(maxsize=8)
def secret_pattern(secret: str) -> re.Pattern[str]:
    """A pattern matching the secret in any of its echoed encodings (raw, URL-encoded in any
    mix of hex case, JSON-escaped), plus its base64 form."""
    echoed = "".join(_char_pattern(ch) for ch in secret)
    b64 = re.escape(base64.b64encode(secret.encode()).decode())
    return re.compile(f"{echoed}|{b64}", re.IGNORECASE)


def redact_secret(text: str, secret: str) -> str:
    """`text` with every encoding of `secret` replaced by a placeholder."""
    if not secret:
        return text
    return secret_pattern(secret).sub(PLACEHOLDER, text)


def redact_url(url: str) -> str:
    """The URL with any password (and user name) replaced: safe for reprs and messages."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unreadable url>"
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"***@{host}"))
