"""Export and import of whole federations; see the package docstring."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.db.models import QuerySet

from tanacs.archive.audit import audit_federation
from tanacs.ballots.models import Ballot, State
from tanacs.ballots.recount import recount_ballot
from tanacs.core.errors import Conflict, InvalidInput
from tanacs.delegation.models import Seat, SeatHolder
from tanacs.federation.models import Council, Federation, Officer
from tanacs.journal.models import Entry, Head
from tanacs.membership.models import Membership, Vouch

__all__ = [
    "CORE",
    "FORMAT",
    "FULL_BACKUP",
    "VERIFIER",
    "Table",
    "export_federation",
    "export_tables",
    "import_federation",
]

FORMAT = "tanacs-federation/1"
# A full backup keeps what a restore needs for people to sign in again: password hashes and
# email addresses. An export for verifiers names each person by id and login only, which is
# all the journal and the tables refer to.
PERSON_FIELDS = (
    "id", "password", "last_login", "username", "first_name", "last_name", "email",
    "is_active", "date_joined",
)  # fmt: skip
VERIFIER_PERSON_FIELDS = ("id", "username")
FULL_BACKUP = "full-backup"
VERIFIER = "verifier"


@dataclass(frozen=True)
class Table:
    """One kind of row an export carries, and how to find the federation's rows of it."""

    key: str
    model: Callable[[], type[models.Model]]
    rows: Callable[[Federation], QuerySet[Any]]
    fields: tuple[str, ...] | None = None  # None: every concrete column

    def columns(self) -> tuple[str, ...]:
        if self.fields is not None:
            return self.fields
        return tuple(f.attname for f in self.model()._meta.concrete_fields)


# The tables every export holds, keyed by a stable name. Every other tanacs table that
# reaches a federation through its foreign keys (motions, ballots, ...) is found by
# :func:`export_tables` and carried too; people come from whoever those rows refer to.
CORE: list[Table] = [
    Table("federations", lambda: Federation, lambda f: Federation.objects.filter(pk=f.pk)),
    Table(
        "stewards",
        lambda: Federation.stewards.through,
        lambda f: Federation.stewards.through.objects.filter(federation_id=f.pk),
    ),
    Table("councils", lambda: Council, lambda f: Council.objects.filter(federation=f)),
    Table("officers", lambda: Officer, lambda f: Officer.objects.filter(council__federation=f)),
    Table("memberships", lambda: Membership, lambda f: Membership.objects.filter(federation=f)),
    Table("vouches", lambda: Vouch, lambda f: Vouch.objects.filter(membership__federation=f)),
    Table("seats", lambda: Seat, lambda f: Seat.objects.filter(council__federation=f)),
    Table(
        "seat_holders",
        lambda: SeatHolder,
        lambda f: SeatHolder.objects.filter(seat__council__federation=f),
    ),
    Table("journal", lambda: Entry, lambda f: Entry.objects.filter(chain=f.chain)),
    Table("journal_head", lambda: Head, lambda f: Head.objects.filter(chain=f.chain)),
]
PEOPLE = "people"


def _path_to_federation(model: type[models.Model]) -> str | None:
    """The shortest chain of foreign keys from ``model`` to Federation, as a lookup."""
    person = get_user_model()
    queue: list[tuple[type[models.Model], str]] = [(model, "")]
    seen = {model}
    while queue:
        current, path = queue.pop(0)
        for field in current._meta.concrete_fields:
            target = field.related_model if field.is_relation else None
            if not isinstance(target, type) or target is person or target in seen:
                continue
            lookup = f"{path}__{field.name}" if path else field.name
            if target is Federation:
                return lookup
            if lookup.count("__") < 4:
                seen.add(target)
                queue.append((target, lookup))
    return None


def _discovered(model: type[models.Model], lookup: str) -> Table:
    def rows(federation: Federation) -> QuerySet[Any]:
        return model._default_manager.filter(**{lookup: federation})

    return Table(model._meta.label_lower, lambda: model, rows)


def export_tables() -> list[Table]:
    """The core tables, then every other tanacs table that belongs to a federation."""
    covered = {table.model() for table in CORE}
    found = []
    for model in apps.get_models(include_auto_created=True):
        config = model._meta.app_config
        if model in covered or config is None or not config.name.startswith("tanacs."):
            continue
        lookup = _path_to_federation(model)
        if lookup is not None:
            found.append(_discovered(model, lookup))
    return CORE + _referenced_first(sorted(found, key=lambda table: table.key))


def _referenced_first(tables: list[Table]) -> list[Table]:
    """``tables`` (in name order) with each after the tables its foreign keys point to, so an
    import inserts a strike before its reports even where the database checks keys at once."""
    models_of = {table.model(): table for table in tables}
    placed: list[Table] = []
    done: set[type[models.Model]] = set()

    def place(model: type[models.Model], seen: frozenset[type[models.Model]]) -> None:
        if model in done or model in seen:
            return
        for field in model._meta.concrete_fields:
            target = field.related_model if field.is_relation else None
            if isinstance(target, type) and target in models_of and target is not model:
                place(target, seen | {model})
        done.add(model)
        placed.append(models_of[model])

    for table in tables:
        place(table.model(), frozenset())
    return placed


