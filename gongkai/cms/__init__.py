"""The web editor at /admin/ (Decap CMS): its configuration, generated from the content model
and units.yml, and the files the build publishes under admin/."""
