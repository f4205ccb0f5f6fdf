"""jinja2 outside its module, and a library let in nowhere."""
