"""Aktivering i kommunerne: data packages, validation and the static site generator."""

__version__ = "0.1.0"
