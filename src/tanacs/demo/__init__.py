"""The 1956 demo federation: its data, and loading it (at any size up to a million members)."""

from __future__ import annotations

from tanacs.demo.loader import DEFAULT_MEMBERS, DemoReport, demo_federation, load_demo

__all__ = ["DEFAULT_MEMBERS", "DemoReport", "demo_federation", "load_demo"]
