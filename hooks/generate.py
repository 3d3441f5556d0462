"""MkDocs hook: the only place that knows about MkDocs. It runs the plain-Python generator
before each build (also on every `mkdocs serve` rebuild) and adds its output as files."""

from __future__ import annotations

from aktivering.build import GENERATED, InvalidData, generate
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File

_generated: list[str] = []


def on_config(config):
    try:
        _generated[:] = generate(GENERATED)
    except InvalidData as error:
        # Abort before MkDocs cleans site/: an invalid package never yields a half-built site.
        raise Abort(str(error)) from None
    return config


def on_files(files, config):
    for path in _generated:
        files.append(File(path, src_dir=str(GENERATED), dest_dir=config.site_dir,
                          use_directory_urls=config.use_directory_urls))
    return files
