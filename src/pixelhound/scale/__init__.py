"""Scale-out: a fleet scan as one Celery task per site on any number of workers (issue 13).

coordinator.py enqueues and follows a run, worker_task.py scans one site on a worker, work_folder.py
keeps the run's queue state beside the run folder, app.py configures Celery. See docs/scaling.md.
"""
