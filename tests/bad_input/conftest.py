# -*- coding: utf-8 -*-
"""The bad-input matrix (issue #7): every module refuses what a user typically gets wrong, with a
message that names the option and says what to fix, before any request that could write.

Each case runs a module the way Ansible does (``python <module>.py <args file>`` with
``{"ANSIBLE_MODULE_ARGS": {...}}``) against a simulator started once per test file, and
checks the simulator's request log: reads (resolving a client, finding the record) may
happen before the error, writes may not.
"""

from __future__ import absolute_import, division, print_function

import pytest

from badinput import Runner, start  # pylint: disable=import-error


@pytest.fixture(scope="module")
def make_runner(tmp_path_factory):
    """``make_runner(profile, setup=None)``: a Runner on a simulator that lives as long as the test file."""
    sims = []

    def factory(profile, setup=None):
        sim = start(profile)
        sims.append(sim)
        if setup is not None:
            setup(sim)
        sim.clear_log()
        return Runner(sim, str(tmp_path_factory.mktemp("bad-input-%s" % profile.replace(".", ""))))

    yield factory
    for sim in sims:
        sim.stop()
