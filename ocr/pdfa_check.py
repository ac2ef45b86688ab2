"""A validator of the PDF/A-2b rules (ISO 19005-2:2011) that matter for the petitions' archival PDFs.

veraPDF, the reference validator, is Java and neither Debian nor the Python registry ships it (no network here),
so this module checks the rules itself, each problem prefixed with its ISO 19005-2 clause, worded after the
veraPDF PDF/A-2B validation profile (veraPDF-validation-profiles, PDF_A/2b: one XML file per clause and test):

    6.1.2     header at byte 0 "%PDF-1.n" + EOL, then a comment of at least four bytes > 127
    6.1.3     trailer ID; no Encrypt; nothing after the last %%EOF but one EOL
    6.1.7     no F/FFilter/FDecodeParms stream keys; no LZWDecode, no Crypt filter (6.1.10 inline images)
    6.1.12    permissions dictionary: UR3 and DocMDP only
    6.1.13    page boundaries between 3 and 14 400 units
    6.2.3     the PDF/A output intents: one destination profile, an ICC "prtr"/"mntr" profile in GRAY/RGB/CMYK,
              version < 5, its size and "acsp" signature right, N matching its colour space
    6.2.4.3   DeviceRGB/DeviceCMYK/DeviceGray only with a matching output intent (or Default colour space)
    6.2.5     no TR, TR2 other than Default, HTP in an ExtGState
    6.2.8     images: no Interpolate true, Alternates or OPI; BitsPerComponent 1, 2, 4, 8 or 16
    6.2.9     no PostScript or reference XObjects
    6.2.10    standard blend modes; transparency only with a blending colour space (the output intent)
    6.2.11.3  CIDFontType2 with a CIDToGIDMap
    6.2.11.4  fonts used for rendering (text mode other than 3) embedded; their glyphs present
    6.2.11.5  widths in the font dictionary equal to the font program's (TrueType hmtx), mode 3 exempt
    6.2.11.8  no reference to the .notdef glyph, whatever the rendering mode
    6.3.2     annotations (but Popup) with the Print flag and without Hidden/Invisible/NoView
    6.4       no NeedsRendering, no XFA
    6.5       no JavaScript, Launch, Sound, Movie, ResetForm, ImportData, Hide, SetOCGState, Rendition, Trans,
              GoTo3DView actions; named actions only Next/Prev/First/LastPage; no AA on the catalog or a page
    6.6.2.1   a Metadata stream (Type Metadata, Subtype XML) in the catalog; UTF-8, well-formed XMP, no bytes or
              encoding attribute in the xpacket header
    6.6.2.3   every XMP property in a predefined schema or described by a PDF/A extension schema (pdfaExtension),
              the Dublin Core ones with their value types (title/description Alt, creator/date Seq, language Bag)
    6.6.4     pdfaid:part 2, pdfaid:conformance A, B or U
    6.10/6.11 no AlternatePresentations, PresSteps, Requirements

and one rule PDF/A-2 no longer states but PDF/A-1 did (ISO 19005-1 6.7.3), kept because archive systems read
either: the document information dictionary agrees with the XMP (Title, Author, Subject, Keywords, Creator,
Producer, CreationDate, ModDate). Not checked: rules that cannot arise from our writer (JPEG 2000, DeviceN,
halftones, optional content, digital signatures, embedded files, Type 1/Type 3 font internals). Problems are
in English with the clause: they are a validator's report, shown to an operator as detail.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .pdfa_fonts import FontInfo, codes, content_streams, font_info, scan_usage
from .pdfa_xmp import check_info, check_xmp, parse_xmp

FORBIDDEN_ACTIONS = frozenset(
    {"Launch", "Sound", "Movie", "ResetForm", "ImportData", "Hide", "SetOCGState", "Rendition", "Trans"}
    | {"GoTo3DView", "JavaScript", "SetState", "NOP"}
)
NAMED_ALLOWED = frozenset({"NextPage", "PrevPage", "FirstPage", "LastPage"})
BLEND_MODES = frozenset(
    {"Normal", "Compatible", "Multiply", "Screen", "Overlay", "Darken", "Lighten", "ColorDodge", "ColorBurn"}
    | {"HardLight", "SoftLight", "Difference", "Exclusion", "Hue", "Saturation", "Color", "Luminosity"}
)
ICC_COMPONENTS = {b"GRAY": 1, b"RGB ": 3, b"CMYK": 4}
DEVICE_SPACES = {
    "DeviceRGB": "RGB",
    "DeviceCMYK": "CMYK",
    "DeviceGray": "GRAY",
}  # and the ICC space they need


# ------------------------------------------------------------------------------------------ the checks


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)

    def add(self, clause: str, message: str) -> None:
        line = f"{clause}: {message}"
        if line not in self.problems:
            self.problems.append(line)


def check_pdfa(pdf_bytes: bytes) -> list[str]:
    """The PDF/A-2b problems of a file, each prefixed with its ISO 19005-2 clause; an empty list: valid."""
    import pikepdf

    report = Report()
    _check_bytes(pdf_bytes, report)
    try:
        pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    except pikepdf.PasswordError:
        report.add("6.1.3", "the file is encrypted (the Encrypt key shall not be used)")
        return report.problems
    except pikepdf.PdfError as exc:
        report.add("6.1", f"not a readable PDF: {exc}")
        return report.problems
    with pdf:
        _check_trailer(pdf, report)
        _check_catalog(pdf, report)
        intents = _check_output_intents(pdf, report)
        _check_objects(pdf, report)
        _check_pages(pdf, report, intents)
        xmp = _check_metadata(pdf, report)
        if xmp is not None:
            _check_info(pdf, xmp, report)
    return report.problems


def _check_bytes(data: bytes, report: Report) -> None:
    m = re.match(rb"%PDF-1\.[0-7](\r\n|\r|\n)", data)
    if not m:
        report.add("6.1.2", 'the file header shall begin at byte 0 with "%PDF-1.n" and a single EOL marker')
    else:
        rest = data[m.end() : m.end() + 5]
        if not (rest[:1] == b"%" and len(rest) == 5 and all(b > 127 for b in rest[1:5])):
            report.add("6.1.2", "the header line shall be followed by a comment of at least four bytes > 127")
    end = data.rfind(b"%%EOF")
    if end < 0 or data[end + 5 :] not in (b"", b"\n", b"\r", b"\r\n"):
        report.add("6.1.3", "no data shall follow the last end-of-file marker except a single EOL")


def _check_trailer(pdf: Any, report: Report) -> None:
    ids = pdf.trailer.get("/ID")
    if ids is None or len(ids) != 2 or not all(len(bytes(x)) for x in ids):
        report.add("6.1.3", "the trailer shall contain the ID keyword (file identifiers)")
    if "/Encrypt" in pdf.trailer or pdf.is_encrypted:
        report.add("6.1.3", "the Encrypt key shall not be used in the trailer (no encryption)")


def _check_catalog(pdf: Any, report: Report) -> None:
    root = pdf.Root
    if "/AA" in root:
        report.add("6.5.2", "the catalog shall not include an AA (additional actions) entry")
    names = root.get("/Names") or {}
    if "/JavaScript" in names:
        report.add("6.5.1", "JavaScript shall not be used (JavaScript name tree in the catalog)")
    if "/AlternatePresentations" in names:
        report.add("6.10", "no AlternatePresentations entry in the name dictionary")
    if "/Requirements" in root:
        report.add("6.11", "the catalog shall not contain the Requirements key")
    if "/NeedsRendering" in root:
        report.add("6.4.2", "the catalog shall not contain the NeedsRendering key")
    form = root.get("/AcroForm")
    if form is not None and "/XFA" in form:
        report.add("6.4.2", "the interactive form dictionary shall not contain the XFA key")
    perms = root.get("/Perms")
    if perms is not None and set(perms.keys()) - {"/UR3", "/DocMDP"}:
        report.add("6.1.12", "no keys other than UR3 and DocMDP in the permissions dictionary")


def _icc_problem(profile: bytes, n: Any) -> str | None:
    if len(profile) < 128 or profile[36:40] != b"acsp":
        return "the destination profile is not an ICC profile (no 'acsp' signature)"
    if int.from_bytes(profile[0:4], "big") != len(profile):
        return "the ICC profile's size field does not match its length"
    if profile[12:16] not in (b"prtr", b"mntr"):
        return f"the destination profile's device class is {profile[12:16]!r}, not 'prtr' or 'mntr'"
    space = profile[16:20]
    if space not in ICC_COMPONENTS:
        return f"the destination profile's colour space is {space!r}, not GRAY, RGB or CMYK"
    if profile[8] >= 5:
        return f"the destination profile's version {profile[8]} is not below 5"
    if n is not None and int(n) != ICC_COMPONENTS[space]:
        return f"N = {int(n)} does not match the profile's colour space {space.decode().strip()}"
    return None


def _check_output_intents(pdf: Any, report: Report) -> set[str]:
    """The colour spaces of the PDF/A output intent's profile ({"RGB"}, ...; empty: none)."""
    import pikepdf

    spaces: set[str] = set()
    profiles = set()
    for oi in pdf.Root.get("/OutputIntents") or []:
        if str(oi.get("/S", "")) != "/GTS_PDFA1":
            continue
        prof = oi.get("/DestOutputProfile")
        if not isinstance(prof, pikepdf.Stream):
            report.add("6.2.3", "the PDF/A output intent has no embedded DestOutputProfile")
            continue
        profiles.add(prof.objgen)
        data = prof.read_bytes()
        problem = _icc_problem(data, prof.get("/N"))
        if problem:
            report.add("6.2.3", problem)
        else:
            spaces.add(data[16:20].decode().strip())
    if len(profiles) > 1:
        report.add("6.2.3", "all output intents shall use the same destination profile (one indirect object)")
    return spaces


