"""Make letters for the samples and the tests: born-digital PDFs, scans and transcripts.

A letter is a list of Row objects (text, alignment, size, boldness, space above); the
same rows become a PDF with a real text layer (through the small writer below), a page
image at 300 dpi with an optional ink signature, or a transcript.
"""
from __future__ import annotations

import io
import math
import random
import zlib
from dataclasses import dataclass, field

from PIL import Image, ImageDraw, ImageFilter, ImageFont

A4 = (595.28, 841.89)       # points
LETTER = (612.0, 792.0)
MARGIN = 72.0


@dataclass
class Row:
    text: str = ""
    align: str = "left"      # left, right, center
    size: float = 11.0
    bold: bool = False
    space: float = 0.0       # blank lines above
    signature: bool = False  # an ink signature drawn in the space above this row
    page_break: bool = False


@dataclass
class Letter:
    rows: list
    paper: tuple = A4
    footer: str = None       # repeated at the foot of every page
    ink: str = "blue"

    def pages(self) -> list:
        pages, current = [], []
        for row in self.rows:
            if row.page_break:
                pages.append(current)
                current = []
                continue
            current.append(row)
        pages.append(current)
        return pages

    def transcript(self, signature_line: str = None) -> str:
        out = []
        for n, page in enumerate(self.pages()):
            if n and self.footer:
                out += ["", self.footer, ""]
            for row in page:
                if row.signature and signature_line:
                    out += ["", signature_line]
                if row.space and out:
                    out.append("")
                out.append(row.text)
        return "\n".join(out) + "\n"


def wrap(text: str, width_chars: int = 88) -> list:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width_chars:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines


def paragraph(text: str, space: float = 1.0, width_chars: int = 88) -> list:
    lines = wrap(text, width_chars)
    return [Row(line, space=space if i == 0 else 0) for i, line in enumerate(lines)]


# ------------------------------------------------------------------ a small PDF writer

def _pdf_escape(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _helvetica_width(text: str, size: float, bold: bool) -> float:
    # average advance of Helvetica glyphs; good enough to right-align and centre lines
    return len(text) * size * (0.56 if bold else 0.52)


def _signature_path(x: float, y: float, width: float, rng: random.Random) -> bytes:
    """A looping pen stroke as PDF Bezier curves (a drawn signature)."""
    parts = [f"{x:.1f} {y:.1f} m"]
    cx = x
    for _ in range(7):
        step = width / 7
        parts.append(f"{cx + step * 0.3:.1f} {y + rng.uniform(8, 22):.1f} {cx + step * 0.7:.1f} "
                     f"{y - rng.uniform(4, 12):.1f} {cx + step:.1f} {y + rng.uniform(-3, 6):.1f} c")
        cx += step
    return ("0.1 0.2 0.7 RG 1.4 w " + " ".join(parts) + " S").encode()


_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    box = list(range(256))
    j = 0
    for i in range(256):
        j = (j + box[i] + key[i % len(key)]) % 256
        box[i], box[j] = box[j], box[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + box[i]) % 256
        box[i], box[j] = box[j], box[i]
        out.append(byte ^ box[(box[i] + box[j]) % 256])
    return bytes(out)


def _standard_security(password: str, file_id: bytes):
    """The PDF standard security handler, revision 2 (40-bit RC4): key, /O and /U."""
    import hashlib
    padded = (password.encode("latin-1") + _PAD)[:32]
    owner = _rc4(hashlib.md5(padded).digest()[:5], padded)
    permissions = (-4).to_bytes(4, "little", signed=True)
    key = hashlib.md5(padded + owner + permissions + file_id).digest()[:5]
    return key, owner, _rc4(key, _PAD)


def write_pdf(letter: Letter, signed: bool = True, seed: int = 1, password: str = None) -> bytes:
    """A born-digital PDF: real text in Helvetica, an optional drawn signature, optionally encrypted."""
    rng = random.Random(seed)
    width, height = letter.paper
    streams = []
    for page_rows in letter.pages():
        ops, y = [], height - MARGIN
        for row in page_rows:
            leading = row.size * 1.35
            y -= leading * (1 + row.space)
            if row.signature and signed:
                ops.append(b"q " + _signature_path(MARGIN, y + leading * 1.2, 120, rng) + b" Q")
            text_width = _helvetica_width(row.text, row.size, row.bold)
            x = MARGIN if row.align == "left" else (width - MARGIN - text_width if row.align == "right"
                                                     else (width - text_width) / 2)
            font = b"/F2" if row.bold else b"/F1"
            ops.append(b"BT " + font + f" {row.size:.1f} Tf {x:.1f} {y:.1f} Td (".encode()
                       + _pdf_escape(row.text) + b") Tj ET")
        if letter.footer:
            fw = _helvetica_width(letter.footer, 9, True)
            ops.append(b"BT /F2 9 Tf " + f"{(width - fw) / 2:.1f} 40 Td (".encode() + _pdf_escape(letter.footer)
                       + b") Tj ET")
        streams.append(b"\n".join(ops))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None,
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"]
    kids = []
    file_id = bytes(random.Random(seed).randrange(256) for _ in range(16))
    key = owner = user = None
    if password is not None:
        key, owner, user = _standard_security(password, file_id)
    for stream in streams:
        data = zlib.compress(stream)
        if key is not None:  # each object's own key: the file key, its number and generation
            import hashlib
            number = len(objects) + 1
            data = _rc4(hashlib.md5(key + number.to_bytes(3, "little") + b"\x00\x00").digest()[:10], data)
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")
        content = len(objects)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> >>" % (width, height, content))
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % len(kids)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    extra = b" /ID [<%s> <%s>]" % (file_id.hex().encode(), file_id.hex().encode())
    if key is not None:
        extra += (b" /Encrypt << /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>"
                  % (owner.hex().encode(), user.hex().encode()))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, extra, xref))
    return out.getvalue()


