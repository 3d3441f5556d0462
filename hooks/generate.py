"""MkDocs hook: the only place that knows about MkDocs. It runs the plain-Python generator
before each build (also on every `mkdocs serve` rebuild) and adds its output as files."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File

from aktivering import search, urls
from aktivering.build import DEFAULT_SITE_URL, GENERATED, InvalidData, data_epoch, generate
from aktivering.pages import template_cache

_generated: list[str] = []
_pages: list[str] = []  # every page's URL, in MkDocs' order
_rendered: set[str] = set()  # the pages this build renders (all but the unchanged ones under --dirty)


def on_config(config):
    try:
        _generated[:] = generate(GENERATED, config.site_url or DEFAULT_SITE_URL)
    except InvalidData as error:
        # Abort before MkDocs cleans site/: an invalid package never yields a half-built site.
        raise Abort(str(error)) from None
    # MkDocs stamps pages and sitemap.xml.gz with the build clock unless SOURCE_DATE_EPOCH is
    # set: pin it to the data version so two builds of one commit are byte-identical.
    os.environ["SOURCE_DATE_EPOCH"] = str(data_epoch())
    return config


def on_page_markdown(markdown, page, config, files):
    # The Bidrag page links the repository and its guide: one address, set in mkdocs.yml.
    if page.file.src_uri == urls.CONTRIBUTE:
        return markdown.replace("{repository_url}", str(config.extra.get("repository_url", "")).rstrip("/"))
    return markdown


def on_env(env, config, files):
    env.bytecode_cache = template_cache()  # the theme's templates compiled once, not on every rebuild
    return env


def on_files(files, config):
    for path in _generated:
        files.append(File(path, src_dir=str(GENERATED), dest_dir=config.site_dir,
                          use_directory_urls=config.use_directory_urls))
    return files


def on_nav(nav, config, files):
    # MkDocs keeps this module between `serve` rebuilds: start each build's lists afresh.
    _pages[:] = [file.page.url for file in files.documentation_pages() if file.page is not None]
    _rendered.clear()
    return nav


def on_page_content(html, page, config, files):
    _rendered.add(page.url)
    return search.prepare(html)


def on_post_build(config):
    search.finish(Path(config.site_dir), _pages, _rendered)  # after Material's search plugin wrote its index
