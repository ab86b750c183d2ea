"""The one place that cleans text people send: every form and service that stores text uses it."""

import re

# NUL (PostgreSQL text cannot hold it) and lone surrogates (not valid UTF-8; they cannot arrive in
# a normal form post, but a crafted one must not reach the database either).
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def clean_text(value):
    """Text the database can store, with each newline counted once (as the character count
    does). Anything that is not a string is returned as it is."""
    if not isinstance(value, str):
        return value
    return UNSTORABLE.sub("", value.replace("\r\n", "\n"))


def clean_data(data):
    """A copy of posted data (QueryDict or dict) with every key and value cleaned by clean_text:
    unstorable characters are dropped rather than turned into an error nobody could see."""
    if data is None:
        return None
    if not hasattr(data, "setlist"):
        return {clean_text(key): clean_text(value) for key, value in data.items()}
    cleaned = data.copy()
    cleaned.clear()
    for key, values in data.lists():
        cleaned.setlist(clean_text(key), [clean_text(v) for v in values])
    return cleaned
