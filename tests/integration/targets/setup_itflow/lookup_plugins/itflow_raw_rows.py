# -*- coding: utf-8 -*-
# Test helper of the integration targets (not part of the collection): the rows of one ITFlow read
# endpoint, read with a raw GET in the controller, no collection code involved. A lookup, not a uri
# task: the targets read back after nearly every step, and a task per read was a fifth of their time.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from ansible.errors import AnsibleError
from ansible.module_utils.common.text.converters import to_native, to_text
from ansible.module_utils.urls import open_url
from ansible.plugins.lookup import LookupBase


class LookupModule(LookupBase):
    """lookup('itflow_raw_rows', 'vendors/read.php', url=..., api_key=..., query='&client_id=3', validate_certs=true)

    Returns one list: the rows of ITFlow's answer (empty when it says success "False", as for "No resource").
    The key goes in the JSON body, never in the URL. An HTTP error fails the task.
    """

    def run(self, terms, variables=None, **kwargs):
        url, api_key = kwargs.get("url"), kwargs.get("api_key")
        if len(terms) != 1 or not url or not api_key:
            raise AnsibleError("itflow_raw_rows: one endpoint, and url and api_key, are required")
        address = "%s/api/v1/%s?limit=100000%s" % (url.rstrip("/"), terms[0], kwargs.get("query") or "")
        try:
            response = open_url(address, data=json.dumps({"api_key": api_key}), method="GET",
                                headers={"Content-Type": "application/json"},
                                validate_certs=kwargs.get("validate_certs", True), timeout=60)
            document = json.loads(to_text(response.read()))
        except Exception as exc:  # pylint: disable=broad-except
            raise AnsibleError("itflow_raw_rows: reading %s failed: %s" % (terms[0], to_native(exc)))
        return [document.get("data") or [] if document.get("success") == "True" else []]
