"""Request plumbing shared by the API and the web pages: the per-request session and actor, and
the translation of errors into problem+json or an error page."""
