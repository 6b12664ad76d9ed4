"""letterbook: an archive for scanned letters, with OCR, letter parsing and search."""

__version__ = "0.1.0"
