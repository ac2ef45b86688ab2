"""Pool "train" of the grievance content (data only): the frames shared by all templates, and the templates of
:mod:`.content_tables_train_a` (khiếu nại), :mod:`.content_tables_train_b` (tố cáo) and
:mod:`.content_tables_train_c` (kiến nghị, phản ánh), and more of each, with several wordings per sentence, in
:mod:`.content_tables_train_d` to :mod:`.content_tables_train_j`; :mod:`.content_tables_train_alts` adds wordings to
the sentences of the first three.

A template: ``id``, ``cat`` and ``dom`` (the truth), ``resp`` (the respondent kind, see
``content.RESPONDENT_KINDS``), ``matter`` (alternatives of the phrase after "về việc"), ``narr`` (one entry per
sentence: a string or a tuple of alternatives; a leading "?" makes the sentence optional), ``req`` (what is
asked, to follow "đề nghị ..."), optional ``traps`` (wrong type words writers use for this content) and
``solo`` (a matter of one person: avoided in a group's voice). Placeholders: see ``content._values``; the voice
words {toi} {Toi} {gd} {Gd}; {resp}/{Resp} the respondent as written, {rs}/{Rs} its short reference; {body}.
Every template naming a respondent writes {resp} or {Resp} in each alternative of one sentence that is not
optional.
"""

from __future__ import annotations

from .content_tables_train_a import KHIEU_NAI
from .content_tables_train_alts import EXTRA_WORDINGS
from .content_tables_train_b import TO_CAO
from .content_tables_train_c import KIEN_NGHI, PHAN_ANH
from .content_tables_train_d import KHIEU_NAI_D
from .content_tables_train_e import KHIEU_NAI_E, TO_CAO_E
from .content_tables_train_f import TO_CAO_F
from .content_tables_train_g import KIEN_NGHI_G, TO_CAO_G
from .content_tables_train_h import KIEN_NGHI_H
from .content_tables_train_i import KIEN_NGHI_I, PHAN_ANH_I
from .content_tables_train_j import PHAN_ANH_J


def with_extra_wordings(tpl: dict, wordings: dict[str, dict[int, tuple[str, ...]]]) -> dict:
    """The template with the wordings of ``wordings`` (e.g. ``EXTRA_WORDINGS``) added to its sentences (optional stays optional)."""
    extra = wordings.get(tpl["id"])
    if not extra:
        return tpl
    narr = []
    for i, slot in enumerate(tpl["narr"]):
        alts = (slot,) if isinstance(slot, str) else tuple(slot)
        mark = "?" if alts[0].startswith("?") else ""
        narr.append(alts + tuple(mark + s for s in extra.get(i, ())) if i in extra else slot)
    return {**tpl, "narr": tuple(narr)}


TEMPLATES: list[dict] = [
    with_extra_wordings(t, EXTRA_WORDINGS)
    for t in KHIEU_NAI
    + KHIEU_NAI_D
    + KHIEU_NAI_E
    + TO_CAO
    + TO_CAO_E
    + TO_CAO_F
    + TO_CAO_G
    + KIEN_NGHI
    + KIEN_NGHI_G
    + KIEN_NGHI_H
    + KIEN_NGHI_I
    + PHAN_ANH
    + PHAN_ANH_I
    + PHAN_ANH_J
]

BODIES = [
    "các cơ quan chức năng",
    "cơ quan có thẩm quyền",
    "lãnh đạo {dist}",
    "các cơ quan có liên quan",
]
REQUEST_FRAMES = [
    "{Toi} đề nghị {body} {req}.",
    "Vì vậy, {toi} làm đơn này kính đề nghị {body} {req}.",
    "{Toi} kính mong {body} {req}.",
    "Do đó, {toi} đề nghị {body} {req}.",
]
# sentences any template of a category may carry (one at most, about a third of the time)
CONTEXT: dict[str, list[str]] = {
    "khieu_nai": [
        "{Toi} đã có đơn gửi lần đầu nhưng đến nay chưa nhận được quyết định giải quyết.",
        "Quyết định này ảnh hưởng trực tiếp đến quyền và lợi ích hợp pháp của {gd}.",
        "{Toi} cho rằng việc làm trên là không đúng quy định và không khách quan.",
    ],
    "to_cao": [
        "{Toi} xin chịu trách nhiệm trước pháp luật về những nội dung đã trình bày.",
        "Hành vi trên đã vi phạm pháp luật nghiêm trọng, gây bức xúc trong nhân dân.",
        "Sự việc có nhiều người chứng kiến, {toi} sẵn sàng cung cấp thêm tài liệu khi được yêu cầu.",
    ],
    "kien_nghi": [
        "{Toi} nhiều lần nêu ý kiến tại các buổi họp thôn nhưng chưa được xem xét.",
        "Đây là nguyện vọng chính đáng của {toi} và nhiều người dân khác.",
    ],
    "phan_anh": [
        "{Toi} thông tin để chính quyền nắm được tình hình.",
        "Tình trạng này đã kéo dài nhiều tháng nay mà chưa được khắc phục.",
    ],
}
LINKS = ["Ngoài ra,", "Bên cạnh đó,", "Cũng trong đơn,"]
JOINS = ["đồng thời", "và"]

