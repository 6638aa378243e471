# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ITFlow assets (assets/*.php) and their primary interface (IP, MAC, network)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.itflow.itflow.plugins.module_utils._errors import ITFlowInputError
from ansible_collections.itflow.itflow.plugins.module_utils._fields import Field
from ansible_collections.itflow.itflow.plugins.module_utils._resources._base import Filter, Resource, filter_safe, id_filter, name_filter
from ansible_collections.itflow.itflow.plugins.module_utils._typing import normalise_mac

T = "text"
INTERFACE_OPTIONS = ("ip", "mac", "network")


class Asset(Resource):
    # assets/update.php wipes the primary interface's IP, MAC and network unless they are sent.
    carry = INTERFACE_OPTIONS

    def key_rows(self, finder, params, client_id):
        """Find by ITFlow's asset_name filter, and take the interface from the asset_mac filter.

        Rows read by name carry no interface columns (no IP, MAC, network), which the diff and every
        update need. With a declared MAC, the asset_mac read returns the asset with them when its MAC
        is as declared (the no-drift path: 3 requests in all with the client's name filter). Without
        a MAC, or when the MAC drifts, only the client's list carries the interface: it is read then.
        """
        name = params.get("name")
        if finder.preloaded is not None or not filter_safe(name):
            return None
        named = finder.filtered({"asset_name": name}, client_id)
        matching = finder.matches(named, params)
        if len(matching) != 1:
            return named  # none: the asset is new; several: ambiguous either way
        mac = normalise_mac(params.get("mac")) if params.get("mac") else None
        if mac is None:
            return None
        wanted = matching[0].get(self.id_field)
        with_interface = [r for r in finder.filtered({"asset_mac": mac}, client_id) if r.get(self.id_field) == wanted]
        return with_interface or None

    def check_update(self, current, changes):
        if current.get("interface_id") is not None:
            return
        wanted = [o for o in INTERFACE_OPTIONS if o in changes and changes[o] not in ("", 0)]
        if wanted:
            raise ITFlowInputError(
                "This asset has no primary interface row in ITFlow (it was removed, for example by a delete with the wrong "
                "client), and ITFlow's API cannot recreate it, so %s cannot be set. Add an interface in ITFlow's web "
                "interface first." % ", ".join(wanted))


ASSET = Asset(
    "asset", "assets", list_for_one=True, key_filter="asset_name",
    # Only the unfiltered list carries the primary interface (IP, MAC): every itflow_info asset filter
    # is applied on our side to the list, so every row has the same columns.
    reads=dict(filters=[
        id_filter("asset_", server=False), Filter("type", "asset_type"), name_filter("asset_"), Filter("serial", "asset_serial"),
        Filter("mac", "interface_mac", kind="mac"), Filter("uri", "asset_uri"), Filter("uri_2", "asset_uri_2")]),
    fields=[
        Field("name", "asset_name", T, max_len=200),
        Field("type", "asset_type", T, max_len=200),
        Field("description", "asset_description", T, max_len=255),
        Field("make", "asset_make", T, max_len=200),
        Field("model", "asset_model", T, max_len=200),
        Field("serial", "asset_serial", T, max_len=200),
        Field("os", "asset_os", T, max_len=200),
        Field("ip", "interface_ip", "ip", send="asset_ip"),
        Field("mac", "interface_mac", "mac", send="asset_mac"),
        Field("network", "interface_network_id", "int", send="asset_network_id", ref="network"),
        Field("uri", "asset_uri", T, max_len=500),
        Field("uri_2", "asset_uri_2", T, max_len=500, on_create=False),
        Field("status", "asset_status", T, max_len=200),
        Field("purchase_date", "asset_purchase_date", "date"),
        Field("warranty_expire", "asset_warranty_expire", "date"),
        Field("install_date", "asset_install_date", "date"),
        Field("notes", "asset_notes", T),
        Field("vendor", "asset_vendor_id", "int", ref="vendor"),
        Field("location", "asset_location_id", "int", ref="location"),
        Field("contact", "asset_contact_id", "int", ref="contact"),
    ])
