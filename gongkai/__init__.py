"""gongkai: publish a Chinese government body's 政府信息公开 column from Markdown.

The modules of this package are plain Python and import nothing from MkDocs; the MkDocs hooks in
``hooks/`` connect them to the build.
"""

__version__ = "0.1.0"
