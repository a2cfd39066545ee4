"""The public broadcast: public pages and Atom feeds of federations and councils, anyone may
read them signed out; bulletins, written and relayed by a council's officers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_http_methods, require_POST

from tanacs.broadcast.access import (
    access_bulletin_for,
    access_public_council,
    access_public_federation,
    may_write_bulletins,
    reads_members_only,
)
from tanacs.broadcast.actions import BODY_LIMIT, TITLE_LIMIT, do_post_bulletin, do_relay_bulletin
from tanacs.broadcast.selectors import entry_hashes, list_bulletins, list_relayable
from tanacs.core.actors import signed_in
from tanacs.core.errors import TanacsError
from tanacs.core.publication import Cursor, PublicItem, collect, parse_cursor
from tanacs.federation.models import Council, Federation
from tanacs.federation.selectors import list_officers
from tanacs.web.views.edge import act, error_page, field_errors, pages, refused

PAGE = 30
FEED_PAGE = 50


def entry_url(federation: Federation, seq: int | None) -> str:
    """The journal page that shows entry ``seq`` first, anchored at it."""
    base = reverse("web:journal", args=[federation.slug])
    return f"{base}?before={seq + 1}#e{seq}" if seq else base


def public_items(
    federation: Federation, council: Council | None, before: Cursor | None, limit: int
) -> tuple[list[PublicItem], Cursor | None]:
    """One page of items, and the cursor of the next page (None on the last)."""
    items = collect(federation, council, before, limit + 1)
    more = len(items) > limit
    items = items[:limit]
    return items, (items[-1].cursor if more and items else None)


def _page(request: HttpRequest, federation: Federation, council: Council | None) -> HttpResponse:
    before = parse_cursor(request.GET.get("before"))
    items, older = public_items(federation, council, before, PAGE)
    feed = (
        reverse("web:council-feed", args=[council.pk])
        if council is not None
        else reverse("web:federation-feed", args=[federation.slug])
    )
    context = {
        "federation": federation,
        "council": council,
        "items": [(item, entry_url(federation, item.entry_seq)) for item in items],
        "older": older.token() if older else None,
        "paged": before is not None,
        "feed": feed,
        "officers": list_officers(council) if council is not None else [],
        "writer": council is not None and may_write_bulletins(request.user, council),
    }
    return render(request, "web/broadcast/public.html", context)


@pages
def federation_public(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, access_public_federation(slug), None)


@pages
def council_public(request: HttpRequest, council_id: int) -> HttpResponse:
    council = access_public_council(council_id)
    return _page(request, council.federation, council)


@pages
def bulletin(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    item = access_bulletin_for(request.user, bulletin_id)
    federation = item.council.federation
    relays = list(item.relays.select_related("council").order_by("at"))
    hashes = entry_hashes(federation, [item.journal_seq]) if item.public else {}
    context = {
        "federation": federation,
        "bulletin": item,
        "relays": relays,
        "entry": entry_url(federation, item.journal_seq) if item.public else None,
        "entry_hash": hashes.get(item.journal_seq, ""),
    }
    return render(request, "web/broadcast/bulletin.html", context)


class BulletinForm(forms.Form):
    title = forms.CharField(max_length=TITLE_LIMIT)
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}), max_length=BODY_LIMIT, label="Text"
    )
    public = forms.BooleanField(
        required=False,
        initial=True,
        label="Public",
        help_text="Public bulletins are on the council's public page and feed, for anyone. "
        "Unticked, only the council's members, delegates and officers read it.",
    )


@pages
@require_http_methods(["GET", "POST"])
def council_bulletins(request: HttpRequest, council_id: int) -> HttpResponse:
    """The council's bulletins as this reader may see them; officers write and relay here."""
    council = access_public_council(council_id)
    writer = may_write_bulletins(request.user, council)
    form = BulletinForm(request.POST or None) if writer else None
    status = 200
    if request.method == "POST":
        if form is None:
            return redirect(f"{reverse('web:login')}?next={request.path}")
        if form.is_valid():
            data = form.cleaned_data
            try:
                made = do_post_bulletin(
                    council, title=data["title"], body=data["body"], public=data["public"],
                    by=signed_in(request.user),
                )  # fmt: skip
            except TanacsError as error:
                if error.http_status in (403, 404):
                    return error_page(request, error)
                refused(request, error)
                form.add_error(
                    next(iter(field_errors(error)), None) if field_errors(error) else None,
                    error.message,
                )
            else:
                return redirect("web:bulletin", made.pk)
        status = 400
    context = {
        "federation": council.federation,
        "council": council,
        "bulletins": list_bulletins(council, request.user),
        "members_only": reads_members_only(request.user, council),
        "form": form,
        "relayable": list_relayable(council) if writer else [],
    }
    return render(request, "web/broadcast/bulletins.html", context, status=status)