def _people_table(fields: tuple[str, ...] = PERSON_FIELDS) -> Table:
    return Table(PEOPLE, get_user_model, lambda f: get_user_model().objects.none(), fields)


def _person_columns(table: Table) -> list[int]:
    """Positions of the columns that refer to a person."""
    person = get_user_model()
    fields = {f.attname: f for f in table.model()._meta.concrete_fields}
    return [
        i
        for i, column in enumerate(table.columns())
        if fields[column].is_relation and fields[column].related_model is person
    ]


def _people_rows(ids: set[int], fields: tuple[str, ...]) -> list[list[Any]]:
    found: list[list[Any]] = []
    ordered = sorted(ids)
    query = get_user_model().objects.order_by("pk")
    for start in range(0, len(ordered), 10_000):
        chunk = query.filter(pk__in=ordered[start : start + 10_000]).values_list(*fields)
        found.extend([_to_json(v) for v in row] for row in chunk)
    return found


def _to_json(value: Any) -> Any:
    if isinstance(value, date):  # a datetime too
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


# A content type's id differs from one database to the next, so a column that refers to one
# (what a ballot decides) is exported as its model's name, "app_label.model".
def _is_content_type(field: models.Field[Any, Any]) -> bool:
    return field.is_relation and field.related_model is ContentType


def _model_name(type_id: int | None) -> str | None:
    if type_id is None:
        return None
    kind = ContentType.objects.get_for_id(type_id)
    return f"{kind.app_label}.{kind.model}"


def _type_id(name: Any) -> int | None:
    if name is None:
        return None
    app_label, _, model = str(name).partition(".")
    try:
        return int(ContentType.objects.get_by_natural_key(app_label, model).pk)
    except ContentType.DoesNotExist:
        raise ValueError(f"no model {name!r} in this version of tanacs") from None


def _rows(table: Table, federation: Federation) -> Iterator[list[Any]]:
    columns = table.columns()
    fields = {f.attname: f for f in table.model()._meta.concrete_fields}
    types = [i for i, c in enumerate(columns) if c in fields and _is_content_type(fields[c])]
    query = table.rows(federation).order_by("pk").values_list(*columns)
    for row in query.iterator(chunk_size=10_000):
        values = [_to_json(v) for v in row]
        for i in types:
            values[i] = _model_name(values[i])
        yield values


def export_federation(federation: Federation, *, full_backup: bool = False) -> dict[str, Any]:
    """Every row of the federation, table by table, the people they name, the journal head.

    By default an export for verifiers: people by id and login only, no password hashes and
    no email addresses. ``full_backup`` keeps them, for a restore where people sign in again.
    """
    fields = PERSON_FIELDS if full_backup else VERIFIER_PERSON_FIELDS
    head = Head.objects.filter(chain=federation.chain).first()
    tables: dict[str, Any] = {}
    people: set[int] = set()
    for table in export_tables():
        rows = list(_rows(table, federation))
        for i in _person_columns(table):
            people.update(row[i] for row in rows if row[i] is not None)
        tables[table.key] = {"columns": list(table.columns()), "rows": rows}
    return {
        "format": FORMAT,
        "contents": FULL_BACKUP if full_backup else VERIFIER,
        "federation": federation.slug,
        "journal_head": {"seq": head.seq, "hash": head.hash} if head else None,
        "tables": {
            PEOPLE: {"columns": list(fields), "rows": _people_rows(people, fields)},
            **tables,
        },
    }


def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    if _is_content_type(field):
        return _type_id
    if isinstance(field, models.DateTimeField):
        return lambda v: None if v is None else datetime.fromisoformat(v)
    if isinstance(field, models.DateField):
        return lambda v: None if v is None else date.fromisoformat(v)
    if isinstance(field, models.UUIDField):
        return lambda v: None if v is None else uuid.UUID(v)
    return lambda v: v


def _instances(table: Table, block: Any) -> list[models.Model]:
    model = table.model()
    if not isinstance(block, dict) or list(block.get("columns", [])) != list(table.columns()):
        raise InvalidInput(
            f"The export's {table.key!r} table does not have the columns this version of "
            f"tanacs expects ({', '.join(table.columns())})."
        )
    fields = {f.attname: f for f in model._meta.concrete_fields}
    convert = [_converter(fields[c]) for c in table.columns()]
    made = []
    for number, row in enumerate(block.get("rows", []), start=1):
        if not isinstance(row, list) or len(row) != len(convert):
            raise InvalidInput(f"Row {number} of the {table.key!r} table is malformed.")
        try:
            values = {c: f(v) for c, f, v in zip(table.columns(), convert, row, strict=True)}
        except (TypeError, ValueError) as exc:
            raise InvalidInput(f"Row {number} of the {table.key!r} table: {exc}.") from None
        made.append(model(**values))
    return made