# ------------------------------------------------------------------ scans

FONT_PATHS = {False: ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                      "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"],
              True: ["/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
                     "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"]}


def _font(size_px: int, bold: bool):
    for path in FONT_PATHS[bold]:
        try:
            return ImageFont.truetype(path, size_px)
        except OSError:
            continue
    return ImageFont.load_default(size=size_px)  # Pillow's own font, when no system font is installed


def draw_signature(draw: ImageDraw.ImageDraw, x: int, y: int, width: int, height: int, colour, rng: random.Random,
                   pen: int = 4):
    """Smooth looping strokes, like a quick handwritten name, centred on y."""
    points = []
    steps = 160
    for i in range(steps):
        t = i / steps
        px = x + t * width + height * 0.4 * math.sin(t * 31)
        py = y + height * 0.45 * math.sin(t * 17 + 1) * (0.6 + 0.4 * math.sin(t * 5)) + rng.uniform(-1.5, 1.5)
        points.append((px, py))
    draw.line(points, fill=colour, width=pen, joint="curve")
    draw.line([(x + width * 0.1, y + height * 0.55), (x + width * 0.8, y + height * 0.5)], fill=colour,
              width=max(1, pen - 1))


def render_pages(letter: Letter, dpi: int = 300, signed: bool = True, colour: bool = True, seed: int = 1) -> list:
    """Page images of the letter, as a scanner would see a clean print."""
    rng = random.Random(seed)
    scale = dpi / 72
    size = (round(letter.paper[0] * scale), round(letter.paper[1] * scale))
    images = []
    for page_rows in letter.pages():
        page = Image.new("RGB" if colour else "L", size, "white")
        draw = ImageDraw.Draw(page)
        y = MARGIN * scale
        for row in page_rows:
            leading = row.size * 1.35 * scale
            y += leading * (1 + row.space)
            if row.signature and signed:
                ink = ((30, 50, 170) if letter.ink == "blue" else (20, 20, 20)) if colour else 40
                draw_signature(draw, round(MARGIN * scale), round(y - leading * 2.0), round(120 * scale),
                               round(leading * 1.4), ink, rng, pen=max(2, round(scale)))
            font = _font(round(row.size * scale), row.bold)
            text_width = draw.textlength(row.text, font=font)
            x = MARGIN * scale if row.align == "left" else (size[0] - MARGIN * scale - text_width
                                                             if row.align == "right" else (size[0] - text_width) / 2)
            draw.text((x, y - row.size * scale), row.text, font=font, fill="black" if colour else 0)
        if letter.footer:
            font = _font(round(9 * scale), True)
            fw = draw.textlength(letter.footer, font=font)
            draw.text(((size[0] - fw) / 2, size[1] - 50 * scale), letter.footer, font=font, fill="black" if colour else 0)
        images.append(page)
    return images


def degrade(image: Image.Image, skew: float = 0.0, noise: float = 6.0, blur: float = 0.6, seed: int = 1,
            upside_down: bool = False) -> Image.Image:
    """A scanner's touch: off-white paper, a little blur and grain, a slight skew."""
    rng = random.Random(seed)
    fill = (246, 244, 238) if image.mode == "RGB" else 245
    out = image.rotate(skew, resample=Image.BICUBIC, fillcolor=fill, expand=False)
    if blur:
        out = out.filter(ImageFilter.GaussianBlur(blur))
    if noise:
        grain = Image.effect_noise(out.size, noise).convert(out.mode)
        out = Image.blend(out, grain, 0.08)
    if upside_down:
        out = out.rotate(180)
    out.info["dpi"] = (300, 300)
    del rng
    return out


def save_image(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, dpi=(300, 300), **options)
    return buffer.getvalue()


def save_tiff(images: list, bilevel: bool = False) -> bytes:
    buffer = io.BytesIO()
    frames = [im.convert("1") if bilevel else im.convert("L") for im in images]
    frames[0].save(buffer, format="TIFF", save_all=True, append_images=frames[1:], dpi=(300, 300),
                   compression="group4" if bilevel else "tiff_lzw")
    return buffer.getvalue()


def image_pdf(images: list) -> bytes:
    """An image-only PDF, as a scanner writes it: no text layer at all."""
    buffer = io.BytesIO()
    pages = [im.convert("L") for im in images]
    pages[0].save(buffer, format="PDF", save_all=True, append_images=pages[1:], resolution=300)
    return buffer.getvalue()
