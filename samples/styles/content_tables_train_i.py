"""Pool "train": more templates of kiến nghị (khác) and phản ánh (đất đai, nhà ở), each slot with several
wordings (data only; the format is described in :mod:`.content_tables_train`)."""

from __future__ import annotations

T = dict

KIEN_NGHI_I: list[dict] = [
    # ---------------------------------------------------------------- khac
    T(
        id="tr.kng.k.4",
        cat="kien_nghi",
        dom="khac",
        resp="none",
        matter=(
            "sửa chữa tuyến đường liên thôn qua {hamlet}",
            "nâng cấp con đường đất dài {km} km vào {hamlet}",
        ),
        narr=(
            (
                "Con đường từ {hamlet} ra trung tâm xã dài khoảng {km} km, vẫn là đường đất.",
                "Tuyến đường liên thôn làm từ năm {nam_cu} nay đã xuống cấp nặng.",
            ),
            (
                "Mùa mưa đường lầy lội, học sinh phải lội bùn đến trường.",
                "Mặt đường có nhiều ổ gà sâu, xe chở nông sản không vào được.",
            ),
            (
                "Người dân sẵn sàng hiến đất, góp công để mở rộng đường.",
                "Bà con mong đường được đổ bê tông để đi lại thuận tiện.",
            ),
            (
                "?Đã có người bị ngã xe gãy tay trên đoạn đường này.",
                "?Nông sản làm ra phải bán rẻ vì thương lái ngại vào.",
            ),
        ),
        req=(
            "đưa tuyến đường vào kế hoạch đầu tư nâng cấp",
            "bố trí kinh phí sửa chữa, đổ bê tông con đường vào {hamlet}",
        ),
        traps=("phản ánh", "trình bày"),
    ),
    T(
        id="tr.kng.k.5",
        cat="kien_nghi",
        dom="khac",
        resp="none",
        matter=(
            "xây cầu bê tông thay cây cầu khỉ qua kênh ở {hamlet}",
            "bố trí chợ tạm cho bà con {hamlet} trong thời gian sửa chợ",
        ),
        narr=(
            (
                "Người dân {hamlet} qua kênh bằng cây cầu tre chỉ rộng một gang tay.",
                "Chợ {ward} đóng cửa để xây mới từ tháng {thang}, tiểu thương không có chỗ bán.",
            ),
            (
                "Mùa nước lên, cầu ngập, học sinh phải nghỉ học hàng tuần.",
                "Người bán bày hàng dọc lề đường, vừa mất an toàn vừa bị nhắc nhở liên tục.",
            ),
            (
                "Bà con sẵn sàng góp tiền, góp công cùng Nhà nước làm cầu.",
                "Bãi đất trống cạnh nhà văn hóa có thể làm chợ tạm được.",
            ),
            (
                "?Năm ngoái đã có người trượt chân rơi xuống kênh.",
                "?Nhiều tiểu thương đã phải vay nợ vì mất nguồn thu.",
            ),
        ),
        req=(
            "xây dựng cây cầu kiên cố để bà con đi lại an toàn",
            "sớm bố trí điểm chợ tạm cho tiểu thương",
        ),
    ),
    T(
        id="tr.kng.k.6",
        cat="kien_nghi",
        dom="khac",
        resp="none",
        matter=(
            "xây thêm phòng học cho trường mầm non {ward}",
            "đơn giản hóa thủ tục xác nhận cư trú tại bộ phận một cửa",
        ),
        narr=(
            (
                "Trường mầm non {ward} chỉ có bốn phòng học cho gần hai trăm cháu.",
                "Thủ tục xác nhận cư trú ở {ward} yêu cầu nhiều giấy tờ trùng lặp.",
            ),
            (
                "Nhiều cháu đến tuổi đi học nhưng không có chỗ, phải gửi trông trẻ tư.",
                "Người dân phải đi lại hai ba lần mới xong một việc đơn giản.",
            ),
            (
                "Phụ huynh sẵn sàng đóng góp để làm thêm phòng học.",
                "Bà con mong được làm thủ tục qua mạng hoặc trong một lần đến.",
            ),
            (
                "?Đây là nguyện vọng của nhiều gia đình trẻ trong xã.",
                "?Nhiều người làm công nhân không xin nghỉ được nhiều ngày.",
            ),
        ),
        req=(
            "đầu tư xây thêm phòng học cho trường mầm non",
            "rà soát, cắt giảm giấy tờ không cần thiết trong thủ tục hành chính",
        ),
        traps=("phản ánh", "khiếu nại"),
    ),
]

