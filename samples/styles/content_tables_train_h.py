"""Pool "train": more templates of kiến nghị (nhà ở, chính sách, tư pháp, môi trường), each slot with several
wordings (data only; the format is described in :mod:`.content_tables_train`)."""

from __future__ import annotations

T = dict

KIEN_NGHI_H: list[dict] = [
    # ---------------------------------------------------------------- nha_tai_san
    T(
        id="tr.kng.nts.4",
        cat="kien_nghi",
        dom="nha_tai_san",
        resp="none",
        matter=(
            "hỗ trợ sửa chữa căn nhà dột nát của {gd}",
            "xét hỗ trợ làm nhà cho hộ nghèo theo chương trình xóa nhà tạm",
        ),
        narr=(
            (
                "Căn nhà {gd} đang ở làm từ năm {nam_cu}, tường nứt, mái tôn thủng nhiều chỗ.",
                "Nhà {toi} là nhà tạm bằng tre nứa, mùa mưa bão rất nguy hiểm.",
            ),
            (
                "{Gd} thuộc diện hộ cận nghèo, không đủ tiền để sửa chữa.",
                "Thu nhập của {gd} chỉ đủ ăn, không có tích lũy để làm nhà.",
            ),
            (
                "Nghe nói có chương trình hỗ trợ xóa nhà tạm nhưng {gd} chưa được ai hướng dẫn làm hồ sơ.",
                "Năm ngoái {gd} đã có tên trong danh sách đề xuất nhưng đến nay chưa thấy gì.",
            ),
            (
                "?Trong nhà có mẹ già hơn tám mươi tuổi.",
                "?{Gd} có thể góp công để giảm chi phí.",
            ),
        ),
        req=(
            "xem xét hỗ trợ kinh phí sửa chữa nhà ở cho {gd}",
            "đưa {gd} vào danh sách được hỗ trợ làm nhà trong năm nay",
        ),
        traps=("phản ánh", "kêu cứu"),
    ),
    T(
        id="tr.kng.nts.5",
        cat="kien_nghi",
        dom="nha_tai_san",
        resp="none",
        matter=(
            "đôn đốc cấp Giấy chứng nhận quyền sở hữu căn hộ cho cư dân {project}",
            "giải quyết việc chậm cấp sổ hồng tại chung cư {project}",
        ),
        narr=(
            (
                "Cư dân chung cư {project} đã nhận nhà và trả đủ tiền từ năm {nam}.",
                "Hơn {n_ho} hộ ở chung cư {project} đã thanh toán đủ tiền mua căn hộ.",
            ),
            (
                "Đến nay chưa hộ nào được cấp giấy chứng nhận quyền sở hữu.",
                "Chủ đầu tư hẹn nhiều lần làm sổ hồng nhưng vẫn chưa có.",
            ),
            (
                "Không có giấy tờ, người dân không thể thế chấp, mua bán hay làm thủ tục cho con.",
                "Người dân không biết khó khăn vướng ở đâu, hỏi chủ đầu tư thì được bảo chờ.",
            ),
            (
                "?Có hộ đã đi hỏi nhiều nơi mà không ai trả lời rõ ràng.",
                "?Bà con chỉ mong được biết bao giờ có sổ.",
            ),
        ),
        req=(
            "đôn đốc chủ đầu tư và cơ quan chuyên môn sớm cấp giấy chứng nhận cho cư dân",
            "cho biết lộ trình cấp sổ hồng cho các căn hộ",
        ),
    ),
    T(
        id="tr.kng.nts.6",
        cat="kien_nghi",
        dom="nha_tai_san",
        resp="none",
        matter=(
            "kiểm định và cải tạo khu nhà tập thể cũ xuống cấp",
            "bố trí chỗ ở tạm cho các hộ ở nhà tập thể nguy hiểm",
        ),
        narr=(
            (
                "Khu nhà tập thể {tang} tầng ở {ward} được xây từ những năm tám mươi.",
                "Dãy nhà tập thể cũ ở {hamlet} có {n_ho} hộ đang sinh sống.",
            ),
            (
                "Cầu thang đã nứt, ban công có chỗ bong bê tông lộ cốt thép.",
                "Mỗi khi mưa to, nước thấm qua trần, tường ẩm mốc quanh năm.",
            ),
            (
                "Các hộ đều muốn cải tạo nhưng không tự làm được vì là nhà chung.",
                "Người dân đã họp và thống nhất sẵn sàng di chuyển nếu có chỗ ở tạm.",
            ),
            (
                "?Nhiều hộ là người cao tuổi, không có nơi nào khác để ở.",
                "?Bà con mong sớm có phương án trước mùa mưa bão.",
            ),
        ),
        req=(
            "kiểm định chất lượng và có kế hoạch cải tạo khu nhà tập thể",
            "bố trí nhà tạm cư cho các hộ trong thời gian cải tạo",
        ),
        traps=("phản ánh", "trình bày"),
    ),
    # ---------------------------------------------------------------- chinh_sach
    T(
        id="tr.kng.cs.4",
        cat="kien_nghi",
        dom="chinh_sach",
        resp="none",
        matter=(
            "xem xét lại chính sách trợ cấp cho người cao tuổi",
            "hạ độ tuổi hưởng trợ cấp xã hội cho người già không có lương hưu",
        ),
        narr=(
            (
                "Ở {hamlet} có nhiều cụ ngoài bảy mươi tuổi không có lương hưu, sống nhờ con cháu.",
                "{Toi} năm nay đã bảy mươi ba tuổi, không có lương hưu hay trợ cấp gì.",
            ),
            (
                "Theo quy định, người cao tuổi phải đủ tám mươi tuổi mới được nhận trợ cấp hằng tháng.",
                "Mức trợ cấp hiện nay quá thấp so với giá cả thị trường.",
            ),
            (
                "Nhiều cụ ốm đau, không còn sức lao động mà chưa đến tuổi được hưởng.",
                "Tiền trợ cấp mỗi tháng không đủ mua thuốc huyết áp.",
            ),
            (
                "?Đây cũng là mong muốn của Hội người cao tuổi xã.",
                "?{Toi} mong được đối xử công bằng như những nơi khác.",
            ),
        ),
        req=(
            "xem xét, kiến nghị cấp trên điều chỉnh độ tuổi và mức trợ cấp cho người cao tuổi",
            "nâng mức trợ cấp hằng tháng cho người cao tuổi không có lương hưu",
        ),
    ),
    T(
        id="tr.kng.cs.5",
        cat="kien_nghi",
        dom="chinh_sach",
        resp="none",
        solo=True,
        matter=(
            "giải quyết chế độ cho con của người hoạt động kháng chiến bị nhiễm chất độc hóa học",
            "xét hưởng chế độ chất độc da cam cho {gd}",
        ),
        narr=(
            (
                "Bố {toi} tham gia kháng chiến ở chiến trường miền Đông từ năm {nam_cu} đến khi giải phóng.",
                "{Toi} là con của người từng công tác ở vùng bị rải chất độc hóa học.",
            ),
            (
                "Hai người con trong nhà bị dị tật từ nhỏ, không tự lo được sinh hoạt.",
                "Cháu nội của ông cũng sinh ra với dị tật, phải có người chăm sóc suốt ngày.",
            ),
            (
                "Hồ sơ đã nộp từ năm {nam} nhưng còn thiếu giấy xác nhận của đơn vị cũ.",
                "Đơn vị cũ đã giải thể, {gd} không biết xin xác nhận ở đâu.",
            ),
            (
                "?{Gd} mong được hướng dẫn cách bổ sung giấy tờ.",
                "?Bố {toi} nay đã yếu, mong được thấy con cháu có chế độ.",
            ),
        ),
        req=(
            "hướng dẫn và tạo điều kiện để {gd} hoàn thiện hồ sơ hưởng chế độ",
            "xem xét giải quyết chế độ cho con cháu người bị nhiễm chất độc hóa học",
        ),
        traps=("khiếu nại", "trình bày"),
    ),
    T(
        id="tr.kng.cs.6",
        cat="kien_nghi",
        dom="chinh_sach",
        resp="none",
        matter=(
            "giải thích cách tính lương hưu của {toi}",
            "hỗ trợ người lao động tự do tham gia bảo hiểm xã hội tự nguyện",
        ),
        narr=(
            (
                "{Toi} đóng bảo hiểm xã hội được {n} năm ở hai công ty khác nhau.",
                "{Toi} làm công việc tự do, muốn đóng bảo hiểm để có lương hưu lúc già.",
            ),
            (
                "Khi nhận thông báo lương hưu, {toi} thấy mức hưởng thấp hơn nhiều so với dự tính.",
                "Mức đóng bảo hiểm tự nguyện quá cao so với thu nhập của người làm nông.",
            ),
            (
                "{Toi} không hiểu cách tính, hỏi thì chỉ được đưa một bảng số liệu khó hiểu.",
                "Nhiều người trong thôn bỏ dở giữa chừng vì không đủ tiền đóng.",
            ),
            (
                "?{Toi} chỉ muốn được giải thích cho rõ ràng.",
                "?Mong Nhà nước có mức hỗ trợ cao hơn cho người nghèo.",
            ),
        ),
        req=(
            "giải thích cụ thể cách tính lương hưu cho {toi}",
            "tăng mức hỗ trợ tiền đóng bảo hiểm xã hội tự nguyện cho người thu nhập thấp",
        ),
        traps=("khiếu nại", "phản ánh"),
    ),
    # ---------------------------------------------------------------- tu_phap
    T(
        id="tr.kng.tp.4",
        cat="kien_nghi",
        dom="tu_phap",
        resp="none",
        solo=True,
        matter=(
            "xét giảm án, khoan hồng cho con trai {toi}",
            "xem xét đặc xá cho người đang chấp hành án phạt tù",
        ),
        narr=(
            (
                "Con trai {toi} bị kết án {n} năm tù về tội trộm cắp tài sản năm {nam}.",
                "Năm {nam}, con {toi} phạm tội và đang chấp hành án ở trại giam.",
            ),
            (
                "Trong trại, cháu cải tạo tốt, nhiều lần được khen.",
                "Cháu đã nhận ra lỗi lầm, viết thư về xin lỗi gia đình và người bị hại.",
            ),
            (
                "{Gd} đã bồi thường đầy đủ cho người bị hại, có giấy bãi nại.",
                "Ở nhà có bố mẹ già yếu và con nhỏ không người chăm sóc.",
            ),
            (
                "?{Toi} xin hứa sẽ quản lý, giáo dục cháu khi về địa phương.",
                "?Chính quyền thôn cũng đồng ý xác nhận hoàn cảnh của {gd}.",
            ),
        ),
        req=(
            "đề xuất rút ngắn thời gian ở tù cho con {toi}",
            "đưa cháu vào danh sách đề nghị đặc xá, khoan hồng cho cháu",
        ),
        traps=("trình bày", "kêu cứu"),
    ),
    T(
        id="tr.kng.tp.5",
        cat="kien_nghi",
        dom="tu_phap",
        resp="none",
        matter=(
            "đẩy nhanh việc thi hành bản án dân sự cho {gd}",
            "tạo điều kiện để bản án có hiệu lực được thi hành",
        ),
        narr=(
            (
                "Bản án phúc thẩm năm {nam} tuyên buộc bên kia trả cho {gd} {tien}.",
                "{Gd} có đơn yêu cầu thi hành án từ ngày {ngay}.",
            ),
            (
                "Đến nay {gd} mới nhận được một phần rất nhỏ.",
                "Hồ sơ vẫn nằm ở cơ quan thi hành án, chưa có động tĩnh gì.",
            ),
            (
                "Người phải thi hành án vẫn kinh doanh bình thường, có nhà cửa khang trang.",
                "{Gd} không rõ còn phải làm gì để việc thi hành án được tiến hành.",
            ),
            (
                "?{Toi} đã ngoài bảy mươi tuổi, chỉ mong sớm được nhận lại tiền.",
                "?Khoản tiền đó là tiền dưỡng già của {gd}.",
            ),
        ),
        req=(
            "đôn đốc cơ quan thi hành án sớm tổ chức thi hành bản án cho {gd}",
            "thông báo tiến độ thi hành án cho {gd} được biết",
        ),
        traps=("khiếu nại", "phản ánh"),
    ),
    T(
        id="tr.kng.tp.6",
        cat="kien_nghi",
        dom="tu_phap",
        resp="none",
        solo=True,
        matter=(
            "hướng dẫn đăng ký khai sinh muộn cho cháu của {toi}",
            "cấp lại trích lục khai sinh khi sổ gốc bị mất",
        ),
        narr=(
            (
                "Cháu nội {toi} sinh năm {nam}, đến nay chưa được đăng ký khai sinh.",
                "Giấy khai sinh của {toi} bị mất, sổ hộ tịch gốc ở xã cũng bị hư hỏng sau trận lụt.",
            ),
            (
                "Bố mẹ cháu đi làm ăn xa, không rõ tung tích, nên không làm được giấy tờ.",
                "Thiếu giấy khai sinh, {toi} không làm được hồ sơ hưởng chế độ.",
            ),
            (
                "Không có giấy khai sinh, cháu không được nhập học.",
                "Cán bộ mỗi lúc chỉ dẫn khác nhau, {toi} chạy tới chạy lui mãi chưa xong.",
            ),
            (
                "?{Toi} có giấy chứng sinh của trạm y tế và người làm chứng.",
                "?Nhà cách xã hơn {km} cây số, đường sá khó đi.",
            ),
        ),
        req=(
            "hướng dẫn cụ thể và tạo điều kiện làm thủ tục hộ tịch cho {gd}",
            "cho phép đăng ký lại giấy tờ hộ tịch dựa trên giấy tờ sẵn có",
        ),
    ),
    # ---------------------------------------------------------------- moi_truong
    T(
        id="tr.kng.mt.4",
        cat="kien_nghi",
        dom="moi_truong",
        resp="none",
        matter=(
            "đầu tư hệ thống xử lý nước thải cho làng nghề {hamlet}",
            "xây dựng khu xử lý nước thải tập trung cho làng nghề",
        ),
        narr=(
            (
                "Ở {hamlet} có hơn {n_ho} hộ làm nghề tái chế và nấu rượu.",
                "Làng nghề ở {hamlet} đã có từ lâu đời, nuôi sống cả vùng.",
            ),
            (
                "Nước thải của cả làng đổ chung ra một con kênh, không qua xử lý.",
                "Các hộ làm nghề nhỏ lẻ, không đủ vốn tự xây bể xử lý.",
            ),
            (
                "Bà con sẵn sàng đóng góp một phần nếu Nhà nước đầu tư hệ thống chung.",
                "Người dân mong có mô hình xử lý phù hợp với quy mô hộ gia đình.",
            ),
            (
                "?Nhiều nơi khác đã làm được, đời sống bà con cải thiện rõ rệt.",
                "?Nếu có khu xử lý chung, làng nghề mới phát triển bền vững được.",
            ),
        ),
        req=(
            "đưa dự án xử lý nước thải làng nghề vào kế hoạch đầu tư",
            "hỗ trợ vốn và kỹ thuật để xây hệ thống xử lý nước thải",
        ),
        traps=("phản ánh", "trình bày"),
    ),
    T(
        id="tr.kng.mt.5",
        cat="kien_nghi",
        dom="moi_truong",
        resp="none",
        matter=(
            "tăng số chuyến thu gom rác tại {hamlet}",
            "bố trí thêm thùng rác và lịch thu gom cố định",
        ),
        narr=(
            (
                "Xe thu gom rác chỉ vào {hamlet} một tuần một lần.",
                "Cả khu dân cư {hamlet} chỉ có hai thùng rác công cộng.",
            ),
            (
                "Rác sinh hoạt phải để trước cửa nhiều ngày, mùa nóng bốc mùi.",
                "Nhiều hộ phải tự đốt hoặc mang rác ra bờ sông vứt.",
            ),
            (
                "Người dân sẵn sàng đóng phí vệ sinh cao hơn nếu được thu gom thường xuyên.",
                "Bà con mong có giờ thu gom cố định để để rác đúng lúc.",
            ),
            (
                "?Ý kiến này đã được nêu tại buổi họp tổ dân phố.",
                "?Khu vực có chợ nên lượng rác rất nhiều.",
            ),
        ),
        req=(
            "tăng tần suất thu gom rác và bố trí thêm thùng rác công cộng",
            "có lịch thu gom rác cố định cho {hamlet}",
        ),
    ),
    T(
        id="tr.kng.mt.6",
        cat="kien_nghi",
        dom="moi_truong",
        resp="none",
        matter=(
            "trồng cây xanh và tưới nước chống bụi trên tuyến đường qua {hamlet}",
            "cấm xe chở vật liệu không che phủ đi qua khu dân cư",
        ),
        narr=(
            (
                "Tuyến đường qua {hamlet} có hàng trăm lượt xe tải chở đất đá mỗi ngày.",
                "Từ khi mở mỏ đá, xe trọng tải lớn chạy qua khu dân cư suốt ngày đêm.",
            ),
            (
                "Bụi phủ trắng nhà cửa, cây cối hai bên đường.",
                "Nhiều xe không phủ bạt, đất đá rơi vãi khắp mặt đường.",
            ),
            (
                "Người dân mong có xe tưới nước thường xuyên và dải cây xanh chắn bụi.",
                "Bà con đề xuất phân luồng để xe tải không đi vào giờ học sinh tan trường.",
            ),
            (
                "?Trường mầm non nằm ngay cạnh đường.",
                "?Các hộ ven đường sẵn sàng tham gia trồng và chăm sóc cây.",
            ),
        ),
        req=(
            "tưới nước chống bụi hằng ngày và trồng cây xanh ven đường",
            "phân luồng, hạn chế giờ chạy của xe tải qua khu dân cư",
        ),
        traps=("phản ánh", "khiếu nại"),
    ),
]
