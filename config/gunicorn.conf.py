"""gunicorn settings for production: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

The access log never holds a query string (staff searches, phone numbers) nor a tracking code:
RedactingGunicornLogger rewrites the request line (config/logredact.py). Override the rest on
the command line (e.g. --workers, --bind) or with GUNICORN_CMD_ARGS."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
logger_class = "config.logredact.RedactingGunicornLogger"
accesslog = "-"
errorlog = "-"
# Combined log format with the request line as rebuilt by the logger (no query string).
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
# Behind our TLS proxy: it sets X-Forwarded-Proto (see SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
