"""A cycle: a imports b, b imports a back under TYPE_CHECKING."""
