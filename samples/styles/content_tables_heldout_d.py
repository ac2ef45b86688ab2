"""Pool "heldout": a third template per cell for kiến nghị and phản ánh, each slot with several wordings (data
only; format in :mod:`.content_tables_train`). Stories and wording are kept apart from the "train" pool."""

from __future__ import annotations

T = dict

KIEN_NGHI_D: list[dict] = [
    T(
        id="ho.kng.dd.3",
        cat="kien_nghi",
        dom="dat_dai",
        resp="none",
        matter=(
            "hợp thức hóa mảnh đất {gd} mua bằng giấy viết tay",
            "cấp sổ lần đầu cho những thửa đất mua bán bằng giấy tay",
        ),
        narr=(
            (
                "Hồi năm {nam_cu}, {gd} mua lại {dt} mét vuông đất của một người trong thôn, chỉ viết giấy tay.",
                "Ở {hamlet}, chuyện mua bán đất ngày trước toàn làm giấy tay, có trưởng xóm ký làm chứng.",
            ),
            (
                "Người bán nay đã chuyển vào Nam, mất liên lạc.",
                "Giờ muốn làm sổ thì phải có chữ ký người bán, mà người ta đã qua đời.",
            ),
            (
                "{Gd} ở ổn định ba chục năm, không ai tranh chấp, năm nào cũng đóng thuế.",
                "Bà con trong xóm sẵn lòng ký xác nhận {gd} sử dụng liên tục.",
            ),
            (
                "?Không có sổ, con cháu sau này khó mà yên ổn.",
                "?Giấy tay năm ấy tuy cũ nhưng vẫn còn nguyên dấu vân tay.",
            ),
        ),
        req=(
            "chỉ cho {gd} cách làm sổ khi người bán không còn",
            "cho những trường hợp mua bằng giấy tay được xét cấp sổ lần đầu",
        ),
        traps=("trình bày", "phản ánh"),
    ),
    T(
        id="ho.kng.nts.3",
        cat="kien_nghi",
        dom="nha_tai_san",
        resp="none",
        matter=(
            "giúp các hộ dời nhà ra khỏi vùng đồi sạt lở",
            "bố trí nơi ở mới cho mấy hộ sống dưới chân taluy",
        ),
        narr=(
            (
                "Mấy nóc nhà ở {hamlet} nằm ngay dưới chân đồi, sau lưng là vách đất dựng đứng.",
                "Nhà {toi} dựng sát taluy đường, mưa xuống là đất đá lăn xuống mái.",
            ),
            (
                "Mùa mưa năm ngoái, vách đồi đã nứt một đường dài mấy chục mét.",
                "Cứ mỗi đợt áp thấp, cả nhà lại phải bồng bế nhau đi ngủ nhờ.",
            ),
            (
                "Các hộ muốn dời đi nhưng không có đất, không có tiền dựng nhà mới.",
                "Bà con chỉ xin được chỗ đất an toàn, còn công dựng nhà tự lo được phần nào.",
            ),
            (
                "?Trong xóm có nhiều người già với trẻ nhỏ.",
                "?Sợ nhất là trận mưa lớn ban đêm, chạy không kịp.",
            ),
        ),
        req=(
            "sớm lo chỗ tái định cư cho các hộ ở vùng đồi sạt lở",
            "cấp kinh phí giúp bà con dời nhà đến nơi an toàn",
        ),
        traps=("phản ánh", "kêu cứu"),
    ),
    T(
        id="ho.kng.cs.3",
        cat="kien_nghi",
        dom="chinh_sach",
        resp="none",
        matter=(
            "miễn giảm học phí cho con em hộ cận nghèo",
            "mở rộng diện được hỗ trợ tiền ăn trưa cho học trò vùng khó",
        ),
        narr=(
            (
                "Ở {hamlet}, nhiều nhà cận nghèo có ba bốn đứa con đang đi học.",
                "Con {toi} học cấp hai, nhà thuộc diện cận nghèo nhưng không được miễn đồng nào.",
            ),
            (
                "Quy định hiện giờ chỉ hỗ trợ hộ nghèo, hộ cận nghèo đứng ngoài.",
                "Đầu năm học gom tiền áo quần, sách vở, học phí là cả nhà lo đến mất ngủ.",
            ),
            (
                "Có đứa học giỏi phải nghỉ ngang đi phụ hồ.",
                "Mấy nhà quanh đây cũng chung cảnh ấy.",
            ),
            (
                "?Chỉ mong các cháu được học hết phổ thông.",
                "?Hội phụ nữ xã cũng đã góp tiếng vào chuyện này.",
            ),
        ),
        req=(
            "đưa học sinh thuộc hộ cận nghèo vào diện được miễn giảm học phí",
            "có chính sách giúp tiền ăn trưa cho học trò nhà khó",
        ),
    ),
    T(
        id="ho.kng.tp.3",
        cat="kien_nghi",
        dom="tu_phap",
        resp="none",
        matter=(
            "mở điểm trợ giúp pháp lý miễn phí tại {ward}",
            "có luật sư trợ giúp cho người nghèo khi ra tòa",
        ),
        narr=(
            (
                "Người dân {ward} gặp chuyện kiện tụng thì chẳng biết hỏi ai.",
                "{Toi} nghèo, đang vướng một vụ kiện, không có tiền thuê luật sư.",
            ),
            (
                "Muốn gặp trợ giúp viên pháp lý phải lên tận tỉnh, đi về mất hai ngày.",
                "Giấy tờ tòa gửi về toàn chữ khó hiểu, người già đọc không ra.",
            ),
            (
                "Nhiều người vì không hiểu luật mà ký bừa, thiệt đủ đường.",
                "Nếu mỗi tháng có một buổi tư vấn ở xã thì bà con đỡ biết bao nhiêu.",
            ),
            (
                "?Ở vùng này người dân tộc thiểu số cũng đông.",
                "?Trước có đoàn về tư vấn một lần, bà con đến chật nhà văn hóa.",
            ),
        ),
        req=(
            "định kỳ đưa trợ giúp viên pháp lý về tư vấn tại xã",
            "cử người trợ giúp pháp lý miễn phí cho {toi} trong vụ kiện",
        ),
        traps=("trình bày", "phản ánh"),
    ),
    T(
        id="ho.kng.mt.3",
        cat="kien_nghi",
        dom="moi_truong",
        resp="none",
        matter=(
            "giúp bà con thu gom rơm rạ thay cho việc đốt đồng",
            "có máy cuộn rơm để ngoài đồng {hamlet} khỏi khói mù mịt",
        ),
        narr=(
            (
                "Cứ xong vụ gặt, cánh đồng quanh {hamlet} lại đỏ lửa đốt rơm.",
                "Gặt xong, nhà nào cũng châm lửa đốt gốc rạ cho nhanh, khói bay mịt mù cả xóm.",
            ),
            (
                "Khói phủ kín đường, người đi xe máy không thấy lối, mắt cay xè.",
                "Người già, trẻ nhỏ ho sù sụ suốt mấy tuần sau mùa gặt.",
            ),
            (
                "Bà con đốt vì không biết làm gì với đống rơm, chứ không ai muốn.",
                "Nếu có máy cuộn rơm, rơm bán được cho người nuôi bò, đỡ phí lại đỡ khói.",
            ),
            (
                "?Hợp tác xã có thể đứng ra quản lý máy nếu được hỗ trợ.",
                "?Ý này bà con đã nói mãi ở các buổi họp xóm.",
            ),
        ),
        req=(
            "hỗ trợ mua máy cuộn rơm cho hợp tác xã",
            "chỉ cách xử lý rơm rạ để bà con thôi đốt đồng",
        ),
    ),
    T(
        id="ho.kng.k.3",
        cat="kien_nghi",
        dom="khac",
        resp="none",
        matter=(
            "làm sân chơi cho trẻ nhỏ ở {hamlet}",
            "sửa lại nhà văn hóa thôn đã dột nát",
        ),
        narr=(
            (
                "Cả {hamlet} chẳng có lấy một khoảnh sân cho lũ trẻ chạy nhảy.",
                "Nhà văn hóa thôn mái tôn đã mục, họp hành phải kê ghế tránh chỗ dột.",
            ),
            (
                "Hè đến, trẻ con rủ nhau ra sông tắm, người lớn lo thót tim.",
                "Các hội đoàn thể không có chỗ sinh hoạt chung.",
            ),
            (
                "Sau đình có bãi đất công bỏ không, dọn ra làm sân chơi được.",
                "Bà con đã quyên góp một ít, chỉ mong xã hỗ trợ thêm phần còn lại.",
            ),
            (
                "?Năm ngoái xóm bên có cháu đuối nước.",
                "?Thanh niên trong thôn nhận góp công san lấp.",
            ),
        ),
        req=(
            "hỗ trợ kinh phí làm sân chơi cho trẻ em",
            "sửa sang lại nhà văn hóa để bà con có nơi hội họp",
        ),
        traps=("phản ánh", "trình bày"),
    ),
]

