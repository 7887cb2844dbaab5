"""Artifact server split over modules: clients, URL helpers and tools."""
