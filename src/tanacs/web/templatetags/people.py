"""How pages name people: ``{{ person|name }}`` is their full name, their login only when
they gave no name (logins are for officers, who see them beside the name)."""

from __future__ import annotations

from typing import Any

from django import template

from tanacs.core.actors import display_name

register = template.Library()


@register.filter
def name(person: Any) -> str:
    return display_name(person)
