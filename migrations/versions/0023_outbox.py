"""the outbox, and the invitation state of a meeting

Revision ID: 0023
Revises: 0017
Create Date: 2026-12-02

Every mail Lotse sends, kept with its state until it went out (crm.outbox); a meeting's
invitation by e-mail: its SEQUENCE, when it went out, what it stated, a cancellation
(crm.invitations).
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0023'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outgoing_mails',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('message', sa.LargeBinary(), nullable=False),
    sa.Column('once_key', sa.String(length=200), nullable=True),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('tried_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_outgoing_mails_contact_id_contacts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['network_meetings.id'], name=op.f('fk_outgoing_mails_meeting_id_network_meetings'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_outgoing_mails_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outgoing_mails')),
    sa.UniqueConstraint('once_key', name=op.f('uq_outgoing_mails_once_key'))
    )
    with op.batch_alter_table('outgoing_mails', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outgoing_mails_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index('ix_outgoing_mails_created_at', ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outgoing_mails_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_outgoing_mails_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outgoing_mails_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_outgoing_mails_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('network_meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('invitation_sequence', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('invited_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('invited_for', sa.String(length=400), nullable=True))
        batch_op.add_column(sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True))



def downgrade():
    with op.batch_alter_table('network_meetings', schema=None) as batch_op:
        batch_op.drop_column('cancelled_at')
        batch_op.drop_column('invited_for')
        batch_op.drop_column('invited_at')
        batch_op.drop_column('invitation_sequence')

    with op.batch_alter_table('outgoing_mails', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outgoing_mails_user_id'))
        batch_op.drop_index(batch_op.f('ix_outgoing_mails_status'))
        batch_op.drop_index(batch_op.f('ix_outgoing_mails_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_outgoing_mails_kind'))
        batch_op.drop_index(batch_op.f('ix_outgoing_mails_contact_id'))
        batch_op.drop_index('ix_outgoing_mails_created_at')

    op.drop_table('outgoing_mails')
