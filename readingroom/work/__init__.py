"""Background work: the task queue's worker, its heartbeat, and the retry of orphaned tasks.

The queue is Django's tasks API with the database backend (`django_tasks_db`), so any
number of workers on any machine share it through the database. What the backend lacks is
a way to notice a worker that died mid-task: each worker here records a heartbeat, and a
task still marked running by a worker that has not beaten for `TASK_LEASE_SECONDS` is put
back in the queue. Tasks are written to be run again safely (imports never duplicate,
builds replace their output whole).
"""
