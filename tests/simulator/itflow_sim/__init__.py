"""ITFlow REST API v1 simulator (test double).

A standard-library HTTP server that answers like ITFlow's ``api/v1`` as measured on real
servers (ITFlow 26.08.2 and the 26.04 build), quirks included. See ``tests/simulator/README.md``.
"""

__version__ = "1.0.0"
