"""Rules of network work, shared by screens and the start page."""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_

from .models import FollowUpTask, NetworkMeeting


def task_overdue(today: date):
    return and_(FollowUpTask.done_on.is_(None), FollowUpTask.due_on < today)


def task_open():
    return FollowUpTask.done_on.is_(None)


def meeting_upcoming(today: date, days: int = 30):
    start = datetime.combine(today, time.min, tzinfo=UTC)
    return and_(
        NetworkMeeting.starts_at >= start, NetworkMeeting.starts_at < start + timedelta(days=days)
    )
