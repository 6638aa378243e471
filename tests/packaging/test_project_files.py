# -*- coding: utf-8 -*-
"""The project files a published collection needs: the license text that galaxy.yml's license names, a
code of conduct, and a contribution guide that points to the commands that really exist."""

from __future__ import absolute_import, division, print_function

import hashlib
import io
import os
import re

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# SHA-256 of the GNU GPL version 3 text as the FSF publishes it (https://www.gnu.org/licenses/gpl-3.0.txt).
GPL3_SHA256 = "3972dc9744f6499f0f9b2dbf76696f2ae7ad8af9b23dde66d6af86c9dfb36986"


def read(name):
    with io.open(os.path.join(REPO, name), encoding="utf-8") as handle:
        return handle.read()


def test_license_file_is_the_gpl3_text():
    with io.open(os.path.join(REPO, "galaxy.yml"), encoding="utf-8") as handle:
        assert yaml.safe_load(handle)["license"] == ["GPL-3.0-or-later"]
    with open(os.path.join(REPO, "COPYING"), "rb") as handle:
        text = handle.read()
    assert text.lstrip().startswith(b"GNU GENERAL PUBLIC LICENSE"), text[:200]
    assert hashlib.sha256(text).hexdigest() == GPL3_SHA256, "COPYING is not the verbatim GPL-3.0 text"


def test_code_of_conduct_and_contributing():
    conduct = read("CODE_OF_CONDUCT.md")
    assert "Contributor Covenant" in conduct and "## Enforcement" in conduct
    contributing = read("CONTRIBUTING.md")
    assert "CODE_OF_CONDUCT.md" in contributing and "COPYING" in contributing
    # Every script the guide tells a contributor to run exists.
    for script in sorted(set(re.findall(r"\./scripts/([\w.-]+\.sh)", contributing))):
        if not os.path.isdir(os.path.join(REPO, "scripts")):
            break  # an installed collection: the development scripts stay in the repository
        assert os.path.isfile(os.path.join(REPO, "scripts", script)), "CONTRIBUTING.md names scripts/%s, which does not exist" % script
    for needed in ("./scripts/test.sh", "--quick", "changelogs/fragments/", "docs/dev/architecture.md"):
        assert needed in contributing, "CONTRIBUTING.md does not mention %s" % needed
