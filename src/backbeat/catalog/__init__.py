"""The movement catalogue: validated data files and the questions asked of them."""
