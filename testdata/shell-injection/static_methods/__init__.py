"""A converter server whose work is done by static and class methods of another module."""
