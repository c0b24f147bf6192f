"""The plan: a person's day filled with small movements, growing from what they report."""