def _refuse_existing(table: Table, objects: list[models.Model]) -> None:
    model = table.model()
    ids = [obj.pk for obj in objects]
    for start in range(0, len(ids), 5000):
        clash = model._default_manager.filter(pk__in=ids[start : start + 5000]).first()
        if clash is not None:
            raise Conflict(
                f"Nothing was imported: {table.key} id {clash.pk} exists already in this "
                "database. Import into an empty database."
            )


def _person_fields(tables: dict[str, Any]) -> tuple[str, ...]:
    """A full backup's people columns, or a verifier export's (id and login only)."""
    block = tables.get(PEOPLE)
    columns = block.get("columns") if isinstance(block, dict) else None
    if isinstance(columns, list) and tuple(columns) == VERIFIER_PERSON_FIELDS:
        return VERIFIER_PERSON_FIELDS
    return PERSON_FIELDS


def _check_document(data: Any) -> tuple[dict[str, Any], list[Table]]:
    """The document's tables, and the tables to read from it (people first)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InvalidInput(f"This is not a tanacs federation export (format {FORMAT!r}).")
    tables = data.get("tables")
    if not isinstance(tables, dict):
        raise InvalidInput("The export holds no tables.")
    known = [_people_table(_person_fields(tables)), *export_tables()]
    missing = [t.key for t in [known[0], *CORE] if t.key not in tables]
    if missing:
        raise InvalidInput(f"The export lacks the table(s): {', '.join(missing)}.")
    unknown = sorted(set(tables) - {t.key for t in known})
    if unknown:
        raise InvalidInput(
            f"This version of tanacs does not know the table(s) {', '.join(unknown)}."
        )
    return tables, [t for t in known if t.key in tables]


@transaction.atomic
def import_federation(data: Any) -> Federation:
    """Recreate an exported federation with its ids; refuse, changing nothing, on any clash
    or when the export does not verify (see :func:`_refuse_unverified`).

    A full backup restores people as they were. An export for verifiers restores them with
    their ids and logins, no email address and an unusable password.
    """
    tables, present = _check_document(data)
    slug = data.get("federation")
    if Federation.objects.filter(slug=slug).exists():
        raise Conflict(f"Nothing was imported: a federation called {slug!r} exists already.")
    loaded = [(table, _instances(table, tables[table.key])) for table in present]
    if loaded[0][0].columns() == VERIFIER_PERSON_FIELDS:
        # An export for verifiers carries no password hashes: nobody can sign in as these
        # people until a steward or they themselves set a password.
        for person in loaded[0][1]:
            person.set_unusable_password()  # type: ignore[attr-defined]
    usernames = [str(getattr(p, "username", "")) for p in loaded[0][1]]
    for start in range(0, len(usernames), 5000):
        taken = get_user_model().objects.filter(username__in=usernames[start : start + 5000])
        if (clash := taken.first()) is not None:
            raise Conflict(
                f"Nothing was imported: the login {clash.get_username()!r} exists already."
            )
    for table, objects in loaded:
        _refuse_existing(table, objects)
    try:
        with transaction.atomic(), _stored_times_kept([table.model() for table in present]):
            for table, objects in loaded:
                table.model()._default_manager.bulk_create(objects, batch_size=2000)
    except (IntegrityError, DatabaseError) as exc:
        raise InvalidInput(f"Nothing was imported: the export is inconsistent ({exc}).") from None
    federation = Federation.objects.filter(slug=slug).first()
    if federation is None:
        raise InvalidInput("Nothing was imported: the export holds no federation row.")
    _refuse_unverified(federation)
    _reset_sequences([table.model() for table, _ in loaded])
    return federation


def _refuse_unverified(federation: Federation) -> None:
    """Verify what was just written, inside the import's transaction: the hash chain, the
    tables against the replayed journal, every ballot's electorate and recount. Raising
    here rolls the whole import back."""
    report = audit_federation(federation)
    if not report.chain.ok:
        raise InvalidInput(
            f"Nothing was imported: the export's journal does not hold ({report.chain.problem})."
        )
    if not report.ok:
        shown = "; ".join(report.differences[:5])
        raise InvalidInput(
            f"Nothing was imported: {report.difference_count} row(s) of the export differ "
            f"from what its journal records ({shown})."
        )
    ballots = Ballot.objects.filter(
        council__federation=federation, state__in=[State.OPEN, State.CLOSED, State.DECLARED]
    )
    for ballot in ballots.order_by("pk"):
        recount = recount_ballot(ballot)
        if not recount.ok:
            raise InvalidInput(
                f"Nothing was imported: ballot {ballot.pk} ({ballot.title}) does not verify: "
                f"{recount.problem}."
            )


@contextmanager
def _stored_times_kept(model_list: list[type[models.Model]]) -> Iterator[None]:
    """Keep exported times: ``auto_now``/``auto_now_add`` would stamp the import's time."""
    fields = [
        (f, f.auto_now, f.auto_now_add)
        for model in model_list
        for f in model._meta.concrete_fields
        if isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add)
    ]
    for f, _, _ in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, now_add in fields:
            f.auto_now, f.auto_now_add = now, now_add


def _reset_sequences(model_list: list[type[models.Model]]) -> None:
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), model_list):
            cursor.execute(sql)
