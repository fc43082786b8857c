"""Importing a report drafted elsewhere (.txt copied from a portal or a PDF, .md, .docx).

One module per concern: text (spaces, punctuation, wrapped lines), chrome (portal page
furniture), structure (heading numbering), detect (front-matter values), dates, word (.docx),
and convert, which runs them in order.
"""
