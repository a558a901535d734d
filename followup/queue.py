"""The follow-up's tasks, found by name for the modules that queue them.

`followup.tasks` calls the services, versions and reports; those queue the same tasks, so
they look them up in Celery's registry instead of importing the task module (which would
make an import loop). `FollowupConfig.ready` imports the task module, so every process
(web, worker, shell) knows the tasks, and eager mode and tests patching a task's `delay`
behave as with a direct import.
"""

from celery import Task, current_app


def task(name: str) -> Task:
    """The registered task `followup.tasks.<name>`."""
    return current_app.tasks[f"followup.tasks.{name}"]
