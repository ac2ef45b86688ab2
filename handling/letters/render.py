"""Fills a letter template (DOCX with docxtpl placeholders) and converts it to PDF with LibreOffice.

The admin's template (`template_dir/<kind>.docx`, settings.letters_dir) wins over the bundled one; it is
checked first, so a mistyped placeholder or a broken `{% if %}` is an error with a Vietnamese message, never a
blank in a letter. Every value is NFC; a redacted kind (kinds.LetterKind.redacted) is filled with the
denouncer's name and address blanked, and scrubbed from every other value.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docxtpl  # type: ignore[import-untyped]
from docx.opc.exceptions import PackageNotFoundError
from jinja2 import Environment, StrictUndefined, TemplateError, TemplateSyntaxError

from .kinds import LETTER_KINDS, LetterKind

BUNDLED_DIR = Path(__file__).with_name("templates")
PDF_TIMEOUT_S = 120
NO_LIBREOFFICE = "Máy chủ chưa cài LibreOffice: chỉ tải được bản DOCX"
REDACTED = "[đã lược bỏ]"
# the denouncer's identity: never in a redacted letter (Luật Tố cáo art. 8(3), 56(2))
IDENTITY_FIELDS = ("citizen_title", "citizen_name", "citizen_address")
# names a template may use besides the context's fields: the kind's title, V/v line and form, and the issuing
# authority of a quyết định (the signer's title without "KT."/"TM."/"Q.": "KT. CHÁNH THANH TRA" -> "CHÁNH THANH TRA")
DERIVED_NAMES = ("title", "vv", "form", "authority")
_DELEGATION = re.compile(r"^(KT|TM|Q|TL|TUQ)\.\s*", re.IGNORECASE)
_HONORIFIC = r"(?:(?:ông|bà|anh|chị|cô|chú)(?:\s*\(bà\))?\s+)?"  # "ông (bà) X" goes whole
_TEMPLATE_RECIPIENT = re.compile(
    r"^-?\s*(như trên|như điều \d+|lưu\b)", re.IGNORECASE
)  # the template's lines
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # XML 1.0 forbids them; \a and \f would split paragraphs


class LetterError(Exception):
    """A letter cannot be produced; the message is Vietnamese, for the user."""


@dataclass
class LetterContext:
    """The values a letter is filled with (stored in Letter.context, so it can be produced again)."""

    agency_parent: str = ""  # cơ quan chủ quản, e.g. "UBND THÀNH PHỐ HỒ CHÍ MINH"
    agency: str = ""  # the issuing unit, e.g. "Thanh tra Thành phố"
    number: str = ""  # the number in the series ("" = a draft: "Số:    /PĐX-TTr")
    series: str = ""  # the full series, kinds.series_for(kind, unit.symbol)
    place: str = ""
    date_text: str = ""  # date_text(d)
    kinh_gui: str = ""  # the addressee (the head for a proposal, the body for a forwarding)
    citizen_title: str = ""  # "Ông", "Bà" ("" = "Ông (bà)")
    citizen_name: str = ""
    citizen_address: str = ""
    received_date: str = ""  # dd/mm/yyyy
    case_id: str = ""
    subject: str = ""  # a one-line summary (trích yếu)
    content: str = ""  # the petition's content as the letter states it
    respondent: str = ""  # the person or body complained about or denounced
    category_label: str = ""  # contract.CONTENT_CLASS_LABELS value
    legal_basis: str = ""  # "" = the form's usual basis
    target_body: str = ""  # the competent body (forwarding, guidance, đôn đốc)
    forwarding_body: str = ""  # the body that forwarded the petition here (trả lại)
    forwarding_letter: str = ""  # the forwarding letter's number and date, whichever way it went
    reasons: str = ""
    result_text: str = ""
    officer: str = ""  # the officer who proposes or verifies
    signer_title: str = ""
    signer_name: str = ""
    round: str = ""  # khiếu nại: "1" or "2"
    # recipients besides the template's own first and last lines ("Như trên", "Lưu: VT, hồ sơ <case>"): such
    # lines given here too are dropped, so they are not printed twice
    noi_nhan: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # more values for an admin's own template

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LetterContext:
        """The context back from as_dict() (unknown keys are ignored, missing ones default)."""
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


STRING_FIELDS = tuple(
    f.name for f in dataclasses.fields(LetterContext) if f.name not in ("noi_nhan", "extra")
)


def context_names() -> set[str]:
    """The names a template may use: the context's fields and DERIVED_NAMES."""
    return {f.name for f in dataclasses.fields(LetterContext)} | set(DERIVED_NAMES)


