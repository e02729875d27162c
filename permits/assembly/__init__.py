"""The application's assembly: settings, the composition root (``app.create_app``), the command
line's entry point and the request log."""
