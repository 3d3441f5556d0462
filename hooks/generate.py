"""MkDocs hook: the only place that knows about MkDocs. It runs the plain-Python generator
before each build (also on every `mkdocs serve` rebuild) and adds its output as files."""

from __future__ import annotations

import functools
import gc
import hashlib
import json
import logging
import os
import types
import zlib
from importlib.metadata import version
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc

from aktivering import cache, deferred, figurehtml, memory, search, tablewrap, urls
from aktivering.build import DEFAULT_SITE_URL, GENERATED, InvalidData, data_epoch, generate
from aktivering.pages import template_cache

_generated: list[str] = []
_pages: list[str] = []  # every page's URL, in MkDocs' order
_rendered: set[str] = set()  # the pages this build renders (all but the unchanged ones under --dirty)
_context: list[str] = [""]  # what every page's Markdown -> HTML depends on besides its own text (on_nav)
_order: list[str] = []  # every file's path as handed to MkDocs, the figure pages' parts among them (sitemap)
RENDERED = cache.Store("rendered")
_serving = [False]  # `mkdocs serve`: the downloads of everything are made after the pages (deferred.py)
_built = [False]  # a build has finished in this process
_dirty = [False]  # `--dirty`: the site folder keeps the last build's pages (figurehtml.finish makes the changed ones)
# The figure pages' parts the generator wrote since figurehtml.finish last ran, or None when unknown.
_parts_changed: list[set[str] | None] = [None]


def on_startup(command, dirty):
    _serving[0] = command == "serve"
    _dirty[0] = dirty


def on_serve(server, config, builder):
    # The child that makes the downloads of everything says it is done here: rebuild then.
    deferred.signal_folder(GENERATED).mkdir(parents=True, exist_ok=True)
    server.watch(str(deferred.signal_folder(GENERATED)))
    return server


def on_shutdown():
    deferred.stop()


def on_config(config):
    if _serving[0] and _built[0] and not gc.get_freeze_count():
        # A serve process keeps the first build's data (the joined tables, memos, the search index)
        # and makes a little more on each rebuild; Python's full collection went through all of it
        # again on every rebuild after an edit (0.2-0.4 s at 98 kommuner). Once, after the first
        # build, what is left is frozen: full collections then go through what later builds made.
        # What the first build's pages held is given back to the system first (issue 17).
        memory.give_back()
        gc.freeze()
    pending, _parts_changed[0] = _parts_changed[0], None  # a generation cut off part-way: unknown
    try:
        made = generate(GENERATED, config.site_url or DEFAULT_SITE_URL, defer=_serving[0])
    except InvalidData as error:  # also raised when the output folder failed part-way: unknown
        # Abort before MkDocs cleans site/: an invalid package never yields a half-built site.
        raise Abort(str(error)) from None
    _generated[:] = made
    changed = getattr(made, "changed", None)
    if changed is not None and pending is not None:
        _parts_changed[0] = pending | {p for p in changed if figurehtml.is_part(p)}
    if not _serving[0]:  # one build: what the generator keeps for a next build in this process goes
        cache.forget_process_memos()
    if not (_serving[0] and _built[0]):  # before MkDocs holds every page (issue 17: the build's peak)
        memory.give_back()  # a serve rebuild keeps its memos on purpose: there it found little, at a cost
    # MkDocs stamps pages and sitemap.xml.gz with the build clock unless SOURCE_DATE_EPOCH is
    # set: pin it to the data version so two builds of one commit are byte-identical.
    os.environ["SOURCE_DATE_EPOCH"] = str(data_epoch())
    return config


def on_pre_build(config):
    search.forget_previous(config.plugins)  # `finish` keeps the pages not rendered (search.py)


def _stable(value):
    """A repr that is the same in every process (mdx_configs hold functions and partials)."""
    if isinstance(value, functools.partial):
        return [_stable(value.func), [_stable(a) for a in value.args],
                {k: _stable(v) for k, v in sorted(value.keywords.items())}]
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__name__)}"
    if isinstance(value, dict):
        return {str(k): _stable(v) for k, v in sorted(value.items(), key=lambda item: str(item[0]))}
    if isinstance(value, (list, tuple, set)):
        return [_stable(v) for v in value]
    return value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)


def render_context(config, files) -> str:
    """Everything a page's Markdown -> HTML conversion reads besides its text and its own address:
    every file's address (links are resolved and checked against them), the Markdown extensions and
    their settings, the link-validation settings, this hook and the versions of the converters."""
    return cache.key(
        sorted((f.src_uri, f.url) for f in files), _stable(config.markdown_extensions), _stable(config.mdx_configs),
        _stable(dict(config.validation)), config.use_directory_urls,
        hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),
        [version(name) for name in ("mkdocs", "markdown", "pymdown-extensions", "mkdocs-material")])


