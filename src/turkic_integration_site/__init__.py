"""Build the research companion site for Özdaşlı's article from YAML records and BibTeX."""

__version__ = "0.2.0"
