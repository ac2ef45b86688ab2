"""Tra cứu (issue 14): the Vietnamese-aware search index over the cases a user may see, saved searches and the
"same person" view. Sits above handling (unit scoping, clocks) and below api/cli."""
