"""digest: a static site generator for Chinese newspaper digests."""

__version__ = "0.1.0"
