"""URL helpers."""


def mirror_url(mirror: str, package: str) -> str:
    """The download URL of a package on a mirror."""
    return f"{mirror.rstrip('/')}/packages/{package}"
