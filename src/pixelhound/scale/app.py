"""The Celery application: a Redis broker, no result backend (results go to the run folder and the
store), and the settings that make delivery at-least-once: a task is acknowledged only when it has
finished (acks_late), a worker process that dies gives its site back (reject_on_worker_lost), and a
site held by a worker that vanished goes to another after the visibility timeout."""

from __future__ import annotations

import os
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from celery import Celery
from kombu.exceptions import OperationalError

from pixelhound.settings import (
    SCALE_BROKER_PASSWORD_ENV,
    SCALE_BROKER_RETRIES,
    SCALE_BROKER_TLS_VERIFY,
    SCALE_MAX_TASKS_PER_CHILD,
    SCALE_QUEUE_NAME,
    SCALE_VISIBILITY_ENV,
    SCALE_VISIBILITY_TIMEOUT,
)

app = Celery("pixelhound", set_as_current=True)


class QueueError(Exception):
    """The broker cannot be reached or used; the message is one line."""


def visibility_timeout() -> int:
    """The setting, or $PIXELHOUND_VISIBILITY_TIMEOUT (every worker of a run must agree on it)."""
    try:
        return int(os.environ.get(SCALE_VISIBILITY_ENV, "")) or SCALE_VISIBILITY_TIMEOUT
    except ValueError:
        return SCALE_VISIBILITY_TIMEOUT


BROKER_SCHEMES = ("redis", "rediss")
TLS_VERIFY_CHOICES = ("required", "optional", "none")  # kombu's names for ssl_cert_reqs


def broker_url(given: str) -> str:
    """The URL the broker is reached by. A password may come from $PIXELHOUND_QUEUE_PASSWORD instead
    of the command line, where every user of the machine can read it (`ps`). Over TLS (`rediss://`)
    the broker's certificate is verified unless the URL says otherwise: kombu alone would accept
    any certificate, so a man in the middle would read the queue and its password."""
    parts = urlsplit(given)
    netloc = parts.netloc
    password = os.environ.get(SCALE_BROKER_PASSWORD_ENV)
    if password and parts.password is None and parts.hostname:
        user, _, host = netloc.rpartition("@")
        netloc = f"{user}:{quote(password, safe='')}@{host}"
    query = parts.query
    if parts.scheme == "rediss" and "ssl_cert_reqs" not in dict(parse_qsl(query)):
        query = urlencode([*parse_qsl(query), ("ssl_cert_reqs", SCALE_BROKER_TLS_VERIFY)])
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def configure(given_url: str) -> Celery:
    """Point the application at a broker (`redis://HOST:PORT/N`, `rediss://` for TLS); returns it."""
    timeout = visibility_timeout()
    app.conf.update(
        broker_url=broker_url(given_url),
        result_backend=None,
        task_ignore_result=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_default_queue=SCALE_QUEUE_NAME,
        worker_prefetch_multiplier=1,  # a worker holds only the sites it is scanning
        worker_max_tasks_per_child=SCALE_MAX_TASKS_PER_CHILD,
        worker_hijack_root_logger=True,
        worker_task_log_format="[%(asctime)s: %(levelname)s/%(processName)s] %(message)s",
        # Every worker sweeps for sites held too long by a vanished worker about four times per
        # timeout (kombu's default sweep is every 100 s, whatever the timeout).
        broker_transport_options={"visibility_timeout": timeout, "unacked_restore_interval": max(1, min(60, timeout // 4)),
                                  "unacked_restore_throttle": 1},
        broker_connection_retry_on_startup=True,
        task_serializer="json",
        accept_content=["json"],
        broker_connection_timeout=10,
    )
    import pixelhound.scale.worker_task  # noqa: F401 - registers the task with the application

    return app


def check_broker(given_url: str) -> None:
    """QueueError (one line, the password hidden) unless the broker answers within a few tries."""
    from pixelhound.store.engine import describe

    parts = urlsplit(given_url)
    if parts.scheme not in BROKER_SCHEMES:
        raise QueueError(f"--queue {describe(given_url)}: give a Redis broker's URL (redis:// or rediss:// for TLS)")
    verify = dict(parse_qsl(parts.query)).get("ssl_cert_reqs", SCALE_BROKER_TLS_VERIFY)
    if verify not in TLS_VERIFY_CHOICES:
        raise QueueError(f"--queue {describe(given_url)}: ssl_cert_reqs={verify!r}: choose from {', '.join(TLS_VERIFY_CHOICES)}")
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=SCALE_BROKER_RETRIES)
    except (OperationalError, OSError, ValueError) as error:
        raise QueueError(f"--queue {describe(given_url)}: the broker cannot be reached ({error})") from None
