# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The registry of ITFlow resource definitions (``_resources/``), listed explicitly (nothing is discovered).

``_resources/__init__.py`` stays empty: ansible-core before 2.18 requires it of module_utils packages.

RESOURCES: the resources the modules write, by singular name ("asset"), in the order their
records depend on each other (a client before its locations, a location before its assets...).
READABLES: everything itflow_info and the lookup can read, by plural name ("assets").
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.itflow.itflow.plugins.module_utils._errors import ITFlowInputError
from ansible_collections.itflow.itflow.plugins.module_utils._resources import (
    asset,
    billing,
    certificate,
    client,
    contact,
    credential,
    document,
    domain,
    location,
    network,
    software,
    ticket,
    ticket_reply,
    vendor,
)

_MANAGED = (
    client.CLIENT, location.LOCATION, vendor.VENDOR, contact.CONTACT, network.NETWORK, asset.ASSET, domain.DOMAIN,
    certificate.CERTIFICATE, software.SOFTWARE, credential.CREDENTIAL, document.DOCUMENT, ticket.TICKET,
    ticket_reply.TICKET_REPLY,
)
RESOURCES = dict((r.name, r) for r in _MANAGED)
BY_MODULE = dict((r.module, r) for r in _MANAGED)
# The order itflow_info lists them in.
_READ_ORDER = ("assets", "certificates", "clients", "contacts", "credentials", "documents", "domains", "networks", "software",
               "tickets", "ticket_replies", "locations", "vendors")
READABLES = [BY_MODULE[name].readable for name in _READ_ORDER] + [
    billing.INVOICES, billing.INVOICE_ITEMS, billing.QUOTES, billing.PRODUCTS, billing.EXPENSES, billing.PAYMENTS, billing.TIME]
READS = dict((r.name, r) for r in READABLES)


def resource(name):
    """The definition of a managed resource by singular name, or a clear error."""
    if name not in RESOURCES:
        raise ITFlowInputError("Unknown ITFlow resource %r; the collection manages: %s." % (name, ", ".join(sorted(RESOURCES))))
    return RESOURCES[name]


def bulk_names():
    """The resources itflow_bulk declares (every managed one but child records such as ticket replies)."""
    return sorted(r.name for r in _MANAGED if not r.parent)


def refs_of(res):
    """The (option, referenced resource) pairs of a resource's fields."""
    return [(f.option, f.ref) for f in res.fields if f.ref]
