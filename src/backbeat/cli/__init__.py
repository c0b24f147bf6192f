"""The command line: a thin shell that parses, calls the core, and prints."""
