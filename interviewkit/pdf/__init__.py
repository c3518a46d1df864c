"""Printable debrief packets and interview kits: plain domain data in, PDF bytes out."""

from .kit import build_kit
from .packet import build_batch, build_packet
from .styles import PAPER_SIZES, PaperError

__all__ = ["PAPER_SIZES", "PaperError", "build_batch", "build_kit", "build_packet"]
