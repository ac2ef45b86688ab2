"""Petitions written for the NLP tests (labelled forms, prose, a group petition, an anonymous denunciation,
OCR-damaged text with a reception stamp); none comes from the development corpus."""

FORM_KHIEU_NAI = """CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập – Tự do – Hạnh phúc
-----------------
TP. Hồ Chí Minh, ngày 05 tháng 6 năm 2023

ĐƠN KHIẾU NẠI (lần 2)
(V/v: Khiếu nại Quyết định thu hồi đất số 1234/QĐ-UBND)

Kính gửi: Ủy ban nhân dân Quận 9, Thành phố Hồ Chí Minh

Họ tên người khiếu nại: Lê Thị Hồng Nhung
Ngày tháng năm sinh: 12/4/1975
Số CCCD/CMND: 079175001234 cấp ngày 10/5/2021 tại Cục CS QLHC về TTXH
Nơi cư trú: 45/12 đường Lã Xuân Oai, phường Tăng Nhơn Phú A, TP. Thủ Đức, TP. Hồ Chí Minh
Điện thoại: 0909 123 456
Người bị khiếu nại: Chủ tịch Ủy ban nhân dân Quận 9
Nội dung khiếu nại:
Ngày 20/3/2023, Chủ tịch UBND Quận 9 ký Quyết định số 1234/QĐ-UBND thu hồi 120 m² đất ở của gia đình tôi
nhưng không bồi thường, hỗ trợ tái định cư theo quy định.
Yêu cầu giải quyết: hủy Quyết định số 1234/QĐ-UBND.
Tài liệu kèm theo:
- Bản sao Quyết định số 1234/QĐ-UBND;
- Bản sao Giấy chứng nhận quyền sử dụng đất.
NGƯỜI KHIẾU NẠI
(Ký và ghi rõ họ tên)
Lê Thị Hồng Nhung
"""

PROSE_TO_CAO = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Bình Chánh, ngày 3 tháng 11 năm 2022
ĐƠN TỐ CÁO
Kính gửi:
- Thanh tra huyện Bình Chánh;
- Công an huyện Bình Chánh.
Tên tôi là NGUYỄN VĂN BẢY, sinh năm 1968, CMND số 023456789 do Công an TP.HCM cấp, HKTT tại ấp 3,
xã Vĩnh Lộc A, huyện Bình Chánh, TP. Hồ Chí Minh. ĐT: 0912.345.678.
Nay tôi viết đơn này tố cáo ông Trần Văn Tám, cán bộ địa chính xã Vĩnh Lộc A, đã có hành vi nhận tiền
của người dân để làm giấy tờ nhà đất trái quy định.
Cụ thể, tháng 8 năm 2022 ông Tám yêu cầu gia đình tôi đưa 30 triệu đồng mới nhận hồ sơ xin cấp sổ đỏ.
Kính đề nghị cơ quan chức năng xác minh, xử lý nghiêm hành vi nhũng nhiễu, tham nhũng nêu trên.
Người tố cáo
Nguyễn Văn Bảy
"""

ANONYMOUS = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
ĐƠN TỐ CÁO
Kính gửi: Ủy ban Kiểm tra Huyện ủy Tân Phú
Tôi là đảng viên sinh hoạt tại Chi bộ ấp 2, vì sợ bị trù dập nên xin phép không nêu tên.
Tôi tố cáo đồng chí Lê Văn Chín, Bí thư Đảng ủy xã Phú Lập, đã vi phạm Điều lệ Đảng, không sinh hoạt
chi bộ theo quy định, đưa người nhà vào cấp ủy trái nguyên tắc.
Đề nghị Ủy ban Kiểm tra xem xét, xử lý kỷ luật đảng viên vi phạm.
Tân Phú, ngày 15 tháng 01 năm 2024
"""

