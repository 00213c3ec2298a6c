"""Three repairs to Material's templates, so every page passes the Nu HTML Checker and axe (theme, not content).

The theme's template source is edited once per build, as Jinja loads it, instead of every page's HTML being
parsed and mended afterwards. Each edit names the exact text it expects: a Material release that changes that
text stops the build with a message saying which repair to look at, rather than letting invalid HTML through.
"""

from __future__ import annotations

import jinja2

REPAIRS: dict[str, list[tuple[str, str]]] = {
    "base.html": [  # `autocomplete` is not allowed on a checkbox
        ('type="checkbox" id="__drawer" autocomplete="off">', 'type="checkbox" id="__drawer">'),
        ('type="checkbox" id="__search" autocomplete="off">', 'type="checkbox" id="__search">'),
    ],
    "partials/nav-item.html": [  # a section's label gets tabindex="", which must be an integer: leave it out
        ('id="{{ path }}_label" tabindex="{{ tabindex }}">',
         'id="{{ path }}_label"{% if tabindex %} tabindex="{{ tabindex }}"{% endif %}>'),
    ],
    "partials/toc.html": [  # only a page in the navigation has the __toc toggle its label points to
        ('<label class="md-nav__title" for="__toc">',
         '<label class="md-nav__title"{% if page in nav.pages %} for="__toc"{% endif %}>'),
    ],
}


class ThemeRepairs(jinja2.BaseLoader):
    """The theme's loader, with REPAIRS applied to the templates they name."""

    def __init__(self, loader: jinja2.BaseLoader):
        self.loader = loader

    def get_source(self, environment, template):
        source, filename, uptodate = self.loader.get_source(environment, template)
        for old, new in REPAIRS.get(template, ()):
            if old not in source:
                raise jinja2.TemplateError(f"{filename}: the theme repair for {template} expects {old!r}; "
                                           "Material changed this template: check the repair in theme_repairs.py")
            source = source.replace(old, new)
        return source, filename, uptodate

    def list_templates(self):
        return self.loader.list_templates()
