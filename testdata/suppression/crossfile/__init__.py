"""A finding that the project phase places in another module is suppressed where it lands."""
