"""Helpers for browser tests: the built site served on 127.0.0.1 and Debian's headless Chromium.

The helpers live in gongkai/audit/browser.py, shared with the accessibility auditor (gongkai/audit/).
"""

from __future__ import annotations

from gongkai.audit.browser import CHROMIUM_ARGS, chromium_path, serve

__all__ = ["CHROMIUM_ARGS", "chromium_path", "serve"]
