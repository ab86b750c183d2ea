"""Static files under content-hashed names, so browsers may keep every one of them for good.

`collectstatic` (production settings) copies each file to `name.<hash>.ext` and rewrites the
references inside CSS (Django's `url()` patterns) and inside the project's own JavaScript modules
(below), and whitenoise adds gzip copies; whitenoise then serves any hashed name as `immutable`
with a ten-year `max-age` (a plain name gets 60 seconds). Templates link everything through
`{% static %}`.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage

# `import { initAll } from "../govuk/govuk-frontend.min.js";` in static/js/: without this the
# browser fetches GOV.UK Frontend by its plain name, which can only be cached for a minute.
# (Django's own `support_js_module_import_aggregation` applies its patterns to every .js file,
# third-party minified code and the admin's included; these lines are ours and plainly written.)
JS_IMPORT_FROM = (
    r"""(?P<matched>import(?s:(?P<import>[\s{].*?))\s*from\s*["'](?P<url>[./].*?)["']\s*;)""",
    """import%(import)s from "%(url)s";""",
)


class HashedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = (
        *CompressedManifestStaticFilesStorage.patterns,
        ("js/*.js", (JS_IMPORT_FROM,)),
    )