class _Messages(logging.Handler):
    """Counts what MkDocs tells the reader (info and up): a render that said something is not kept."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.count = 0

    def emit(self, record):
        self.count += 1


def _toc_tokens(items) -> list[dict]:
    return [{"level": i.level, "id": i.id, "name": i.title, "children": _toc_tokens(i.children)} for i in items]


def cached_render(page, config, files) -> None:
    """page.render, from the signed cache when this Markdown was converted before in the same context.
    What MkDocs keeps of a render is kept: the HTML, the table of contents, the title from the first
    heading, the anchors the page has and the anchors it links to (checked by MkDocs after all pages).
    A render that logged a message (a warning: a broken link) is not kept, so it is logged again on
    the next build and `--strict` fails on it again."""
    key = cache.key(_context[0], page.file.src_uri, page.file.url, page.markdown)
    kept = RENDERED.get(key)
    if kept is not None:
        entry = json.loads(kept)
        page.content = entry["content"]
        page.toc = get_toc(entry["toc"])
        page._title_from_render = entry["title"]
        page.present_anchor_ids = set(entry["anchors"])
        links = None if entry["links"] is None else {
            files.get_file_from_path(src): anchors for src, anchors in entry["links"].items()}
        if links is None or None not in links:  # a linked file gone: render (the context has it too)
            page.links_to_anchors = links
            return
    messages = _Messages()
    logging.getLogger("mkdocs").addHandler(messages)
    try:
        type(page).render(page, config, files)
    finally:
        logging.getLogger("mkdocs").removeHandler(messages)
    if messages.count == 0:
        links = None if page.links_to_anchors is None else {
            f.src_uri: anchors for f, anchors in page.links_to_anchors.items()}
        RENDERED.put(key, json.dumps({
            "content": page.content, "toc": _toc_tokens(page.toc), "title": page._title_from_render,
            "anchors": sorted(page.present_anchor_ids or ()), "links": links}).encode())


def on_page_markdown(markdown, page, config, files):
    # MkDocs converts the page's Markdown right after this hook: from the cache when it can.
    page.render = types.MethodType(cached_render, page)
    # The Bidrag page links the repository and its guide: one address, set in mkdocs.yml.
    if page.file.src_uri == urls.CONTRIBUTE:
        return urls.with_repository_url(markdown, config.extra.get("repository_url"))
    return markdown


def on_env(env, config, files):
    env.bytecode_cache = template_cache()  # the theme's templates compiled once, not on every rebuild
    return env


def on_files(files, config):
    _order[:] = [f.src_uri for f in files]
    for path in _generated:
        _order.append(path)
        if not figurehtml.is_part(path):  # a figure page's part goes into the shell (on_post_page)
            files.append(File(path, src_dir=str(GENERATED), dest_dir=config.site_dir,
                              use_directory_urls=config.use_directory_urls))
    return files


def on_nav(nav, config, files):
    # MkDocs keeps this module between `serve` rebuilds: start each build's lists afresh.
    _pages[:] = [file.page.url for file in files.documentation_pages() if file.page is not None]
    _rendered.clear()
    _context[0] = render_context(config, files)
    return nav


def on_page_content(html, page, config, files):
    _rendered.add(page.url)
    page.markdown = ""  # converted: MkDocs reads it no more ("", not None: a page without it has no title)
    if page.file.src_uri == figurehtml.SHELL:
        return figurehtml.CONTENT
    # MkDocs converts every page before it themes the first: each page's HTML waits compressed
    # (issue 17: at 10x 300 MB of HTML held at once), unpacked when the page is themed. Its plain
    # tables come wrapped as Material's script would wrap them after load (tablewrap.py, issue 13).
    return _Packed(zlib.compress(search.prepare(tablewrap.wrap(html)).encode("utf-8"), 1))


class _Packed(bytes):
    """A page's HTML between its conversion and its theming (on_page_context unpacks it)."""


@event_priority(100)  # before the search plugin indexes the page's HTML
def on_page_context(context, page, config, nav):
    if isinstance(page.content, _Packed):
        page.content = zlib.decompress(page.content).decode("utf-8")
    return context


def on_template_context(context, template_name, config):
    if template_name == "sitemap.xml":  # the figure pages where MkDocs listed them as Markdown pages
        context["pages"] = figurehtml.sitemap_pages(_order, context["pages"], GENERATED, config.site_url
                                                    or DEFAULT_SITE_URL, _parts_changed[0])
    return context


def on_post_page(output, page, config):
    if page.file.src_uri == figurehtml.SHELL:  # every figure page is this page with its own values
        figurehtml.finish(output, GENERATED, Path(config.site_dir), [p for p in _generated if figurehtml.is_part(p)],
                          _parts_changed[0] if _dirty[0] else None)
        _parts_changed[0] = set()  # every page as its part is now
    page.content = None  # in `output`, and read no more: MkDocs would keep every page's HTML to the end
    return output


@event_priority(10)  # before Material's search plugin writes its index: its entries are taken (search.take)
def on_post_build(config):
    figurehtml.remove_shell(Path(config.site_dir))
    search.finish(Path(config.site_dir), _pages, _rendered, search.take(config.plugins.get("material/search")))
    deferred.launch()  # the downloads of everything, when out of date: after the pages (deferred.py)
    _built[0] = True
