"""Shared by every stage: located problems, UTF-8 text files, dates with their precision, who publishes."""
