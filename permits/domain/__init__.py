"""The shared domain vocabulary: actors, errors, identifiers, the clock, the application and
document forms and their checks, passwords, who may see what, and shipped reference values."""
