# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Connection options of every module (one set, so module_defaults group/itflow.itflow.itflow sets them once).
    DOCUMENTATION = r'''
options:
  url:
    description:
      - Address of the ITFlow server, such as C(https://itflow.example.com). A trailing C(/api/v1) is accepted.
      - If not set, the environment variable E(ITFLOW_URL) is used.
    type: str
  api_key:
    description:
      - ITFlow API key (Admin > API Keys). It is sent in the JSON body of every request, never in a URL.
      - On ITFlow 26.08 and later the key acts with its user's role and client access; on earlier servers it is
        scoped to all clients or to one client. The collection tells the two apart by itself (see O(key_model)).
      - If not set, the environment variable E(ITFLOW_API_KEY) is used.
    type: str
  decrypt_password:
    description:
      - The API key's credential decrypt password, shown once when the key was made. Needed only to read or
        write credentials.
      - ITFlow 26.08 and later read it from the request body. Servers before 26.08 read it only from the query
        string, so against those it appears in the web server's access log; no other secret is ever put in a URL.
      - If not set, the environment variable E(ITFLOW_DECRYPT_PASSWORD) is used.
    type: str
  validate_certs:
    description:
      - Verify the server's TLS certificate. Set to V(false) only for a test server.
      - If not set, the environment variable E(ITFLOW_VALIDATE_CERTS) is used.
    type: bool
    default: true
  ca_path:
    description:
      - A CA bundle (PEM) to verify the server's certificate with, for a private CA.
      - If not set, the environment variable E(ITFLOW_CA_PATH) is used.
    type: path
  timeout:
    description:
      - Seconds to wait for each HTTP answer.
      - If not set, the environment variable E(ITFLOW_TIMEOUT) is used.
    type: float
    default: 30
  retries:
    description:
      - How many times a read is retried after a connection error, a time-out or an HTTP 5xx answer, with
        exponential backoff. Writes are never retried blindly; after an unclear answer to a create the record is
        looked up before one more attempt, so a fault never produces a duplicate.
      - If not set, the environment variable E(ITFLOW_RETRIES) is used.
    type: int
    default: 3
  retry_backoff:
    description:
      - Seconds before the first retry; each further retry waits twice as long.
      - If not set, the environment variable E(ITFLOW_RETRY_BACKOFF) is used.
    type: float
    default: 1.0
  page_size:
    description:
      - Rows asked for per read request. ITFlow has no maximum; very large pages can exhaust PHP's memory, in
        which case the page is halved automatically.
      - If not set, the environment variable E(ITFLOW_PAGE_SIZE) is used.
    type: int
    default: 5000
  key_model:
    description:
      - Which key model the server uses. V(auto) asks the server once (ITFlow 26.08 introduced user-tied keys
        together with the C(ticket_replies) endpoints, so a server that has C(ticket_replies/read.php) is a 26.08 one).
      - V(user) is ITFlow 26.08 and later; V(client) is every earlier ITFlow (keys for all clients or one client).
      - If not set, the environment variable E(ITFLOW_KEY_MODEL) is used.
    type: str
    default: auto
    choices: [auto, user, client]
  parallel_pages:
    description:
      - How many pages of a credentials list are read at the same time.
      - ITFlow decrypts every credential it returns (PBKDF2 with 100,000 iterations, twice), about 0.2 seconds each
        on a typical server, so a list of credentials is read in pages of at most 25 rows, this many at once,
        each served by its own PHP worker on the server. V(1) reads them one after another.
      - Keep it at or below the number of PHP workers the server can spare. See docs/credentials.md.
      - If not set, the environment variable E(ITFLOW_PARALLEL_PAGES) is used.
    type: int
    default: 4
requirements:
  - requests (Python library, on the host that talks to ITFlow)
notes:
  - "Run these modules on the Ansible controller or any host that can reach ITFlow (usually with
    C(delegate_to: localhost) or in a play against C(localhost))."
  - Set the connection once for a whole play with C(module_defaults) and the action group
    C(group/itflow.itflow.itflow).
'''

    # The same options for plugins (inventory, lookup): read from the plugin's own options,
    # the inventory file, or the environment.
    PLUGINS = r'''
options:
  url:
    description:
      - Address of the ITFlow server, such as C(https://itflow.example.com). A trailing C(/api/v1) is accepted.
    type: str
    env:
      - name: ITFLOW_URL
  api_key:
    description:
      - ITFlow API key. Sent in the JSON body of every request, never in a URL.
      - Keep it in Ansible Vault or the environment, not in plain text.
    type: str
    env:
      - name: ITFLOW_API_KEY
  decrypt_password:
    description:
      - The API key's credential decrypt password; needed only to read credentials.
      - ITFlow 26.08 and later read it from the request body. Servers before 26.08 read it only from the query
        string, so against those it appears in the web server's access log.
    type: str
    env:
      - name: ITFLOW_DECRYPT_PASSWORD
  validate_certs:
    description: Verify the server's TLS certificate.
    type: bool
    default: true
    env:
      - name: ITFLOW_VALIDATE_CERTS
  ca_path:
    description:
      - A CA bundle (PEM) to verify the server's certificate with. C(~) and environment variables are expanded.
      - An empty value means no CA bundle (the system's default trust store), as AWX injects when a credential has none.
    type: str
    env:
      - name: ITFLOW_CA_PATH
  timeout:
    description: Seconds to wait for each HTTP answer.
    type: float
    default: 30
    env:
      - name: ITFLOW_TIMEOUT
  retries:
    description: How many times a read is retried after a connection error, time-out or HTTP 5xx, with exponential backoff.
    type: int
    default: 3
    env:
      - name: ITFLOW_RETRIES
  retry_backoff:
    description: Seconds before the first retry; each further retry waits twice as long.
    type: float
    default: 1.0
    env:
      - name: ITFLOW_RETRY_BACKOFF
  page_size:
    description: Rows asked for per read request (ITFlow has no maximum; a page too large for PHP's memory is halved automatically).
    type: int
    default: 5000
    env:
      - name: ITFLOW_PAGE_SIZE
  key_model:
    description:
      - Which key model the server uses; V(auto) asks the server once. V(user) is ITFlow 26.08 and later, V(client) every
        earlier ITFlow.
    type: str
    default: auto
    choices: [auto, user, client]
    env:
      - name: ITFLOW_KEY_MODEL
  parallel_pages:
    description:
      - How many pages of a credentials list are read at the same time. ITFlow decrypts every credential it returns,
        about 0.2 seconds each, so credentials are read in pages of at most 25 rows, this many at once.
      - V(1) reads them one after another. Keep it at or below the number of PHP workers the server can spare.
    type: int
    default: 4
    env:
      - name: ITFLOW_PARALLEL_PAGES
'''