NUMBERS_ONLY = frozenset({"/W", "/W2", "/Widths", "/Matrix", "/BBox", "/Decode", "/Domain", "/Range"})


def walk(obj: Any, depth: int = 0) -> Iterator[Any]:
    """A dictionary or array and the direct objects inside it (indirect ones are visited on their own); arrays
    that hold only numbers (a font's widths: thousands of them) are not entered."""
    import pikepdf

    yield obj
    if depth > 32:
        return
    if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        items = obj.stream_dict.items() if isinstance(obj, pikepdf.Stream) else obj.items()
        for k, v in items:
            if k in NUMBERS_ONLY:
                continue
            if isinstance(v, pikepdf.Dictionary | pikepdf.Array) and not v.is_indirect:
                yield from walk(v, depth + 1)
    elif isinstance(obj, pikepdf.Array):
        if len(obj) > 64 and not isinstance(obj[0], pikepdf.Object):
            return  # a long array that starts with a number (widths, a table): it holds no dictionary
        for v in obj:
            if isinstance(v, pikepdf.Dictionary | pikepdf.Array) and not v.is_indirect:
                yield from walk(v, depth + 1)


def _check_objects(pdf: Any, report: Report) -> None:
    """Rules on objects wherever they are: streams and filters, actions, images, ExtGStates, XObjects."""
    import pikepdf

    for top in pdf.objects:
        if not isinstance(top, pikepdf.Dictionary | pikepdf.Stream | pikepdf.Array):
            continue
        for obj in walk(top):
            if isinstance(obj, pikepdf.Stream):
                _check_stream(obj, report)
            if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                _check_dictionary(obj, report)


