"""Takes sources/references.bib; gives the checked bibliography, its localized references, cite-this-page and the source exports."""
