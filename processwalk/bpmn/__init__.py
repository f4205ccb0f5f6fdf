"""BPMN 2.0 in and out: models drawn in other tools become process files, and back."""