def _filters(value: Any) -> list[str]:
    """Names of a Filter/BM entry: one name or an array of names."""
    import pikepdf

    if value is None:
        return []
    return [str(v).lstrip("/") for v in (value if isinstance(value, pikepdf.Array) else [value])]


def _check_stream(stream: Any, report: Report) -> None:
    d = stream.stream_dict
    if any(k in d for k in ("/F", "/FFilter", "/FDecodeParms")):
        report.add("6.1.7.1", "a stream dictionary shall not contain the F, FFilter or FDecodeParms keys")
    for name in _filters(d.get("/Filter")):
        if name in ("LZWDecode", "LZW"):
            report.add("6.1.7.2", "the LZWDecode filter shall not be used")
        elif name == "Crypt":
            report.add("6.1.7.2", "the Crypt filter shall not be used")


def _check_dictionary(d: Any, report: Report) -> None:
    kind = str(d.get("/Type", ""))
    action = str(d.get("/S", "")).lstrip("/")
    if kind in ("", "/Action") and action in FORBIDDEN_ACTIONS:
        report.add("6.5.1", f"the {action} action shall not be used")
    if (
        kind in ("", "/Action")
        and action == "Named"
        and str(d.get("/N", "")).lstrip("/") not in NAMED_ALLOWED
    ):
        report.add("6.5.1", f"the named action {d.get('/N')} is not allowed")
    sub = str(d.get("/Subtype", ""))
    if sub == "/Image":
        _check_image(d, report)
    elif sub == "/PS" or sub == "/Form" and ("/PS" in d or str(d.get("/Subtype2", "")) == "/PS"):
        report.add("6.2.9", "a conforming file shall not contain PostScript XObjects")
    elif sub == "/Form" and "/Ref" in d:
        report.add("6.2.9", "a conforming file shall not contain reference XObjects")
    if any(k in d for k in ("/TR", "/TR2", "/HTP", "/BM")):
        _check_extgstate(d, report)
    if kind == "/Annot" or kind == "" and "/Rect" in d and "/Subtype" in d:
        _check_annotation(d, report)