GROUP = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Trà Cú, ngày 10 tháng 4 năm 2021
ĐƠN KIẾN NGHỊ
(V/v đề nghị sửa chữa cầu dân sinh qua kênh Xáng)
Kính gửi: Chủ tịch UBND xã Long Hiệp
Chúng tôi là các hộ dân ấp Bến Cát, xã Long Hiệp, huyện Trà Cú, tỉnh Trà Vinh.
Người đại diện: ông Thạch Sa Rên, sinh năm 1960, số định danh cá nhân 084060001122, điện thoại 0388 777 666.
Cây cầu dân sinh qua kênh Xáng đã xuống cấp nghiêm trọng, học sinh đi học rất nguy hiểm.
Kính đề nghị UBND xã sớm bố trí kinh phí sửa chữa cầu.
DANH SÁCH NGƯỜI DÂN KÝ TÊN
STT | Họ và tên | Địa chỉ | Ký tên
1 | Thạch Sa Rên | ấp Bến Cát |
2 | Kim Thị Sa Phol | ấp Bến Cát |
3 | Sơn Văn Hùng | ấp Bến Cát |
4 | Lâm Thị Bé | ấp Bến Cát |
5 | Trần Văn Út | ấp Bến Cát |
6 | Thạch Thị Mến | ấp Bến Cát |
"""

# OCR damage: wrong/dropped tones in labels, "tcn" for "tên", a lost colon, a reception stamp on its own line
NOISY = """CỘNG HOÀ XẢ HỘI CHỦ NGHỈA VIỆT NAM
Đôc lập - Tư do - Hạnh phúc
Hà Nôi, ngáy 15 thảng 3 nãm 2024
ĐƠN KHIÉU NẠI
ĐẾN Số: 123 Ngày: 18/3/2024
Kính gủi: Chủ tịch UBND quận Long Biên
Họ và tcn: Đỗ Minh Tuấn
Đia chỉ: số 12 ngõ 45 phố Ngọc Lâm, phường Ngọc Lâm, quận Long Biên,
Hà Nội
Số CCCD 001080012345
Sô điên thoại: 0983 456 789
Khiéu nại về viêc: Quyết định xử phạt vi phạm hành chính số 56/QĐ-XPVPHC ngày 01/3/2024
của Chủ tịch UBND phường Ngọc Lâm
Nôi dung khiếu nại:
Ngày 01/3/2024 Chủ tịch UBND phường Ngọc Lâm ký quyết định xử phạt tôi 15.000.000 đồng vì xây dựng
không phép, trong khi công trình đã có giấy phép xây dựng.
NGƯỜI KHIÉU NẠI
(Ký và ghi rõ họ tên)
Đỗ Minh Tuấn
"""

NO_TITLE_CATEGORY = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
ĐƠN
Kính gửi: Ủy ban nhân dân phường Bồ Đề
Tôi là bà Phạm Thị Thu, trú tại tổ 5, phường Bồ Đề, thành phố Hà Nội, số điện thoại 0868 111 222.
Tôi xin phản ánh với Ủy ban nhân dân phường về tình trạng đổ rác thải, xả nước thải ra mương thoát nước
tại ngõ 10 phố Bồ Đề gây ô nhiễm, mùi hôi thối kéo dài nhiều tháng nay.
Rất mong Ủy ban nhân dân phường kiểm tra, xử lý.
Hà Nội, ngày 2 tháng 8 năm 2025
Người viết đơn
Phạm Thị Thu
"""

