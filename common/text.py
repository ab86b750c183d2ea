"""Form helpers shared by every app."""

from django.http import QueryDict


def _clean(value):
    return value.replace("\x00", "") if isinstance(value, str) else value


def without_nul(data):
    """A copy of submitted data without NUL characters, which PostgreSQL cannot store or
    compare: they are dropped rather than turned into an error nobody could see."""
    if data is None:
        return None
    if isinstance(data, QueryDict):
        cleaned = QueryDict(mutable=True)
        for key, values in data.lists():
            cleaned.setlist(_clean(key), [_clean(v) for v in values])
        return cleaned
    return {_clean(k): _clean(v) for k, v in data.items()}
