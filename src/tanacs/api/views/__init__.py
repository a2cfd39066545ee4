"""The API's views: each fetches through an ``access_*`` helper and calls one domain action."""