def date_text(d: dt.date) -> str:
    """ "ngày 01 tháng 12 năm 2026": a zero before a day under 10 and the months 1 and 2 (NĐ 30/2020)."""
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def _kind(kind: str) -> LetterKind:
    try:
        return LETTER_KINDS[kind]
    except KeyError:
        raise LetterError(f"Không có loại văn bản '{kind}'") from None


def template_path(kind: str, template_dir: Path | None = None) -> Path:
    """The admin's `template_dir/<kind>.docx` when it exists, else the bundled template."""
    _kind(kind)
    if template_dir is not None and (template_dir / f"{kind}.docx").is_file():
        return template_dir / f"{kind}.docx"
    return BUNDLED_DIR / f"{kind}.docx"


def _clean(value: Any) -> Any:
    """NFC strings without control characters (newlines kept: they become line breaks), recursively."""
    if isinstance(value, str):
        text = value.replace("\r\n", "\n").replace("\r", "\n")
        return _CONTROL.sub("", unicodedata.normalize("NFC", text))
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def _scrub(value: Any, patterns: list[re.Pattern[str]]) -> Any:
    if isinstance(value, str):
        for pattern in patterns:
            value = pattern.sub(REDACTED, value)
        return value
    if isinstance(value, dict):
        return {k: _scrub(v, patterns) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, patterns) for v in value]
    return value


def _redact(values: dict[str, Any]) -> dict[str, Any]:
    """The denouncer's name and address blanked, and cut from every other value; recipients naming them go."""
    identity = [values[f].strip() for f in ("citizen_name", "citizen_address") if values[f].strip()]
    patterns = [re.compile(rf"(?<!\w){_HONORIFIC}{re.escape(t)}(?!\w)", re.IGNORECASE) for t in identity]
    out = {k: ("" if k in IDENTITY_FIELDS else _scrub(v, patterns)) for k, v in values.items()}
    out["noi_nhan"] = [n for n in values["noi_nhan"] if not any(p.search(n) for p in patterns)]
    return out


def _values(kind: LetterKind, ctx: LetterContext, redact: bool) -> dict[str, Any]:
    raw = ctx.as_dict()
    for name in STRING_FIELDS:  # a stored context may hold None or a number where a text belongs
        raw[name] = "" if raw[name] is None else str(raw[name])
    raw["noi_nhan"] = list(raw["noi_nhan"] or [])
    raw["extra"] = dict(raw["extra"] or {})
    values = _clean(raw)
    recipients = [n.strip().rstrip(";.").strip() for n in values["noi_nhan"] if isinstance(n, str)]
    values["noi_nhan"] = [n for n in recipients if n and not _TEMPLATE_RECIPIENT.match(n)]
    if redact:
        values = _redact(values)
    elif values["citizen_name"] and not values["citizen_title"]:
        values["citizen_title"] = "Ông (bà)"
    first_line = values["signer_title"].strip().split("\n")[0]
    authority = _DELEGATION.sub("", first_line)
    values |= {"title": kind.label, "vv": kind.vv, "form": kind.form, "authority": authority}
    return _paragraphs(values)


