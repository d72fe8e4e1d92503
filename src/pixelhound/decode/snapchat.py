"""Decoder placeholder: until the vendor-specific decoder lands, every parameter is listed
generically so nothing sent is hidden."""

from pixelhound.decode.generic import decode

__all__ = ["decode"]
