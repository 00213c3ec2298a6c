"""Takes the Site; gives every generated Markdown page and data download of both languages (docs/)."""
