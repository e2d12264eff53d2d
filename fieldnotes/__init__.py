"""fieldnotes: ethnographic field notes, theme coding and culture maps for organisation consultants."""

__version__ = "0.1.0"
