"""How the course shows things: charts (one theme), browser-drawn SVG, HTML pages and tables as
learners read them, the notebook's display settings, the web font."""
