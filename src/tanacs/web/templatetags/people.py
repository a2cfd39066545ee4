"""How pages name people: ``{{ person|name }}`` is their full name, their login only when
they gave no name (logins are for officers, who see them beside the name)."""

from __future__ import annotations

from typing import Any

from django import template

from tanacs.core.actors import display_name, names_for_logins

register = template.Library()


@register.filter
def name(person: Any) -> str:
    return display_name(person)


@register.filter
def names_of(logins: Any) -> str:
    """A stored list of logins (an election's outcome), as names joined by commas."""
    listed = [str(login) for login in logins or []]
    names = names_for_logins(listed)
    return ", ".join(names.get(login, login) for login in listed)
