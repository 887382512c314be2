"""Reading the repository safely: which files may be read (no symlinks out, no hidden files),
YAML without the parser's surprises and with Chinese messages, and dates from git history."""
