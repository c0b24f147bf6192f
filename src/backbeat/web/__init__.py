"""The local web app: pages over the same core calls as the command line (no business logic)."""