@pages
@require_POST
def relay(request: HttpRequest, council_id: int) -> HttpResponse:
    council = access_public_council(council_id)
    back = reverse("web:council-bulletins", args=[council.pk])

    def run() -> Any:
        raw = str(request.POST.get("bulletin", ""))
        bulletin_id = int(raw) if raw.isdigit() else 0
        return do_relay_bulletin(
            council, access_bulletin_for(request.user, bulletin_id), by=signed_in(request.user)
        )

    return act(request, run, done=f"{council.name} relays the bulletin.", back=back)


class JournalAtom(Atom1Feed):
    """Atom with each entry's journal seq and hash, and RFC 5005 paging (``rel="next"``)."""

    NS = "urn:tanacs:journal"

    def root_attributes(self) -> dict[str, str]:
        attrs = super().root_attributes()
        attrs["xmlns:tanacs"] = self.NS
        return attrs

    def add_root_elements(self, handler: Any) -> None:
        super().add_root_elements(handler)
        if self.feed.get("next_page"):
            handler.addQuickElement("link", "", {"rel": "next", "href": self.feed["next_page"]})

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        if item.get("entry_hash"):
            handler.addQuickElement("tanacs:seq", str(item["entry_seq"]))
            handler.addQuickElement("tanacs:hash", item["entry_hash"])


class PublicFeed(Feed):  # type: ignore[type-arg]
    """One page of a public page's items, newest first; ``?before=`` the next page."""

    feed_type = JournalAtom

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        federation, council = self.scope(**kwargs)
        before = parse_cursor(request.GET.get("before"))
        items, older = public_items(federation, council, before, FEED_PAGE)
        path = request.path
        next_page = request.build_absolute_uri(f"{path}?before={older.token()}") if older else ""
        return {"federation": federation, "council": council, "items": items, "next": next_page,
                "page": request.build_absolute_uri(self.page_url(federation, council))}  # fmt: skip

    def scope(self, **kwargs: Any) -> tuple[Federation, Council | None]:
        raise NotImplementedError

    def page_url(self, federation: Federation, council: Council | None) -> str:
        if council is not None:
            return reverse("web:council-public", args=[council.pk])
        return reverse("web:federation", args=[federation.slug])

    def title(self, obj: dict[str, Any]) -> str:
        return str((obj["council"] or obj["federation"]).name)

    def subtitle(self, obj: dict[str, Any]) -> str:
        return f"What {self.title(obj)} publishes: bulletins, decisions, results."

    def link(self, obj: dict[str, Any]) -> str:
        return str(obj["page"])

    def feed_extra_kwargs(self, obj: dict[str, Any]) -> dict[str, Any]:
        return {"next_page": obj["next"]}

    def items(self, obj: dict[str, Any]) -> list[tuple[PublicItem, Federation]]:
        return [(item, obj["federation"]) for item in obj["items"]]

    def item_title(self, item: tuple[PublicItem, Federation]) -> str:
        public, _ = item
        origin = f" (from {public.origin})" if public.origin else ""
        return f"{public.council}: {public.title}{origin}"

    def item_description(self, item: tuple[PublicItem, Federation]) -> str:
        public, _ = item
        if not public.entry_hash:
            return public.summary
        return f"{public.summary}\n\nJournal entry {public.entry_seq}, hash {public.entry_hash}"

    def item_link(self, item: tuple[PublicItem, Federation]) -> str:
        public, federation = item
        return entry_url(federation, public.entry_seq)

    def item_guid(self, item: tuple[PublicItem, Federation]) -> str:
        public, federation = item
        return f"urn:tanacs:{federation.uid}:{public.section}:{public.pk}"

    def item_guid_is_permalink(self, item: tuple[PublicItem, Federation]) -> bool:
        return False

    def item_updateddate(self, item: tuple[PublicItem, Federation]) -> Any:
        return item[0].at

    def item_pubdate(self, item: tuple[PublicItem, Federation]) -> Any:
        return item[0].at

    def item_extra_kwargs(self, item: tuple[PublicItem, Federation]) -> dict[str, Any]:
        public, _ = item
        return {"entry_seq": public.entry_seq, "entry_hash": public.entry_hash}


class FederationFeed(PublicFeed):
    def scope(self, **kwargs: Any) -> tuple[Federation, Council | None]:
        return access_public_federation(kwargs["slug"]), None


class CouncilFeed(PublicFeed):
    def scope(self, **kwargs: Any) -> tuple[Federation, Council | None]:
        council = access_public_council(kwargs["council_id"])
        return council.federation, council


federation_feed = pages(FederationFeed())
council_feed = pages(CouncilFeed())
