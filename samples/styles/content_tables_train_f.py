"""Pool "train": more templates of tố cáo (nhà ở, chính sách, tư pháp, tham nhũng), each slot with several
wordings (data only; the format is described in :mod:`.content_tables_train`)."""

from __future__ import annotations

T = dict

TO_CAO_F: list[dict] = [
    # ---------------------------------------------------------------- nha_tai_san
    T(
        id="tr.tc.nts.4",
        cat="to_cao",
        dom="nha_tai_san",
        resp="neighbor",
        matter=(
            "{resp} xây cổng bịt lối đi chung và đập phá tài sản",
            "hành vi chiếm lối đi chung, phá hoại tài sản của {gd}",
        ),
        narr=(
            (
                "Con ngõ rộng hai mét là lối đi chung của {n} hộ từ năm {nam_cu}.",
                "Nhà {toi} và mấy hộ phía trong chỉ có một lối đi duy nhất ra đường.",
            ),
            (
                "Tháng {thang} năm {nam}, {resp} tự ý xây cổng sắt, khóa lối đi chung lại.",
                "{Resp} đổ gạch đá chắn ngang ngõ rồi xây cổng, không cho ai đi qua.",
            ),
            (
                "Khi {gd} phản đối, họ đập vỡ kính cửa sổ và phá đồng hồ nước nhà {toi}.",
                "Người nhà họ dùng gậy đập hỏng xe máy để ở đầu ngõ của {gd}.",
                "Họ còn ném đá vào mái nhà {toi} giữa đêm, lời lẽ đe dọa rất nặng nề.",
            ),
            (
                "?Thiệt hại ước tính khoảng {tien_nho}, có ảnh chụp và người làm chứng.",
                "?Ông bà già trong nhà phải trèo qua tường nhà bên cạnh để ra ngoài.",
            ),
        ),
        req=(
            "xử lý hành vi hủy hoại tài sản và buộc tháo dỡ cổng chắn lối đi chung",
            "làm rõ hành vi phá hoại tài sản, trả lại lối đi cho các hộ",
        ),
        traps=("khiếu nại", "kêu cứu"),
    ),
    T(
        id="tr.tc.nts.5",
        cat="to_cao",
        dom="nha_tai_san",
        resp="company",
        matter=(
            "{resp} chiếm dụng diện tích chung và quỹ bảo trì chung cư",
            "chủ đầu tư bán tầng hầm và giữ quỹ bảo trì của cư dân",
        ),
        narr=(
            (
                "Các hộ ở tòa chung cư {project} đã nhận nhà từ năm {nam}.",
                "Cư dân tòa nhà {project} đã đóng đủ hai phần trăm phí bảo trì khi mua căn hộ.",
            ),
            (
                "{Resp} tự ý cho thuê tầng hầm và sảnh làm nhà hàng, thu tiền riêng.",
                "Đến nay {resp} vẫn giữ quỹ bảo trì hơn {tien}, không chịu bàn giao cho ban quản trị.",
                "{Resp} ngăn tầng thượng thành phòng để bán, trong khi đây là phần sở hữu chung.",
            ),
            (
                "Thang máy hỏng nhiều lần, hệ thống báo cháy không hoạt động mà không có tiền sửa.",
                "Cư dân nhiều lần đề nghị đối thoại nhưng công ty không cử ai đến.",
            ),
            (
                "?Có dấu hiệu chiếm đoạt tiền của hàng trăm hộ dân.",
                "?Người dân sống ở đây luôn trong cảnh lo sợ cháy nổ.",
            ),
        ),
        req=(
            "kiểm tra và xử lý việc chiếm dụng quỹ bảo trì, buộc trả lại phần diện tích chung",
            "điều tra hành vi chiếm đoạt quỹ bảo trì của chủ đầu tư",
        ),
        traps=("phản ánh", "khiếu nại"),
    ),
    T(
        id="tr.tc.nts.6",
        cat="to_cao",
        dom="nha_tai_san",
        resp="cadre",
        matter=(
            "{resp} bao che cho người nhà xây dựng trái phép",
            "việc cán bộ xã làm ngơ cho em trai xây nhà trên hành lang đường",
        ),
        narr=(
            (
                "Từ tháng {thang} năm {nam}, một căn nhà {tang} tầng mọc lên trên hành lang an toàn đường tỉnh.",
                "Đầu {hamlet} có một công trình xây lấn ra hành lang giao thông, không có giấy phép.",
            ),
            (
                "Chủ công trình là em ruột của {resp}.",
                "{Resp} biết rõ công trình sai phép nhưng chỉ đạo cấp dưới không lập biên bản.",
            ),
            (
                "Các hộ khác sửa nhà nhỏ thì bị phạt ngay, còn công trình này vẫn được xây xong.",
                "Khi người dân hỏi, cán bộ trả lời là đã xử lý rồi, nhưng không ai thấy quyết định nào.",
            ),
            (
                "?Việc bao che như vậy làm người dân mất lòng tin vào chính quyền.",
                "?Người dân có ảnh chụp công trình qua từng tháng.",
            ),
        ),
        req=(
            "kiểm tra công trình và xử lý cán bộ bao che",
            "làm rõ trách nhiệm của cán bộ đã làm ngơ cho xây dựng trái phép",
        ),
    ),
    # ---------------------------------------------------------------- chinh_sach
    T(
        id="tr.tc.cs.4",
        cat="to_cao",
        dom="chinh_sach",
        resp="company",
        matter=(
            "{resp} ép công nhân ký đơn tự nghỉ để trốn trả trợ cấp thôi việc",
            "công ty nợ lương và ép người lao động nghỉ việc",
        ),
        narr=(
            (
                "{Toi} là công nhân của {resp}, làm việc liên tục từ năm {nam_cu}.",
                "Hơn {n} trăm công nhân của {resp} đã làm việc nhiều năm tại nhà máy.",
            ),
            (
                "Năm {nam}, quản đốc gọi từng người lên, ép ký đơn xin nghỉ việc tự nguyện.",
                "Ai không ký thì bị chuyển sang làm việc nặng nhọc, bị cắt tiền chuyên cần.",
            ),
            (
                "Công ty đã nợ lương ba tháng, bảo hiểm xã hội cũng không chốt sổ được.",
                "Những người đã ký không được nhận đồng trợ cấp thôi việc nào.",
            ),
            (
                "?Công nhân lớn tuổi đi xin việc chỗ khác không ai nhận.",
                "?Mỗi lần đòi lương, công nhân bị đe dọa đuổi việc.",
            ),
        ),
        req=(
            "thanh tra việc chấp hành pháp luật lao động của công ty, buộc trả lương và trợ cấp",
            "xử lý hành vi ép người lao động nghỉ việc trái luật",
        ),
        traps=("khiếu nại", "phản ánh"),
    ),
    T(
        id="tr.tc.cs.5",
        cat="to_cao",
        dom="chinh_sach",
        resp="cadre",
        matter=(
            "{resp} xác nhận sai hộ nghèo cho người nhà",
            "việc bình xét hộ nghèo thiên vị người thân cán bộ",
        ),
        narr=(
            (
                "Danh sách hộ nghèo năm {nam} của {ward} có nhiều hộ khá giả.",
                "Khi niêm yết danh sách hộ cận nghèo, bà con {hamlet} rất bất bình.",
            ),
            (
                "{Resp} đã đưa con gái và em rể vào diện hộ nghèo dù họ có nhà hai tầng và ô tô.",
                "{Resp} tự sửa biên bản bình xét, thêm tên người nhà vào danh sách được hỗ trợ.",
            ),
            (
                "Những gia đình thật sự khó khăn, có người tàn tật, lại bị gạch tên.",
                "Cuộc họp bình xét chỉ có vài người, biên bản lại ghi đủ đại diện các hộ.",
            ),
            (
                "?Người nhà cán bộ được nhận thẻ bảo hiểm y tế và tiền hỗ trợ tiền điện.",
                "?Người dân có bản chụp danh sách trước và sau khi sửa.",
            ),
        ),
        req=(
            "rà soát lại danh sách hộ nghèo và xử lý cán bộ làm sai",
            "thu hồi chế độ đã cấp sai cho người nhà cán bộ",
        ),
    ),
    T(
        id="tr.tc.cs.6",
        cat="to_cao",
        dom="chinh_sach",
        resp="agency_head",
        matter=(
            "{resp} trù dập, ép viên chức cấp dưới xin thôi việc",
            "hành vi lợi dụng việc sắp xếp tinh giản biên chế để trù dập nhân viên",
        ),
        narr=(
            (
                "{Toi} là viên chức của {dist}, từng góp ý về việc sử dụng kinh phí của cơ quan.",
                "Sau cuộc họp có ý kiến phê bình lãnh đạo, {toi} liên tục bị gây khó khăn.",
            ),
            (
                "{Resp} đưa {toi} vào danh sách tinh giản biên chế dù {toi} hoàn thành tốt nhiệm vụ.",
                "{Resp} gọi {toi} lên phòng, dọa nếu không tự xin nghỉ sẽ bị kỷ luật.",
            ),
            (
                "Những người thân quen với trưởng phòng thì được giữ lại, dù năng lực kém.",
                "Đánh giá cuối năm của {toi} bị hạ xuống mà không có lý do.",
            ),
            (
                "?Có biên bản họp và tin nhắn làm bằng chứng.",
                "?Hai đồng nghiệp khác cũng bị đối xử tương tự.",
            ),
        ),
        req=(
            "xác minh hành vi trù dập và xử lý người đứng đầu cơ quan",
            "xem xét lại danh sách tinh giản biên chế, xử lý việc ép viên chức nghỉ việc",
        ),
    ),
    # ---------------------------------------------------------------- tu_phap
    T(
        id="tr.tc.tp.4",
        cat="to_cao",
        dom="tu_phap",
        resp="enforcement_officer",
        matter=(
            "{resp} tự ý trả lại tài sản đã kê biên cho người phải thi hành án",
            "chấp hành viên ép {gd} ký biên bản thỏa thuận thi hành án",
        ),
        narr=(
            (
                "Theo bản án có hiệu lực từ năm {nam}, {gd} được nhận lại {tien}.",
                "Bản án đã tuyên buộc bên kia trả nợ cho {gd} từ năm {nam}.",
            ),
            (
                "{Resp} tự ý gỡ kê biên chiếc ô tô, trả lại cho người phải thi hành án mà không báo {gd}.",
                "{Resp} gọi {toi} lên, ép ký biên bản đồng ý nhận một phần ba số tiền.",
            ),
            (
                "Chỉ một tuần sau khi được gỡ kê biên, chiếc xe đã được bán cho người khác.",
                "Người phải thi hành án là người quen của chấp hành viên.",
            ),
            (
                "?Khi {toi} không ký, cán bộ nói sẽ để hồ sơ đấy, muốn đi đâu thì đi.",
                "?{Toi} có ghi âm buổi làm việc.",
            ),
        ),
        req=(
            "xử lý chấp hành viên làm sai, truy tìm tài sản đã bị tẩu tán",
            "làm rõ hành vi ép buộc và cố ý trì hoãn thi hành án",
        ),
        traps=("khiếu nại", "kêu cứu"),
    ),
    T(
        id="tr.tc.tp.5",
        cat="to_cao",
        dom="tu_phap",
        resp="neighbor",
        matter=(
            "{resp} làm giả di chúc để chiếm tài sản thừa kế",
            "việc giả chữ ký trên di chúc đã được chứng thực",
        ),
        narr=(
            (
                "Bố mẹ {toi} mất năm {nam}, để lại căn nhà và {dt} m2 đất.",
                "Năm {nam}, sau khi ông bà mất, anh em trong nhà họp chia thừa kế.",
            ),
            (
                "{Resp} mang ra một bản di chúc có chứng thực, ghi toàn bộ tài sản cho mình.",
                "{Resp} xuất trình di chúc đánh máy, chữ ký không giống chữ ký của bố {toi}.",
            ),
            (
                "Ngày ghi trên di chúc, bố {toi} đang nằm viện cấp cứu, không thể đi lại.",
                "Người làm chứng ghi trong di chúc khẳng định không hề ký.",
            ),
            (
                "?Việc chứng thực có dấu hiệu làm không đúng thủ tục.",
                "?{Toi} đề nghị giám định chữ ký nhưng chưa được chấp nhận.",
            ),
        ),
        req=(
            "giám định chữ ký, xử lý hành vi làm giả di chúc",
            "điều tra việc giả mạo giấy tờ và người đã chứng thực sai",
        ),
    ),
    T(
        id="tr.tc.tp.6",
        cat="to_cao",
        dom="tu_phap",
        resp="cadre",
        matter=(
            "{resp} xác nhận sai tình trạng hôn nhân để người khác bán nhà",
            "cán bộ xã cấp giấy xác nhận độc thân sai sự thật",
        ),
        narr=(
            (
                "Vợ chồng {toi} kết hôn năm {nam_cu}, căn nhà là tài sản chung.",
                "Căn nhà ở {hamlet} là tài sản chung của {gd}.",
            ),
            (
                "{Resp} cấp giấy xác nhận tình trạng hôn nhân ghi người kia độc thân.",
                "{Resp} đã ký giấy xác nhận độc thân để người kia tự ý bán nhà.",
            ),
            (
                "Nhờ giấy này, căn nhà bị bán mà {toi} không hề hay biết.",
                "Trong sổ đăng ký kết hôn của xã vẫn còn ghi rõ việc kết hôn.",
            ),
            (
                "?Người mua đã đến đòi {gd} giao nhà.",
                "?{Toi} nghi ngờ có sự thông đồng giữa cán bộ và người bán.",
            ),
        ),
        req=(
            "thu hồi giấy xác nhận sai và xử lý cán bộ đã cấp",
            "làm rõ hành vi xác nhận sai sự thật của cán bộ hộ tịch",
        ),
        solo=True,
    ),
    # ---------------------------------------------------------------- tham_nhung
    T(
        id="tr.tc.thn.5",
        cat="to_cao",
        dom="tham_nhung",
        resp="agency_head",
        matter=(
            "{resp} nhận hối lộ khi thẩm định hồ sơ cấp phép",
            "việc vòi vĩnh tiền của doanh nghiệp khi nghiệm thu công trình",
        ),
        narr=(
            (
                "{Toi} làm chủ một cơ sở xây dựng nhỏ, nộp hồ sơ xin phép từ tháng {thang} năm {nam}.",
                "Công trình của {gd} đã hoàn thành, chỉ chờ nghiệm thu.",
            ),
            (
                "{Resp} ra giá {trieu} thì mới ký, nói thẳng là tiền cà phê anh em.",
                "{Resp} nhắn qua người trung gian đòi {trieu} để hồ sơ được duyệt nhanh.",
            ),
            (
                "Hồ sơ không đưa tiền thì bị trả về nhiều lần với đủ lý do.",
                "Nhiều doanh nghiệp khác cũng phải chi mới xong việc.",
            ),
            (
                "?{Toi} giữ lại tin nhắn và sao kê chuyển khoản.",
                "?Đây là hành vi nhũng nhiễu, lợi dụng chức vụ để trục lợi.",
            ),
        ),
        req=(
            "điều tra hành vi nhận hối lộ và xử lý nghiêm người đứng đầu",
            "làm rõ việc đòi tiền khi giải quyết hồ sơ",
        ),
        traps=("phản ánh", "khiếu nại"),
    ),
    T(
        id="tr.tc.thn.6",
        cat="to_cao",
        dom="tham_nhung",
        resp="cadre",
        matter=(
            "{resp} chiếm dụng tiền hỗ trợ thiên tai của người dân",
            "việc ăn chặn tiền cứu trợ sau lũ",
        ),
        narr=(
            (
                "Sau trận lũ tháng {thang} năm {nam}, mỗi hộ bị thiệt hại được hỗ trợ {tien_nho}.",
                "Năm {nam}, tỉnh phân bổ kinh phí giúp các hộ bị sập nhà, tốc mái.",
            ),
            (
                "{Resp} bắt các hộ ký nhận đủ tiền nhưng chỉ phát một nửa.",
                "{Resp} giữ lại tiền của {n} hộ, nói là để làm quỹ chung của thôn.",
            ),
            (
                "Danh sách nhận tiền có cả tên những người không bị thiệt hại.",
                "Số tiền giữ lại không được công khai, cũng không ai biết đi đâu.",
            ),
            (
                "?Người dân đã phản ánh ở cuộc họp nhưng bị gạt đi.",
                "?Có người được ghi nhận tiền nhưng chưa hề ký tên.",
            ),
        ),
        req=(
            "thanh tra việc chi tiền hỗ trợ và xử lý người ăn chặn",
            "buộc trả đủ tiền hỗ trợ cho các hộ và xử lý cán bộ chiếm dụng",
        ),
    ),
]