# second contents of a mixed petition, per main category; {resp}/{rs} refer to the main respondent
ADDONS: dict[str, list[dict]] = {
    "khieu_nai": [
        dict(
            id="tr.add.kn-tc.1",
            cat="to_cao",
            needs_resp=True,
            narr=(
                "{toi} tố cáo {rs} đã cố ý làm sai lệch hồ sơ để ban hành quyết định trái pháp luật, có dấu hiệu "
                "vụ lợi.",
                "{toi} tố cáo việc {rs} nhận tiền của một số hộ khác để được ưu tiên giải quyết, còn hồ sơ của "
                "{gd} thì bị gây khó dễ.",
            ),
            req=("xử lý nghiêm trách nhiệm của những người sai phạm", "làm rõ hành vi tiêu cực nêu trên"),
        ),
        dict(
            id="tr.add.kn-kng.1",
            cat="kien_nghi",
            narr="{toi} kiến nghị công khai toàn bộ hồ sơ, quy hoạch liên quan để người dân được biết và giám sát.",
            req="công khai hồ sơ cho người dân",
        ),
    ],
    "to_cao": [
        dict(
            id="tr.add.tc-kng.1",
            cat="kien_nghi",
            narr=(
                "{toi} kiến nghị điều chỉnh lại quy hoạch khu dân cư {hamlet} vì nhiều hộ đã ở ổn định lâu năm.",
                "{toi} kiến nghị tạm đình chỉ công tác người bị tố cáo trong thời gian xác minh để tránh gây áp "
                "lực lên người dân.",
            ),
            req=("xem xét nội dung kiến nghị nêu trên", "trả lời kiến nghị của {toi} bằng văn bản"),
        ),
        dict(
            id="tr.add.tc-kn.1",
            cat="khieu_nai",
            needs_resp=True,
            narr="{toi} khiếu nại việc {rs} ra văn bản từ chối giải quyết hồ sơ của {gd} mà không nêu rõ lý do.",
            req="hủy văn bản từ chối đối với hồ sơ của {gd}",
        ),
    ],
    "kien_nghi": [
        dict(
            id="tr.add.kng-pa.1",
            cat="phan_anh",
            narr="{toi} phản ánh tình trạng đường dây điện trong {hamlet} chằng chịt, nhiều cột đã nghiêng.",
            req="kiểm tra hệ thống điện trong khu dân cư",
        ),
        dict(
            id="tr.add.kng-tc.1",
            cat="to_cao",
            narr="{toi} tố cáo một số cán bộ thôn đã thu tiền đóng góp của dân mà không công khai thu chi.",
            req="làm rõ khoản tiền đã thu của người dân",
        ),
    ],
    "phan_anh": [
        dict(
            id="tr.add.pa-kng.1",
            cat="kien_nghi",
            narr="{toi} kiến nghị bố trí thêm đèn chiếu sáng và biển báo trên tuyến đường qua {hamlet}.",
            req="lắp đặt đèn chiếu sáng trên tuyến đường này",
        ),
        dict(
            id="tr.add.pa-kn.1",
            cat="khieu_nai",
            narr="{toi} không đồng ý với việc {gd} bị cắt tiền hỗ trợ hằng tháng từ tháng {thang} năm {nam} mà "
            "không được thông báo.",
            req="khôi phục khoản hỗ trợ đã bị cắt của {gd}",
        ),
    ],
}
