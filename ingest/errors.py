"""Ingest failures, each with a reason a reception clerk understands (Vietnamese) and a technical detail."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .reports import IngestSummary


class IngestError(Exception):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail or reason


EMPTY = "Tệp rỗng (0 byte): máy quét hoặc việc sao chép tệp đã lỗi. Hãy quét lại đơn."
UNSUPPORTED = "Loại tệp không được hỗ trợ ({what}). Hệ thống chỉ nhận PDF, JPEG, PNG và TIFF."
EXT_LIES = (
    "Tên tệp có đuôi .{ext} nhưng nội dung không phải {expected} ({what}). "
    "Tệp có thể bị đổi tên nhầm; hãy kiểm tra hoặc quét lại."
)
PDF_CORRUPT = (
    "Tệp PDF bị hỏng hoặc không đầy đủ (có thể bị cắt ngang khi sao chép), không đọc được. "
    "Hãy quét lại hoặc lấy lại tệp gốc."
)
PDF_ENCRYPTED = "Tệp PDF được đặt mật khẩu nên không đọc được. Hãy gỡ mật khẩu rồi nạp lại."
PDF_EMPTY = "Tệp PDF không có trang nào."
IMAGE_CORRUPT = "Tệp ảnh bị hỏng hoặc không đầy đủ, không đọc được. Hãy quét lại đơn."
IMAGE_TOO_LARGE = (
    "Ảnh quá lớn ({w} × {h} điểm ảnh), vượt giới hạn an toàn của hệ thống. "
    "Hãy quét lại ở độ phân giải 300 dpi."
)
FILE_TOO_LARGE = "Tệp quá lớn ({mb} MB, giới hạn {limit} MB). Hãy tách thành nhiều tệp nhỏ hơn."
PAGE_FAILED = "Không đọc được trang {page} của tệp: {why}"
UNREADABLE = "Không đọc được tệp từ máy: {why}"
PAGE_GAVE_UP = (
    "Hệ thống đã thử đọc trang {page} nhiều lần nhưng không được (lỗi hệ thống, không phải lỗi của "
    "tệp). Bản gốc đã được lưu: bấm «Thử lại», nếu vẫn lỗi hãy báo quản trị."
)
PDF_IMAGE_TOO_LARGE = (
    "Trang {page} của tệp PDF chứa một ảnh quá lớn ({w} × {h} điểm ảnh), vượt giới hạn an toàn "
    "của hệ thống; tệp chưa được giải nén. Hãy quét lại ở độ phân giải 300 dpi."
)
SYMLINK = (
    "Đây là một liên kết (symlink) trỏ tới tệp khác, không phải tệp quét; hệ thống không đọc liên kết. "
    "Hãy chép chính tệp quét vào."
)
FILE_TOO_LARGE_KEPT = " Tệp gốc quá lớn nên không được lưu vào kho; tệp vẫn nằm ở chỗ cũ."
# finalisation (split, fields, cases) failed on our side: the document keeps its failure reason, the report the
# short one
FINALIZE_FAILED = "Lỗi hệ thống khi tạo hồ sơ; tệp đã được lưu, hãy báo quản trị."
FINALIZE_FAILED_SHORT = "Lỗi hệ thống khi tạo hồ sơ"
NAME_NOT_UTF8 = (
    "Tên tệp có ký tự không đọc được (không phải UTF-8); đã thay bằng «\ufffd». "
    "Nên đổi tên tệp cho dễ tra cứu."
)

# outages: not the file's fault; nothing is lost, the same command (or «Thử lại») continues later
OUTAGE_MARK = "[outage]"  # prefix of error_detail: a rerun resumes such a document without --retry-failed
STORE_DOWN = (
    "Kho lưu trữ tệp không truy cập được ({why}). Không tệp nào bị mất: tệp gốc vẫn ở chỗ cũ. "
    "Hãy báo quản trị; khi kho hoạt động lại, chạy lại cùng lệnh để tiếp tục."
)
DB_DOWN = (
    "Cơ sở dữ liệu không truy cập được ({why}). Các trang đã đọc được giữ lại; khi cơ sở dữ liệu hoạt động "
    "lại, chạy lại cùng lệnh để tiếp tục."
)
STOPPED_BY_OUTAGE = (
    "Đang xử lý thì {what} ngừng hoạt động; các trang đã đọc được giữ lại. Khi {what} hoạt động "
    "lại, chạy lại cùng lệnh (hoặc bấm «Thử lại») để tiếp tục."
)


class ServiceDown(Exception):
    """The object store or the database cannot be reached: the batch stops (every file would fail alike)."""

    def __init__(self, service: str, why: str, detail: str = "") -> None:
        self.service = service  # "store" | "database"
        self.why = why
        self.reason = (STORE_DOWN if service == "store" else DB_DOWN).format(why=why)
        self.what = "kho lưu trữ tệp" if service == "store" else "cơ sở dữ liệu"
        self.detail = detail or why
        self.summary: IngestSummary | None = None  # the batch's summary so far, set by the pipeline
        super().__init__(self.reason)