def _check_image(d: Any, report: Report) -> None:
    if bool(d.get("/Interpolate", False)):
        report.add("6.2.8", "an image dictionary shall not have Interpolate true")
    if "/Alternates" in d:
        report.add("6.2.8", "an image dictionary shall not contain the Alternates key")
    if "/OPI" in d:
        report.add("6.2.8", "an image dictionary shall not contain the OPI key")
    bpc = d.get("/BitsPerComponent")
    if bpc is not None and not bool(d.get("/ImageMask", False)) and int(bpc) not in (1, 2, 4, 8, 16):
        report.add("6.2.8", f"BitsPerComponent {int(bpc)} is not 1, 2, 4, 8 or 16")


def _check_extgstate(d: Any, report: Report) -> None:
    if "/TR" in d:
        report.add("6.2.5", "an ExtGState shall not contain the TR key")
    if "/TR2" in d and str(d.get("/TR2")) != "/Default":
        report.add("6.2.5", "an ExtGState shall not contain TR2 other than Default")
    if "/HTP" in d:
        report.add("6.2.5", "an ExtGState shall not contain the HTP key")
    bm = d.get("/BM")
    for mode in _filters(bm):
        if mode not in BLEND_MODES:
            report.add("6.2.10", f"blend mode {mode} is not one of ISO 32000-1")


def _check_annotation(d: Any, report: Report) -> None:
    sub = str(d.get("/Subtype", "")).lstrip("/")
    if sub in ("3D", "Sound", "Screen", "Movie"):
        report.add("6.3.1", f"{sub} annotations shall not be used")
    if sub != "Popup":
        flags = int(d.get("/F", 0))
        if "/F" not in d or not flags & 4 or flags & (1 | 2 | 32 | 256):
            report.add(
                "6.3.2", "an annotation shall have the Print flag set and no Hidden/Invisible/NoView flag"
            )
    if sub == "Widget" and ("/A" in d or "/AA" in d):
        report.add("6.4.1", "a widget annotation shall not contain the A or AA keys")


# ------------------------------------------------------------------------------------------ pages and text


