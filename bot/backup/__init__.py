"""Export the whole database as one JSON file, and restore it into an empty database."""
