"""Pool "heldout" of the grievance content (data only): frames and templates written apart from the "train"
pool (other stories, other wording; no sentence shared), used only to measure the models. The format is the
one described in :mod:`.content_tables_train`; the templates are in :mod:`.content_tables_heldout_a`
(khiếu nại, tố cáo) and :mod:`.content_tables_heldout_b` (kiến nghị, phản ánh), with a third template per
cell in :mod:`.content_tables_heldout_c` and :mod:`.content_tables_heldout_d`; :mod:`.content_tables_heldout_alts`
adds wordings to the sentences of the first two.
"""

from __future__ import annotations

from .content_tables_heldout_a import KHIEU_NAI, TO_CAO
from .content_tables_heldout_alts import EXTRA_WORDINGS
from .content_tables_heldout_b import KIEN_NGHI, PHAN_ANH
from .content_tables_heldout_c import KHIEU_NAI_C, TO_CAO_C
from .content_tables_heldout_d import KIEN_NGHI_D, PHAN_ANH_D
from .content_tables_train import with_extra_wordings  # the merging code only, no wording

TEMPLATES: list[dict] = [
    with_extra_wordings(t, EXTRA_WORDINGS)
    for t in KHIEU_NAI + KHIEU_NAI_C + TO_CAO + TO_CAO_C + KIEN_NGHI + KIEN_NGHI_D + PHAN_ANH + PHAN_ANH_D
]

BODIES = [
    "các cấp chính quyền",
    "những cơ quan có trách nhiệm",
    "lãnh đạo các ngành liên quan",
    "cơ quan chức năng cấp trên",
]
REQUEST_FRAMES = [
    "{Toi} tha thiết mong {body} {req}.",
    "Kính mong {body} sớm vào cuộc, {req}.",
    "Nay {toi} viết đơn này, khẩn thiết xin {body} {req}.",
    "Điều {toi} mong muốn là {body} {req}.",
]
# sentences any template of a category may carry (one at most, about a third of the time)
CONTEXT: dict[str, list[str]] = {
    "khieu_nai": [
        "Lá đơn trước {toi} gửi từ tháng {thang} đến giờ vẫn bặt tin.",
        "Việc này làm {gd} thiệt thòi rõ rệt, trong khi {gd} không làm gì sai.",
        "Theo {toi}, cách làm đó trái với luật và thiếu công bằng với {gd}.",
    ],
    "to_cao": [
        "Những điều {toi} nêu ra đều đúng sự thật, nếu sai {toi} xin gánh mọi hậu quả.",
        "Bà con trong vùng ai cũng biết chuyện nhưng không dám lên tiếng vì sợ bị trù dập.",
    ],
    "kien_nghi": [
        "Ý kiến này cũng là mong mỏi chung của bà con trong khu vực.",
        "{Toi} tin rằng nếu được quan tâm, vấn đề sẽ sớm có lời giải.",
    ],
    "phan_anh": [
        "{Toi} chỉ muốn báo để các cấp biết và có hướng xử lý.",
        "Sự việc lặp đi lặp lại, ngày một nặng nề hơn.",
    ],
}
LINKS = ["Thêm vào đó,", "Không chỉ vậy,", "Song song với việc trên,"]
JOINS = ["cũng như", "kèm theo đó là"]

ADDONS: dict[str, list[dict]] = {
    "khieu_nai": [
        dict(
            id="ho.add.kn-tc.1",
            cat="to_cao",
            needs_resp=True,
            narr=(
                "{toi} còn tố giác người ký văn bản đó đã nhận quà cáp của phía được hưởng lợi nên mới ký vội vàng.",
                "theo {toi} biết, {rs} đã bao che cho người nhà đứng tên hưởng phần lợi từ chính quyết định này, "
                "đó là hành vi trục lợi cần bị xử lý.",
            ),
            req=("truy cứu trách nhiệm người đã trục lợi", "điều tra dấu hiệu vụ lợi của người ký"),
        ),
        dict(
            id="ho.add.kn-kng.1",
            cat="kien_nghi",
            narr="{toi} góp ý rằng nên có buổi đối thoại giữa chính quyền và người dân trước khi ra những quyết định "
            "kiểu này.",
            req="tổ chức đối thoại với người dân",
        ),
    ],
    "to_cao": [
        dict(
            id="ho.add.tc-kng.1",
            cat="kien_nghi",
            narr=(
                "{toi} mong chính quyền xem xét lắp camera giám sát tại khu vực để ngăn sự việc lặp lại.",
                "{toi} đề xuất có cơ chế bảo vệ người đứng ra tố giác vì {gd} đang bị đe dọa.",
            ),
            req=("cân nhắc đề xuất nêu trên", "bảo vệ an toàn cho người tố giác"),
        ),
        dict(
            id="ho.add.tc-kn.1",
            cat="khieu_nai",
            needs_resp=True,
            narr="{toi} không chấp nhận việc {rs} đã bác đơn trước đây của {gd} chỉ bằng một cuộc điện thoại.",
            req="trả lời bằng văn bản đơn cũ của {gd}",
        ),
    ],
    "kien_nghi": [
        dict(
            id="ho.add.kng-pa.1",
            cat="phan_anh",
            narr="{toi} muốn báo để chính quyền biết là cống thoát nước đầu ngõ bị vỡ nắp, rất nguy hiểm cho trẻ "
            "nhỏ.",
            req="thay nắp cống ở đầu ngõ",
        ),
        dict(
            id="ho.add.kng-tc.1",
            cat="to_cao",
            narr="{toi} tố giác việc có người tự ý thu phí trông xe ở khu chợ mà không có giấy phép.",
            req="xử lý việc thu phí trông xe trái phép",
        ),
    ],
    "phan_anh": [
        dict(
            id="ho.add.pa-kng.1",
            cat="kien_nghi",
            narr="{toi} đề xuất làm thêm gờ giảm tốc ở đoạn cua trước cổng trường.",
            req="làm gờ giảm tốc trước cổng trường",
        ),
        dict(
            id="ho.add.pa-kn.1",
            cat="khieu_nai",
            narr="{toi} không đồng tình khi hồ sơ xin trợ cấp của {gd} bị gạch tên khỏi danh sách mà không ai giải "
            "thích.",
            req="đưa {gd} trở lại danh sách nhận trợ cấp",
        ),
    ],
}
