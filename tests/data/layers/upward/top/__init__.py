"""The apart layer: one module per command."""
