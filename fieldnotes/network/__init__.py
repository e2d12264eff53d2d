"""Department mentions, surprise extraction, the surprise network (networkx) and its offline rendering.

Pure functions only: no UI, no database. See docs/network.md.
"""
