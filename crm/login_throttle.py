"""The pause after failed logins: five failures for an account or from an address within a
day, and every further login there waits, twice as long after each new failure (30 s, 1 min,
2 min ... at most an hour). Counted in the database, so every worker and machine agrees."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, func, select
from sqlalchemy.orm import Session

from .models import LoginFailure
from .models.base import utcnow

ALLOWED = 5
FIRST_PAUSE = timedelta(seconds=30)
LONGEST_PAUSE = timedelta(hours=1)
WINDOW = timedelta(days=1)  # failures older than this no longer count, and are dropped


@dataclass(frozen=True)
class Failures:
    """How often and when last a login failed for the address typed and from the client."""

    account: int
    account_last: datetime | None
    address: int
    address_last: datetime | None


def pause_after(failures: int) -> timedelta:
    """The wait after the last of so many failures."""
    if failures < ALLOWED:
        return timedelta(0)
    return min(FIRST_PAUSE * 2 ** (failures - ALLOWED), LONGEST_PAUSE)


def failures_of(session: Session, email: str, address: str, now: datetime) -> Failures:
    """Both counts in one statement."""
    mine, here = LoginFailure.email == email, LoginFailure.address == address
    row = session.execute(
        select(
            func.count(case((mine, 1))),
            func.max(case((mine, LoginFailure.at))),
            func.count(case((here, 1))),
            func.max(case((here, LoginFailure.at))),
        ).where(LoginFailure.at > now - WINDOW, mine | here)
    ).one()
    return Failures(*row)


def wait_left(session: Session, email: str, address: str, now: datetime | None = None):
    """How long a login for this address from this client must still wait (a timedelta), or
    None when it may be tried."""
    now = now or utcnow()
    found = failures_of(session, email, address, now)
    until = max(
        (
            last + pause_after(count)
            for count, last in (
                (found.account, found.account_last),
                (found.address, found.address_last),
            )
            if last is not None and count >= ALLOWED
        ),
        default=None,
    )
    if until is None or until <= now:
        return None
    return until - now


def record_failure(session: Session, email: str, address: str, now: datetime | None = None):
    """Count one failure; those past the window go."""
    now = now or utcnow()
    session.execute(delete(LoginFailure).where(LoginFailure.at <= now - WINDOW))
    session.add(LoginFailure(at=now, email=email, address=address))


def forget_failures(session: Session, email: str) -> None:
    """A successful login clears its account's count (not the address's: others may have
    been guessed from there)."""
    session.execute(delete(LoginFailure).where(LoginFailure.email == email))
