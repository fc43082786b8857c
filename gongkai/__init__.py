"""gongkai: the content core of a county rule-of-law disclosure site.

Plain Python; never imports MkDocs. `hooks/` adapts it to MkDocs.
"""
