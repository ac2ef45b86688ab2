"""Pool "train": more templates of tố cáo (môi trường, đảng, khác) and kiến nghị about land, each slot with
several wordings (data only; the format is described in :mod:`.content_tables_train`)."""

from __future__ import annotations

T = dict

TO_CAO_G: list[dict] = [
    # ---------------------------------------------------------------- moi_truong
    T(
        id="tr.tc.mt.4",
        cat="to_cao",
        dom="moi_truong",
        resp="company",
        matter=(
            "{resp} lén đem bùn thải độc hại đi chôn",
            "việc đổ trộm chất thải công nghiệp ra khu đất trống",
        ),
        narr=(
            (
                "Khoảng {gio} giờ đêm, nhiều xe tải chở chất thải đến khu đất trũng gần {hamlet}.",
                "Nhiều đêm liền, người dân thấy xe bồn đổ chất lỏng màu đen xuống hố đất gần rẫy.",
            ),
            (
                "Xe mang logo của {resp}, tài xế đào hố rồi chôn bùn thải xuống đất.",
                "Người dân đã theo dõi và xác định xe của {resp} chở chất thải từ nhà máy ra.",
            ),
            (
                "Giếng nước của các hộ xung quanh bắt đầu có mùi lạ, cá trong ao chết trắng.",
                "Cây trồng quanh khu vực chôn lấp héo úa, đất chuyển màu đen.",
                "Mùi hóa chất nồng nặc, nhiều người bị rát họng, nổi mẩn.",
            ),
            (
                "?Người dân có quay video và ghi lại biển số xe.",
                "?Đây không phải lần đầu, năm ngoái cũng có chuyện tương tự.",
            ),
        ),
        req=(
            "điều tra, xử lý nghiêm hành vi chôn lấp chất thải trái phép",
            "lấy mẫu đất, nước kiểm tra và buộc doanh nghiệp khắc phục hậu quả",
        ),
        traps=("phản ánh", "kiến nghị"),
    ),
    T(
        id="tr.tc.mt.5",
        cat="to_cao",
        dom="moi_truong",
        resp="neighbor",
        matter=(
            "{resp} đốt rác thải nhựa và xả nước thải ra mương chung",
            "hành vi lén xả chất thải chăn nuôi gây ô nhiễm",
        ),
        narr=(
            (
                "{Resp} thu gom phế liệu, tối nào cũng đốt dây điện và nhựa sau nhà.",
                "{Resp} nuôi hàng trăm con lợn nhưng không xây hầm chứa, chất thải xả thẳng ra mương.",
            ),
            (
                "Khói đen bay sang nhà {toi}, cả nhà phải đóng kín cửa.",
                "Con mương chung của xóm đen ngòm, bốc mùi hôi thối cả ngày.",
            ),
            (
                "Chính quyền đã nhắc nhở nhưng hộ này vẫn lén làm vào ban đêm.",
                "Khi {toi} góp ý, người nhà họ quay ra chửi bới, dọa nạt.",
            ),
            (
                "?Trẻ con trong xóm nhiều đứa bị viêm phổi.",
                "?{Toi} có clip quay cảnh đốt rác lúc nửa đêm.",
            ),
        ),
        req=(
            "kiểm tra, xử phạt hành vi gây ô nhiễm môi trường",
            "buộc hộ này chấm dứt việc đốt rác và xả thải trái phép",
        ),
        traps=("phản ánh", "khiếu nại"),
    ),
    T(
        id="tr.tc.mt.6",
        cat="to_cao",
        dom="moi_truong",
        resp="cadre",
        matter=(
            "{resp} bao che cho việc khai thác cát trái phép",
            "việc cán bộ xã làm ngơ cho tàu hút cát ban đêm",
        ),
        narr=(
            (
                "Đoạn sông chảy qua {hamlet} liên tục có tàu hút cát hoạt động ban đêm.",
                "Từ đầu năm {nam}, bãi bồi ven sông bị hút cát gần như ngày nào cũng có.",
            ),
            (
                "Người dân báo nhiều lần nhưng {resp} đều nói là đã kiểm tra, không có vi phạm.",
                "{Resp} được dân báo tin nhưng không đến lập biên bản, còn báo trước cho chủ tàu.",
            ),
            (
                "Bờ sông sạt lở vào sát chân đê, mấy hộ đã phải dỡ nhà chuyển đi.",
                "Ruộng ven sông bị sụt xuống nước cả mảng lớn.",
            ),
            (
                "?Bà con nghi cán bộ có nhận tiền của chủ bãi cát.",
                "?Tàu tắt đèn khi chạy, ai ra xem thì bị đe dọa.",
            ),
        ),
        req=(
            "kiểm tra, xử lý khai thác cát trái phép và trách nhiệm của cán bộ bao che",
            "làm rõ vì sao chính quyền không ngăn chặn việc hút cát",
        ),
    ),
    # ---------------------------------------------------------------- dang_doan_the
    T(
        id="tr.tc.ddt.4",
        cat="to_cao",
        dom="dang_doan_the",
        resp="party_member",
        matter=(
            "{resp} hành nghề bói toán, tổ chức mê tín dị đoan",
            "đảng viên vi phạm quy định những điều đảng viên không được làm",
        ),
        narr=(
            (
                "{Resp} mở điện thờ ngay tại nhà, nhận xem bói, gọi hồn cho người khắp nơi đến.",
                "Từ năm {nam}, {resp} tổ chức lên đồng, bán bùa trừ tà, thu của mỗi người vài triệu đồng.",
            ),
            (
                "Ngày rằm, mùng một, xe cộ đậu kín đường, loa đài ầm ĩ đến khuya.",
                "Có người nghe lời xem bói mà bỏ chữa bệnh ở bệnh viện, bệnh tình nặng thêm.",
            ),
            (
                "Là đảng viên nhưng người này vẫn làm công khai, chi bộ không hề nhắc nhở.",
                "Chi bộ đã được báo nhiều lần nhưng cho qua vì nể nang.",
            ),
            (
                "?{Toi} là đảng viên, làm đơn này với tinh thần xây dựng Đảng.",
                "?Việc làm này ảnh hưởng xấu đến uy tín của tổ chức Đảng ở địa phương.",
            ),
        ),
        req=(
            "kiểm tra, xử lý kỷ luật đảng viên vi phạm",
            "chỉ đạo chi bộ kiểm điểm nghiêm túc người vi phạm",
        ),
    ),
    T(
        id="tr.tc.ddt.5",
        cat="to_cao",
        dom="dang_doan_the",
        resp="party_body",
        matter=(
            "{resp} kết nạp đảng viên sai quy trình",
            "việc kết nạp người nhà lãnh đạo vào Đảng không đủ tiêu chuẩn",
        ),
        narr=(
            (
                "Năm {nam}, {resp} tổ chức kết nạp ba quần chúng vào Đảng.",
                "{Resp} vừa làm lễ kết nạp đảng viên mới trong tháng {thang}.",
            ),
            (
                "Một người đang bị điều tra vụ đánh bạc, một người chưa qua lớp cảm tình Đảng.",
                "Trong số đó có con trai bí thư, mới về địa phương được hai tháng.",
            ),
            (
                "Hồ sơ nhận xét nơi cư trú được ký hợp thức hóa sau lễ kết nạp.",
                "Đảng viên trong chi bộ có ý kiến phản đối nhưng biên bản không ghi lại.",
            ),
            (
                "?Việc làm trên trái với Điều lệ Đảng.",
                "?Nhiều đảng viên lâu năm rất bức xúc.",
            ),
        ),
        req=(
            "kiểm tra quy trình kết nạp và xử lý tổ chức Đảng vi phạm",
            "xem xét lại việc kết nạp không đúng tiêu chuẩn",
        ),
    ),
    T(
        id="tr.tc.ddt.6",
        cat="to_cao",
        dom="dang_doan_the",
        resp="party_member",
        matter=(
            "{resp} vi phạm đạo đức, lối sống của đảng viên",
            "đảng viên đánh bạc và bạo hành người thân",
        ),
        narr=(
            (
                "{Resp} thường xuyên tổ chức đánh bạc tại nhà riêng.",
                "{Resp} nhiều lần say rượu đánh đập người trong nhà, hàng xóm phải can ngăn.",
            ),
            (
                "Chính quyền thôn biết nhưng không ai dám nói vì người này đang giữ chức.",
                "Có lần người nhà phải đi viện khâu mấy mũi ở đầu.",
            ),
            (
                "Một đảng viên như vậy không xứng đáng để quần chúng noi theo.",
                "Việc này đã kéo dài nhiều năm mà chi bộ không xử lý.",
            ),
            (
                "?{Toi} sẵn sàng cùng người làm chứng đến làm việc.",
                "?Con cái trong nhà phải bỏ sang nhà ông bà ngoại ở.",
            ),
        ),
        req=(
            "kiểm tra, xử lý kỷ luật đảng viên vi phạm đạo đức",
            "xem xét tư cách đảng viên của người này",
        ),
        traps=("phản ánh", "kiến nghị"),
    ),
    # ---------------------------------------------------------------- khac
    T(
        id="tr.tc.k.5",
        cat="to_cao",
        dom="khac",
        resp="police",
        matter=(
            "{resp} ép {toi} ký biên bản không đúng sự thật",
            "việc bị giữ ở trụ sở công an và bị ép nhận tội",
        ),
        narr=(
            (
                "Ngày {ngay}, {toi} bị mời lên trụ sở để làm rõ một vụ mất trộm trong xóm.",
                "Chiều {ngay}, {toi} bị đưa về trụ sở công an mà không có giấy triệu tập.",
            ),
            (
                "{Resp} giữ {toi} từ chiều đến nửa đêm, quát tháo và ép ký biên bản nhận đã lấy trộm.",
                "Tại đây, {resp} dọa sẽ bắt giam nếu {toi} không ký nhận tội.",
            ),
            (
                "{Toi} không được gọi điện cho người nhà, không được ăn uống.",
                "Sau đó kẻ trộm thật đã bị bắt ở xã bên.",
            ),
            (
                "?Việc này làm {toi} bị bà con xa lánh, mang tiếng oan.",
                "?Trên tay {toi} còn vết bầm do bị nắm giữ mạnh.",
            ),
        ),
        req=(
            "xác minh và xử lý cán bộ công an vi phạm, xin lỗi công khai {toi}",
            "làm rõ hành vi ép cung, giữ người trái phép",
        ),
        traps=("khiếu nại", "kêu oan"),
    ),
    T(
        id="tr.tc.k.6",
        cat="to_cao",
        dom="khac",
        resp="school",
        matter=(
            "giáo viên đánh học sinh và {resp} che giấu sự việc",
            "việc con {toi} bị giáo viên đánh tại lớp",
        ),
        narr=(
            (
                "Con {toi} đang học lớp {n}, hôm {ngay} về nhà với những vết lằn trên lưng.",
                "Cháu nhà {toi} bị cô giáo chủ nhiệm dùng thước đánh vào tay và lưng.",
            ),
            (
                "{Resp} được báo nhưng yêu cầu gia đình giữ kín để giữ danh hiệu trường.",
                "Khi gia đình đến làm việc, {resp} gạt đi, nói chỉ là nhắc nhở nhẹ.",
            ),
            (
                "Từ đó cháu sợ đến trường, đêm ngủ hay giật mình.",
                "Mấy phụ huynh khác cho biết con họ cũng từng bị đánh.",
            ),
            (
                "?Gia đình có giấy khám thương của trạm y tế.",
                "?Giáo viên này còn bắt học sinh đi học thêm tại nhà.",
            ),
        ),
        req=(
            "xử lý giáo viên vi phạm và người đứng đầu nhà trường bao che",
            "xác minh việc đánh học sinh, bảo vệ quyền lợi của cháu",
        ),
        traps=("phản ánh", "khiếu nại"),
    ),
]

