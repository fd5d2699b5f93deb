"""The checksum the hostile-input tests compare must see any change, in any table."""

from crm.extensions import db
from crm.models import Contact
from tests import factories
from tests.checksum import database_checksum


def test_the_checksum_changes_with_a_row_and_with_a_field(ctx):
    empty = database_checksum()
    assert database_checksum() == empty
    contact = factories.contact(last_name="Yılmaz")
    db.session.commit()
    with_row = database_checksum()
    assert with_row != empty

    db.session.execute(db.update(Contact).values(phone="0561 1"))
    db.session.commit()
    assert database_checksum() != with_row
    assert contact.id
