"""Pure progress rules: evidence in, status per criterion out."""