NUMBERED_FORM = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
ĐƠN ĐỀ NGHỊ
(Về việc: cấp lại Giấy chứng nhận quyền sử dụng đất bị mất)
Kính gửi: - Ủy ban nhân dân huyện Gia Lâm;
- Văn phòng đăng ký đất đai Hà Nội.
1. Họ và tên: Ông Trịnh Văn Khoa    Sinh năm: 1959
2. Số CMND: 013 456 789 Ngày cấp: 01/01/2010 Nơi cấp: CA Hà Nội
3. Địa chỉ thường trú: thôn Đổng Xuyên, xã Yên Thường,
huyện Gia Lâm, thành phố Hà Nội
4. Điện thoại: +84 912 345 678
Nội dung đề nghị: Năm 2020 gia đình tôi bị mất Giấy chứng nhận quyền sử dụng đất ...
Hà Nội, ngày 7 tháng 9 năm 2020
Người đề nghị
(ký, ghi rõ họ tên)
Trịnh Văn Khoa
"""

STAMPED_TWO_PAGES = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
CÔNG VĂN ĐẾN
Số: 457
Ngày: 22/02/2024
ĐƠN
PHẢN ÁNH
Kính gửi: Chủ tịch Ủy ban nhân dân huyện Đan Phượng
Họ và tên:.........Hoàng Văn Sơn..........
Địa chỉ: thôn Thượng Thôn, xã Liên Hà, huyện Đan Phượng, thành phố Hà Nội
Số điện thoại: 0979 888 123
Phản ánh về việc: Công ty TNHH Vật liệu xây dựng Hồng Hà khai thác cát trái phép trên sông Hồng, gây
sạt lở bờ đê
Nội dung phản ánh:
Từ tháng 10/2023 đến nay, Công ty TNHH Vật liệu xây dựng Hồng Hà dùng tàu hút cát ban đêm.
- 2 -
Đề nghị các cơ quan chức năng kiểm tra, xử lý.
Đan Phượng, ngày 20 tháng 02 năm 2024
NGƯỜI PHẢN ÁNH
(Ký, ghi rõ họ tên)
Hoàng Văn Sơn
"""

LANDLINE_MINORITY_NAME = """ĐƠN THƯ PHẢN ÁNH
Kính gởi: Ban Tiếp công dân tỉnh Đắk Lắk
Họ tên: Y Bhin Niê
Nơi ở hiện nay: buôn Ko Sấp, phường Ea Tam, thành phố Buôn Ma Thuột, tỉnh Đắk Lắk
SĐT: (0262) 3851 234
Số định danh cá nhân: 0661 9000 1234
Phản ánh về việc: Trạm y tế phường thu tiền khám chữa bệnh của người có thẻ bảo hiểm y tế.
Ngày 12/5/2024 tôi đưa con đi khám tại Trạm y tế phường Ea Tam và bị thu 200.000 đồng.
Buôn Ma Thuột, ngày 20/5/2024
NGƯỜI PHẢN ÁNH
Y Bhin Niê
"""

# what Tesseract makes of a scan with a red reception stamp over the top-left: debris glued to labels, empty lines
# inside paragraphs, specks at line ends, a misread digit, a misread list number
TESSERACT_LIKE = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
Độc lập - Tự do - Hạnh phúc
Thanh Trì, ngày 12 tháng 10 năm 2022
ĐƠN KHIẾU NẠI
BAN TIẾP CÔNG Ð%nh gửi: Chủ tịch Ủy ban nhân dân huyện Thanh Trì
ĐÉN Số:Ñf®ọ tên: Phùng Thị Lan
Ngày: 149 Ö]A chỉ: số 7 ngõ 12 đường Ngọc Hồi, xã Ngọc Hồi, huyện Thanh Trì, thành phố Hà
Nội :

Số điện thoại: 0912 345 67A

Người bị khiếu nại: Chủ tịch Ủy ban nhân dân xã Ngọc Hồi, huyện Thanh Trì, thành phố :

Hà Nội

Khiếu nại về việc: Quyết định số 88/QĐ-UBND ngày 01/9/2022 về việc cưỡng chế tháo dỡ công trình
_._.
xây dựng trên đất nông nghiệp
Nội dung khiếu nại:
Gia đình tôi xây mái tôn để che chắn vật tư nông nghiệp, không phải công trình kiên cố.
DANH SÁCH CÁC HỘ DÂN KÝ TÊN
1. Phùng Thị Lan - xóm Chùa
2. Lê Văn Hòa - xóm Chùa
3. Đỗ Thị Hạnh - xóm Giữa
4. Nguyễn Văn Tư - xóm Giữa
S. Trần Thị Mơ - xóm Giữa
6. Phạm Văn Lực - xóm Đình
"""
