"""Helpers for browser tests: the built site served on 127.0.0.1 and Debian's headless Chromium.

The helpers live in gongkai/browser.py, shared with the accessibility auditor (gongkai/audit.py).
"""

from __future__ import annotations

from gongkai.browser import CHROMIUM_ARGS, chromium_path, serve

__all__ = ["CHROMIUM_ARGS", "chromium_path", "serve"]
