"""Command line: ``python -m itflow_sim --profile 26.08 --seed demo --port 0 --keys-file keys.json``."""

import argparse
import json
import os
import signal
import sys
import tempfile
import threading

from . import crypto
from .server import Simulator, make_server


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m itflow_sim", description="ITFlow REST API v1 simulator")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback only)")
    parser.add_argument("--port", type=int, default=0, help="port (0 picks a free one)")
    parser.add_argument("--profile", choices=("26.08", "26.04", "full"), default="26.08")
    parser.add_argument("--seed", choices=("demo", "empty", "bench"), default="demo")
    parser.add_argument("--keys-file", help="write the URL and the generated keys here (JSON) once listening")
    parser.add_argument("--db", help="SQLite file (re-created at start; default: in memory)")
    parser.add_argument("--access-log", help="append an Apache-style line per request to this file")
    parser.add_argument("--assets", type=int, default=10000, help="bench seed: number of assets")
    parser.add_argument("--clients", type=int, default=500, help="bench seed: number of clients")
    parser.add_argument("--api-key", help="fixed secret for the admin key")
    parser.add_argument("--decrypt-password", help="fixed decrypt password for the admin key")
    parser.add_argument("--tls-cert", help="serve HTTPS with this PEM certificate (and --tls-key)")
    parser.add_argument("--tls-key", help="the PEM private key of --tls-cert")
    parser.add_argument("--decrypt-cost", type=float, default=0.0,
                        help="seconds each credential a read returns costs, as ITFlow's decryption (real server: about 0.2)")
    parser.add_argument("--php-workers", type=int, default=8, help="how many reads decrypt at once (Apache's PHP workers; default 8)")
    return parser.parse_args(argv)


def write_atomically(path, data):
    directory = os.path.dirname(os.path.abspath(path))
    handle, tmp = tempfile.mkstemp(prefix=".keys-", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=2)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def main(argv=None):
    args = parse_args(argv)
    crypto.configure_cost(args.decrypt_cost, args.php_workers)
    sim = Simulator(args.profile, args.seed, db_path=args.db, assets=args.assets, clients=args.clients,
                    api_key=args.api_key, decrypt_password=args.decrypt_password, access_log=args.access_log)
    server = make_server(sim, args.host, args.port, tls_cert=args.tls_cert, tls_key=args.tls_key)

    def stop(_signum, _frame):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if args.keys_file:
        write_atomically(args.keys_file, sim.keys_document())
    print("ITFlow simulator %s listening on %s" % (args.profile, sim.url), flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