PHAN_ANH_I: list[dict] = [
    # ---------------------------------------------------------------- dat_dai
    T(
        id="tr.pa.dd.4",
        cat="phan_anh",
        dom="dat_dai",
        resp="none",
        matter=(
            "tình trạng lấn chiếm đất công ven kênh tại {hamlet}",
            "việc nhiều hộ tự ý xây dựng trên đất nông nghiệp",
        ),
        narr=(
            (
                "Thời gian gần đây, dọc bờ kênh ở {hamlet} xuất hiện nhiều lán trại, quán xá.",
                "Cánh đồng phía sau {hamlet} mọc lên hàng chục căn nhà tạm trên đất lúa.",
            ),
            (
                "Đất hành lang kênh bị rào lại, trồng cây, làm bãi chứa vật liệu.",
                "Nhiều người mua bán đất ruộng bằng giấy tay rồi dựng nhà ở.",
            ),
            (
                "Chính quyền xã đã biết nhưng tình trạng vẫn tiếp diễn.",
                "Việc này ảnh hưởng đến dòng chảy và việc tưới tiêu của bà con.",
            ),
            (
                "?Nếu không xử lý sớm, sau này giải tỏa sẽ rất khó.",
                "?Người dân thấy bất công vì ai làm đúng thì chịu thiệt.",
            ),
        ),
        req=(
            "kiểm tra, chấn chỉnh tình trạng lấn chiếm đất công",
            "có biện pháp quản lý đất nông nghiệp tại {hamlet}",
        ),
        traps=("tố cáo", "kiến nghị"),
    ),
    T(
        id="tr.pa.dd.5",
        cat="phan_anh",
        dom="dat_dai",
        resp="none",
        matter=(
            "việc chậm cấp Giấy chứng nhận cho khu tái định cư {hamlet}",
            "tình trạng các hộ tái định cư nhiều năm chưa có sổ đỏ",
        ),
        narr=(
            (
                "Khu tái định cư {hamlet} có {n_ho} hộ đã nhận đất từ năm {nam}.",
                "Các hộ được bố trí tái định cư ở {hamlet} đã xây nhà ở ổn định nhiều năm.",
            ),
            (
                "Đến nay vẫn chưa hộ nào được cấp Giấy chứng nhận quyền sử dụng đất.",
                "Hỏi thì được trả lời là dự án chưa hoàn thiện hồ sơ nghiệm thu.",
            ),
            (
                "Người dân không thể thế chấp vay vốn hay chuyển nhượng.",
                "Nhiều hộ đã nộp đủ tiền sử dụng đất mà vẫn phải chờ.",
            ),
            (
                "?Sự chậm trễ này gây nhiều thiệt thòi cho bà con.",
                "?Một số hộ già yếu lo lắng không kịp làm thủ tục thừa kế.",
            ),
        ),
        req=(
            "kiểm tra nguyên nhân chậm cấp giấy và có biện pháp tháo gỡ",
            "thông tin cho người dân thời gian cấp sổ đỏ khu tái định cư",
        ),
    ),
    T(
        id="tr.pa.dd.6",
        cat="phan_anh",
        dom="dat_dai",
        resp="none",
        matter=(
            "tình trạng sạt lở bờ sông lấn vào đất ở tại {hamlet}",
            "khu đất dự án bỏ hoang nhiều năm tại {hamlet}",
        ),
        narr=(
            (
                "Mùa lũ năm {nam}, bờ sông đoạn qua {hamlet} sạt lở sâu vào đất ở hàng chục mét.",
                "Khu đất {dt} m2 thu hồi cho dự án {project} từ năm {nam_cu} đến nay vẫn để trống.",
            ),
            (
                "Nhiều hộ mất cả vườn, nhà cửa nằm sát mép nước.",
                "Cỏ mọc cao quá đầu người, có người còn lén đổ rác, phế thải vào đó.",
            ),
            (
                "Diện tích đất thực tế của các hộ nay ít hơn nhiều so với trên sổ.",
                "Trong khi đó, nhiều hộ từng giao đất cho dự án đang thiếu đất sản xuất.",
            ),
            (
                "?Mỗi khi trời mưa, các hộ ven sông phải thức trắng canh chừng.",
                "?Tình trạng này đã báo lên xã từ lâu.",
            ),
        ),
        req=(
            "khảo sát hiện trạng và có phương án xử lý kịp thời",
            "kiểm tra tiến độ dự án và xử lý đất bỏ hoang",
        ),
        traps=("kiến nghị", "kêu cứu"),
    ),
    # ---------------------------------------------------------------- nha_tai_san
    T(
        id="tr.pa.nts.4",
        cat="phan_anh",
        dom="nha_tai_san",
        resp="none",
        matter=(
            "tình trạng nứt lún, mất an toàn của chung cư cũ tại {ward}",
            "việc thang máy chung cư thường xuyên hỏng",
        ),
        narr=(
            (
                "Tòa chung cư {tang} tầng ở {ward} đưa vào sử dụng từ năm {nam_cu}.",
                "Cư dân chung cư {project} đang sống trong cảnh thang máy chập chờn.",
            ),
            (
                "Tường ngoài nhiều chỗ nứt toác, vữa rơi xuống sân.",
                "Chỉ trong tháng {thang}, thang máy bị kẹt ba lần, có lần nhốt cả trẻ nhỏ.",
            ),
            (
                "Ban quản lý nói không có kinh phí sửa chữa.",
                "Người già tầng cao gần như không dám ra khỏi nhà.",
            ),
            (
                "?Cư dân rất lo lắng cho an toàn của mình.",
                "?Hệ thống phòng cháy cũng đã lâu không được kiểm tra.",
            ),
        ),
        req=(
            "cử người khảo sát độ an toàn của tòa nhà, có phương án gia cố",
            "chỉ đạo sửa chữa thang máy và các hạng mục hư hỏng",
        ),
    ),
    T(
        id="tr.pa.nts.5",
        cat="phan_anh",
        dom="nha_tai_san",
        resp="none",
        matter=(
            "công trình xây dựng không che chắn gây nguy hiểm cho người đi đường",
            "vật liệu xây dựng rơi từ công trình sang nhà dân",
        ),
        narr=(
            (
                "Một công trình đang xây cao {tang} tầng ở {hamlet} không có lưới che chắn.",
                "Từ tháng {thang}, công trình cạnh nhà {toi} thi công cả ngày lẫn đêm.",
            ),
            (
                "Gạch vụn, vữa thường xuyên rơi xuống đường và sang mái nhà bên cạnh.",
                "Giàn giáo dựng sát mép đường, gió to là rung lắc.",
            ),
            (
                "Đã có người đi đường bị vật liệu rơi trúng.",
                "Mái tôn nhà bên cạnh bị thủng mấy lỗ.",
            ),
            (
                "?Chủ công trình hứa khắc phục nhưng không làm.",
                "?Tối đến công trình không có đèn báo.",
            ),
        ),
        req=(
            "kiểm tra, yêu cầu công trình che chắn an toàn",
            "buộc chủ công trình bảo đảm an toàn cho nhà liền kề",
        ),
        traps=("tố cáo", "khiếu nại"),
    ),
    T(
        id="tr.pa.nts.6",
        cat="phan_anh",
        dom="nha_tai_san",
        resp="none",
        matter=(
            "tình trạng cơi nới, lấn chiếm không gian chung trong khu phố",
            "việc nhiều hộ tự ý xây lấn ngõ đi chung",
        ),
        narr=(
            (
                "Trong ngõ ở {hamlet}, nhiều hộ cơi nới ban công, xây bậc thềm lấn ra lối đi.",
                "Khu tập thể ở {ward} có nhiều hộ tự ý làm chuồng cọp, lồng sắt lấn ra ngoài.",
            ),
            (
                "Ngõ vốn đã hẹp, nay xe cứu thương, xe cứu hỏa không vào được.",
                "Không gian chung bị chia chác, lối đi chỉ còn đủ một người.",
            ),
            (
                "Người dân nhiều lần góp ý nhưng không ai chịu tháo dỡ.",
                "Nhiều năm nay chưa có đợt kiểm tra nào.",
            ),
            (
                "?Nếu có hỏa hoạn thì hậu quả không thể lường được.",
                "?Bà con đi lại rất khó khăn, nhất là người già.",
            ),
        ),
        req=(
            "kiểm tra, xử lý tình trạng lấn chiếm không gian chung",
            "lập lại trật tự xây dựng trong khu phố",
        ),
    ),
]