PHAN_ANH_D: list[dict] = [
    T(
        id="ho.pa.dd.3",
        cat="phan_anh",
        dom="dat_dai",
        resp="none",
        matter=(
            "chuyện đổ đất san nền trái phép trên ruộng lúa ở {hamlet}",
            "ruộng lúa bị tự ý chuyển thành đất nền nhà",
        ),
        narr=(
            (
                "Dạo này, cánh đồng sau {hamlet} đêm nào cũng có xe ben chở đất tới đổ.",
                "Mấy thửa ruộng ven đường liên xã bị tôn cao cả mét, chia ô như đất nền.",
            ),
            (
                "Ruộng xung quanh bị úng vì nước không thoát được.",
                "Có người còn cắm biển rao bán nền, ghi số điện thoại hẳn hoi.",
            ),
            (
                "Dân trong xóm không rõ việc này có được phép hay không.",
                "Đã mấy tuần mà chưa thấy cán bộ nào ra xem.",
            ),
            (
                "?Cứ đà này, mấy năm nữa cánh đồng chẳng còn.",
                "?Bà con trồng lúa bên cạnh thiệt hại năng suất vụ này.",
            ),
        ),
        req=(
            "cho người xuống xem tận nơi việc san lấp ruộng",
            "ngăn việc chuyển đất lúa thành đất nền khi chưa có phép",
        ),
        traps=("tố cáo", "kiến nghị"),
    ),
    T(
        id="ho.pa.nts.3",
        cat="phan_anh",
        dom="nha_tai_san",
        resp="none",
        matter=(
            "căn nhà bỏ hoang sắp sập ở đầu ngõ",
            "dãy ki-ốt bỏ trống xuống cấp giữa khu dân cư",
        ),
        narr=(
            (
                "Đầu ngõ nhà {toi} có một căn nhà bỏ hoang đã lâu, chủ đi đâu không rõ.",
                "Dãy ki-ốt cũ cạnh chợ {ward} bỏ trống mấy năm nay.",
            ),
            (
                "Tường nghiêng hẳn ra ngoài, mái ngói rơi lả tả mỗi khi gió to.",
                "Cửa sắt gỉ rơi ra, bên trong thành chỗ nghiện ngập tụ tập.",
            ),
            (
                "Trẻ con đi học ngang qua ngày nào cũng vậy.",
                "Buổi tối không ai dám đi qua một mình.",
            ),
            (
                "?Nhỡ sập thì đè lên người đi đường.",
                "?Bà con đã tự giăng dây cảnh báo tạm.",
            ),
        ),
        req=(
            "xem xét tình trạng căn nhà và có cách xử lý an toàn",
            "tìm chủ sở hữu hoặc tháo dỡ phần sắp đổ",
        ),
    ),
    T(
        id="ho.pa.cs.3",
        cat="phan_anh",
        dom="chinh_sach",
        resp="none",
        matter=(
            "thông tin thẻ bảo hiểm y tế của nhiều người bị in sai",
            "chuyện công nhân khó nhận tiền hỗ trợ thuê nhà vì thủ tục",
        ),
        narr=(
            (
                "Đợt cấp thẻ bảo hiểm y tế năm {nam}, thẻ của nhiều người ở {hamlet} ghi sai năm sinh.",
                "Công nhân thuê trọ quanh khu công nghiệp nghe có tiền hỗ trợ thuê nhà mà ít ai nhận được.",
            ),
            (
                "Đi khám, thẻ sai thông tin thì bệnh viện không cho hưởng.",
                "Giấy tờ đòi xác nhận của chủ trọ, của công ty, rồi của phường, rối như canh hẹ.",
            ),
            (
                "Người già phải tự bỏ tiền túi ra khám, thiệt đơn thiệt kép.",
                "Nhiều người ngại đi lại nên bỏ luôn.",
            ),
            (
                "?Chuyện này không riêng gì một hai nhà.",
                "?Bà con muốn cấp trên biết để chỉnh sửa cho kịp.",
            ),
        ),
        req=(
            "rà lại thông tin in trên thẻ bảo hiểm y tế",
            "xem lại thủ tục nhận tiền hỗ trợ cho gọn hơn",
        ),
        traps=("khiếu nại", "kiến nghị"),
    ),
    T(
        id="ho.pa.mt.3",
        cat="phan_anh",
        dom="moi_truong",
        resp="none",
        matter=(
            "nước máy ở {ward} đục và có mùi lạ",
            "chất lượng nước sinh hoạt khu vực {hamlet} có vấn đề",
        ),
        narr=(
            (
                "Mấy tuần nay nước máy chảy ra vàng khè, để lắng dưới đáy có cặn đen.",
                "Từ tháng {thang}, nước máy ở {hamlet} có mùi như mùi thuốc tẩy pha bùn.",
            ),
            (
                "Nấu cơm có vị lạ, tắm xong bị ngứa.",
                "Nhiều nhà phải mua nước bình về nấu ăn.",
            ),
            (
                "Gọi đường dây nóng của công ty nước thì chỉ nghe hẹn.",
                "Hóa đơn tiền nước vẫn thu đủ, không bớt một đồng.",
            ),
            (
                "?Trẻ nhỏ trong xóm bị đau bụng, tiêu chảy.",
                "?Bà con chụp ảnh xô nước đục gửi lên nhóm của thôn.",
            ),
        ),
        req=(
            "cho người lấy mẫu nước máy đi kiểm nghiệm",
            "yêu cầu công ty cấp nước kiểm tra đường ống",
        ),
        traps=("khiếu nại", "kiến nghị"),
    ),
    T(
        id="ho.pa.k.3",
        cat="phan_anh",
        dom="khac",
        resp="none",
        matter=(
            "trường tiểu học ở {ward} thiếu giáo viên",
            "nhà vệ sinh của điểm trường lẻ hư hỏng lâu ngày",
        ),
        narr=(
            (
                "Năm học này, điểm trường lẻ ở {hamlet} chỉ còn hai cô cho năm lớp.",
                "Điểm trường lẻ ở {hamlet} có mỗi dãy nhà vệ sinh, giờ cửa gãy, bồn vỡ.",
            ),
            (
                "Có lớp phải ghép hai khối, cô dạy lớp này rồi chạy sang lớp kia.",
                "Nước không có, học trò phải nhịn đến trưa về nhà.",
            ),
            (
                "Học trò về nhà đọc còn chưa thông, phụ huynh sốt ruột.",
                "Mấy cháu gái lớn ngại đến lớp những hôm trong người không khỏe.",
            ),
            (
                "?Ý kiến này bà con nhờ {toi} viết giùm.",
                "?Mấy năm trước không đến nỗi như bây giờ.",
            ),
        ),
        req=(
            "tăng cường thêm giáo viên cho điểm trường lẻ",
            "sửa sang nhà vệ sinh cho học trò điểm trường lẻ",
        ),
    ),
]