def _check_boxes(page: Any, report: Report) -> None:
    boxes = {"/MediaBox": page.mediabox}
    boxes |= {k: page.obj[k] for k in ("/CropBox", "/BleedBox", "/TrimBox", "/ArtBox") if k in page.obj}
    for name, box in boxes.items():
        x0, y0, x1, y1 = (float(v) for v in box)
        w, h = abs(x1 - x0), abs(y1 - y0)
        if not (3 <= w <= 14400 and 3 <= h <= 14400):
            report.add("6.1.13", f"the page's {name[1:]} is {w:g} × {h:g} units (3 to 14 400 allowed)")


def _image_spaces(resources: Any, usage: Any, report: Report) -> set[str]:
    """The device colour spaces of the images drawn (XObjects of the resources and inline images)."""
    import pikepdf

    out: set[str] = set()
    for _n, xo in (resources.get("/XObject") or {}).items():
        if str(xo.get("/Subtype", "")) != "/Image" or bool(xo.get("/ImageMask", False)):
            continue
        cs = xo.get("/ColorSpace")
        if isinstance(cs, pikepdf.Array):
            cs = cs[1] if len(cs) > 1 and str(cs[0]) == "/Indexed" else None  # Indexed: its base space
        if cs is not None and str(cs).lstrip("/") in DEVICE_SPACES:
            out.add(str(cs).lstrip("/"))
    short = {"G": "DeviceGray", "RGB": "DeviceRGB", "CMYK": "DeviceCMYK"}
    for inline in usage.inline_images:
        if any(f in ("LZWDecode", "LZW", "Crypt") for f in _filters(inline.get("/F", inline.get("/Filter")))):
            report.add("6.1.10", "an inline image shall not use the LZW or Crypt filter")
        if bool(inline.get("/I", inline.get("/Interpolate", False))):
            report.add("6.2.8", "an inline image shall not have Interpolate true")
        cs = str(inline.get("/CS", inline.get("/ColorSpace", ""))).lstrip("/")
        if short.get(cs, cs) in DEVICE_SPACES:
            out.add(short.get(cs, cs))
    return out


def _check_device_spaces(spaces: set[str], intents: set[str], resources: Any, report: Report) -> None:
    defaults = set((resources.get("/ColorSpace") or {}).keys())
    for space in sorted(spaces):
        if "/Default" + space[6:] in defaults:  # DefaultRGB, DefaultCMYK, DefaultGray
            continue
        if space == "DeviceGray" and intents or space != "DeviceGray" and DEVICE_SPACES[space] in intents:
            continue
        need = (
            "a PDF/A output intent"
            if space == "DeviceGray"
            else f"an output intent with a {space[6:]} profile"
        )
        report.add("6.2.4.3", f"{space} is used without {need} (or a Default colour space)")


def _check_text(usage: Any, resources: Any, fonts: dict[Any, FontInfo], report: Report) -> None:
    res_fonts = resources.get("/Font") or {}
    for name, mode, raw in usage.shown:
        font = res_fonts.get(name)
        if font is None:
            report.add("6.2.2", f"text is shown in font {name}, which the resources do not define")
            continue
        if font.objgen not in fonts:
            fonts[font.objgen] = font_info(font)
        info = fonts[font.objgen]
        if mode != 3 and not info.embedded:
            report.add(
                "6.2.11.4.1", f"font {font.get('/BaseFont', name)} is used for rendering but not embedded"
            )
        if not info.two_byte:
            continue
        for cid in codes(raw, True):
            gid = info.gid(cid)
            if gid == 0:
                report.add("6.2.11.8", f"text in font {name} references the .notdef glyph")
            m = info.metrics
            if mode == 3 or m is None:
                continue
            if gid >= m.num_glyphs:
                report.add("6.2.11.4.1", f"font {name} does not define glyph {gid} used for rendering")
            elif abs(info.widths[0].get(cid, info.widths[1]) - m.width(gid)) > 1:
                report.add(
                    "6.2.11.5", f"the width of CID {cid} in font {name} differs from the font program's"
                )


