"""The page layer: what the column's pages, lists, catalogue, feeds, permanent addresses and search
index contain, and the checks of the site as it is about to be published. Plain Python; the
MkDocs hooks (hooks/gongkai_hooks.py) render it with the templates in overrides/."""
