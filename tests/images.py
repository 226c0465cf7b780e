"""Real image bytes for the upload tests: photos, and images too large to decode that
are still small to send (and to build: nothing here is decoded)."""

import io
import struct
import zlib

from PIL import Image


def png_of(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def png(size=(400, 300), color=(0, 128, 0)) -> bytes:
    return png_of(Image.new("RGB", size, color))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(width: int, height: int) -> bytes:
    """A valid two-colour palette PNG of width × height pixels, all black: a few hundred
    kilobytes that decode into width × height bytes or more (13,000 × 13,000: 169 MB as
    a palette image, 507 MB in RGB). Written row by row, never held whole in memory."""
    header = struct.pack(">IIBBBBB", width, height, 1, 3, 0, 0, 0)  # 1 bit per pixel, palette
    row = b"\0" * (1 + (width + 7) // 8)  # filter byte, then the pixels
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", header),
            _chunk(b"PLTE", b"\0\0\0\xff\xff\xff"),
            _chunk(b"IDAT", data),
            _chunk(b"IEND", b""),
        ]
    )


def eps() -> bytes:
    """An Encapsulated PostScript drawing Pillow identifies as an image (format EPS)."""
    return (
        b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\n%%EndComments\n"
        b"newpath 10 10 moveto 90 90 lineto stroke\nshowpage\n%%EOF\n"
    )
