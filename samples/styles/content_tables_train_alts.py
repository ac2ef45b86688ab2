"""Pool "train": further wordings for the sentences of the templates in :mod:`.content_tables_train_a`,
:mod:`.content_tables_train_b` and :mod:`.content_tables_train_c` (data only).

``EXTRA_WORDINGS[template id][sentence index]`` lists alternatives added to that sentence; an optional sentence
("?") stays optional. The respondent placeholder is kept where the sentence names the respondent.
"""

from __future__ import annotations

EXTRA_WORDINGS: dict[str, dict[int, tuple[str, ...]]] = {
    # ---------------------------------------------------------------- khiếu nại
    "tr.kn.dd.1": {
        0: (
            "Mảnh đất của {gd} ở {hamlet} có sổ đỏ, thửa số {thua}, canh tác liên tục hơn ba mươi năm.",
            "Từ năm {nam_cu}, {gd} trồng lúa trên thửa đất số {thua} tại {hamlet}, không tranh chấp với ai.",
        ),
    },
    "tr.kn.dd.2": {
        0: ("Mảnh đất {gd} ở từ thời cha ông, sống ổn định, hàng xóm xung quanh đều ký xác nhận mốc giới.",),
        2: ("Điều vô lý là các hộ bên cạnh, đất cùng nguồn gốc, đều đã có sổ từ lâu.",),
    },
    "tr.kn.dd.3": {
        0: (
            "Toàn bộ {dt} m2 đất ở của {gd} nằm trong diện giải tỏa của dự án {project}.",
            "Năm {nam}, nhà và đất ở của {gd} bị thu hồi hết cho dự án {project}.",
        ),
        2: ("Lý do là {gd} có nhà ở chỗ khác, trong khi đó là nhà riêng của con trai đã ra ở riêng từ lâu.",),
    },
    "tr.kn.nts.1": {
        0: ("Ngôi nhà cấp bốn của {gd} đã mục nát nên năm {nam} {gd} sửa lại trên đúng nền cũ.",),
        2: (
            "{Gd} chỉ thay mái, trát lại tường, không nâng tầng hay mở rộng nên không phải xin phép.",
            "Việc sửa nhà không đụng đến móng, cột, dầm nên không cần giấy phép theo quy định.",
        ),
    },
    "tr.kn.nts.2": {
        0: ("{Gd} trúng suất mua nhà ở xã hội năm {nam}, đã đóng {tien} tiền đợt đầu.",),
        1: (
            "Ít lâu sau, {resp} có văn bản hủy kết quả xét duyệt với lý do {gd} đã có nhà.",
            "{Resp} gạch tên {gd} khỏi danh sách mua nhà ở xã hội vì cho rằng {gd} có chỗ ở khác.",
        ),
        2: ("Thực ra căn nhà được nói đến là nhà thờ tổ của dòng họ, không phải của {gd}.",),
    },
    "tr.kn.nts.3": {
        0: ("Trước nhà, {gd} dựng tạm tấm mái tôn để che hàng quán bán nước.",),
        1: (
            "{Resp} ra quyết định phạt {gd} {tien_nho}, buộc tháo bỏ mái che trước ngày {ngay2}.",
            "Ngày {ngay}, {resp} xử phạt {gd} và yêu cầu tự tháo dỡ mái tôn.",
        ),
    },
    "tr.kn.cs.1": {
        0: ("{Toi} bị thương trong chiến đấu, được công nhận thương binh và nhận trợ cấp từ năm {nam_cu}.",),
        2: ("Hồ sơ bị thất lạc trong kho lưu trữ, lỗi không thuộc về {toi}.",),
    },
    "tr.kn.cs.2": {
        0: (
            "{Toi} công tác tại {ward} đã hơn {n} năm, chưa từng vi phạm.",
            "Từ năm {nam_cu} đến nay, {toi} là công chức xã, luôn hoàn thành nhiệm vụ.",
        ),
        2: ("Cuộc họp xét kỷ luật diễn ra đúng lúc {toi} nằm viện, không ai báo để {toi} giải trình.",),
    },
    "tr.kn.cs.3": {
        0: ("Trước khi về công tác ở {ward}, {toi} làm công nhân nông trường {n} năm.",),
        1: (
            "{Resp} không tính quãng làm ở nông trường khi giải quyết chế độ hưu cho {toi}.",
            "Khi xét hưu, {resp} bỏ qua {n} năm {toi} làm ở nông trường.",
        ),
        2: ("Do đó lương hưu của {toi} thấp hơn hẳn những người có cùng thời gian công tác.",),
    },
    "tr.kn.tp.1": {
        0: ("Theo bản án, {gd} có nghĩa vụ trả khoản nợ {tien}.",),
        2: ("Kết quả định giá không được gửi cho {gd}, nên {gd} mất quyền yêu cầu định giá lại.",),
    },
    "tr.kn.tp.2": {
        0: ("Cháu nhỏ nhà {toi} ra đời năm {nam} nhưng vẫn chưa có giấy khai sinh.",),
        1: (
            "Lý do {resp} đưa ra để không đăng ký khai sinh là bố mẹ cháu chưa đăng ký kết hôn.",
            "{Resp} trả hồ sơ khai sinh của cháu, nói phải có giấy kết hôn mới làm được.",
        ),
        2: ("Dù {toi} đã nộp giấy chứng sinh và sổ hộ khẩu, hồ sơ vẫn bị trả về.",),
    },
    "tr.kn.tp.3": {
        0: ("Bản án năm {nam} buộc ông {other} trả {gd} {tien}.",),
        1: ("Từ tháng {thang} năm {nam}, {toi} đã làm đơn yêu cầu thi hành bản án đã có hiệu lực.",),
        2: (
            "{Resp} đến nay vẫn chưa thi hành, để người phải thi hành án tẩu tán tài sản.",
            "Đã lâu mà {resp} chưa có động thái nào, bên kia thì đang bán dần nhà đất.",
        ),
    },
    "tr.kn.ddt.1": {
        0: ("{Toi} sinh hoạt Đảng ở chi bộ thôn từ năm {nam_cu} đến nay.",),
        2: (
            "Kết luận kiểm tra không được đọc cho {toi} nghe, {toi} cũng không được phát biểu trước chi bộ.",
        ),
    },
    "tr.kn.ddt.2": {
        0: ("{Toi} vào Đảng năm {nam}, thời gian dự bị đã kết thúc.",),
        1: (
            "Thay vì công nhận chính thức, {resp} lại quyết định xóa tên {toi}.",
            "{Resp} xóa tên {toi} khỏi danh sách đảng viên dự bị.",
        ),
        2: ("Lấy lý do {toi} bỏ sinh hoạt, trong khi {toi} đi làm ăn xa có đơn xin phép đàng hoàng.",),
    },
    "tr.kn.ddt.3": {
        0: (
            "{Resp} thi hành kỷ luật khiển trách {toi} vào tháng {thang} năm {nam}.",
            "Năm {nam}, {resp} biểu quyết kỷ luật khiển trách {toi}.",
        ),
        1: ("Việc kỷ luật chỉ dựa vào một lá đơn không ký tên, chưa ai xác minh.",),
        2: ("Cấp ủy không xem xét bản tường trình và chứng cứ {toi} đã gửi.",),
    },
    "tr.kn.k.1": {
        0: ("Cửa hàng tạp hóa của {gd} ở {hamlet} mở từ năm {nam_cu}, chưa vi phạm gì.",),
        1: (
            "{Resp} thu hồi giấy chứng nhận đăng ký hộ kinh doanh của {gd} vào tháng {thang} năm {nam}.",
            "{Resp} ra quyết định rút giấy phép kinh doanh của {gd}.",
        ),
        2: ("Trong quyết định không nói {gd} vi phạm điều gì.",),
    },
    "tr.kn.k.2": {
        0: ("Con {toi} học lớp {n} ở một trường trên địa bàn {ward}.",),
        1: (
            "Chỉ vì một lần xô xát với bạn, {resp} quyết định buộc cháu chuyển trường.",
            "{Resp} kỷ luật cháu bằng hình thức buộc chuyển trường.",
        ),
        2: ("Gia đình không được mời dự họp kỷ luật, cũng không được đọc biên bản.",),
    },
    "tr.kn.k.3": {
        0: ("Ngày {ngay}, {toi} dừng xe bên đường thì bị lập biên bản, xe bị giữ.",),
        1: (
            "{Resp} phạt {toi} {tien_nho} mà trong quyết định không ghi lỗi gì.",
            "Quyết định phạt {toi} {tien_nho} của {resp} không nêu rõ hành vi vi phạm.",
        ),
        2: ("{Toi} đã nộp phạt hơn hai tháng mà vẫn chưa được lấy xe về.",),
    },
    "tr.kn.mt.1": {
        0: ("{Gd} nuôi lợn quy mô nhỏ ở {hamlet}, có hầm biogas và bể lắng.",),
        1: (
            "{Resp} phạt {gd} {tien_nho} và bắt dừng nuôi ba tháng với lý do gây ô nhiễm.",
            "Ngày {ngay}, {resp} ký quyết định xử phạt trại lợn của {gd}.",
        ),
        2: ("{Gd} không được chứng kiến lấy mẫu, kết quả phân tích cũng không công bố.",),
    },
    "tr.kn.mt.2": {
        0: ("Từ năm {nam}, {gd} phải đóng phí vệ sinh theo mức của hộ kinh doanh.",),
        1: (
            "Chỉ vì có quầy nước nhỏ trước cửa, {resp} xếp {gd} vào hộ kinh doanh.",
            "{Resp} áp mức phí rác của hộ kinh doanh cho {gd}.",
        ),
        2: ("Nhà {toi} thải rất ít rác, xe rác cũng chẳng đến thường xuyên.",),
    },
    "tr.kn.mt.3": {
        0: ("{Gd} có giấy phép khai thác cát lòng sông thời hạn năm năm.",),
        1: (
            "Chỉ sau một năm, {resp} có văn bản đình chỉ, không nêu căn cứ.",
            "{Resp} đình chỉ hoạt động khai thác của {gd} khi giấy phép còn hạn bốn năm.",
        ),
        2: ("Máy móc đầu tư gần {tien} của {gd} đành nằm không.",),
    },
    # ---------------------------------------------------------------- tố cáo
    "tr.tc.dd.1": {
        0: ("Ở {hamlet} có con đường chung rộng ba mét, nhiều hộ dùng từ trước năm {nam_cu}.",),
        2: ("Các nhà phía trong bị bịt lối ra, xe cấp cứu cũng không vào được.",),
    },
    "tr.tc.dd.2": {
        0: ("Cạnh nhà văn hóa {hamlet} có khoảng {dt} m2 đất công ích, xưa là sân phơi chung.",),
        1: (
            "{Resp} tự chia lô khu đất này giao cho {n} hộ, thu tiền mà không có biên lai.",
            "Năm {nam}, {resp} bán lô đất công ích cho {n} hộ, tiền thu không nộp vào ngân sách.",
        ),
        2: ("Không họp dân, không có quyết định của cấp trên mà đất vẫn được giao.",),
    },
    "tr.tc.dd.3": {
        0: (
            "{Resp} cho xe tải chở đất lấp hơn {dt} m2 ruộng lúa ở {hamlet} từ đầu năm {nam}.",
            "Hơn {dt} m2 đất lúa tại {hamlet} đã bị {resp} san lấp.",
        ),
        1: ("Công ty không hề có quyết định cho chuyển mục đích sử dụng đất.",),
    },
    "tr.tc.nts.1": {
        0: (
            "Giấy phép chỉ cho xây hai tầng nhưng {resp} xây tới {tang} tầng sát vách nhà {gd}.",
            "{Resp} xây nhà {tang} tầng vượt giấy phép ngay sát tường nhà {gd}.",
        ),
        1: ("Hộ này đào móng không chống đỡ, tường nhà {gd} nứt toác, nền lún.",),
        2: ("Báo tổ dân phố rồi mà họ vẫn thi công cả đêm.",),
    },
    "tr.tc.nts.2": {
        0: (
            "{Gd} ký hợp đồng góp vốn mua căn hộ với {resp} năm {nam}, nộp {tien}.",
            "Năm {nam}, {resp} nhận của {gd} {tien} tiền góp vốn mua căn hộ.",
        ),
        1: ("Về sau mới biết dự án chưa có giấy phép xây dựng, đất còn thế chấp ngân hàng.",),
        2: ("Giờ công trình bỏ hoang, gọi lãnh đạo công ty không ai nghe máy.",),
    },
    "tr.tc.nts.3": {
        0: ("Nhiều tháng liền, một nhà xưởng được dựng trên đất nông nghiệp ở {hamlet}.",),
        1: (
            "{Resp} là người theo dõi trật tự xây dựng nhưng không lập biên bản, không báo cáo lên trên.",
            "Dù được giao quản lý trật tự xây dựng, {resp} vẫn làm ngơ.",
        ),
        2: ("Bà con nhiều lần thấy cán bộ ra vào công trình, ngồi nhậu với chủ xưởng.",),
    },
    "tr.tc.cs.1": {
        0: (
            "{Resp} xác nhận hồ sơ cho {n} người không hề đi kháng chiến được hưởng chế độ người có công.",
            "Có {n} người chưa từng tham gia kháng chiến mà vẫn được {resp} ký xác nhận hưởng chế độ.",
        ),
        1: ("Trong số này có người nhà của chính cán bộ đó.",),
        2: ("Cả làng đều biết thời chiến những người đó chỉ ở nhà cày cấy.",),
    },
    "tr.tc.cs.2": {
        0: (
            "{Toi} là người lao động của {resp} từ năm {nam}, tháng nào cũng bị trừ tiền bảo hiểm.",
            "Lương tháng của {toi} ở {resp} vẫn bị khấu trừ tiền bảo hiểm từ năm {nam}.",
        ),
        1: ("Đến khi nghỉ việc, {toi} mới biết {n} năm qua công ty chưa đóng bảo hiểm đồng nào.",),
        2: ("Rất nhiều công nhân trong công ty cũng bị như vậy.",),
    },
    "tr.tc.cs.3": {
        0: (
            "{Resp} là thường trực hội đồng tuyển dụng giáo viên năm {nam} tại {dist}.",
            "Năm {nam}, kỳ tuyển giáo viên ở {dist} do {resp} trực tiếp điều hành.",
        ),
        1: ("Người trúng tuyển phần nhiều là con cháu cán bộ, còn điểm thi thì giấu kín.",),
        2: ("Một số thí sinh được cộng điểm ưu tiên dù không thuộc diện được cộng.",),
    },
    "tr.tc.tp.1": {
        0: ("{Gd} là bên được thi hành án nhưng tài sản kê biên bị định giá rất thấp.",),
        1: (
            "{Resp} để người quen mua tài sản với giá chỉ bằng nửa giá thị trường.",
            "Tài sản được {resp} cho người quen mua lại rẻ mạt.",
        ),
        2: ("Phiên đấu giá chỉ một người trả giá mà vẫn được công nhận.",),
    },
    "tr.tc.tp.2": {
        0: ("Năm {nam}, đất của mẹ {toi} bị sang tên cho người khác mà bà không hay biết.",),
        1: (
            "Mẹ {toi} nằm liệt giường, vậy mà {resp} vẫn chứng thực hợp đồng chuyển nhượng.",
            "{Resp} ký chứng thực như thể mẹ {toi} đã có mặt để ký.",
        ),
        2: ("Chữ ký trên giấy không giống chữ mẹ {toi} chút nào.",),
    },
    "tr.tc.tp.3": {
        0: (
            "{Resp} thụ lý vụ tranh chấp hợp đồng năm {nam}, {gd} là nguyên đơn.",
            "Vụ kiện của {gd} được {resp} thụ lý từ năm {nam}.",
        ),
        1: (
            "Trong hồ sơ, biên bản hòa giải ghi những lời {toi} chưa từng nói, chữ ký cũng không phải của {toi}.",
        ),
        2: ("Đã hơn {n} năm mà vụ án vẫn chưa được đưa ra xét xử.",),
    },
    "tr.tc.thn.1": {
        0: (
            "{Resp} đòi {gd} nộp thêm {trieu} ngoài lệ phí khi làm sổ đỏ.",
            "Lúc {gd} làm thủ tục cấp sổ đỏ, {resp} ra điều kiện phải đưa {trieu}.",
        ),
        1: ("Hộ nào không đưa tiền thì hồ sơ nằm im cả năm.",),
    },
    "tr.tc.thn.2": {
        0: ("Năm {nam}, các hộ ở {hamlet} mỗi hộ góp {tien_nho} làm đường bê tông dài {km} km.",),
        1: (
            "{Resp} giữ toàn bộ số tiền này, không công khai thu chi.",
            "Tiền đóng góp do {resp} trực tiếp cầm, không báo cáo với dân.",
        ),
        2: ("Đường làm xong mỏng dính, một mùa mưa đã vỡ nhiều chỗ.",),
    },
    "tr.tc.thn.3": {
        0: (
            "Năm {nam}, {resp} gợi ý các hộ muốn vào danh sách hộ nghèo thì phải đưa tiền.",
            "Đợt bình xét hộ nghèo năm {nam}, {resp} nhận tiền của nhiều hộ để đưa họ vào danh sách.",
        ),
        1: ("Nhà cao cửa rộng thì thành hộ nghèo, còn nhà khó khăn thật lại bị loại.",),
        2: ("Mỗi hộ đưa từ hai đến năm triệu đồng.",),
    },
    "tr.tc.thn.4": {
        1: ("Tiền thu không có biên lai, ban đại diện cha mẹ học sinh không được bàn.",),
        2: ("Con nhà nào chưa nộp thì bị đọc tên trước lớp.",),
    },
    "tr.tc.mt.1": {
        0: (
            "{Resp} đặt ống ngầm xả thẳng nước thải ra kênh tưới của {hamlet}.",
            "Nước thải của {resp} chảy qua đường ống ngầm ra kênh thủy lợi {hamlet}.",
        ),
        1: ("Họ thường xả vào ban đêm, nước kênh đen ngòm, bốc mùi.",),
        2: ("Cá chết nổi trắng, lúa nhiều nhà vàng úa.",),
    },
    "tr.tc.mt.2": {
        0: (
            "{Resp} chở vải vụn, nhựa thải về đốt ngay trong sân.",
            "Khuôn viên của {resp} ngày nào cũng đốt nhựa phế thải.",
        ),
        1: ("Khói đen phủ khắp xóm, trẻ nhỏ ho không dứt.",),
        2: ("Cơ sở không có giấy phép xử lý chất thải.",),
    },
    "tr.tc.mt.3": {
        0: (
            "Tàu hút cát của {resp} đêm nào cũng hoạt động ở khúc sông gần {hamlet}.",
            "{Resp} cho tàu hút cát trộm ở đoạn sông gần {hamlet} vào ban đêm.",
        ),
        1: ("Bờ sông sạt lở, nhiều nhà mất hàng chục mét vườn.",),
        2: ("Người dân ra ngăn thì bị dọa nạt.",),
    },
    "tr.tc.ddt.1": {
        0: (
            "Chưa ly hôn nhưng {resp} đã sống chung như vợ chồng với người khác.",
            "{Resp} công khai chung sống với người không phải vợ, chồng của mình.",
        ),
        1: ("Nhiều lần người này còn tổ chức đánh bạc ngay tại nhà.",),
        2: ("Chi bộ biết mà không kiểm điểm, vẫn để người này giữ chức.",),
    },
    "tr.tc.ddt.2": {
        0: (
            "{Resp} vào Đảng năm {nam} bằng bản lý lịch khai không trung thực.",
            "Năm {nam}, {resp} được kết nạp dù đã khai gian lý lịch.",
        ),
        1: ("Người này giấu chuyện từng bị kết án về tội trộm cắp.",),
        2: ("Có ý kiến phản đối nhưng chi bộ vẫn làm hồ sơ đề nghị kết nạp.",),
    },
    "tr.tc.ddt.3": {
        0: (
            "{Resp} tự ý sửa danh sách bầu cử tại đại hội chi bộ tháng {thang} năm {nam}.",
            "Tháng {thang} năm {nam}, {resp} thay đổi danh sách ứng cử mà không qua thảo luận.",
        ),
        1: ("Phiếu bầu được kiểm trong phòng kín, kết quả công bố không khớp số phiếu thật.",),
        2: ("Đảng viên nào lên tiếng thì bị ghi biên bản là gây mất đoàn kết.",),
    },
    "tr.tc.k.1": {
        0: ("Ngày {ngay}, con trai {toi} được mời lên trụ sở công an để làm rõ vụ va chạm xe.",),
        1: (
            "{Resp} dùng dùi cui đánh cháu vào lưng, vào đầu để ép nhận lỗi.",
            "Ở trụ sở, {resp} đánh cháu nhiều lần, bắt cháu nhận là người có lỗi.",
        ),
        2: ("Về nhà cháu phải nằm viện nhiều ngày, có giấy chứng thương.",),
    },
    "tr.tc.k.2": {
        0: (
            "{Resp} hứa chạy cho con {toi} vào làm ở cơ quan nhà nước từ năm {nam}.",
            "Năm {nam}, {resp} nhận lo cho con {toi} một chân biên chế.",
        ),
        1: ("{Gd} đã đưa tất cả {tien} mà con {toi} vẫn không được nhận vào làm.",),
        2: ("Đến khi đòi tiền, người này hẹn lần hẹn lữa rồi bỏ trốn.",),
    },
    "tr.tc.k.3": {
        0: ("Bố {toi} vào viện ngày {ngay} vì đau bụng, bác sĩ chỉ định mổ.",),
        1: ("Sau ca mổ, ông sốt cao mà không có bác sĩ trực, sáng ra thì mất.",),
        2: (
            "{Resp} cho sửa bệnh án để che giấu việc bỏ trực.",
            "Bệnh án đã bị sửa theo chỉ đạo của {resp} để che chuyện không có người trực.",
        ),
    },
    "tr.tc.k.4": {
        0: (
            "Ruộng {gd} cấy ở {hamlet}, đến mùa gặt thì {resp} thuê máy gặt mất.",
            "Khi lúa chín, {resp} tự thuê máy vào gặt thửa ruộng {gd} đang cấy ở {hamlet}.",
        ),
        1: ("Người này nói ruộng là của mình nhưng không có giấy tờ gì.",),
    },
    # ---------------------------------------------------------------- kiến nghị
    "tr.kng.dd.1": {
        0: ("Đất của {gd} giáp đất hộ ông {other} ở {hamlet}, xưa lấy hàng cây làm ranh.",),
        1: ("Lần đo vẽ bản đồ năm {nam}, diện tích của cả hai hộ trên sổ đều lệch với thực tế.",),
        2: ("Hòa giải ở thôn rồi mà hai bên vẫn chưa thống nhất mốc giới.",),
    },
    "tr.kng.dd.2": {
        0: ("Từ năm {nam_cu}, khu dân cư {hamlet} bị quy hoạch làm công viên mà chưa thấy làm.",),
        1: ("Vướng quy hoạch, các hộ không được sửa nhà, không tách thửa được cho con cái.",),
        2: ("Nhiều nhà xuống cấp nặng, mưa bão là lo.",),
    },
    "tr.kng.dd.3": {
        0: ("{Gd} có {dt} m2 đất vườn sát đất ở, dùng từ năm {nam_cu}.",),
        1: ("Các con {toi} lập gia đình cả rồi mà chưa có chỗ làm nhà.",),
        2: ("Hai lần nộp hồ sơ chuyển mục đích, lần nào cũng được bảo chờ kế hoạch sử dụng đất.",),
    },
    "tr.kng.nts.1": {
        0: ("Khu tập thể {gd} đang ở xây từ năm {nam_cu}, tường bong, cầu thang nứt.",),
        1: ("Mưa to là nước thấm qua trần, dây điện chập.",),
        2: ("Các hộ sẵn sàng góp tiền sửa nhưng chưa biết làm thủ tục thế nào.",),
    },
    "tr.kng.nts.2": {
        0: ("{Gd} nhận căn hộ ở một tòa nhà thuộc {ward} từ năm {nam}.",),
        1: ("Bao nhiêu năm rồi cư dân vẫn chưa có giấy chứng nhận quyền sở hữu.",),
        2: ("Thiếu giấy tờ, không ai thế chấp hay bán được căn hộ.",),
    },
    "tr.kng.nts.3": {
        0: ("Nhà {gd} ở sát quốc lộ, một phần nằm trong hành lang an toàn đường bộ.",),
        1: ("Nhà dột nát mà {toi} xin phép sửa không được.",),
        2: ("{Toi} chỉ xin thay mái, gia cố tường, không nới thêm mét nào.",),
    },
    "tr.kng.cs.1": {
        0: ("Chú ruột {toi} đi dân công hỏa tuyến, hy sinh năm 1972.",),
        1: ("Nhà còn giữ giấy báo tử nhưng chú vẫn chưa được công nhận là liệt sĩ.",),
        2: ("Đồng đội còn sống của chú đều nhận làm chứng.",),
    },
    "tr.kng.cs.2": {
        0: ("Cán bộ thôn ở {ward} làm việc gần như trọn ngày mà phụ cấp chỉ hơn một triệu đồng.",),
        1: ("Nhiều người bỏ việc, thôn không tìm được ai thay.",),
        2: ("Theo {toi}, phụ cấp như hiện nay không xứng với công sức bỏ ra.",),
    },
    "tr.kng.cs.3": {
        0: ("Lũ tháng {thang} năm {nam} cuốn trôi bờ ao tôm của {gd}.",),
        1: ("Thiệt hại khoảng {tien}, phần lớn vốn vay ngân hàng.",),
        2: ("Đến giờ các hộ vẫn chưa được hỗ trợ đồng nào.",),
    },
    "tr.kng.tp.1": {
        0: ("Năm {nam}, con trai {toi} bị tuyên {n} năm tù về tội gây rối trật tự công cộng.",),
        1: ("Trong trại giam, cháu chấp hành tốt, được khen nhiều lần.",),
        2: ("Gia đình đã bồi thường xong cho người bị hại.",),
    },
    "tr.kng.tp.2": {
        0: ("Bố mẹ {toi} mất không có di chúc, để lại một thửa đất ở {hamlet}.",),
        1: ("Anh chị em chưa bàn được cách chia, cũng chưa biết ai đứng tên.",),
        2: ("{Toi} cần biết khai nhận di sản thì làm ở cơ quan nào.",),
    },
    "tr.kng.tp.3": {
        0: ("Bản án phúc thẩm năm {nam} buộc {gd} giao nhà cho nguyên đơn.",),
        1: ("Theo {toi}, chứng cứ về vụ mua bán nhà năm {nam_cu} chưa được xem xét đầy đủ.",),
        2: ("Một số tài liệu quan trọng {gd} đã nộp nhưng không có trong hồ sơ.",),
    },
    "tr.kng.mt.1": {
        0: ("Bãi rác tập trung của {ward} chỉ cách {hamlet} vài trăm mét.",),
        1: ("Mùa nắng mùi hôi nồng nặc, ruồi bay vào tận nhà.",),
        2: ("Nước rỉ rác ngấm xuống ao, giếng khoan có mùi lạ.",),
    },
    "tr.kng.mt.2": {
        0: ("Bà con {hamlet} vẫn phải dùng nước giếng khoan nhiễm phèn, nhiễm asen.",),
        1: ("Ống nước sạch về tới xã bên rồi mà chưa kéo về thôn.",),
        2: ("Không ít gia đình phải bỏ tiền mua nước đóng can để dùng.",),
    },
    "tr.kng.mt.3": {
        0: ("Kênh thoát nước qua {hamlet} bị bồi lấp, rác làm tắc nhiều đoạn.",),
        1: ("Mưa lớn là nước tràn vào nhà, bốc mùi.",),
        2: ("Người dân sẵn sàng góp công nạo vét nếu được hỗ trợ máy móc.",),
    },
    "tr.kng.k.1": {
        0: ("Đường qua {hamlet} dài chừng {km} km, ổ gà chi chít.",),
        1: ("Học sinh đi học lội bùn, xe cấp cứu không vào được.",),
        2: ("Bà con sẵn lòng hiến đất mở rộng đường.",),
    },
    "tr.kng.k.2": {
        0: ("Trường tiểu học ở {ward} chỉ có {n} phòng học mà hơn năm trăm học sinh.",),
        1: ("Học sinh học hai ca, nhiều lớp phải mượn phòng nhà văn hóa.",),
        2: ("Bàn ghế cũ, phòng học thiếu ánh sáng.",),
    },
    "tr.kng.k.3": {
        0: ("Ngã tư gần chợ {ward} xe cộ đông đúc nhưng không có đèn tín hiệu.",),
        1: ("Năm {nam} ở đây xảy ra nhiều vụ tai nạn.",),
        2: ("Giờ tan trường, phụ huynh đón con rất nguy hiểm.",),
    },
    # ---------------------------------------------------------------- phản ánh
    "tr.pa.dd.1": {
        0: ("Từ năm {nam}, dự án {project} thu hồi đất của nhiều hộ ở {hamlet}.",),
        1: ("Mặt bằng đã giao mà tiền bồi thường các hộ vẫn chưa nhận đủ.",),
        2: ("Nhiều nhà hết đất sản xuất, phải đi làm thuê.",),
    },
    "tr.pa.dd.2": {
        0: ("Hồ sơ xin cấp sổ đỏ ở {ward} hay bị trễ hẹn hàng tháng trời.",),
        1: ("Mỗi lần đến lại bị đòi bổ sung thêm một loại giấy khác.",),
        2: ("Hướng dẫn không rõ nên nhiều người phải thuê dịch vụ làm hộ.",),
    },
    "tr.pa.dd.3": {
        0: ("Gần đây nhiều khu đất nông nghiệp ở {ward} bị chia lô, rao bán làm đất nền.",),
        1: ("Đường nội bộ đổ bê tông, cắm mốc hẳn hoi mà không rõ ai là chủ.",),
        2: ("Người mua dễ mất tiền vì đất này không làm được giấy tờ.",),
    },
    "tr.pa.nts.1": {
        0: ("Chung cư {gd} ở cao hai mươi tầng mà chỉ có hai thang máy.",),
        1: ("Thang máy hỏng liên miên, có lần cư dân bị kẹt gần một giờ.",),
        2: ("Phí dịch vụ thu đủ nhưng bảo trì qua loa.",),
    },
    "tr.pa.nts.2": {
        0: ("Công trình cao tầng cạnh {hamlet} thi công mà không có lưới che.",),
        1: ("Vật liệu rơi xuống mái nhà dân, bụi bay khắp phố.",),
        2: ("Xe chở vật liệu chạy cả đêm, đường nhỏ hư hỏng.",),
    },
    "tr.pa.nts.3": {
        0: ("Khu nhà ở xã hội ở {ward} xây xong từ năm {nam} mà phần lớn căn hộ vẫn trống.",),
        1: ("Cỏ mọc um tùm, tầng trệt thành chỗ người nghiện tụ tập.",),
        2: ("Trong khi công nhân vẫn phải thuê phòng trọ chật chội.",),
    },
    "tr.pa.cs.1": {
        0: ("Tiền trợ cấp người cao tuổi ở {ward} thường chậm hai ba tháng.",),
        1: ("Nhiều cụ đến điểm chi trả mấy lần mà không nhận được tiền.",),
        2: ("Lịch chi trả không được báo trên loa truyền thanh.",),
    },
    "tr.pa.cs.2": {
        0: ("Công nhân mất việc phải xếp hàng từ sớm để nộp hồ sơ hưởng trợ cấp thất nghiệp.",),
        1: ("Mỗi ngày chỉ nhận một số hồ sơ, nhiều người phải về không.",),
        2: ("Trang tra cứu trực tuyến thường xuyên lỗi.",),
    },
    "tr.pa.cs.3": {
        0: ("Bình xét hộ nghèo năm {nam} ở {hamlet} không có họp dân công khai.",),
        1: ("Một số hộ thật sự khó khăn chưa có tên trong danh sách.",),
        2: ("Dân chỉ biết kết quả khi danh sách đã dán lên.",),
    },
    "tr.pa.mt.1": {
        0: ("Quán karaoke ở {hamlet} hát hò ầm ĩ đến {gio} giờ đêm.",),
        1: ("Người già, trẻ nhỏ mất ngủ, học sinh không học bài được.",),
        2: ("Góp ý nhiều lần rồi mà tình trạng vẫn vậy.",),
    },
    "tr.pa.mt.2": {
        0: ("Dọc đường vào {hamlet}, rác sinh hoạt và xà bần bị đổ thành từng đống.",),
        1: ("Cả tuần xe rác mới ghé một lần.",),
        2: ("Ngày nắng, mùi hôi bốc lên nồng nặc.",),
    },
    "tr.pa.mt.3": {
        0: ("Mấy tháng nay, tối nào người dân {ward} cũng ngửi thấy mùi khét khó chịu.",),
        1: ("Mùi hình như từ khu công nghiệp phía tây nhưng chưa biết của nhà máy nào.",),
        2: ("Nhiều người đau đầu, buồn nôn.",),
    },
    "tr.pa.k.1": {
        0: ("Người dân đến bộ phận một cửa {ward} làm thủ tục thường phải chờ rất lâu.",),
        1: ("Có cán bộ mải nói chuyện điện thoại, trả lời dân cộc lốc.",),
        2: ("Có cụ già đứng chờ cả buổi sáng mà không ai hướng dẫn.",),
    },
    "tr.pa.k.2": {
        0: ("Cây cầu gỗ qua mương ở {hamlet} đã mục nhiều tấm ván.",),
        1: ("Hằng ngày hàng trăm học sinh vẫn phải qua cầu đi học.",),
        2: ("Mùa mưa nước lên, cầu rung lắc dữ dội.",),
    },
    "tr.pa.k.3": {
        0: ("Trạm y tế {ward} chỉ có {n} nhân viên cho hàng nghìn dân.",),
        1: ("Thuốc bảo hiểm thường hết, người bệnh phải ra ngoài mua.",),
        2: ("Buổi sáng người bệnh chờ khám rất lâu.",),
    },
}
