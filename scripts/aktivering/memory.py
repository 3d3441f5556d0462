"""Give memory back between the build's phases (issue 17: peak memory at 10x).

CPython frees an object when its last reference goes, except objects in reference cycles, which
wait for the garbage collector; and glibc's malloc keeps freed memory in the process (its heaps
and each thread's arena) instead of returning it to the system, so the resident size a later
phase starts from is the high-water mark of the earlier ones. `give_back` runs a full collection
and then asks glibc to return what is free (`malloc_trim(0)`, documented in malloc_trim(3));
on a C library without it (musl, macOS) only the collection runs.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from functools import cache


@cache
def _malloc_trim():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def give_back() -> None:
    """Collect garbage, then return freed memory to the system (where the C library can)."""
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
