"""Keep secrets out of messages: an API key in any encoding it can be echoed in, URL passwords.

Redaction runs on the whole text before anything is cut to length, so a truncated message can
never keep part of a key.
"""

from __future__ import annotations

import base64
import json
from urllib.parse import quote, quote_plus, urlsplit, urlunsplit

PLACEHOLDER = "<api key>"


def encodings(secret: str) -> list[str]:
    """The forms a secret can be echoed in: raw, URL-encoded (both ways), JSON-escaped, base64."""
    forms = {
        secret,
        quote(secret, safe=""),
        quote_plus(secret, safe=""),
        quote(secret),
        json.dumps(secret)[1:-1],
        base64.b64encode(secret.encode()).decode(),
    }
    for form in list(forms):
        forms.add(form.lower())
        forms.add(form.upper())
    return sorted((f for f in forms if f), key=len, reverse=True)


def redact_secret(text: str, secret: str) -> str:
    """`text` with every encoding of `secret` replaced by a placeholder (case-insensitive for
    the percent-encoded forms, whose hex digits may be either case)."""
    if not secret:
        return text
    for form in encodings(secret):
        text = text.replace(form, PLACEHOLDER)
    return text


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
