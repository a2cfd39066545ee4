"""Federation pages: the tree, founding a federation, adding councils, importing members."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from tanacs.broadcast.access import access_public_council, access_public_federation
from tanacs.core.actors import signed_in
from tanacs.core.errors import InvalidInput, NotFound, TanacsError
from tanacs.federation.access import (
    access_council_for,
    access_council_in,
    access_federation_for,
    can_change_council,
    is_steward,
)
from tanacs.federation.actions import do_create_council, do_create_federation
from tanacs.federation.models import Council
from tanacs.membership.importing import do_import_members
from tanacs.web.tree import build_tree, render_tree
from tanacs.web.views.broadcast import entry_url, public_items
from tanacs.web.views.edge import field_errors, pages, refused

PUBLISHED_SHOWN = 10


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@pages
def federation(request: HttpRequest, slug: str) -> HttpResponse:
    """The tree: the top councils and their children, plus the path down to ``?open=<id>``,
    and what the federation publishes. A public page: the tree names delegates only (they
    act in office), and the stewards' links need a steward."""
    fed = access_public_federation(slug)
    open_council = None
    open_id = _int(request.GET.get("open"))
    if open_id is not None:
        open_council = access_public_council(open_id)
        if open_council.federation_id != fed.pk:
            raise NotFound(f"There is no council {open_id} in {fed.name}.")
    roots = build_tree(fed, open_council)
    items, older = public_items(fed, None, None, PUBLISHED_SHOWN)
    context = {
        "federation": fed,
        "roots": roots,
        "tree": render_tree(roots),
        "open_council": open_council,
        "steward": is_steward(request.user, fed),
        "items": [(item, entry_url(fed, item.entry_seq)) for item in items],
        "more_published": older is not None,
        "feed": reverse("web:federation-feed", args=[fed.slug]),
    }
    return render(request, "web/federation.html", context)


class FederationForm(forms.Form):
    name = forms.CharField(max_length=200)
    slug = forms.CharField(
        max_length=60, label="Short name", help_text="Lower-case letters, digits and hyphens."
    )
    levels = forms.CharField(
        max_length=500,
        label="Levels, base first",
        initial="workplace, district, city, national",
        help_text="Comma-separated, e.g. workplace, district, city, national.",
    )
    members_per_seat = forms.IntegerField(
        initial=100, label="Members per seat", help_text="One seat in the parent per this many."
    )
    seats_min = forms.IntegerField(initial=1, label="Fewest seats per council")
    seats_max = forms.IntegerField(initial=5, label="Most seats per council")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


def _form_error(form: forms.Form, error: TanacsError) -> None:
    for name, message in field_errors(error).items():
        if name in form.fields:
            form.add_error(name, message)
            return
    form.add_error(None, error.message)


@login_required
@require_http_methods(["GET", "POST"])
def federation_new(request: HttpRequest) -> HttpResponse:
    form = FederationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            fed = do_create_federation(
                name=data["name"],
                slug=data["slug"].strip(),
                levels=data["levels"].split(","),
                description=data["description"],
                members_per_seat=data["members_per_seat"],
                seats_min=data["seats_min"],
                seats_max=data["seats_max"],
                by=signed_in(request.user),
            )
        except TanacsError as error:
            refused(request, error)
            _form_error(form, error)
        else:
            messages.success(request, f"{fed.name} is founded; you are its steward.")
            return redirect("web:federation", fed.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "web/federation_new.html", {"form": form}, status=status)


class CouncilForm(forms.Form):
    name = forms.CharField(max_length=200)
    slug = forms.CharField(
        max_length=60, label="Short name", help_text="Lower-case letters, digits and hyphens."
    )
    level = forms.TypedChoiceField(coerce=int, choices=())
    parent = forms.CharField(
        max_length=80,
        required=False,
        label="Parent council (short name)",
        help_text="Empty only for a council at the top.",
    )
    place = forms.CharField(max_length=120, required=False)
    vouches_needed = forms.IntegerField(
        initial=2, label="Vouches needed to admit", help_text="For base councils."
    )

    def __init__(self, *args: object, levels: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["level"].choices = [  # type: ignore[attr-defined]
            (i, name) for i, name in enumerate(levels)
        ]


@pages
@require_http_methods(["GET", "POST"])
def council_new(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a council: officers of the parent add children; stewards add anywhere."""
    fed = access_federation_for(request.user, slug)
    parent: Council | None = None
    parent_id = _int(request.GET.get("parent"))
    if parent_id is not None:
        parent = access_council_for(request.user, parent_id)
        if parent.federation_id != fed.pk or parent.is_base:
            raise NotFound(f"{parent.name} cannot have child councils in {fed.name}.")
    initial = {"level": parent.level - 1, "parent": parent.slug} if parent else {}
    form = CouncilForm(request.POST or None, initial=initial, levels=list(fed.levels))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new_parent = (
                access_council_in(request.user, fed, data["parent"])
                if data["parent"].strip()
                else None
            )
            council = do_create_council(
                fed,
                name=data["name"],
                slug=data["slug"].strip(),
                level=data["level"],
                parent=new_parent,
                place=data["place"],
                vouches_needed=data["vouches_needed"],
                by=signed_in(request.user),
            )
        except NotFound as error:
            form.add_error("parent", error.message)
        except TanacsError as error:
            if error.http_status == 403:
                raise
            refused(request, error)
            _form_error(form, error)
        else:
            messages.success(request, f"{council.name} is created.")
            return redirect("web:council", council.pk)
    allowed = parent is not None and can_change_council(request.user, parent)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "federation": fed, "parent": parent, "allowed": allowed}
    return render(request, "web/council_new.html", context, status=status)


class ImportForm(forms.Form):
    file = forms.FileField(label="Members CSV", help_text="Header: name,email,council")


@pages
@require_http_methods(["GET", "POST"])
def members_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload a membership list: all rows go in, or none and every bad row is listed."""
    fed = access_federation_for(request.user, slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            text = _decode(form.cleaned_data["file"].read())
            report = do_import_members(fed, text, by=signed_in(request.user))
        except TanacsError as error:
            if error.http_status == 404:
                raise
            refused(request, error)
            form.add_error(None, error.message)
            problems = list(error.details.get("errors", []))
            status = error.http_status
        else:
            messages.success(
                request,
                f"Imported {report.imported} members into {report.councils} councils.",
            )
            return redirect(reverse("web:federation", args=[fed.slug]))
    context = {"form": form, "federation": fed, "problems": problems}
    return render(request, "web/import.html", context, status=status)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("Nothing was imported: the file is not UTF-8 text.") from None
