"""The project's own error for a change a rule of the domain refuses.

Rules raise it with a German message and, where it concerns one field, that field's name; the
forms, the CLI and later the importer and the API each translate it into their own answer.
"""


class RuleError(Exception):
    """A change refused by a rule; ``message`` is what the user reads (German, may be lazy)."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


class StaleChange(RuleError):
    """The record was changed by someone else since the user opened it."""
