"""Takes the HTML MkDocs wrote; gives the search index, sitemaps, 404 pages, PDFs and HTML that passes the checkers."""
