"""Ingest failures, each with a reason a reception clerk understands (Vietnamese) and a technical detail."""

from __future__ import annotations


class IngestError(Exception):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail or reason


EMPTY = "Tệp rỗng (0 byte): máy quét hoặc việc sao chép tệp đã lỗi. Hãy quét lại đơn."
UNSUPPORTED = "Loại tệp không được hỗ trợ ({what}). Hệ thống chỉ nhận PDF, JPEG, PNG và TIFF."
EXT_LIES = ("Tên tệp có đuôi .{ext} nhưng nội dung không phải {expected} ({what}). "
            "Tệp có thể bị đổi tên nhầm; hãy kiểm tra hoặc quét lại.")
PDF_CORRUPT = ("Tệp PDF bị hỏng hoặc không đầy đủ (có thể bị cắt ngang khi sao chép), không đọc được. "
               "Hãy quét lại hoặc lấy lại tệp gốc.")
PDF_ENCRYPTED = "Tệp PDF được đặt mật khẩu nên không đọc được. Hãy gỡ mật khẩu rồi nạp lại."
PDF_EMPTY = "Tệp PDF không có trang nào."
IMAGE_CORRUPT = "Tệp ảnh bị hỏng hoặc không đầy đủ, không đọc được. Hãy quét lại đơn."
IMAGE_TOO_LARGE = ("Ảnh quá lớn ({w} × {h} điểm ảnh), vượt giới hạn an toàn của hệ thống. "
                   "Hãy quét lại ở độ phân giải 300 dpi.")
FILE_TOO_LARGE = "Tệp quá lớn ({mb} MB, giới hạn {limit} MB). Hãy tách thành nhiều tệp nhỏ hơn."
PAGE_FAILED = "Không đọc được trang {page} của tệp: {why}"
UNREADABLE = "Không đọc được tệp từ máy: {why}"
PAGE_GAVE_UP = ("Hệ thống đã thử đọc trang {page} nhiều lần nhưng không được (lỗi hệ thống, không phải lỗi của "
                "tệp). Bản gốc đã được lưu: bấm «Thử lại», nếu vẫn lỗi hãy báo quản trị.")
