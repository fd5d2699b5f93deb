"""Import of contacts and organisations from the spreadsheets an office already has.

The steps, each in a module of its own and none knowing Flask: ``reading`` turns the bytes of a
CSV or XLSX file into a header and rows of text; ``columns`` matches the header to fields by
their German and English names; ``planning`` turns every row into what would happen (create,
update, skip, or fail with the reason in German) without writing; ``applying`` writes a plan
through the write path (crm.operations) in one transaction and records the import.
"""

from .applying import apply_plan
from .planning import KINDS, Plan, plan_import
from .reading import ImportFileError, read_table

__all__ = ["KINDS", "ImportFileError", "Plan", "apply_plan", "plan_import", "read_table"]
