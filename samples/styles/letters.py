"""Letters and forms written by the citizen (issue 12): first-person letters without a "Kính gửi" line, open
letters, group petitions, petitions written by a lawyer, a representative or a relative, and filled forms.

Labels follow ``models/real_eval/README.md`` ("Label format and conventions"):

- **recipient** only where the text says the petition goes to it (a Kính gửi / Đồng kính gửi block, "Thư ngỏ
  gửi X", "tôi viết đơn này gửi đến X"); a body that is only asked to act ("kính mong X xem xét") is not one.
  Several addressees are joined with "; ", in the order written (Kính gửi, then Đồng kính gửi).
- **subject** only where the petition states its matter: a title's complement, a V/v or "Trích yếu" line, or the
  clause after "về việc / việc / với nội dung" in the sentence that introduces the petition.
- **name**: the writer without honorific; for a group the first listed person or the representative; for a
  lawyer, proxy or relative writing for someone, the writer. A writer known only by a role has no name.
- **signatory_count** (one rule for lists that disagree with the stated number): a number the petition states
  ("65 hộ dân", "đơn của 12 hộ") wins, because a list under it names only representatives; without a stated
  number the listed persons are counted; one named writer is 1; no name and no number is 0.
- **anonymous**: no personal name of a sender anywhere in the text (collectives, a writer known by a role).
- A half-filled form: a label followed by nothing, dots or the next label has a null value.
- Phrase tables are pooled (train / heldout, disjoint); a share of each kind gets one damage (:mod:`.damage`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from ...lang.lexicon import MOTTO
from ..people import _address, _cap, _cccd, _person, _phone, _Place, _place, _recipient
from .base import StyledPetition, Writer, pick
from .content import Grievance, grievance
from .damage import damage

DAMAGE_SHARE = 0.2
CATEGORY_WORDS = ("khiếu nại", "tố cáo", "kiến nghị", "phản ánh")


# Phrase tables, one pool a line: NAME.pool = item | item | ... ("\n": a line break; "# NAME:" what it holds).
_TABLE_TEXT = r"""
# shared sentences (all kinds)
# {Toi}/{toi}: Tôi or Chúng tôi; {doc}: "đơn khiếu nại", "thư ngỏ" ...; {rcp}: an authority; {matter}: the matter
OPEN_SEND_SUBJ.train = {Toi} viết {doc} này gửi đến {rcp} để trình bày về việc {matter}. | {Toi} xin gửi tới {rcp} {doc} này về việc {matter}. | Nay {toi} làm {doc} gửi {rcp} về việc {matter}. | {Toi} kính gửi {doc} này lên {rcp} với nội dung {matter}.
OPEN_SEND_SUBJ.heldout = Lá {doc} này được {toi} gửi tới {rcp} về việc {matter}. | Bằng {doc} này, {toi} xin gửi đến {rcp} để được xem xét việc {matter}. | {Toi} đã quyết định gửi {doc} này tới {rcp} xung quanh việc {matter}. | Qua {doc} này, {toi} muốn gửi lên {rcp} ý kiến về việc {matter}.
OPEN_SEND.train = {Toi} viết {doc} này gửi đến {rcp} và xin trình bày sự việc như sau. | {Toi} kính gửi {doc} này đến {rcp}, mong được lắng nghe. | Hôm nay {toi} gửi {doc} này tới {rcp} với mong muốn được giải quyết thấu đáo. | {Toi} xin gửi đến {rcp} lá {doc} này.
OPEN_SEND.heldout = Lá {doc} này {toi} gửi tới {rcp} sau nhiều lần chờ đợi không có kết quả. | {Toi} mạo muội gửi {doc} này lên {rcp}. | Một lần nữa {toi} gửi {doc} tới {rcp} và trình bày lại toàn bộ sự việc. | {Toi} chuyển {doc} này tới {rcp}, kính mong được đọc và hồi âm.
OPEN_SUBJ.train = {Toi} làm {doc} này về việc {matter}. | {Toi} viết {doc} này để trình bày về việc {matter}. | Nay {toi} có {doc} về việc {matter}. | {Toi} xin trình bày {doc} này với nội dung {matter}.
OPEN_SUBJ.heldout = Lá {doc} này {toi} viết về việc {matter}. | {Toi} cầm bút viết {doc} xung quanh việc {matter}. | Điều {toi} muốn trình bày trong {doc} này là việc {matter}. | Bằng {doc} này, {toi} nêu lên việc {matter}.
OPEN_PLAIN.train = {Toi} xin trình bày sự việc như sau: | Sự việc cụ thể như sau: | {Toi} xin được trình bày cụ thể như sau: | Nội dung sự việc như sau:
OPEN_PLAIN.heldout = Câu chuyện của {toi} bắt đầu như thế này. | {Toi} xin kể lại đầu đuôi sự việc. | Mọi chuyện diễn ra như sau. | Xin được tóm tắt sự việc:
# ASK: an authority asked to act: not a recipient
ASK.train = Kính mong {rcp} xem xét, giải quyết dứt điểm. | Rất mong {rcp} quan tâm chỉ đạo làm rõ. | {Toi} đề nghị {rcp} sớm vào cuộc kiểm tra. | Kính đề nghị {rcp} xem xét giải quyết theo quy định của pháp luật.
ASK.heldout = Mong {rcp} để mắt tới sự việc này. | Chỉ có {rcp} mới có thể giúp {toi} lúc này. | {Toi} trông chờ vào sự can thiệp của {rcp}. | Xin {rcp} thấu hiểu và có hướng xử lý phù hợp.
CLOSE.train = {Toi} xin chân thành cảm ơn. | {Toi} xin cam đoan những điều trình bày trên là đúng sự thật. | Xin trân trọng cảm ơn! | {Toi} xin chịu trách nhiệm trước pháp luật về nội dung đã trình bày.
CLOSE.heldout = Mong sớm nhận được hồi âm. | Những điều nêu trên hoàn toàn là sự thật, {toi} xin chịu mọi trách nhiệm. | Một lần nữa xin cảm ơn và kính chúc sức khỏe. | {Toi} chờ đợi tin vui từ các cơ quan có thẩm quyền.
# DATE_BODY: the petition's date inside the body
DATE_BODY.train = {Toi} viết {doc} này {dw}. | Hôm nay, {dw}, {toi} hoàn thành {doc} này. | {Doc} được lập {dw}. | {Toi} ký tên vào {doc} này {dw}.
DATE_BODY.heldout = Lá {doc} này đề {dw}. | Viết xong {dw}. | {Toi} gửi đi {doc} này vào {dw}. | {Doc} hoàn thành {dw}, tại nhà riêng.
# GREET: salutations that are not addressees
GREET.train = Thưa quý cơ quan, | Kính thưa các cấp chính quyền, | Thưa quý vị lãnh đạo, | Kính thưa quý cơ quan chức năng,
GREET.heldout = Kính chào quý cơ quan. | Thưa các cơ quan có thẩm quyền! | Xin kính chào quý vị. | Kính thưa các vị lãnh đạo địa phương!
KG_HEAD.train = Kính gửi: | Kính gửi : | K/gửi: | Kính gửi
KG_HEAD.heldout = Kính gởi: | KÍNH GỬI: | Kính gửi đến: | Kính gửi tới:
CC_HEAD.train = Đồng kính gửi: | Đồng kính gửi : | Đồng gửi: | Đồng kính gửi
CC_HEAD.heldout = ĐỒNG KÍNH GỬI: | Đồng kính gởi: | Đồng thời kính gửi: | Và đồng kính gửi:
# letters
# L_INTRO: {name} {year} {age} {addr}
L_INTRO.train = Tôi tên là {name}, sinh năm {year}, trú tại {addr}. | Tôi là {name}, sinh năm {year}, hiện ở {addr}. | Tên tôi là: {name} – Sinh năm {year} – Địa chỉ: {addr}. | Tôi tên {name}, năm nay {age} tuổi, địa chỉ {addr}.
L_INTRO.heldout = Tôi là {name} (sinh năm {year}), thường trú tại {addr}. | Người viết đơn là tôi, {name}, sinh năm {year}, ngụ tại {addr}. | Tên tôi là {name}, {age} tuổi. Hiện tôi đang sống ở {addr}. | Tôi, {name}, sinh năm {year}, cư trú tại {addr}.
# L_NONAME: the address only; the name comes with the signature
L_NONAME.train = Tôi là người dân đang sinh sống tại {addr}. | Gia đình tôi ở tại {addr} đã nhiều năm nay. | Tôi hiện trú tại {addr}. | Tôi là cư dân ở địa chỉ {addr}.
L_NONAME.heldout = Nhà tôi ở {addr}. | Tôi sinh sống lâu năm tại {addr}. | Tôi là một người dân bình thường, địa chỉ {addr}. | Tôi đang thường trú tại {addr}.
# L_ROLE: a writer known by a role only: no name, anonymous
L_ROLE.train = Tôi là giáo viên một trường tiểu học trên địa bàn. | Tôi là một cán bộ hưu trí sống ở địa phương. | Tôi là đảng viên, sinh hoạt tại chi bộ khu dân cư. | Tôi là công nhân làm việc gần khu vực này.
L_ROLE.heldout = Tôi là một tiểu thương buôn bán ở chợ gần đó. | Tôi là một bác sĩ đã nghỉ hưu. | Tôi là người lao động tự do, ở trọ gần đây. | Tôi là một cựu chiến binh sống tại địa phương.
L_SIGN.train = Người viết đơn | Kính đơn | Người làm đơn | Trân trọng,
L_SIGN.heldout = Người viết | Kính thư | Người gửi | Người trình bày
# open letters
O_TITLE.train = THƯ NGỎ | THƯ NGỎ KHẨN THIẾT | THƯ NGỎ LẦN THỨ HAI | THƯ NGỎ CỦA CÁC HỘ DÂN
O_TITLE.heldout = LÁ THƯ NGỎ | THƯ NGỎ (gửi lần 3) | Thư ngỏ (bản gửi công khai) | THƯ NGỎ KÊU CỨU
# O_TITLE_TO: the title names the first addressee: a recipient
O_TITLE_TO.train = Thư ngỏ gửi {a} | Thư ngỏ kính gửi {a} | Thư ngỏ gửi tới {a} | Bức thư ngỏ gửi {a}
O_TITLE_TO.heldout = Thư ngỏ xin gửi {a} | Lá thư ngỏ gửi đến {a} | Thư ngỏ của người dân gửi {a} | Thư ngỏ thưa cùng {a}
# O_PERSON: an addressee by title and full name
O_PERSON.train = {Hon} {name}, {title} | Đồng chí {name}, {title} | {title} {name} | {Hon} {name} – {title}
O_PERSON.heldout = {Hon} {title} {name} | Đồng chí {title} {name} | {name} ({title}) | {title}, {hon} {name}
O_TITLES.train = Chủ tịch Ủy ban nhân dân {prov} | Bí thư {party} | Chánh án Tòa án nhân dân {prov} | Giám đốc Công an {prov} | Trưởng Đoàn đại biểu Quốc hội {prov}
O_TITLES.heldout = Phó Chủ tịch Ủy ban nhân dân {prov} | Viện trưởng Viện kiểm sát nhân dân {prov} | Chủ tịch Hội đồng nhân dân {prov} | Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam {prov} | Chánh Thanh tra {prov}
# O_BODIES: Đồng kính gửi bodies
O_BODIES.train = Ban Dân nguyện thuộc Ủy ban Thường vụ Quốc hội | Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam | Đoàn đại biểu Quốc hội {prov} | Báo Pháp luật Việt Nam
O_BODIES.heldout = Thanh tra Chính phủ | Văn phòng Chủ tịch nước | Ban Nội chính {party} | Báo Người Lao Động
# O_WE: {home}: where the writers live (their address); {where}: not a residence; {n}: a stated count
O_WE.train = Chúng tôi là các hộ dân đang sinh sống tại {home}. | Chúng tôi là những cựu chiến binh, cán bộ hưu trí ở {home}. | Chúng tôi là tập thể người lao động làm việc tại {where}. | Chúng tôi gồm {n} hộ gia đình ở {home}.
O_WE.heldout = Những người ký tên dưới thư này đều là cư dân {home}. | Chúng tôi là các phụ huynh có con học tại trường trên địa bàn {where}. | Tập thể chúng tôi gồm những gia đình đã gắn bó nhiều năm với {where}. | {n} gia đình chúng tôi cùng sinh sống tại {home}.
O_SIGNER_ROLE.train = nguyên Chủ tịch Ủy ban nhân dân xã | cựu chiến binh | đảng viên 40 năm tuổi Đảng | giáo viên nghỉ hưu
O_SIGNER_ROLE.heldout = nguyên Trưởng thôn | thương binh hạng 2/4 | hội viên Hội Người cao tuổi | nguyên cán bộ địa chính
# O_COLLECTIVE: a collective signature without names
O_COLLECTIVE.train = Các hộ dân {ward} | Tập thể cán bộ hưu trí {ward} | Những người dân {ward} | Đại diện bà con {ward}
O_COLLECTIVE.heldout = Bà con lối xóm {ward} | Nhóm cư dân {ward} | Tập thể những người ký thư | Các gia đình bị ảnh hưởng tại {ward}
O_SIGN.train = Những người ký tên | Thay mặt những người viết thư | Người viết thư | Xin ký tên
O_SIGN.heldout = Các chữ ký | Ký tên | Đồng ký tên | Người gửi thư
# group petitions
G_LIST_HEAD.train = Chúng tôi gồm: | Chúng tôi gồm có: | Chúng tôi là những người có tên sau đây: | Những người cùng đứng đơn gồm:
G_LIST_HEAD.heldout = Danh sách người đứng đơn: | Chúng tôi, những người ký tên dưới đây, gồm: | Chúng tôi là các hộ dân sau: | Các hộ gia đình cùng làm đơn:
# G_ITEM: {i} {hon} {hon_l} {name} {year} {addr} {ward} {phone}
G_ITEM.train = {i}. {hon} {name}, sinh năm {year}, trú tại {addr} | {i}- {name} ({ward}) | - {hon} {name}, sinh năm {year}, địa chỉ: {addr}, điện thoại: | {i}. {name} – {year} – {addr}
G_ITEM.heldout = {i}) {hon} {name}; năm sinh {year}; nơi ở: {addr} | - {name}, SN {year}, {ward} | {i}/ {hon} {name} – ĐT: {phone} | - Hộ {hon_l} {name}, ngụ tại {addr}
# G_STATED: a stated number of signers, no list
G_STATED.train = Chúng tôi là {n} hộ dân đang sinh sống tại {home}. | Chúng tôi gồm {n} hộ gia đình cư trú tại {home}. | {n} hộ dân chúng tôi ở {home} cùng làm đơn này. | Chúng tôi, {n} hộ dân thuộc {home}, cùng ký tên dưới đây.
G_STATED.heldout = Tổng cộng {n} hộ dân ở {home} cùng đứng tên lá đơn này. | Có {n} gia đình chúng tôi đang sống tại {home}. | Đơn này có chữ ký của {n} hộ dân cư ngụ ở {home}. | Chúng tôi là {n} cư dân sinh sống tại {home}.
# G_REP: the representative of a stated group
G_REP.train = Người đại diện: {hon} {name}, sinh năm {year}, trú tại {addr}. | Chúng tôi cử {hon_l} {name} (sinh năm {year}) làm người đại diện. | Đại diện các hộ là {hon_l} {name}, địa chỉ {addr}. | {hon} {name} được các hộ dân thống nhất cử làm đại diện.
G_REP.heldout = Thay mặt các hộ đứng đơn: {hon_l} {name}, {age} tuổi, ngụ tại {addr}. | Mọi liên hệ xin gửi về {hon_l} {name}, người được các hộ ủy nhiệm. | Đại diện ký đơn: {name}, cư trú tại {addr}. | Các hộ dân đã bầu {hon_l} {name} đứng ra thay mặt.
# G_STATED_LIST: a stated number over a shorter list of representatives
G_STATED_LIST.train = Chúng tôi gồm {n} hộ dân ở {home}; đại diện ký tên gồm: | Đơn có {n} hộ cùng tham gia, trong đó những người đại diện là: | Chúng tôi là {n} hộ dân, xin liệt kê một số người đại diện: | Tập thể {n} hộ gia đình, đại diện gồm:
G_STATED_LIST.heldout = Gồm {n} hộ gia đình, những người đứng tên đại diện như sau: | Trong tổng số {n} hộ ký đơn, những người đại diện gồm: | Chúng tôi có {n} hộ cùng chung cảnh ngộ ở {home}; người đại diện: | Đơn của {n} hộ dân, đại diện các hộ gồm có:
G_SIGN.train = Những người làm đơn | Đại diện các hộ dân | Các hộ dân ký tên | Người đại diện
G_SIGN.heldout = Chữ ký của các hộ | Thay mặt những người đứng đơn | Các hộ cùng ký | Xác nhận của các hộ
# representatives
# R_LAWYER: {name} {firm} {addr}
R_LAWYER.train = Tôi – luật sư {name}, hành nghề tại {firm}, địa chỉ: {addr}. | Tôi là luật sư {name}, thuộc {firm}. | Tôi, luật sư {name}, làm việc tại {firm} có trụ sở tại {addr}. | Tôi tên là {name}, luật sư của {firm}.
R_LAWYER.heldout = Người viết đơn: luật sư {name} – {firm}, trụ sở {addr}. | Tôi là {name}, hiện hành nghề luật sư tại {firm}. | Tôi – {name}, luật sư điều hành {firm}, văn phòng đặt tại {addr}. | Là luật sư thuộc {firm}, tôi – {name} – viết đơn này.
R_FIRM.train = Văn phòng Luật sư {x} | Công ty Luật TNHH {x} | Văn phòng Luật sư {x} (Đoàn Luật sư {pn}) | Công ty Luật {x} và Cộng sự
R_FIRM.heldout = Hãng Luật {x} | Văn phòng luật sư {x} thuộc Đoàn Luật sư {pn} | Công ty Luật hợp danh {x} | Chi nhánh Công ty Luật {x}
R_FIRM_NAME.train = Minh Tâm | An Khang | Bảo Tín | Hợp Nhất
R_FIRM_NAME.heldout = Thiên Phúc | Chính Trực | Đông Á | Hưng Nguyên
# R_CLIENT: the lawyer's client; {chon} ông/bà, {client}, {caddr}
R_CLIENT.train = Tôi là người đại diện theo ủy quyền của {chon} {client}, trú tại {caddr}. | Theo hợp đồng dịch vụ pháp lý, tôi đại diện cho {chon} {client} ({caddr}). | Tôi được {chon} {client}, địa chỉ {caddr}, ủy quyền tham gia giải quyết vụ việc. | Tôi bảo vệ quyền lợi hợp pháp cho {chon} {client}, trú tại {caddr}.
R_CLIENT.heldout = Thân chủ của tôi là {chon} {client}, hiện ở {caddr}. | Tôi nhận lời giúp {chon} {client} (thường trú {caddr}) theo giấy ủy quyền. | Đơn này tôi viết thay mặt {chon} {client}, người cư trú tại {caddr}. | Theo văn bản ủy quyền, tôi thay {chon} {client} ({caddr}) thực hiện việc này.
# R_PROXY: a non-lawyer authorised by the person; {dn}: the authorisation's date (not the petition's)
R_PROXY.train = Tôi là người được {chon} {client} ủy quyền theo giấy ủy quyền lập ngày {dn}. | Tôi đại diện theo ủy quyền của {chon} {client}. | {Chon} {client} đã ủy quyền cho tôi làm đơn này. | Tôi thay mặt {chon} {client}, người đã ủy quyền hợp lệ cho tôi.
R_PROXY.heldout = Được sự ủy quyền của {chon} {client} (văn bản ngày {dn}), tôi viết đơn này. | Giấy ủy quyền ngày {dn} cho phép tôi thay {chon} {client} trình bày sự việc. | Tôi nhận ủy quyền của {chon} {client} để theo đuổi vụ việc. | Người ủy quyền cho tôi là {chon} {client}.
R_REL_M.train = anh trai | con trai | em trai | cháu nội
R_REL_M.heldout = anh họ | con cả | em út | cháu ruột
R_REL_F.train = chị gái | con gái | em gái | cháu gái
R_REL_F.heldout = chị họ | con dâu | em dâu | cháu ngoại
R_WHY.train = {cref} đang bị bệnh nặng, không thể tự viết đơn | {cref} tuổi đã cao, mắt kém | {cref} đang chấp hành án tại trại giam | {cref} là thương binh, sức khỏe rất yếu
R_WHY.heldout = {cref} không biết chữ | {cref} bị tai biến, nằm liệt giường đã hai năm | {cref} đang đi lao động ở nước ngoài | {cref} mắc bệnh tâm thần, không tự bảo vệ được quyền lợi
# R_RELATIVE: {rel} {chon} {client} {why}
R_RELATIVE.train = Tôi là {rel} của {chon} {client}. Vì {why} nên tôi viết đơn này thay. | Tôi làm đơn thay cho {chon} {client}, {rel} của tôi, bởi {why}. | Tôi là {rel} ruột thịt của {chon} {client}; do {why}, tôi đứng ra viết đơn. | Là {rel} của {chon} {client}, tôi viết thay vì {why}.
R_RELATIVE.heldout = Người mà tôi viết thay là {chon} {client}, tôi là {rel}. Hiện {why}. | {Chon} {client} là người thân của tôi (tôi là {rel}); {why}, nên gia đình giao tôi viết đơn. | Hoàn cảnh là {why}, vì vậy tôi – {rel} của {chon} {client} – làm đơn này. | Tôi xin thay mặt {chon} {client} trình bày, do {why}; tôi là {rel}.
# R_HOUSEHOLDS: a representative of a stated number of households
R_HOUSEHOLDS.train = Tôi được {n} hộ dân ở {home} tin tưởng cử làm người đại diện. | Tôi là người đại diện cho {n} hộ gia đình tại {home}. | Tôi thay mặt {n} hộ dân cùng cảnh ngộ ở {home} viết đơn này. | Tôi được {n} hộ ở {home} ủy quyền đứng đơn.
R_HOUSEHOLDS.heldout = {n} hộ dân ở {home} đã cử tôi đại diện trình bày. | Tôi đứng tên thay cho {n} gia đình sinh sống tại {home}. | Các hộ dân ({n} hộ) tại {home} nhất trí để tôi thay mặt. | Là đại diện của {n} hộ tại {home}, tôi xin trình bày.
# forms
F_NAME.train = Họ và tên: | Họ tên người làm đơn: | Tên tôi là: | Họ và tên người viết đơn:
F_NAME.heldout = Người đứng đơn: | Họ, tên: | Tên người gửi đơn: | Ông/Bà:
F_YEAR.train = Sinh năm: | Năm sinh: | Năm sinh : | Sinh năm :
F_YEAR.heldout = SN: | Năm sinh (dương lịch): | Sinh vào năm: | Tuổi (năm sinh):
F_ID.train = Số CCCD: | Căn cước công dân số: | Số định danh cá nhân: | CMND/CCCD số:
F_ID.heldout = Số thẻ căn cước: | CCCD: | Giấy tờ tùy thân số: | Mã định danh:
F_ISSUED.train = Ngày cấp: | Cấp ngày: | Ngày cấp thẻ: | Cấp vào ngày:
F_ISSUED.heldout = Ngày được cấp: | Thời điểm cấp: | Cấp lúc: | Cấp hôm:
F_ADDR.train = Địa chỉ thường trú: | Nơi cư trú: | Địa chỉ: | Trú tại:
F_ADDR.heldout = Chỗ ở hiện nay: | Nơi ở hiện tại: | Địa chỉ liên hệ: | Hộ khẩu thường trú:
F_PHONE.train = Số điện thoại: | Điện thoại: | ĐT: | SĐT liên hệ:
F_PHONE.heldout = Số máy liên lạc: | Điện thoại di động: | Di động: | Tel:
# F_SUBJ_LINE: a subject line under the title: (head, tail)
F_SUBJ_LINE.train = (V/v: | V/v: | Về việc: | Trích yếu: | Trích yếu nội dung:
F_SUBJ_LINE.heldout = (Về việc: | V/v - | Vấn đề: | Tóm tắt nội dung: | Nội dung chính:
# F_TITLE_COMP: a title whose complement is the subject; {T} the title word
F_TITLE_COMP.train = {T} về việc {matter} | {T} V/v {matter} | {T} (về việc {matter}) | {T}: {matter}
F_TITLE_COMP.heldout = {T} liên quan đến việc {matter} | {T} – việc {matter} | {T} xung quanh việc {matter} | {T} đối với việc {matter}
F_SIGN.train = NGƯỜI LÀM ĐƠN | NGƯỜI {TW} | Người làm đơn (ký, ghi rõ họ tên) | NGƯỜI VIẾT ĐƠN\n(Ký và ghi rõ họ tên)
F_SIGN.heldout = NGƯỜI ĐỨNG ĐƠN | Người gửi đơn\n(ký tên) | NGƯỜI TRÌNH BÀY\n(ký, họ tên) | Ký tên
F_ATTACH.train = Tài liệu kèm theo: bản sao các giấy tờ liên quan. | Kèm theo đơn: ảnh chụp hiện trường. | Hồ sơ gửi kèm: bản photo quyết định và biên bản. | Tài liệu kèm theo: không.
F_ATTACH.heldout = Gửi kèm: các chứng cứ tôi đang lưu giữ. | Đính kèm: đĩa ghi hình và giấy biên nhận. | Các giấy tờ kèm theo đơn: 03 bản sao. | Chứng cứ kèm theo: sẽ bổ sung sau.
# O_SIGNER: a signer of an open letter: {i} {hon} {name} {role}
O_SIGNER.train = {i}. {hon} {name} – {role} | {hon} {name}, {role} (đã ký) | {name}, {role} | {i}- {name} ({role})
O_SIGNER.heldout = {name} – {role} – đã ký | {i}/ {role} {name} | {hon} {name} ({role}), ký tên | {i}) {name}, {role}
"""


def _tables(text: str) -> dict[str, dict[str, list[str]]]:
    out: dict[str, dict[str, list[str]]] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            key, items = line.split(" = ", 1)
            name, pool = key.split(".")
            out.setdefault(name, {})[pool] = [s.replace("\\n", "\n") for s in items.split(" | ")]
    return out


TABLES = _tables(_TABLE_TEXT)


# --------------------------------------------------------------------------- helpers
class _Picker:
    """``pk("NAME", **fields)``: one entry of table NAME in the pool, filled with ``fields``; ``pk.raw``: unfilled."""

    def __init__(self, rng: random.Random, pool: str) -> None:
        self.rng, self.pool = rng, pool

    def raw(self, table: str, /) -> str:
        return pick(self.rng, TABLES[table], self.pool)

    def __call__(self, table: str, /, **kw) -> str:
        return self.raw(table).format(**kw)


@dataclass
class _Who:
    name: str
    female: bool
    year: int
    addr: str
    cccd: str
    phone: str  # as written

    @property
    def hon(self) -> str:
        return "Bà" if self.female else "Ông"

    def fields(self, d: date) -> dict:
        h = self.hon
        return {"name": self.name, "year": self.year, "age": d.year - self.year, "addr": self.addr, "hon": h}


def _who(rng: random.Random, pl: _Place) -> _Who:
    name, female = _person(rng)
    year = rng.randint(1945, 1996)
    return _Who(name, female, year, _address(rng, pl), _cccd(rng, pl.code, year, female), _phone(rng)[1])


def _others(rng: random.Random, pl: _Place, first: _Who, k: int) -> list[_Who]:
    """``first`` and k-1 more persons with distinct names."""
    out = [first]
    while len(out) < k:
        out += [w for w in [_who(rng, pl)] if w.name not in {o.name for o in out}]
    return out


def _when(rng: random.Random) -> date:
    return date(2019, 1, 1) + timedelta(days=rng.randrange(7 * 365))


def _dw(rng: random.Random, d: date, words_only: bool = False) -> str:
    """A date as written: "ngày 3 tháng 5 năm 2024", "ngày 03 tháng 05 năm 2024", "ngày 03/05/2024"."""
    forms = ["ngày {d.day} tháng {d.month} năm {d.year}", "ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"]
    forms += ["ngày {d.day:02d}/{d.month:02d}/{d.year}", "ngày {d.day}/{d.month}/{d.year}"]
    n = 2 if words_only else 4
    return rng.choices(forms[:n], [5, 2, 2, 1][:n])[0].format(d=d)


def _date_line(rng: random.Random, pl: _Place, d: date) -> str:
    """ "Đông Anh, ngày 3 tháng 5 năm 2024", "Quận 9, ...", "Hà Nội, ..."."""
    town = pl.place
    for pre in ("thành phố ", "thị xã ", "huyện ", "quận "):
        if pl.district.startswith(pre) and rng.random() < 0.6:
            rest = pl.district[len(pre) :]
            town = _cap(pl.district) if rest.isdigit() else rest
    return f"{town}, {_dw(rng, d, words_only=True)}"


def _home(rng: random.Random, pl: _Place) -> str:
    """Where a group lives: a residential unit and its ward."""
    units = ["tổ dân phố", "khu phố", "tổ"] if pl.ward.startswith("phường") else ["thôn", "xóm", "ấp"]
    tail = "" if pl.two_level or rng.random() < 0.5 else f", {pl.district}"
    return f"{rng.choice(units)} {rng.randint(1, 15)}, {pl.ward}{tail}"


def _doc(tw: str, title: bool = False) -> str:
    """The petition as a noun ("đơn khiếu nại", "thư ngỏ") or as a title ("ĐƠN KHIẾU NẠI")."""
    noun = tw if tw.startswith(("thư", "đơn")) else f"đơn {tw}"
    noun = "đơn xin xem xét" if tw == "xin" and title else noun
    return noun.upper() if title else noun


def _matter(gr: Grievance) -> str:
    """The matter as it follows "về việc" (without a second "việc")."""
    return gr.matter[5:] if gr.matter.startswith("việc ") else gr.matter


VOICE = {True: {"Toi": "Chúng tôi", "toi": "chúng tôi"}, False: {"Toi": "Tôi", "toi": "tôi"}}


def _opening(
    pk: _Picker, rng: random.Random, v: dict, doc: str, rcp: str | None, matter: str, p: tuple[float, float]
):
    """The sentence that introduces the petition, the recipient it names (or None) and the subject it states;
    ``p`` = (share naming the recipient, share stating the matter)."""
    send = rcp is not None and rng.random() < p[0]
    subj = rng.random() < p[1]
    table = ("OPEN_SEND_SUBJ" if subj else "OPEN_SEND") if send else ("OPEN_SUBJ" if subj else "OPEN_PLAIN")
    s = pk(table, **v, doc=doc, rcp=rcp, matter=matter)
    return s, (rcp if send else None), (matter if subj else None)


def _split2(rng: random.Random, line: str, start: int) -> list[str]:
    """``line`` over two lines, broken at a space after ``start`` (an addressee or a V/v line over two lines)."""
    spaces = [i for i, c in enumerate(line) if c == " " and i > start + 2]
    if len(line) - start < 30 or not spaces:
        return [line]
    i = spaces[len(spaces) // 2 + rng.randint(-1, 1) if len(spaces) > 2 else 0]
    return [line[:i], " " * rng.randint(0, 12) + line[i + 1 :]]


def _addressees(rng: random.Random, head: str, names: list[str], two_line_p: float = 0.3) -> list[str]:
    """A Kính gửi / Đồng kính gửi block; one addressee may run over two lines."""
    if len(names) == 1 and rng.random() < 0.6:
        lines, starts = [f"{head} {names[0]}"], [len(head)]
    else:
        bullet, indent = rng.choice(["- ", "– ", "+ ", "", "• "]), " " * rng.choice([0, 4, 10])
        lines = [head] + [f"{indent}{bullet}{n}" for n in names]
        starts = [len(head)] + [len(indent) + len(bullet)] * len(names)
    if rng.random() < two_line_p:
        j = max(range(1 if len(lines) > 1 else 0, len(lines)), key=lambda k: len(lines[k]))
        lines[j : j + 1] = _split2(rng, lines[j], starts[j])
    return lines


def _authorities(rng: random.Random, gr: Grievance, pl: _Place, k: int) -> list[str]:
    out: list[str] = []
    for _ in range(8 * k):
        r = _recipient(rng, gr.domain, gr.category, pl, "none", gr.respondent)
        out += [] if r in out else [r]
        if len(out) == k:
            break
    return out


def _finish(
    rng: random.Random, lines: list[str], gr: Grievance, who: dict, count: int, **labels
) -> StyledPetition:
    """The petition and its truth; a share gets one damage (text and labels alike)."""
    text = "\n".join(lines)
    d = labels.get("d")
    complainant = {"name": None, "address": None, "id_number": None, "phone": None} | who
    resp = gr.respondent if gr.respondent and gr.respondent in text else None
    truth = (gr.category, gr.domain, list(gr.contents), complainant, labels.get("recipient"), resp)
    iso, anonymous = (d.isoformat() if d else None), complainant["name"] is None
    pet = StyledPetition(text, *truth, labels.get("subject"), iso, count, anonymous, labels.get("title"))
    pet.notes.update(type_word=gr.type_word, **labels.get("notes", {}))
    return damage(rng, pet) if rng.random() < DAMAGE_SHARE else pet


# --------------------------------------------------------------------------- the kinds
def write_letter(rng: random.Random, pool: str) -> StyledPetition:
    """A first-person letter without a Kính gửi line; the addressee, if any, named in a sentence."""
    pk, pl = _Picker(rng, pool), _place(rng)
    w, d, v = _who(rng, pl), _when(rng), VOICE[False]
    gr = grievance(rng, pool, pl, voice="first", mixed=rng.random() < 0.1)
    doc, rcp = _doc(gr.type_word), _authorities(rng, gr, pl, 1)[0]
    mode = rng.choices(("intro", "sign", "role"), (0.66, 0.26, 0.08))[0]
    where = rng.choices(("top", "bottom", "body", "none"), (0.3, 0.3, 0.2, 0.2))[0]
    lines = [pk("GREET")] if rng.random() < 0.3 else []
    lines += [_date_line(rng, pl, d)] if where == "top" else []
    ident = pk({"intro": "L_INTRO", "sign": "L_NONAME", "role": "L_ROLE"}[mode], **w.fields(d))
    opening, recipient, subject = _opening(pk, rng, v, doc, rcp, _matter(gr), (0.45, 0.5))
    lines += [f"{ident} {opening}"] if rng.random() < 0.5 else [ident, opening]
    lines.append(" ".join(gr.narrative))
    ask = pk("ASK", **v, rcp=rcp) if recipient is None and rng.random() < 0.6 else ""
    lines.append(f"{gr.request} {ask}".strip())
    lines += [pk("DATE_BODY", **v, doc=doc, Doc=_cap(doc), dw=_dw(rng, d))] if where == "body" else []
    lines.append(pk("CLOSE", **v))
    lines += [_date_line(rng, pl, d)] if where == "bottom" else []
    if mode == "sign" or (mode == "intro" and rng.random() < 0.7):
        lines += [pk("L_SIGN"), w.name]
    who = {} if mode == "role" else {"name": w.name, "address": w.addr}
    dated = d if where != "none" else None
    return _finish(rng, lines, gr, who, int(mode != "role"), recipient=recipient, subject=subject, d=dated)


def _open_signers(
    pk: _Picker, rng: random.Random, pl: _Place, w: _Who
) -> tuple[list[str], list[str], dict, int]:
    """An open letter's group: its self-description and signature lines, the writer labels, the count."""
    home, n = _home(rng, pl), rng.randint(5, 90)
    we = pk.raw("O_WE")
    who = {"address": home} if "{home}" in we else {}
    if rng.random() < 0.55:  # named signers, in one format
        signers = _others(rng, pl, w, rng.randint(2, 5))
        tpl = pk.raw("O_SIGNER")
        sign = [
            tpl.format(i=i, hon=p.hon, name=p.name, role=pk("O_SIGNER_ROLE"))
            for i, p in enumerate(signers, 1)
        ]
        who, count = {**who, "name": w.name}, len(signers)
    else:
        sign, count = [pk("O_COLLECTIVE", ward=pl.ward)], 0
    return [we.format(home=home, where=pl.ward, n=n)], [pk("O_SIGN"), *sign], who, n if "{n}" in we else count


def write_open_letter(rng: random.Random, pool: str) -> StyledPetition:
    """THƯ NGỎ: addressees as persons by title and full name, Đồng kính gửi, signed by a group or a person."""
    pk, pl = _Picker(rng, pool), _place(rng)
    w, d = _who(rng, pl), _when(rng)
    group = rng.random() < 0.7
    gr = grievance(rng, pool, pl, voice="group" if group else "first", mixed=rng.random() < 0.1)
    party = ("Thành ủy " if pl.province.lower().startswith("thành phố") else "Tỉnh ủy ") + pl.place
    fmt = {"prov": pl.province, "party": party}
    persons = []
    for t in rng.sample(TABLES["O_TITLES"][pool], rng.randint(1, 3)):
        name, female = _person(rng)
        hon = "Bà" if female else "Ông"
        persons.append(pk("O_PERSON", Hon=hon, hon=hon.lower(), name=name, title=t.format(**fmt)))
    k = rng.randint(1, 2) if rng.random() < 0.4 else 0
    cc = [b.format(**fmt) for b in rng.sample(TABLES["O_BODIES"][pool], k)]
    lines = list(MOTTO) if rng.random() < 0.2 else []
    if rng.random() < 0.35:
        title, persons = pk("O_TITLE_TO", a=persons[0]), persons[:1]
        lines.append(title)
    else:
        title = pk("O_TITLE")
        lines += [title, *_addressees(rng, pk("KG_HEAD"), persons)]
    lines += _addressees(rng, pk("CC_HEAD"), cc) if cc else []
    dated = d if rng.random() < 0.65 else None
    lines += [_date_line(rng, pl, d)] if dated and rng.random() < 0.6 else []
    v, doc = VOICE[group], rng.choice(["thư ngỏ", "thư này", "lá thư ngỏ"])
    if group:
        head, sign, who, count = _open_signers(pk, rng, pl, w)
    else:
        head, sign = [pk("L_INTRO", **w.fields(d))], [pk("L_SIGN"), w.name]
        who, count = {"name": w.name, "address": w.addr}, 1
    opening, _, subject = _opening(pk, rng, v, doc, None, _matter(gr), (0.0, 0.45))
    lines += [" ".join([*head, opening]), " ".join(gr.narrative), gr.request, pk("CLOSE", **v), *sign]
    recipient = "; ".join(persons + cc)
    return _finish(rng, lines, gr, who, count, recipient=recipient, subject=subject, d=dated, title=title)


def _head(
    pk: _Picker, rng: random.Random, gr: Grievance, pl: _Place, d: date, motto_p: float
) -> tuple[list, dict]:
    """Optional motto, date line, title and Kính gửi line of a group or representative petition."""
    lines: list[str] = list(MOTTO) if rng.random() < motto_p else []
    labels: dict = {}
    if rng.random() < 0.6:
        lines.append(_date_line(rng, pl, d))
        labels["d"] = d
    if rng.random() < 0.65:
        labels["title"] = _doc(gr.type_word, title=True)
        lines.append(labels["title"])
    if rng.random() < 0.5:
        rcps = _authorities(rng, gr, pl, rng.choice([1, 1, 2]))
        lines += _addressees(rng, pk("KG_HEAD"), rcps)
        labels["recipient"] = "; ".join(rcps)
    return lines, labels


def _members(
    pk: _Picker, rng: random.Random, pl: _Place, people: list[_Who], d: date
) -> tuple[list[str], dict]:
    """A list of signers in one item format, and the labels of the first one."""
    tpl = pk.raw("G_ITEM")
    fill = [
        {"i": i, "hon_l": m.hon.lower(), "ward": pl.ward, "phone": m.phone} for i, m in enumerate(people, 1)
    ]
    items = [tpl.format(**m.fields(d), **f).rstrip() for m, f in zip(people, fill, strict=True)]
    first = people[0]
    who = {"name": first.name, "phone": first.phone if "{phone}" in tpl else None}
    who["address"] = first.addr if "{addr}" in tpl else (pl.ward if "{ward}" in tpl else None)
    return items, who


def write_group(rng: random.Random, pool: str) -> StyledPetition:
    """Chúng tôi gồm: a numbered or dashed list, or a stated number (with or without a representative)."""
    pk, pl = _Picker(rng, pool), _place(rng)
    d, v, home = _when(rng), VOICE[True], _home(rng, pl)
    gr = grievance(rng, pool, pl, voice="group", mixed=rng.random() < 0.1)
    lines, labels = _head(pk, rng, gr, pl, d, 0.4)
    mode = rng.choices(("list", "stated", "stated_list"), (0.45, 0.35, 0.2))[0]
    people = _others(rng, pl, _who(rng, pl), rng.randint(2, 8))
    n, rep = rng.randint(len(people) + 2, 150), people[0]
    if mode != "stated":  # the stated number wins over a shorter list of representatives
        head = pk("G_LIST_HEAD") if mode == "list" else pk.raw("G_STATED_LIST")
        items, who = _members(pk, rng, pl, people, d)
        if who["address"] is None and "{home}" in head:
            who["address"] = home
        ident, sign = [head.format(n=n, home=home), *items], [p.name for p in people]
        count = len(people) if mode == "list" else n
    else:
        ident, count = [pk("G_STATED", n=n, home=home)], n
        if rng.random() < 0.7:
            tpl = pk.raw("G_REP")
            ident.append(tpl.format(**rep.fields(d), hon_l=rep.hon.lower()))
            who, sign = {"name": rep.name, "address": rep.addr if "{addr}" in tpl else home}, [rep.name]
        else:
            who, sign = {"address": home}, [pk("O_COLLECTIVE", ward=pl.ward)]
    rcp = None if "recipient" in labels else _authorities(rng, gr, pl, 1)[0]
    opening, recipient, subject = _opening(pk, rng, v, _doc(gr.type_word), rcp, _matter(gr), (0.3, 0.55))
    labels["recipient"] = recipient or labels.get("recipient")
    lines += [*ident, opening, " ".join(gr.narrative), gr.request, pk("CLOSE", **v), pk("G_SIGN"), *sign]
    return _finish(rng, lines, gr, who, count, subject=subject, notes={"mode": mode}, **labels)


def _representing(
    pk: _Picker, rng: random.Random, pl: _Place, w: _Who, d: date
) -> tuple[list[str], dict, int, str]:
    """Who writes for whom: the sentences, the writer labels, the count and the voice of the narrative."""
    client = _who(rng, _place(rng) if rng.random() < 0.3 else pl)
    cref = f"{client.hon.lower()} {client.name.split()[-1]}"
    kw = {"chon": client.hon.lower(), "Chon": client.hon, "client": client.name, "caddr": client.addr}
    intro, who = pk("L_INTRO", **w.fields(d)), {"name": w.name, "address": w.addr}
    mode = rng.choices(("lawyer", "proxy", "relative", "households"), (0.35, 0.25, 0.25, 0.15))[0]
    if mode == "lawyer":
        firm = pk("R_FIRM", x=pk("R_FIRM_NAME"), pn=pl.place)
        tpl, office = pk.raw("R_LAWYER"), _address(rng, pl)
        s = [tpl.format(name=w.name, firm=firm, addr=office), pk("R_CLIENT", **kw)]
        return s, {"name": w.name, "address": office if "{addr}" in tpl else None}, 1, cref
    if mode == "proxy":  # the authorisation's date is not the petition's
        dn = f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{d.year - rng.randint(0, 1)}"
        return [intro, pk("R_PROXY", **kw, dn=dn)], who, 1, cref
    if mode == "relative":
        rel, why = pk("R_REL_F" if w.female else "R_REL_M"), pk("R_WHY", cref=cref)
        return [intro, pk("R_RELATIVE", **kw, rel=rel, why=why)], who, 1, cref
    n = rng.randint(5, 80)
    return [intro, pk("R_HOUSEHOLDS", n=n, home=_home(rng, pl))], who, n, "group"


def write_representative(rng: random.Random, pool: str) -> StyledPetition:
    """A lawyer, a proxy, a relative or the representative of households writes; the writer is the name."""
    pk, pl = _Picker(rng, pool), _place(rng)
    w, d, v = _who(rng, pl), _when(rng), VOICE[False]
    ident, who, count, cref = _representing(pk, rng, pl, w, d)
    voice = "group" if cref == "group" else "third"
    gr = grievance(rng, pool, pl, voice=voice, who=cref, mixed=rng.random() < 0.1)
    lines, labels = _head(pk, rng, gr, pl, d, 0.3)
    rcp = None if "recipient" in labels else _authorities(rng, gr, pl, 1)[0]
    opening, recipient, subject = _opening(pk, rng, v, _doc(gr.type_word), rcp, _matter(gr), (0.35, 0.5))
    labels["recipient"] = recipient or labels.get("recipient")
    lines += [" ".join(ident), opening, " ".join(gr.narrative), gr.request]
    lines += [pk("CLOSE", **v), pk("L_SIGN"), w.name]
    return _finish(rng, lines, gr, who, count, subject=subject, **labels)


def _identity(pk: _Picker, rng: random.Random, w: _Who) -> tuple[list[str], dict]:
    """A form's labelled identity, some values left blank: a blank label's value is null, never the next label."""
    style = rng.random()
    name = w.name.upper() if style < 0.25 else "-".join(w.name.split()) if style < 0.3 else w.name
    has_id, has_phone, has_addr = rng.random() < 0.55, rng.random() < 0.5, rng.random() < 0.9
    issued = date(rng.randint(2016, 2023), rng.randint(1, 12), rng.randint(1, 28))
    pairs = [("F_NAME", name), ("F_YEAR", str(w.year)), ("F_ID", w.cccd if has_id else None)]
    pairs += [("F_ISSUED", f"{issued:%d/%m/%Y}" if has_id else None)] if rng.random() < 0.5 else []
    pairs += [("F_ADDR", w.addr if has_addr else None), ("F_PHONE", w.phone if has_phone else None)]
    lines: list[str] = []
    join = False
    for key, val in pairs:
        dots = "" if val or rng.random() < 0.6 else " " + "." * rng.randint(8, 25)
        cell = f"{pk(key)} {val}" if val else pk(key) + dots
        if join and lines:
            lines[-1] += " " * rng.randint(2, 6) + cell
        else:
            lines.append(cell)
        join = rng.random() < (0.6 if val is None and not dots else 0.2)
    who = {"name": name, "address": w.addr if has_addr else None}
    return lines, who | {"id_number": w.cccd if has_id else None, "phone": w.phone if has_phone else None}


def _form_title(pk: _Picker, rng: random.Random, gr: Grievance, d: date) -> tuple[list[str], str, str | None]:
    """Title lines, the title as written and the subject: a title's complement, a V/v line, or none."""
    word, resp = _doc(gr.type_word, title=True), gr.respondent or ""
    mode = rng.choices(("comp", "line", "none"), (0.3, 0.35, 0.35))[0]
    if mode == "comp" and gr.category == "khieu_nai" and resp.startswith(("Ủy ban", "Chủ tịch")):
        when = d - timedelta(days=rng.randint(20, 300))
        subject = f"quyết định số {rng.randint(12, 4800)}/QĐ-UBND ngày {when:%d/%m/%Y} của {resp}"
        return [f"{word} {subject}"], f"{word} {subject}", subject
    if mode == "comp":
        title = pk("F_TITLE_COMP", T=word, matter=_matter(gr))
        return [title], title, _matter(gr)
    if mode == "none":
        return [word], word, None
    head = pk("F_SUBJ_LINE")
    line = f"{head} {_matter(gr)}{')' if head.startswith('(') else ''}"
    return [word, *(_split2(rng, line, len(head)) if rng.random() < 0.4 else [line])], word, _matter(gr)


def write_form(rng: random.Random, pool: str) -> StyledPetition:
    """A filled petition: motto, title (with its subject or a V/v line), Kính gửi, labelled identity, signature."""
    pk, pl = _Picker(rng, pool), _place(rng)
    w, d, v = _who(rng, pl), _when(rng), VOICE[False]
    gr = grievance(rng, pool, pl, voice="first", mixed=rng.random() < 0.1)
    lines = [*MOTTO, rng.choice(["", "---o0o---", "-------***-------", "_______________"])]
    when = rng.choices(("top", "bottom", "blank", "none"), (0.55, 0.15, 0.12, 0.18))[0]
    blank = f"{'.' * rng.randint(6, 14)}, ngày ..... tháng ..... năm 20..."
    lines += [_date_line(rng, pl, d)] if when == "top" else [blank] if when == "blank" else []
    title_lines, title, subject = _form_title(pk, rng, gr, d)
    rcps = _authorities(rng, gr, pl, rng.choice([1, 1, 2]))
    ident, who = _identity(pk, rng, w)
    p = (0.0, 0.0 if subject else 0.5)
    opening, _, said = _opening(pk, rng, v, _doc(gr.type_word), None, _matter(gr), p)
    lines += [*title_lines, *_addressees(rng, pk("KG_HEAD"), rcps, 0.45), *ident, opening]
    lines += [" ".join(gr.narrative), gr.request, *([pk("F_ATTACH")] if rng.random() < 0.5 else [])]
    lines += [pk("CLOSE", **v), *([_date_line(rng, pl, d)] if when == "bottom" else [])]
    tw = gr.type_word.upper() if gr.type_word in CATEGORY_WORDS else "LÀM ĐƠN"
    lines += [pk("F_SIGN", TW=tw), who["name"] if rng.random() < 0.5 else w.name]
    dated = d if when in ("top", "bottom") else None
    labels = {"recipient": "; ".join(rcps), "subject": subject or said, "d": dated, "title": title}
    return _finish(rng, lines, gr, who, 1, **labels)


WRITERS: dict[str, tuple[Writer, float]] = {
    "letter": (write_letter, 1.0),
    "open_letter": (write_open_letter, 0.5),
    "group": (write_group, 0.8),
    "representative": (write_representative, 0.6),
    "form": (write_form, 1.0),
}
