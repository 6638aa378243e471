# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The version of the collection, in the one place code reads it from.

It must equal ``version`` in galaxy.yml (tests/packaging/test_version.py checks it): change both
together when making a release. Nothing else in the collection states the version.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

COLLECTION_VERSION = "0.1.0"
