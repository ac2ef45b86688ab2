"""The retrain report as a readable table (Vietnamese headings), for the terminal."""

from __future__ import annotations

from typing import Any

from ..contract import FIELD_BY_KEY

__all__ = ["format_report"]


def _num(value: Any) -> str:
    return "–" if value is None else f"{value:.3f}"


def _line(label: str, before: Any, after: Any, n: Any = "") -> str:
    return f"  {label:<34} {_num(before):>8} {_num(after):>8} {n!s:>6}"


def _key_label(key: str, width: int = 60) -> str:
    field, _, absent = key.partition(":")
    label = (FIELD_BY_KEY[field].label if field in FIELD_BY_KEY else field)[:width]
    return f"{label} (không có)" if absent else label


def _verdict(part: dict[str, Any], dry_run: bool) -> str:
    if part.get("written"):
        return "ĐÃ GHI"
    if part.get("accepted") and dry_run:
        return "chạy thử: sẽ ghi, nhưng không ghi"
    return "KHÔNG GHI"


def format_report(report: dict[str, Any]) -> str:
    """The report as lines of text: counts, then before/after of the classifier and of the calibration."""
    c, cl, ca = report["cases"], report["classifier"], report["calibration"]
    corrected = ", ".join(f"{_key_label(k)} {n}" for k, n in c["corrected"].items()) or "không"
    out = [
        f"Học lại từ hồ sơ đã xác minh (seed {report['seed']}, giữ lại {report['holdout']:.0%} để đánh giá)",
        f"Hồ sơ: {c['verified']} đã xác minh, {c['fit']} để học, {c['heldout']} để đánh giá; "
        f"{c['identity_protected']} được bảo vệ danh tính (chỉ dùng trong bộ nhớ)",
        f"Trường đã được người xác minh sửa (số hồ sơ): {corrected}",
        "",
        f"  {'Chỉ số (phần giữ lại)':<34} {'Trước':>8} {'Sau':>8} {'n':>6}",
    ]
    if cl.get("before"):
        n = cl["before"]["n"]
        out.append(
            _line("Phân loại: loại đơn", cl["before"]["category"], cl["after"]["category"], n["category"])
        )
        out.append(_line("Phân loại: lĩnh vực", cl["before"]["domain"], cl["after"]["domain"], n["domain"]))
    before, after = ca["before"], ca["after"]
    out.append(_line("Hiệu chỉnh: Brier (thấp là tốt)", before["brier"], after["brier"], before["n"]))
    out.append(_line("Hiệu chỉnh: ECE (thấp là tốt)", before["ece"], after["ece"], before["n"]))
    for key, b in before["fields"].items():
        a = after["fields"][key]
        mark = "*" if key in ca["refitted"] else " "
        out.append(_line(f"{mark} Brier {_key_label(key, 15)}", b["brier"], a["brier"], b["n"]))
    out.append("  (* khớp lại trên hồ sơ của cơ quan; các trường khác giữ bản hiệu chỉnh cũ)")
    if ca.get("kept_for_new_classifier"):
        out.append("  (loại đơn, lĩnh vực: giữ bản cũ vì bộ phân loại được thay; khớp lại ở lần chạy sau)")
    out += [
        "",
        f"Bộ phân loại: {_verdict(cl, report['dry_run'])}: {cl['decision']}"
        + (f" (lượt học tốt nhất {cl['best_epoch']}/{cl['epochs_run']})" if "best_epoch" in cl else ""),
        f"Hiệu chỉnh độ tin cậy: {_verdict(ca, report['dry_run'])}: {ca['decision']}",
        f"Thư mục mô hình của cơ quan: {report['model_dir']}",
    ]
    return "\n".join(out)
