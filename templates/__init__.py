"""Report templates (Jinja2), installed as the package ``processwalk.templates``."""
