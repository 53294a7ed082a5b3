"""Starting and publishing the course: make lab, make app, the opsbook command, decks and handouts,
and the course on a hub."""
