"""Pool "train": more templates of phản ánh (chính sách, môi trường, khác), each slot with several wordings
(data only; the format is described in :mod:`.content_tables_train`)."""

from __future__ import annotations

T = dict

PHAN_ANH_J: list[dict] = [
    # ---------------------------------------------------------------- chinh_sach
    T(
        id="tr.pa.cs.4",
        cat="phan_anh",
        dom="chinh_sach",
        resp="none",
        matter=(
            "tình trạng chậm chi trả trợ cấp hằng tháng tại {ward}",
            "việc người hưởng trợ cấp xã hội nhận tiền muộn nhiều tháng",
        ),
        narr=(
            (
                "Từ đầu năm {nam}, các cụ hưởng trợ cấp ở {ward} thường nhận tiền muộn hai ba tháng.",
                "Mấy tháng nay tiền trợ cấp người khuyết tật ở {hamlet} không về đúng hẹn.",
            ),
            (
                "Nhiều người phải đi lại điểm chi trả nhiều lần mà không nhận được tiền.",
                "Có tháng chỉ nhận một nửa, không ai giải thích lý do.",
            ),
            (
                "Với nhiều gia đình, đây là khoản tiền để mua gạo và thuốc men.",
                "Người già yếu phải nhờ con cháu chở đi, mất cả ngày công.",
            ),
            (
                "?Bà con rất băn khoăn không biết vướng ở đâu.",
                "?Tình trạng này lặp lại đã mấy đợt.",
            ),
        ),
        req=(
            "kiểm tra việc chi trả trợ cấp và bảo đảm chi trả đúng hạn",
            "thông báo rõ lịch chi trả cho người hưởng trợ cấp",
        ),
        traps=("khiếu nại", "kiến nghị"),
    ),
    T(
        id="tr.pa.cs.5",
        cat="phan_anh",
        dom="chinh_sach",
        resp="none",
        matter=(
            "thái độ của nhân viên tại điểm tiếp nhận hồ sơ bảo hiểm xã hội",
            "tình trạng người lao động chờ đợi lâu khi làm thủ tục bảo hiểm",
        ),
        narr=(
            (
                "Ngày {ngay}, {toi} đến nộp hồ sơ hưởng bảo hiểm thất nghiệp.",
                "Tháng {thang} năm {nam}, {toi} đi làm thủ tục chốt sổ bảo hiểm xã hội.",
            ),
            (
                "Người chờ đông, chỉ có một cửa làm việc, phải đứng từ sáng đến trưa.",
                "Nhân viên nói trống không, quát người hỏi lại, ném hồ sơ ra ngoài.",
            ),
            (
                "Nhiều công nhân phải xin nghỉ hai ba buổi mới nộp được hồ sơ.",
                "Không có bảng hướng dẫn, ai cũng phải hỏi đi hỏi lại.",
            ),
            (
                "?{Toi} nêu ra để cơ quan biết và chấn chỉnh.",
                "?Thái độ như vậy làm người dân rất ngại đến làm việc.",
            ),
        ),
        req=(
            "chấn chỉnh thái độ phục vụ và bố trí thêm người tiếp nhận hồ sơ",
            "có biện pháp giảm thời gian chờ đợi cho người lao động",
        ),
    ),
    T(
        id="tr.pa.cs.6",
        cat="phan_anh",
        dom="chinh_sach",
        resp="none",
        matter=(
            "việc nhiều người có công chưa được hưởng chế độ do thất lạc hồ sơ",
            "tình trạng chính sách hỗ trợ chưa đến được với người dân {hamlet}",
        ),
        narr=(
            (
                "Ở {hamlet} còn nhiều cựu thanh niên xung phong chưa được hưởng chế độ.",
                "Nhiều hộ ở {hamlet} không biết mình thuộc diện được hỗ trợ học phí, tiền điện.",
            ),
            (
                "Hồ sơ nộp từ nhiều năm trước nay không ai rõ ở đâu.",
                "Thông tin chính sách chỉ dán ở trụ sở xã, bà con vùng xa không biết.",
            ),
            (
                "Nhiều cụ đã mất mà chưa được hưởng quyền lợi nào.",
                "Đến khi biết thì đã quá thời hạn đăng ký.",
            ),
            (
                "?Đây là điều bà con rất băn khoăn.",
                "?Cán bộ thôn cũng không nắm rõ để hướng dẫn.",
            ),
        ),
        req=(
            "rà soát lại các hồ sơ người có công còn tồn đọng",
            "tuyên truyền chính sách đến tận thôn xóm",
        ),
        traps=("kiến nghị", "khiếu nại"),
    ),
    # ---------------------------------------------------------------- moi_truong
    T(
        id="tr.pa.mt.4",
        cat="phan_anh",
        dom="moi_truong",
        resp="none",
        matter=(
            "bụi từ trạm trộn bê tông gần khu dân cư {hamlet}",
            "tình trạng ô nhiễm bụi do trạm trộn bê tông",
        ),
        narr=(
            (
                "Từ tháng {thang} năm {nam}, một trạm trộn bê tông hoạt động cách khu dân cư chưa đầy trăm mét.",
                "Cạnh {hamlet} có trạm trộn bê tông chạy liên tục từ sáng sớm.",
            ),
            (
                "Bụi xi măng bám đầy mái nhà, quần áo phơi ngoài trời không mặc được.",
                "Xe bồn ra vào làm đường lầy lội khi mưa, bụi mù khi nắng.",
            ),
            (
                "Nhiều người trong xóm bị ho kéo dài, đau mắt.",
                "Tiếng máy chạy ầm ầm cả khi đêm khuya.",
            ),
            (
                "?Bà con chưa rõ trạm này có giấy phép hay không.",
                "?Cây trồng quanh đó còi cọc, lá phủ một lớp bụi xám.",
            ),
        ),
        req=(
            "kiểm tra hoạt động của trạm trộn bê tông",
            "yêu cầu có biện pháp giảm bụi, giảm tiếng ồn",
        ),
        traps=("tố cáo", "kiến nghị"),
    ),
    T(
        id="tr.pa.mt.5",
        cat="phan_anh",
        dom="moi_truong",
        resp="none",
        matter=(
            "tình trạng ngập úng kéo dài sau mưa tại {hamlet}",
            "cống thoát nước bị tắc gây ngập khu dân cư",
        ),
        narr=(
            (
                "Mỗi trận mưa lớn, đường vào {hamlet} ngập sâu nửa mét.",
                "Mùa mưa năm {nam}, khu dân cư {hamlet} ngập liên tục nhiều ngày.",
            ),
            (
                "Cống thoát nước bị rác và bùn lấp kín, nước không rút được.",
                "Nước ngập tràn vào nhà, đồ đạc hư hỏng, mùi hôi bốc lên.",
            ),
            (
                "Trẻ con phải nghỉ học, người lớn không đi làm được.",
                "Sau mỗi đợt ngập, nhiều người bị ngứa da, sốt xuất huyết.",
            ),
            (
                "?Tình trạng này đã có từ khi khu đô thị bên cạnh tôn nền.",
                "?Bà con đã tự khơi cống nhưng không xuể.",
            ),
        ),
        req=(
            "nạo vét cống rãnh, khắc phục tình trạng ngập úng",
            "kiểm tra hệ thống thoát nước khu vực {hamlet}",
        ),
    ),
    T(
        id="tr.pa.mt.6",
        cat="phan_anh",
        dom="moi_truong",
        resp="none",
        matter=(
            "tiếng ồn từ các xưởng cưa gỗ hoạt động ban đêm",
            "tình trạng gây ồn kéo dài trong khu dân cư {hamlet}",
        ),
        narr=(
            (
                "Trong {hamlet} có mấy xưởng cưa xẻ gỗ hoạt động đến {gio} giờ đêm.",
                "Đêm nào cũng vậy, tiếng máy cưa, máy bào vang lên đến tận khuya.",
            ),
            (
                "Người già mất ngủ, trẻ nhỏ giật mình khóc cả đêm.",
                "Học sinh không thể tập trung học bài buổi tối.",
            ),
            (
                "Mùn cưa bay khắp nơi, bám vào bể nước của các gia đình.",
                "Xe chở gỗ ra vào làm hỏng đường ngõ.",
            ),
            (
                "?Bà con đã nói chuyện nhưng tình hình không thay đổi.",
                "?Tổ dân phố đã ghi nhận nhưng chưa có biện pháp gì.",
            ),
        ),
        req=(
            "kiểm tra, yêu cầu các xưởng không hoạt động vào ban đêm",
            "có biện pháp giảm tiếng ồn trong khu dân cư",
        ),
        traps=("kiến nghị", "tố cáo"),
    ),
    # ---------------------------------------------------------------- khac
    T(
        id="tr.pa.k.4",
        cat="phan_anh",
        dom="khac",
        resp="none",
        matter=(
            "cây cầu dân sinh qua {hamlet} xuống cấp nghiêm trọng",
            "tình trạng mất an toàn giao thông tại ngã ba đầu {hamlet}",
        ),
        narr=(
            (
                "Cây cầu sắt nối {hamlet} với đường tỉnh đã gỉ sét, mặt cầu thủng nhiều chỗ.",
                "Ngã ba đầu {hamlet} không có biển báo, cây cối che khuất tầm nhìn.",
            ),
            (
                "Xe máy đi qua phải dắt bộ, ô tô thì không dám qua.",
                "Trong năm {nam} đã xảy ra mấy vụ va chạm ở đây.",
            ),
            (
                "Học sinh ngày nào cũng phải qua lại chỗ này.",
                "Buổi sáng xe tải và xe đưa đón công nhân đi lại rất đông.",
            ),
            (
                "?Bà con đã báo với thôn nhưng chưa thấy ai đến xem.",
                "?Lan can một bên đã gãy từ mùa mưa năm ngoái.",
            ),
        ),
        req=(
            "kiểm tra, gia cố cây cầu hoặc cắm biển hạn chế tải trọng",
            "bổ sung biển báo, phát quang cây che khuất tại ngã ba",
        ),
        traps=("kiến nghị", "trình bày"),
    ),
    T(
        id="tr.pa.k.5",
        cat="phan_anh",
        dom="khac",
        resp="none",
        matter=(
            "thái độ và sự chậm trễ tại bộ phận một cửa {ward}",
            "tình trạng hồ sơ hành chính bị trễ hẹn tại {ward}",
        ),
        narr=(
            (
                "Tháng {thang} năm {nam}, {toi} nộp hồ sơ tại bộ phận một cửa {ward}.",
                "Ngày {ngay}, {toi} đến {ward} để làm thủ tục chứng thực giấy tờ.",
            ),
            (
                "Giấy hẹn ghi ba ngày nhưng sau hai tuần vẫn chưa có kết quả.",
                "Cán bộ tiếp nhận mải dùng điện thoại, người dân chờ lâu mới được tiếp.",
            ),
            (
                "Khi hỏi lại, cán bộ trả lời cộc lốc và bảo cứ về chờ.",
                "Nhiều người cũng phàn nàn như vậy nhưng không biết nói với ai.",
            ),
            (
                "?{Toi} nêu lên để lãnh đạo biết và nhắc nhở.",
                "?Hộp thư góp ý đặt ở đó đã lâu không ai mở.",
            ),
        ),
        req=(
            "chấn chỉnh tác phong làm việc của bộ phận một cửa",
            "kiểm tra việc trễ hẹn trả hồ sơ",
        ),
    ),
    T(
        id="tr.pa.k.6",
        cat="phan_anh",
        dom="khac",
        resp="none",
        matter=(
            "tình trạng thanh niên tụ tập đua xe trên đường {hamlet}",
            "tình hình mất an ninh trật tự ban đêm tại {hamlet}",
        ),
        narr=(
            (
                "Gần đây, cứ tối cuối tuần lại có nhóm thanh niên tụ tập đua xe trên đường qua {hamlet}.",
                "Khoảng {gio} giờ đêm, nhiều nhóm thanh niên rú ga, lạng lách qua khu dân cư.",
            ),
            (
                "Tiếng pô xe rú inh ỏi, người dân không ngủ được.",
                "Có nhóm còn mang theo gậy gộc, hò hét gây náo loạn.",
            ),
            (
                "Người đi đường phải dạt vào lề, nhiều lần suýt bị tông.",
                "Bà con sợ hãi, không dám ra khỏi nhà buổi tối.",
            ),
            (
                "?Sự việc xảy ra nhiều tuần liền.",
                "?Ở xóm bên đã có một vụ tai nạn nặng.",
            ),
        ),
        req=(
            "tăng cường tuần tra, xử lý tình trạng đua xe",
            "có biện pháp giữ gìn an ninh trật tự tại {hamlet}",
        ),
    ),
]
