"""Gunicorn settings for interviewkit, read automatically by `gunicorn` run from this folder.

Forwarded headers are trusted exactly as far as the app trusts them: the app counts
INTERVIEWKIT_PROXY_HOPS proxies in front of it (werkzeug ProxyFix), and gunicorn believes
X-Forwarded-Proto / X-Forwarded-For only from INTERVIEWKIT_FORWARDED_ALLOW_IPS, and from
nobody at all when INTERVIEWKIT_PROXY_HOPS is 0. (Gunicorn's own default trusts 127.0.0.1,
which lets any local process claim HTTPS.)

    gunicorn                       # wsgi:app on 127.0.0.1:8000, 2 workers
    INTERVIEWKIT_BIND=0.0.0.0:8000 INTERVIEWKIT_PROXY_HOPS=1 gunicorn
"""

import os

wsgi_app = "wsgi:app"
bind = os.environ.get("INTERVIEWKIT_BIND", "127.0.0.1:8000")
# 2 workers beat 4 on a 2-core machine; set WEB_CONCURRENCY to change it.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Packets at the size limits build in under 2 s (bench/packet.py); 30 s is ample.
timeout = int(os.environ.get("INTERVIEWKIT_WORKER_TIMEOUT", "30"))
graceful_timeout = 20
# Drop a request whose headers are still arriving after this long (slow-client attacks).
keepalive = 5
limit_request_line = 8190
limit_request_fields = 100

proxy_hops = int(os.environ.get("INTERVIEWKIT_PROXY_HOPS", "0") or 0)
if proxy_hops > 0:
    forwarded_allow_ips = os.environ.get("INTERVIEWKIT_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
else:
    forwarded_allow_ips = ""  # trust no X-Forwarded-* header from anyone
# One host may run several app servers (tests do): no shared control socket.
control_socket_disable = True
# The PROXY protocol is never used here.
proxy_allow_ips = ""

accesslog = os.environ.get("INTERVIEWKIT_ACCESS_LOG") or None
errorlog = "-"
