"""The ground floor every app builds on: file interchange, request typing, command errors.

Nothing here imports an app; see docs/architecture.md for the layers.
"""
