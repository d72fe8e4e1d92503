"""The Celery application: a Redis broker, no result backend (results go to the run folder and the
store), and the settings that make delivery at-least-once: a task is acknowledged only when it has
finished (acks_late), a worker process that dies gives its site back (reject_on_worker_lost), and a
site held by a worker that vanished goes to another after the visibility timeout."""

from __future__ import annotations

import os

from celery import Celery
from kombu.exceptions import OperationalError

from pixelhound.settings import (
    SCALE_BROKER_RETRIES,
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


def configure(broker_url: str) -> Celery:
    """Point the application at a broker (`redis://HOST:PORT/N`); returns it."""
    timeout = visibility_timeout()
    app.conf.update(
        broker_url=broker_url,
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


def check_broker(broker_url: str) -> None:
    """QueueError (one line, the password hidden) unless the broker answers within a few tries."""
    from pixelhound.store.engine import describe

    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=SCALE_BROKER_RETRIES)
    except (OperationalError, OSError) as error:
        raise QueueError(f"--queue {describe(broker_url)}: the broker cannot be reached ({error})") from None
