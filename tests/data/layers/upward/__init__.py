"""An import up a layer (low -> high) and two modules of an apart layer importing each other."""
