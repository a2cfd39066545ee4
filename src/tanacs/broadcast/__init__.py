"""The public broadcast: bulletins councils write and relay, and the public pages and feeds
collected from every subject's published section (:mod:`tanacs.core.publication`)."""