def _transparent(resources: Any) -> bool:
    for _n, gs in (resources.get("/ExtGState") or {}).items():
        smask = gs.get("/SMask")
        if smask is not None and str(smask) != "/None":
            return True
        if float(gs.get("/CA", 1)) < 1 or float(gs.get("/ca", 1)) < 1:
            return True
        if any(m not in ("Normal", "Compatible") for m in _filters(gs.get("/BM"))):
            return True
    for _n, xo in (resources.get("/XObject") or {}).items():
        if "/SMask" in xo or int(xo.get("/SMaskInData", 0)):
            return True
    return False


def _check_pages(pdf: Any, report: Report, intents: set[str]) -> None:
    import pikepdf

    for page in pdf.pages:
        _check_boxes(page, report)
        if "/AA" in page.obj:
            report.add("6.5.2", "a page shall not include an AA (additional actions) entry")
        if "/PresSteps" in page.obj:
            report.add("6.10", "a page shall not contain the PresSteps key")
    fonts: dict[Any, FontInfo] = {}
    for owner, resources in content_streams(pdf):
        for _n, font in (resources.get("/Font") or {}).items():
            if font.objgen not in fonts:
                fonts[font.objgen] = font_info(font)
            kid = fonts[font.objgen].cid_font
            if (
                kid is not None
                and str(kid.get("/Subtype", "")) == "/CIDFontType2"
                and fonts[font.objgen].embedded
            ):
                if "/CIDToGIDMap" not in kid:
                    report.add(
                        "6.2.11.3.2", f"the CIDFontType2 {kid.get('/BaseFont', '')} has no CIDToGIDMap"
                    )
        try:
            usage = scan_usage(owner, resources)
        except pikepdf.PdfError as exc:
            report.add("6.2.2", f"a content stream cannot be parsed: {exc}")
            continue
        spaces = usage.device_spaces | _image_spaces(resources, usage, report)
        _check_device_spaces(spaces, intents, resources, report)
        _check_text(usage, resources, fonts, report)
        if not intents and isinstance(owner, pikepdf.Page) and _transparent(resources):
            group = owner.obj.get("/Group")
            if group is None or "/CS" not in group:
                report.add("6.2.10", "a page with transparency needs a blending colour space (output intent)")


def _check_metadata(pdf: Any, report: Report) -> Any:
    import pikepdf

    meta = pdf.Root.get("/Metadata")
    if not isinstance(meta, pikepdf.Stream):
        report.add("6.6.2.1", "the catalog shall contain a Metadata stream (XMP)")
        return None
    if str(meta.get("/Type", "")) != "/Metadata" or str(meta.get("/Subtype", "")) != "/XML":
        report.add("6.6.2.1", "the metadata stream shall have Type Metadata and Subtype XML")
    xmp = parse_xmp(meta.read_bytes(), report.add)
    if xmp is not None:
        check_xmp(xmp, report.add)
    return xmp


def _check_info(pdf: Any, xmp: Any, report: Report) -> None:
    info = pdf.trailer.get("/Info")
    if info is not None:
        check_info({k: str(v) for k, v in info.items()}, xmp, report.add)


def page_resolutions(pdf_bytes: bytes) -> list[float]:
    """Per page, the resolution (dpi) of the images drawn on it, taken over the whole page (the scans are drawn
    page-filling); 0.0 for a page without an image."""
    import pikepdf

    out = []
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        for page in pdf.pages:
            x0, y0, x1, y1 = (float(v) for v in page.mediabox)
            w_in, h_in = abs(x1 - x0) / 72, abs(y1 - y0) / 72
            resources: Any = page.obj.get("/Resources") or {}
            dpis = [
                min(int(xo.Width) / w_in, int(xo.Height) / h_in)
                for _n, xo in (resources.get("/XObject") or {}).items()
                if str(xo.get("/Subtype", "")) == "/Image" and w_in and h_in
            ]
            out.append(min(dpis) if dpis else 0.0)
    return out
