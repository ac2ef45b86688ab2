"""Pool "train": more templates of khiếu nại (đất đai, nhà ở, chính sách, tư pháp), each slot with several
wordings (data only; the format is described in :mod:`.content_tables_train`)."""

from __future__ import annotations

T = dict

KHIEU_NAI_D: list[dict] = [
    # ---------------------------------------------------------------- dat_dai
    T(
        id="tr.kn.dd.4",
        cat="khieu_nai",
        dom="dat_dai",
        resp="chair",
        solo=True,
        matter=(
            "quyết định xử phạt {gd} về hành vi lấn chiếm đất",
            "việc {resp} phạt tiền và buộc {gd} trả lại hiện trạng đất",
            "quyết định xử phạt vi phạm hành chính trong lĩnh vực đất đai số {so}",
        ),
        narr=(
            (
                "{Gd} làm chuồng trại trên phần đất bờ ao mà {gd} đã canh tác liên tục từ năm {nam_cu}.",
                "Phần đất ven mương phía sau nhà, {gd} vẫn trồng rau và nuôi gà suốt mấy chục năm nay.",
            ),
            (
                "Ngày {ngay}, {resp} ký quyết định xử phạt {gd} {tien_nho} vì cho rằng đã lấn chiếm đất công.",
                "{Resp} ra quyết định số {so} phạt tiền {gd} và buộc trả lại {dt_nho} m2 đất cho xã quản lý.",
                "Vừa qua {resp} xử phạt {gd} với lý do chiếm đất do xã quản lý, buộc phá bỏ chuồng trại.",
            ),
            (
                "Biên bản vi phạm được lập khi {toi} đi vắng, không ai đọc cho {toi} nghe.",
                "Đoàn kiểm tra không đo đạc, chỉ ước lượng diện tích bằng mắt.",
                "Trên bản đồ địa chính năm {nam_cu}, phần đất này vẫn ghi tên chủ sử dụng là bố {toi}.",
            ),
            (
                "?Quyết định phạt như vậy là sai về căn cứ và làm thiệt hại quyền lợi của {gd}.",
                "?{Toi} thấy mình bị phạt oan, vì đất này chưa bao giờ là đất công.",
            ),
        ),
        req=(
            "hủy quyết định xử phạt đối với {gd}",
            "xem xét lại nguồn gốc phần đất và thu hồi quyết định xử phạt",
            "đo đạc lại thực địa trước khi xử lý, trả lại số tiền phạt cho {gd}",
        ),
        traps=("phản ánh", "kêu oan"),
    ),
    T(
        id="tr.kn.dd.5",
        cat="khieu_nai",
        dom="dat_dai",
        resp="ubnd",
        matter=(
            "{resp} cưỡng chế kiểm đếm đất nông nghiệp của {gd}",
            "không được hỗ trợ chuyển đổi nghề khi bị thu hồi đất ruộng",
            "phương án hỗ trợ đào tạo nghề khi thu hồi đất lúa",
        ),
        narr=(
            (
                "Cả {gd} sống nhờ {dt} m2 đất lúa ở cánh đồng {hamlet}.",
                "{Gd} chỉ có mấy sào ruộng ở {hamlet}, không có nghề nào khác.",
            ),
            (
                "{Resp} thu hồi toàn bộ số ruộng này cho dự án {project} nhưng không hỗ trợ chuyển đổi nghề.",
                "Khi lập phương án, {resp} chỉ bồi thường đất, còn khoản hỗ trợ ổn định đời sống thì bỏ sót.",
                "Năm {nam}, {resp} tổ chức cưỡng chế kiểm đếm ruộng của {gd} khi các bên chưa đối thoại lần nào.",
            ),
            (
                "Lực lượng cưỡng chế đến từ sáng sớm, nhổ cả lúa đang trổ bông.",
                "Người dân được thông báo bằng loa chỉ trước hai ngày.",
                "Quyết định cưỡng chế không được giao trực tiếp cho {gd}.",
            ),
            (
                "?Nay {toi} đã ngoài sáu mươi tuổi, không biết làm gì để sống.",
                "?Hộ bên cạnh cùng hoàn cảnh lại được hỗ trợ đầy đủ, {toi} không hiểu vì sao.",
            ),
        ),
        req=(
            "xem xét lại phương án hỗ trợ, bổ sung tiền hỗ trợ chuyển đổi nghề cho {gd}",
            "làm rõ việc cưỡng chế kiểm đếm sai trình tự và bồi thường thiệt hại hoa màu",
        ),
    ),
    T(
        id="tr.kn.dd.6",
        cat="khieu_nai",
        dom="dat_dai",
        resp="land_officer",
        solo=True,
        matter=(
            "việc cấp đổi Giấy chứng nhận ghi thiếu diện tích đất của {gd}",
            "sổ đỏ mới bị giảm {dt_nho} m2 so với sổ cũ",
        ),
        narr=(
            (
                "Năm {nam}, {gd} làm thủ tục cấp đổi Giấy chứng nhận quyền sử dụng đất theo bản đồ mới.",
                "Khi có đợt đo đạc lại toàn xã, {gd} nộp sổ cũ để đổi sang sổ mới.",
            ),
            (
                "Hồ sơ do {resp} trực tiếp lập và trình ký.",
                "{Resp} là người đo vẽ và lập hồ sơ cấp đổi cho {gd}.",
            ),
            (
                "Sổ mới chỉ ghi {dt} m2, thiếu {dt_nho} m2 so với sổ cũ mà không có văn bản nào giải thích.",
                "Nhận sổ mới, {toi} mới biết diện tích bị cắt mất {dt_nho} m2, phần này lại nhập vào đất giao thông.",
            ),
            (
                "?Mốc giới ngoài thực địa không hề thay đổi, các hộ liền kề đều ký xác nhận.",
                "?{Toi} đã hỏi nhiều lần thì chỉ được trả lời là do máy đo sai số.",
                "?Ranh giới với các nhà xung quanh từ xưa đến nay vẫn vậy, không ai tranh chấp.",
            ),
        ),
        req=(
            "đo đạc lại và điều chỉnh Giấy chứng nhận đúng diện tích thực tế của {gd}",
            "đính chính sổ mới, ghi đủ diện tích cho {gd}",
        ),
        traps=("kiến nghị", "phản ánh"),
    ),
    # ---------------------------------------------------------------- nha_tai_san
    T(
        id="tr.kn.nts.4",
        cat="khieu_nai",
        dom="nha_tai_san",
        resp="ubnd",
        solo=True,
        matter=(
            "{resp} không chịu cấp phép cho {gd} dựng nhà mới",
            "việc không được cấp phép xây nhà trên đất đã có sổ đỏ",
        ),
        narr=(
            (
                "{Gd} có lô đất {dt} m2 đã được cấp sổ đỏ, định xây căn nhà {tang} tầng để ở.",
                "Căn nhà cũ của {gd} dột nát, {toi} muốn phá đi làm lại nhà mới trên nền đất cũ.",
            ),
            (
                "Hồ sơ xin phép xây dựng nộp ngày {ngay}, quá hạn ba tháng {resp} mới trả lời là không cấp.",
                "{Resp} có văn bản từ chối cấp giấy phép xây dựng với lý do khu đất sắp chỉnh trang đô thị.",
            ),
            (
                "Khu vực này chưa có quy hoạch chi tiết nào được công bố.",
                "Lý do nêu trong văn bản không dẫn căn cứ pháp luật nào.",
                "Nhà bên cạnh xây năm ngoái vẫn được cấp phép bình thường.",
            ),
            (
                "?Vì không có nhà, cả nhà {toi} phải đi ở nhờ họ hàng.",
                "?Vật liệu mua về từ đầu năm đã hư hỏng gần hết.",
            ),
        ),
        req=(
            "hủy văn bản từ chối và cấp giấy phép xây dựng cho {gd}",
            "nêu cụ thể điều luật nào làm căn cứ để từ chối",
        ),
    ),
    T(
        id="tr.kn.nts.5",
        cat="khieu_nai",
        dom="nha_tai_san",
        resp="chair",
        matter=(
            "quyết định buộc phá dỡ tường rào của {gd}",
            "việc {resp} cho rằng tường rào lấn lối đi chung và buộc tháo dỡ",
        ),
        narr=(
            (
                "Bức tường rào của {gd} xây từ năm {nam_cu}, đúng theo mốc giới trên sổ.",
                "Tường rào nhà {toi} có từ thời bố mẹ còn sống, chưa ai có ý kiến gì.",
            ),
            (
                "Ngày {ngay}, {resp} ra quyết định buộc {gd} tháo dỡ tường rào vì cho là lấn lối đi chung.",
                "{Resp} nghe theo đơn của một hộ phía trong, ký quyết định buộc phá tường rào nhà {toi}.",
            ),
            (
                "Lối đi đó vốn là đất của {gd} tự nguyện để lại cho các hộ phía trong đi nhờ.",
                "Không có buổi đo đạc nào với sự có mặt của {gd} trước khi ra quyết định.",
            ),
            (
                "?{Toi} không đồng ý với quyết định này vì nó sai sự thật.",
                "?Quyết định nêu sai cả số thửa đất của {gd}.",
            ),
        ),
        req=(
            "thu hồi quyết định buộc tháo dỡ tường rào",
            "tổ chức đo đạc công khai trước khi giải quyết, tạm dừng việc cưỡng chế",
        ),
        traps=("phản ánh", "tố cáo"),
    ),
    T(
        id="tr.kn.nts.6",
        cat="khieu_nai",
        dom="nha_tai_san",
        resp="ubnd",
        matter=(
            "{resp} đình chỉ thi công sửa chữa nhà của {gd}",
            "lệnh đình chỉ và niêm phong công trình sửa nhà",
        ),
        narr=(
            (
                "{Gd} đang thay mái ngói bị dột và lát lại nền nhà thì bị đoàn kiểm tra đến lập biên bản.",
                "Tháng {thang} năm {nam}, {gd} thuê thợ sửa lại bếp và nhà vệ sinh đã mục nát.",
            ),
            (
                "Ngay hôm sau, {resp} ra quyết định đình chỉ thi công và niêm phong dụng cụ của thợ.",
                "{Resp} cho rằng đây là xây dựng mới không phép, buộc dừng toàn bộ việc sửa chữa.",
            ),
            (
                "Sửa chữa bên trong, không đổi kết cấu thì không phải xin phép.",
                "Đồ đạc của thợ bị thu giữ, nhà thì đang dỡ dở, mưa xuống là ướt hết.",
            ),
            (
                "?{Toi} đã trình bày nhưng cán bộ không nghe.",
                "?Cả nhà {toi} có người già và trẻ nhỏ đang phải ngủ dưới mái che tạm.",
            ),
        ),
        req=(
            "hủy quyết định đình chỉ và cho {gd} tiếp tục sửa chữa nhà",
            "trả lại dụng cụ bị thu giữ và xem xét lại việc đình chỉ",
        ),
    ),
    # ---------------------------------------------------------------- chinh_sach
    T(
        id="tr.kn.cs.4",
        cat="khieu_nai",
        dom="chinh_sach",
        resp="social",
        solo=True,
        matter=(
            "việc bị cắt chế độ trợ cấp thương binh",
            "{resp} đình chỉ trợ cấp ưu đãi người có công đối với {toi}",
        ),
        narr=(
            (
                "{Toi} là thương binh, hưởng trợ cấp hằng tháng từ năm {nam_cu}.",
                "Từ năm {nam_cu}, {toi} được công nhận thương binh và nhận trợ cấp đều đặn.",
            ),
            (
                "Tháng {thang} năm {nam}, {resp} ra thông báo dừng chi trả vì hồ sơ thương tật có nghi vấn.",
                "Không có buổi làm việc nào, {resp} đột ngột ngừng trả trợ cấp cho {toi}.",
                "{Resp} có văn bản đình chỉ chế độ, yêu cầu {toi} hoàn trả {tien_nho} đã nhận.",
            ),
            (
                "Giấy chứng nhận bị thương và biên bản giám định đều còn lưu giữ đầy đủ.",
                "Hồ sơ gốc do đơn vị cũ lập, {toi} không hề sửa chữa gì.",
            ),
            (
                "?Trợ cấp là nguồn sống chính của {toi} lúc tuổi già.",
                "?Việc bị nghi ngờ làm {toi} rất buồn, vì đã cống hiến cả tuổi trẻ.",
            ),
        ),
        req=(
            "khôi phục chế độ trợ cấp và hủy yêu cầu hoàn trả đối với {toi}",
            "xem xét lại việc đình chỉ trợ cấp, cho {toi} được giám định lại nếu cần",
        ),
        traps=("kiến nghị", "kêu oan"),
    ),
    T(
        id="tr.kn.cs.5",
        cat="khieu_nai",
        dom="chinh_sach",
        resp="agency_head",
        solo=True,
        matter=(
            "quyết định kỷ luật buộc thôi việc đối với {toi}",
            "hình thức kỷ luật cảnh cáo do {resp} đề xuất",
        ),
        narr=(
            (
                "{Toi} là viên chức, công tác tại {dist} được {n} năm, chưa từng bị nhắc nhở.",
                "{Toi} làm nhân viên văn thư ở cơ quan huyện từ năm {nam_cu}.",
            ),
            (
                "Ngày {ngay}, {resp} ký quyết định kỷ luật buộc thôi việc đối với {toi} vì nghỉ quá số ngày.",
                "{Resp} đề xuất kỷ luật cảnh cáo {toi} với lý do làm thất lạc hồ sơ.",
            ),
            (
                "Những ngày nghỉ đó {toi} đều có đơn xin phép và giấy nằm viện.",
                "Hội đồng kỷ luật họp mà không mời {toi} đến trình bày.",
                "Hồ sơ thất lạc thuộc bộ phận khác, không do {toi} quản lý.",
            ),
            (
                "?Quyết định này ảnh hưởng đến việc làm và thu nhập của {gd}.",
                "?{Toi} đã đề nghị đối chất nhưng không được chấp nhận.",
            ),
        ),
        req=(
            "hủy quyết định kỷ luật đối với {toi}",
            "tổ chức họp lại hội đồng kỷ luật, cho {toi} được trình bày",
        ),
    ),
    T(
        id="tr.kn.cs.6",
        cat="khieu_nai",
        dom="chinh_sach",
        resp="ubnd",
        matter=(
            "việc {gd} bị đưa ra khỏi danh sách hộ nghèo",
            "quyết định công nhận hộ thoát nghèo không đúng thực tế",
            "{resp} cắt trợ cấp bảo trợ xã hội cho người khuyết tật",
        ),
        narr=(
            (
                "{Gd} có con bị khuyết tật nặng, nhiều năm được hưởng chính sách hộ nghèo.",
                "Nhà {toi} có người già yếu, ruộng ít, thu nhập không đủ ăn.",
            ),
            (
                "Đầu năm {nam}, {resp} công bố danh sách mới, {gd} bị đưa ra khỏi diện hộ nghèo.",
                "{Resp} ra quyết định công nhận {gd} thoát nghèo dù hoàn cảnh không thay đổi gì.",
                "Không thông báo trước, {resp} cắt khoản trợ cấp bảo trợ xã hội của con {toi}.",
            ),
            (
                "Cuộc bình xét ở thôn chỉ có vài người dự, {gd} không được mời.",
                "Cán bộ nói nhà {toi} có xe máy nên không còn nghèo.",
            ),
            (
                "?Thẻ bảo hiểm y tế của cả nhà cũng bị cắt theo.",
                "?Con {toi} đang phải chữa bệnh dài ngày, tiền thuốc rất tốn.",
            ),
        ),
        req=(
            "bình xét lại, công nhận {gd} vẫn thuộc diện hộ nghèo",
            "hủy quyết định cắt trợ cấp, chi trả lại các tháng đã bị dừng",
        ),
        traps=("phản ánh", "kiến nghị"),
    ),
    # ---------------------------------------------------------------- tu_phap
    T(
        id="tr.kn.tp.4",
        cat="khieu_nai",
        dom="tu_phap",
        resp="court",
        solo=True,
        matter=(
            "quyết định đình chỉ giải quyết vụ án chia thừa kế của {toi}",
            "việc {resp} đình chỉ vụ kiện vì cho rằng nguyên đơn vắng mặt",
        ),
        narr=(
            (
                "{Toi} là nguyên đơn trong vụ chia di sản thừa kế của cha mẹ, thụ lý từ năm {nam}.",
                "Năm {nam}, {toi} đứng đơn kiện yêu cầu chia phần đất hương hỏa ông bà để lại.",
            ),
            (
                "Ngày {ngay}, {resp} ra quyết định đình chỉ với lý do {toi} đã được triệu tập hợp lệ lần thứ hai "
                "mà vắng mặt.",
                "{Resp} đình chỉ giải quyết vụ án, coi như {toi} từ bỏ việc khởi kiện.",
            ),
            (
                "Giấy triệu tập gửi về địa chỉ cũ, {toi} không hề nhận được.",
                "Hôm đó {toi} đang cấp cứu ở bệnh viện tỉnh, có giấy ra viện chứng minh.",
            ),
            (
                "?Tiền tạm ứng án phí {toi} đã nộp bị sung công.",
                "?Đình chỉ như vậy làm {toi} mất quyền lợi hợp pháp đối với phần di sản.",
            ),
        ),
        req=(
            "hủy quyết định đình chỉ và tiếp tục giải quyết vụ án",
            "xem xét lại việc coi {toi} là vắng mặt không lý do",
        ),
    ),
    T(
        id="tr.kn.tp.5",
        cat="khieu_nai",
        dom="tu_phap",
        resp="ubnd",
        matter=(
            "{resp} từ chối chứng thực hợp đồng tặng cho nhà đất",
            "việc không được đăng ký cải chính năm sinh trong giấy khai sinh",
        ),
        narr=(
            (
                "Tháng {thang} năm {nam}, {toi} đến bộ phận một cửa để làm thủ tục hộ tịch.",
                "Bố mẹ {toi} muốn làm hợp đồng tặng cho căn nhà cho {toi}.",
            ),
            (
                "{Resp} có công văn nói không chứng thực được vì còn thiếu chữ ký của anh chị em.",
                "Hồ sơ nộp đủ nhưng {resp} từ chối giải quyết, chỉ nói là phải chờ xin ý kiến cấp trên.",
                "{Resp} không chấp nhận cải chính năm sinh dù {toi} có học bạ gốc ghi đúng.",
            ),
            (
                "Tài sản đứng tên riêng bố mẹ, pháp luật không buộc các con phải ký.",
                "Lần hẹn thứ ba vẫn chưa có kết quả, cũng không có giấy hẹn mới.",
            ),
            (
                "?{Toi} phải đi lại nhiều lần, mất hàng tuần công làm.",
                "?Cán bộ tiếp nhận không hướng dẫn cụ thể phải bổ sung giấy gì.",
            ),
        ),
        req=(
            "chỉ đạo giải quyết hồ sơ hộ tịch của {toi} đúng quy định",
            "hủy văn bản từ chối chứng thực và giải quyết hồ sơ cho {gd}",
        ),
        traps=("phản ánh", "kiến nghị"),
    ),
    T(
        id="tr.kn.tp.6",
        cat="khieu_nai",
        dom="tu_phap",
        resp="enforcement",
        matter=(
            "việc kê biên căn nhà của {gd} để thi hành án",
            "{resp} định giá tài sản kê biên quá thấp",
        ),
        narr=(
            (
                "{Gd} là người phải thi hành án trong vụ vay nợ với số tiền {tien}.",
                "Theo bản án năm {nam}, {gd} phải trả một khoản nợ {tien}.",
            ),
            (
                "{Resp} kê biên cả căn nhà duy nhất của {gd} dù giá trị lớn gấp nhiều lần khoản nợ.",
                "Ngày {ngay}, {resp} tổ chức kê biên và định giá căn nhà chỉ bằng một nửa giá thị trường.",
            ),
            (
                "{Gd} có đất vườn đủ để trả nợ và đã đề nghị kê biên phần đất này trước.",
                "Biên bản định giá không có chữ ký của {gd}.",
            ),
            (
                "?{Toi} đã trả được một phần nợ nhưng không được trừ vào số phải thi hành.",
                "?Cả nhà có nguy cơ mất chỗ ở.",
            ),
        ),
        req=(
            "xem xét lại việc kê biên và định giá lại tài sản của {gd}",
            "tạm dừng bán đấu giá căn nhà cho đến khi giải quyết xong khiếu nại",
        ),
    ),
]
