"""Fonts and content streams of a PDF as the PDF/A writer (ocr/pdfa.py) and validator (ocr/pdfa_check.py) need
them: which glyph a shown code selects (a Type 0 font with Identity-H: two bytes per code, code = CID, glyph =
CIDToGIDMap[CID]), a TrueType program's advance widths and glyph count (head, hhea, hmtx, maxp tables read
directly), and what a content stream does (the font and text rendering mode of each string shown, q/Q saving the
text state; the device colour spaces it paints in; its inline images).
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

DEVICE_SPACES = ("DeviceRGB", "DeviceCMYK", "DeviceGray")
TEXT_SHOWING = frozenset({"Tj", "TJ", "'", '"'})
INVISIBLE = 3  # text rendering mode 3: neither fill nor stroke (ISO 32000-1 9.3.6)


@dataclass
class TrueTypeMetrics:
    units_per_em: int
    advances: list[int]  # hmtx advance widths; glyphs past the list use the last one
    num_glyphs: int

    def width(self, gid: int) -> float:
        if not self.advances:
            return 0.0
        adv = self.advances[gid] if gid < len(self.advances) else self.advances[-1]
        return adv * 1000.0 / max(1, self.units_per_em)


def truetype_metrics(data: bytes) -> TrueTypeMetrics | None:
    """unitsPerEm, advance widths and glyph count of a TrueType program (head, hhea, hmtx, maxp)."""
    try:
        (num_tables,) = struct.unpack_from(">H", data, 4)
        tables = {}
        for i in range(num_tables):
            tag, _sum, off, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
            tables[tag] = (off, length)
        (upem,) = struct.unpack_from(">H", data, tables[b"head"][0] + 18)
        (n_hmetrics,) = struct.unpack_from(">H", data, tables[b"hhea"][0] + 34)
        (num_glyphs,) = struct.unpack_from(">H", data, tables[b"maxp"][0] + 4)
        off = tables[b"hmtx"][0]
        advances = list(struct.unpack_from(f">{2 * n_hmetrics}H", data, off)[::2])
    except (KeyError, struct.error):
        return None
    return TrueTypeMetrics(upem, advances, num_glyphs)


def cid_widths(cidfont: Any) -> tuple[dict[int, float], float]:
    """The W array of a CIDFont as {cid: width}, and its DW (default 1000)."""
    import pikepdf

    out: dict[int, float] = {}
    w = list(cidfont.get("/W", []))
    i = 0
    while i < len(w):
        first = int(w[i])
        nxt = w[i + 1] if i + 1 < len(w) else None
        if isinstance(nxt, pikepdf.Array):
            for k, each in enumerate(list(nxt)):
                out[first + k] = float(each)
            i += 2
        elif i + 2 < len(w):
            last, same = int(w[i + 1]), float(w[i + 2])
            for cid in range(first, min(last, first + 65536) + 1):
                out[cid] = same
            i += 3
        else:
            break
    return out, float(cidfont.get("/DW", 1000))


@dataclass
class FontInfo:
    """What the checks need of one font resource; the program's metrics and the W widths are read on demand
    (only text that is rendered, not in mode 3, needs them)."""

    subtype: str
    embedded: bool
    two_byte: bool = False  # a Type 0 font with Identity-H/V: two bytes per code, code = CID
    cid_to_gid: bytes | None = None  # a CIDToGIDMap stream's bytes (None: Identity or not a CIDFont)
    cid_font: Any = None
    program: Any = None  # the FontFile2 stream (TrueType), if any
    _metrics: TrueTypeMetrics | None = None
    _widths: tuple[dict[int, float], float] | None = None

    def gid(self, cid: int) -> int:
        if self.cid_to_gid is None:
            return cid
        if 2 * cid + 1 < len(self.cid_to_gid):
            return int.from_bytes(self.cid_to_gid[2 * cid : 2 * cid + 2], "big")
        return 0

    @property
    def metrics(self) -> TrueTypeMetrics | None:
        if self._metrics is None and self.program is not None:
            try:
                self._metrics = truetype_metrics(self.program.read_bytes())
            except Exception:  # an undecodable stream: the width and glyph checks are skipped
                self.program = None
        return self._metrics

    @property
    def widths(self) -> tuple[dict[int, float], float]:
        if self._widths is None:
            self._widths = cid_widths(self.cid_font) if self.cid_font is not None else ({}, 1000.0)
        return self._widths


def font_info(font: Any) -> FontInfo:
    import pikepdf

    subtype = str(font.get("/Subtype", ""))
    desc, target = None, font
    info = FontInfo(subtype, embedded=False)
    if subtype == "/Type0":
        kids = font.get("/DescendantFonts", [])
        target = kids[0] if len(kids) else None
        enc = font.get("/Encoding")
        info.two_byte = isinstance(enc, pikepdf.Name) and str(enc) in ("/Identity-H", "/Identity-V")
        info.cid_font = target
        if target is not None:
            m = target.get("/CIDToGIDMap")
            info.cid_to_gid = m.read_bytes() if isinstance(m, pikepdf.Stream) else None
    if target is not None:
        desc = target.get("/FontDescriptor")
    if desc is not None:
        files = [desc.get(k) for k in ("/FontFile", "/FontFile2", "/FontFile3")]
        info.embedded = any(f is not None for f in files)
        info.program = desc.get("/FontFile2")
    if subtype == "/Type3":
        info.embedded = True  # glyphs are content streams of the font itself
    return info


# ------------------------------------------------------------------------------------------ content streams


@dataclass
class Usage:
    """What one content stream does: text shown (font, mode, codes), device colours, inline images."""

    shown: list[tuple[str, int, bytes]] = field(default_factory=list)
    device_spaces: set[str] = field(default_factory=set)
    inline_images: list[Any] = field(default_factory=list)


def content_streams(pdf: Any) -> Iterator[tuple[Any, Any]]:
    """(content owner, resources) of every page and of every form XObject reachable from a page."""
    seen: set[tuple[int, int]] = set()

    def forms(resources: Any) -> Iterator[tuple[Any, Any]]:
        for _name, xo in (resources.get("/XObject") or {}).items():
            if str(xo.get("/Subtype", "")) != "/Form" or xo.objgen in seen:
                continue
            seen.add(xo.objgen)
            res = xo.get("/Resources") or resources
            yield xo, res
            yield from forms(res)

    for page in pdf.pages:
        res = page.obj.get("/Resources") or {}
        yield page, res
        yield from forms(res)


def _colour_space_name(resources: Any, name: str) -> str:
    import pikepdf

    if name in DEVICE_SPACES:
        return name
    cs = (resources.get("/ColorSpace") or {}).get("/" + name)
    return str(cs).lstrip("/") if isinstance(cs, pikepdf.Name) else ""


def scan_usage(owner: Any, resources: Any) -> Usage:
    """Walk one content stream: text state (q/Q saved), fonts and rendering modes, device colours."""
    import pikepdf

    usage = Usage()
    font, mode, stack = "", 0, []
    for ins in pikepdf.parse_content_stream(owner):
        if isinstance(ins, pikepdf.ContentStreamInlineImage):
            usage.inline_images.append(ins.iimage.obj)
            continue
        op, args = str(ins.operator), list(ins.operands)
        if op == "q":
            stack.append((font, mode))
        elif op == "Q" and stack:
            font, mode = stack.pop()
        elif op == "Tf" and args:
            font = str(args[0])
        elif op == "Tr" and args:
            mode = int(args[0])
        elif op in TEXT_SHOWING and args:
            parts = list(args[-1]) if op == "TJ" else [args[-1]]
            raw = b"".join(bytes(p) for p in parts if isinstance(p, pikepdf.String))
            usage.shown.append((font, mode, raw))
        elif op in ("rg", "RG"):
            usage.device_spaces.add("DeviceRGB")
        elif op in ("k", "K"):
            usage.device_spaces.add("DeviceCMYK")
        elif op in ("g", "G"):
            usage.device_spaces.add("DeviceGray")
        elif op in ("cs", "CS") and args:
            space = _colour_space_name(resources, str(args[0]).lstrip("/"))
            if space in DEVICE_SPACES:
                usage.device_spaces.add(space)
    return usage


def codes(raw: bytes, two_byte: bool) -> list[int]:
    if two_byte:
        return [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw) - 1, 2)]
    return list(raw)


def _keep(raw: bytes, info: FontInfo) -> bytes:
    """``raw`` without the codes that select the .notdef glyph (glyph 0)."""
    pairs = [raw[i : i + 2] for i in range(0, len(raw) - 1, 2)]
    return b"".join(p for p in pairs if info.gid(int.from_bytes(p, "big")) != 0)


def _selects_notdef(raw: bytes, info: FontInfo) -> bool:
    if info.cid_to_gid is not None:
        return _keep(raw, info) != raw
    at = raw.find(b"\0\0")
    while at >= 0:  # code 0 = glyph 0 under Identity: only at an even offset is it a whole code
        if at % 2 == 0:
            return True
        at = raw.find(b"\0\0", at + 1)
    return False


def _without_notdef(ins: Any, info: FontInfo) -> Any:
    """The text-showing instruction without its .notdef codes, or None when it has none."""
    import pikepdf

    args = list(ins.operands)
    if str(ins.operator) == "TJ":
        parts = list(args[-1])
        if not any(isinstance(p, pikepdf.String) and _selects_notdef(bytes(p), info) for p in parts):
            return None
        args[-1] = pikepdf.Array(
            [pikepdf.String(_keep(bytes(p), info)) if isinstance(p, pikepdf.String) else p for p in parts]
        )
    elif isinstance(args[-1], pikepdf.String) and _selects_notdef(bytes(args[-1]), info):
        args[-1] = pikepdf.String(_keep(bytes(args[-1]), info))
    else:
        return None
    return pikepdf.ContentStreamInstruction(args, ins.operator)


def drop_notdef(pdf: Any) -> int:
    """Remove, from the pages' text, the codes of two-byte (Identity-H/V) fonts that select the .notdef glyph:
    characters the embedded font has no glyph for (PDFium writes glyph 0 for them). ISO 19005-2 6.2.11.8 forbids
    any reference to .notdef, whatever the rendering mode; such a character could not be shown anyway. Returns
    how many strings were changed (a page without any is left as it is)."""
    import pikepdf

    changed = 0
    for page in pdf.pages:
        fonts = {
            str(k): font_info(v) for k, v in ((page.obj.get("/Resources") or {}).get("/Font") or {}).items()
        }
        if not any(f.two_byte for f in fonts.values()):
            continue
        out, touched, current = [], 0, ""
        for ins in pikepdf.parse_content_stream(page):
            if isinstance(ins, pikepdf.ContentStreamInstruction):
                op = str(ins.operator)
                if op == "Tf" and ins.operands:
                    current = str(ins.operands[0])
                info = fonts.get(current)
                if op in TEXT_SHOWING and ins.operands and info is not None and info.two_byte:
                    fixed = _without_notdef(ins, info)
                    if fixed is not None:
                        ins, touched = fixed, touched + 1
            out.append(ins)
        if touched:
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))
            changed += touched
    return changed
