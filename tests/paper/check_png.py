"""Decode the PNG that `test_paper --write-png` writes with nothing but the
Python standard library (zlib): check the signature, every chunk's CRC-32,
the IHDR fields, the zlib stream (its Adler-32 is checked by zlib) and every
pixel against the pattern test_paper.c draws. Exit 0 on success, 1 on
failure, 77 (skipped) if Python has no zlib."""
import struct
import subprocess
import sys
import tempfile
import os

try:
    import zlib
except ImportError:
    print("check_png: SKIPPED: this Python has no zlib module")
    sys.exit(77)

W, H = 37, 29


def pixel(x, y):
    return (x * 7 + y * 13 + x * y) & 0xFF


def main(exe):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "t.png")
        subprocess.run([exe, "--write-png", path], check=True)
        data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "bad signature"
    pos, chunks = 8, []
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + n]
        (crc,) = struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])
        assert zlib.crc32(kind + body) & 0xFFFFFFFF == crc, "CRC of %r" % kind
        chunks.append((kind, body))
        pos += 12 + n
    assert pos == len(data), "trailing bytes"
    kinds = [k for k, _ in chunks]
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND", kinds
    w, h, depth, ctype, comp, filt, inter = struct.unpack(">IIBBBBB", chunks[0][1])
    assert (w, h, depth, ctype, comp, filt, inter) == (W, H, 8, 0, 0, 0, 0)
    raw = zlib.decompress(b"".join(b for k, b in chunks if k == b"IDAT"))
    assert len(raw) == H * (W + 1), "raw size %d" % len(raw)
    for y in range(H):
        row = raw[y * (W + 1):(y + 1) * (W + 1)]
        assert row[0] == 0, "filter byte"
        for x in range(W):
            assert row[1 + x] == pixel(x, y), "pixel (%d, %d)" % (x, y)
    print("check_png: %d chunks, CRCs, zlib stream and %d pixels OK"
          % (len(chunks), W * H))


if __name__ == "__main__":
    main(sys.argv[1])
