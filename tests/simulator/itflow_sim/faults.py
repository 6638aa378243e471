"""Injected faults (POST /__sim__/faults): network and proxy failures a client must survive."""

import threading

KINDS = ("latency", "hang", "drop", "status_500_empty", "status_502_html", "malformed_json", "truncated_json",
         "status_401_empty", "status_403", "html_404", "status_405")
AFTER_WRITE_KINDS = ("drop", "hang", "status_500_empty")

PROXY_502 = ("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n"
             "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")


class Fault:
    __slots__ = ("endpoint", "method", "kind", "times", "delay", "after_write")

    def __init__(self, spec):
        if not isinstance(spec, dict):
            raise ValueError("the fault must be a JSON object")
        self.endpoint = str(spec.get("endpoint") or "*").lstrip("/")
        if self.endpoint.startswith("api/v1/"):
            self.endpoint = self.endpoint[len("api/v1/"):]
        self.method = str(spec["method"]).upper() if spec.get("method") else None
        self.kind = spec.get("kind")
        if self.kind not in KINDS:
            raise ValueError("unknown fault kind %r (one of %s)" % (self.kind, ", ".join(KINDS)))
        self.times = int(spec.get("times", 1))
        if self.times == 0 or self.times < -1:
            raise ValueError("times must be a positive count or -1 (until cleared)")
        self.delay = float(spec.get("delay") or 0)
        if self.delay < 0:
            raise ValueError("delay must not be negative")
        self.after_write = bool(spec.get("after_write", False))
        if self.after_write and self.kind not in AFTER_WRITE_KINDS:
            raise ValueError("after_write applies to %s only" % ", ".join(AFTER_WRITE_KINDS))

    def as_dict(self):
        return {name: getattr(self, name) for name in self.__slots__}

    def matches(self, endpoint, method):
        return (self.endpoint in ("*", endpoint)) and (self.method is None or self.method == method)


class Faults:
    """Registered faults; the first match fires and is consumed."""

    def __init__(self):
        self._lock = threading.Lock()
        self._faults = []

    def add(self, spec):
        fault = Fault(spec)
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self):
        with self._lock:
            self._faults = []

    def take(self, endpoint, method):
        with self._lock:
            for fault in self._faults:
                if fault.matches(endpoint, method):
                    if fault.times > 0:
                        fault.times -= 1
                        if fault.times == 0:
                            self._faults.remove(fault)
                    return fault
        return None
