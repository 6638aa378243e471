# -*- coding: utf-8 -*-
"""Fixtures of the fault matrix (issue #7); the harness itself is fault_harness.py."""

from __future__ import absolute_import, division, print_function

from fault_harness import fresh, sim, sim_tls  # noqa: F401 pylint: disable=unused-import,import-error