def _paragraphs(value: Any) -> Any:
    """A line break in a value starts a new paragraph of the same style (docxtpl's \\a): a justified paragraph
    with a bare line break would stretch the line before it across the page."""
    if isinstance(value, str):
        return value.replace("\n", "\a")
    if isinstance(value, dict):
        return {k: _paragraphs(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_paragraphs(v) for v in value]
    return value


def template_placeholders(path: Path) -> set[str]:
    """The names a template uses (loop variables excluded); raises jinja2.TemplateSyntaxError."""
    return set(docxtpl.DocxTemplate(str(path)).get_undeclared_template_variables())


def check_template(kind: str, path: Path) -> list[str]:
    """What is wrong with a template, in Vietnamese ([] = usable): not a DOCX, a Jinja syntax error, a name
    that is no field of the letter, or (a redacted kind) a field that would reveal the denouncer."""
    if kind not in LETTER_KINDS:
        return [f"Không có loại văn bản '{kind}'"]
    try:
        names = template_placeholders(path)
    except TemplateSyntaxError as exc:
        return [f"{path.name}: lỗi cú pháp trong trường {{{{ }}}} hoặc {{% %}}: {exc.message}"]
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        return [f"{path.name}: không đọc được tệp DOCX ({exc})"]
    problems = [
        f"{path.name}: trường không tồn tại {{{{ {name} }}}}" for name in sorted(names - context_names())
    ]
    if LETTER_KINDS[kind].redacted:
        problems += [
            f"{path.name}: văn bản này không được chứa thông tin người tố cáo {{{{ {name} }}}}"
            for name in sorted(names & set(IDENTITY_FIELDS))
        ]
    return problems


def _nfc_docx(docx: bytes) -> bytes:
    """Every XML part of the document in NFC (an admin's template may hold decomposed text)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.endswith((".xml", ".rels")):
                data = unicodedata.normalize("NFC", data.decode("utf-8")).encode("utf-8")
            dst.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def render_docx(
    kind: str, ctx: LetterContext, template_dir: Path | None = None, *, redact: bool | None = None
) -> bytes:
    """The letter as DOCX bytes. `redact` None = the kind's own rule; True also hides the citizen's identity in
    a letter of another kind (e.g. an đôn đốc about a tố cáo)."""
    letter = _kind(kind)
    path = template_path(kind, template_dir)
    if not path.is_file():
        raise LetterError(f"Chưa có mẫu văn bản {path.name} (chạy make_templates)")
    problems = check_template(kind, path)
    if problems:
        raise LetterError("Mẫu văn bản có lỗi: " + "; ".join(problems))
    values = _values(letter, ctx, letter.redacted if redact is None else redact)
    template = docxtpl.DocxTemplate(str(path))
    try:
        template.render(values, Environment(undefined=StrictUndefined), autoescape=True)
    except TemplateError as exc:
        raise LetterError(f"Không điền được mẫu {path.name}: {exc}") from exc
    buf = io.BytesIO()
    template.save(buf)
    return _nfc_docx(buf.getvalue())


def export_templates(directory: Path, kinds: Iterable[str] | None = None) -> list[Path]:
    """Copies the bundled templates into `directory` for an admin to edit (existing files are kept)."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in kinds or LETTER_KINDS:
        target = directory / f"{_kind(kind).code}.docx"
        if not target.exists():
            shutil.copyfile(BUNDLED_DIR / target.name, target)
            written.append(target)
    return written


def find_soffice(setting: str = "") -> str | None:
    """LibreOffice's executable: the setting (a path or a command name), else soffice or libreoffice on PATH."""
    if setting:
        return shutil.which(setting)
    return shutil.which("soffice") or shutil.which("libreoffice")


def _run(cmd: list[str], timeout_error: Exception) -> subprocess.CompletedProcess[bytes]:
    """Runs LibreOffice in its own process group, so a timeout ends soffice.bin too, not just the wrapper."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=PDF_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise timeout_error from None
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def office_to_pdf(
    data: bytes, name: str, soffice: str, *, what: str, keep: str, error: Callable[[str], Exception]
) -> bytes:
    """A DOCX or XLSX file (``name`` gives its extension) converted by LibreOffice headless, with a fresh profile
    per call so calls may run side by side. ``what`` names the document and ``keep`` the copy the user can still
    download in the Vietnamese messages; ``error`` makes the exception raised."""
    exe = find_soffice(soffice)
    missing = f"Máy chủ chưa cài LibreOffice: chỉ tải được {keep}"
    if exe is None:
        raise error(missing + (f" (không tìm thấy '{soffice}')" if soffice else ""))
    with tempfile.TemporaryDirectory(prefix="donthu-pdf-") as tmp:
        folder = Path(tmp)
        src = folder / name
        src.write_bytes(data)
        profile = (folder / "profile").as_uri()
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore"]
        cmd += ["--convert-to", "pdf", "--outdir", str(folder), str(src)]
        late = error(f"Chuyển {what} sang PDF quá {PDF_TIMEOUT_S} giây: chỉ tải được {keep}")
        try:
            done = _run(cmd, late)
        except OSError as exc:
            raise error(f"{missing} ({exc})") from exc
        pdf = src.with_suffix(".pdf")
        if done.returncode != 0 or not pdf.is_file() or not pdf.read_bytes().startswith(b"%PDF"):
            detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip()[-300:]
            raise error(f"LibreOffice không chuyển được {what} sang PDF (mã {done.returncode}): {detail}")
        return pdf.read_bytes()


def to_pdf(docx_bytes: bytes, soffice: str = "") -> bytes:
    """The DOCX converted by LibreOffice headless."""
    return office_to_pdf(
        docx_bytes, "letter.docx", soffice, what="văn bản", keep="bản DOCX", error=LetterError
    )
