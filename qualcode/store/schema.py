"""The project schema, written once in SQLAlchemy Core so SQLite and PostgreSQL share it."""

from __future__ import annotations

from sqlalchemy import (
    DDL,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
)

from qualcode.store.probe import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION"]

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_at", String(32), nullable=False),
)

codebook_versions = Table(
    "codebook_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("version_label", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("source_name", Text, nullable=False),
    Column("yaml_text", Text, nullable=False),
    Column("imported_at", String(32), nullable=False),
)

# Every code the project knows: the current codebook's codes, retired ones included. A code that
# a revision removes is deleted only when no coding uses it (SPEC §5.3).
codes = Table(
    "codes",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("family_id", String(100), nullable=False),
    Column("parent_id", String(200), nullable=True),
    Column("label", Text, nullable=False),
    Column("position", Integer, nullable=False),
    Column("retired", Boolean, nullable=False, default=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("source_name", Text, nullable=False),
    Column("format", String(16), nullable=False),
    Column("unit", String(16), nullable=False),
    Column("word_count", Integer, nullable=False),
    Column("segment_count", Integer, nullable=False),
    Column("deidentified", Boolean, nullable=False),
    Column("imported_at", String(32), nullable=False),
    Column("deid_report", Text, nullable=True),
)

document_attributes = Table(
    "document_attributes",
    metadata,
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("key", String(100), nullable=False),
    Column("value", Text, nullable=False),
    PrimaryKeyConstraint("document_id", "key"),
)

segments = Table(
    "segments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("n", Integer, nullable=False),
    Column("speaker", Text, nullable=False),
    Column("speaker_kind", String(16), nullable=False),
    Column("text", Text, nullable=False),
    UniqueConstraint("document_id", "n"),
)

coders = Table(
    "coders",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("created_at", String(32), nullable=False),
)

codings = Table(
    "codings",
    metadata,
    Column("segment_id", Integer, ForeignKey("segments.id"), nullable=False),
    Column("coder_id", Integer, ForeignKey("coders.id"), nullable=False),
    Column("code_id", String(200), ForeignKey("codes.id"), nullable=False),
    Column("codebook_version_id", Integer, ForeignKey("codebook_versions.id"), nullable=False),
    Column("created_at", String(32), nullable=False),
    PrimaryKeyConstraint("segment_id", "coder_id", "code_id"),
)
Index("ix_codings_coder_segment", codings.c.coder_id, codings.c.segment_id)
Index("ix_codings_code", codings.c.code_id)

# A segment a coder has looked at: the units of agreement (SPEC §8) are the segments both
# coders reviewed, whether or not they applied a code.
reviews = Table(
    "reviews",
    metadata,
    Column("segment_id", Integer, ForeignKey("segments.id"), nullable=False),
    Column("coder_id", Integer, ForeignKey("coders.id"), nullable=False),
    Column("reviewed_at", String(32), nullable=False),
    PrimaryKeyConstraint("segment_id", "coder_id"),
)
Index("ix_reviews_coder", reviews.c.coder_id, reviews.c.segment_id)

memos = Table(
    "memos",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("coder_id", Integer, ForeignKey("coders.id"), nullable=False),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=True),
    Column("segment_id", Integer, ForeignKey("segments.id"), nullable=True),
    Column("code_id", String(200), nullable=True),
    Column("text", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
)

assignments = Table(
    "assignments",
    metadata,
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("coder_id", Integer, ForeignKey("coders.id"), nullable=False),
    Column("role", String(16), nullable=False),
    Column("assigned_at", String(32), nullable=False),
    PrimaryKeyConstraint("document_id", "coder_id"),
)

# The project's changes to the shipped deidentification allowlist (schema version 3): entries it
# adds ("add") and shipped entries it switches off ("remove"), keyed by the normalised entry.
allowlist = Table(
    "allowlist",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(300), nullable=False, unique=True),
    Column("entry", Text, nullable=False),
    Column("action", String(8), nullable=False),
    Column("changed_at", String(32), nullable=False),
)

# Append-only history of every change to codings and to the project's content.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", String(32), nullable=False),
    Column("actor", String(100), nullable=False),
    Column("action", String(32), nullable=False),
    Column("document", String(200), nullable=True),
    Column("segment_n", Integer, nullable=True),
    Column("code_id", String(200), nullable=True),
    Column("codebook_version_id", Integer, nullable=True),
    Column("detail", Text, nullable=True),
)

for _statement in ("UPDATE", "DELETE"):
    event.listen(
        audit_log,
        "after_create",
        DDL(  # type: ignore[no-untyped-call]
            f"CREATE TRIGGER audit_log_no_{_statement.lower()} BEFORE {_statement} ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
        ).execute_if(dialect="sqlite"),
    )

# PostgreSQL: the same rule in PL/pgSQL (TRUNCATE included), and the login role that wrote each
# row, set by the server (a column of its own, outside the shared schema: a file has no logins).
for _ddl in (
    "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$",
    "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
    "ALTER TABLE audit_log ADD COLUMN login_role TEXT",
    "CREATE FUNCTION audit_log_login_role() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN NEW.login_role := session_user; RETURN NEW; END $$",
    "CREATE TRIGGER audit_log_login_role BEFORE INSERT ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_login_role()",
):
    event.listen(
        audit_log,
        "after_create",
        DDL(_ddl).execute_if(dialect="postgresql"),  # type: ignore[no-untyped-call]
    )

# Reconciliation (schema 2): one decision per double-coded segment, and the consensus codings it
# produces — a source of its own, not a coder.
reconciliations = Table(
    "reconciliations",
    metadata,
    Column("segment_id", Integer, ForeignKey("segments.id"), primary_key=True, autoincrement=False),
    Column("coder_a", String(100), nullable=False),
    Column("coder_b", String(100), nullable=False),
    Column("decision", String(16), nullable=False),  # agreed, a, b, both, neither, edit
    Column("note", Text, nullable=True),
    Column("reconciled_by", String(100), nullable=False),
    Column("reconciled_at", String(32), nullable=False),
)

consensus_codings = Table(
    "consensus_codings",
    metadata,
    Column("segment_id", Integer, ForeignKey("segments.id"), nullable=False),
    Column("code_id", String(200), ForeignKey("codes.id"), nullable=False),
    Column("codebook_version_id", Integer, ForeignKey("codebook_versions.id"), nullable=False),
    Column("created_at", String(32), nullable=False),
    PrimaryKeyConstraint("segment_id", "code_id"),
)