KIEN_NGHI_G: list[dict] = [
    # ---------------------------------------------------------------- dat_dai
    T(
        id="tr.kng.dd.4",
        cat="kien_nghi",
        dom="dat_dai",
        resp="none",
        solo=True,
        matter=(
            "cấp đổi Giấy chứng nhận quyền sử dụng đất bị hư hỏng",
            "đính chính thông tin sai trên sổ đỏ của {gd}",
        ),
        narr=(
            (
                "Giấy chứng nhận quyền sử dụng đất của {gd} cấp năm {nam_cu}, nay đã rách, mờ chữ.",
                "Sổ đỏ của {gd} ghi sai tên đệm của bố {toi}, khác với căn cước.",
            ),
            (
                "{Toi} muốn làm thủ tục cấp đổi nhưng được hướng dẫn phải đo đạc lại từ đầu.",
                "Vì sai thông tin nên {gd} không thể thế chấp vay vốn hay làm thủ tục thừa kế.",
            ),
            (
                "Chi phí đo đạc và thời gian chờ quá lâu so với khả năng của {gd}.",
                "{Toi} đã đi lại nhiều lần nhưng mỗi lần được hướng dẫn một kiểu.",
            ),
            (
                "?{Toi} đã lớn tuổi, đi lại khó khăn.",
                "?Các giấy tờ gốc {gd} vẫn giữ đầy đủ.",
            ),
        ),
        req=(
            "tạo điều kiện cấp đổi Giấy chứng nhận cho {gd} theo hồ sơ cũ",
            "hướng dẫn rõ một lần thủ tục đính chính sổ đỏ",
        ),
        traps=("khiếu nại", "trình bày"),
    ),
    T(
        id="tr.kng.dd.5",
        cat="kien_nghi",
        dom="dat_dai",
        resp="none",
        matter=(
            "công khai và giải thích quy hoạch sử dụng đất tại {hamlet}",
            "cung cấp bản đồ quy hoạch cho người dân {hamlet}",
        ),
        narr=(
            (
                "Đầu năm {nam}, có tin khu dân cư {hamlet} nằm trong quy hoạch đường vành đai.",
                "Gần đây người dân {hamlet} được nghe nói đất ở sẽ chuyển thành đất cây xanh.",
            ),
            (
                "Đến nay chưa có văn bản hay bản đồ nào được niêm yết tại nhà văn hóa.",
                "Hỏi ở xã thì cán bộ bảo chưa nhận được hồ sơ.",
            ),
            (
                "Người dân hoang mang, không dám sửa nhà, cũng không bán được đất.",
                "Giá đất lên xuống thất thường vì tin đồn.",
            ),
            (
                "?Nhiều hộ đã bị môi giới ép bán với giá rẻ.",
                "?Bà con mong có một buổi gặp gỡ để nghe giải thích.",
            ),
        ),
        req=(
            "công bố công khai quy hoạch và tổ chức đối thoại giải thích cho người dân",
            "giải thích rõ phạm vi quy hoạch tại {hamlet}",
        ),
        traps=("phản ánh", "khiếu nại"),
    ),
    T(
        id="tr.kng.dd.6",
        cat="kien_nghi",
        dom="dat_dai",
        resp="none",
        solo=True,
        matter=(
            "cho {gd} ghi nợ tiền sử dụng đất",
            "gia hạn thời gian nộp tiền sử dụng đất cho {gd}",
        ),
        narr=(
            (
                "Năm {nam}, {gd} được giao đất tái định cư {dt} m2 và phải nộp {tien} tiền sử dụng đất.",
                "Khi được cấp sổ, {gd} được thông báo phải nộp {tien} tiền sử dụng đất.",
            ),
            (
                "Hoàn cảnh {gd} khó khăn, trong nhà có người bệnh nặng, không có khả năng nộp một lần.",
                "{Gd} làm nông, thu nhập bấp bênh, không thể nộp ngay số tiền lớn như vậy.",
            ),
            (
                "Nếu quá hạn, {gd} sẽ bị tính tiền chậm nộp hằng ngày.",
                "{Toi} đã hỏi nhưng chưa được hướng dẫn thủ tục ghi nợ.",
            ),
            (
                "?{Gd} cam kết sẽ trả dần khi có điều kiện.",
                "?Hộ bên cạnh cùng hoàn cảnh đã được ghi nợ.",
            ),
        ),
        req=(
            "xem xét cho {gd} được ghi nợ tiền sử dụng đất",
            "hỗ trợ giảm tiền chậm nộp và cho {gd} trả dần",
        ),
    ),
]
