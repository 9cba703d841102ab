"""Trunk post-build hook: the page's Content-Security-Policy allows the one inline
script Trunk writes (the module that starts the wasm) by its SHA-256 hash instead of
'unsafe-inline'. Fails the build when the page does not hold exactly one inline script
or its policy lacks the placeholder."""

import base64
import hashlib
import os
import pathlib
import re
import sys

PLACEHOLDER = "'inline-script-hash'"

page = pathlib.Path(os.environ.get("TRUNK_STAGING_DIR", "dist")) / "index.html"
html = page.read_text(encoding="utf-8")
inline = [match.group(1) for match in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S)]
if len(inline) != 1 or html.count(PLACEHOLDER) != 1:
    sys.exit(f"csp_hash: expected one inline script and one {PLACEHOLDER} in {page}, found {len(inline)} and {html.count(PLACEHOLDER)}")
digest = base64.b64encode(hashlib.sha256(inline[0].encode("utf-8")).digest()).decode("ascii")
page.write_text(html.replace(PLACEHOLDER, f"'sha256-{digest}'"), encoding="utf-8")
