"""Pool "train": templates of khiếu nại (data only; the format is described in
:mod:`.content_tables_train`)."""

from __future__ import annotations

T = dict

KHIEU_NAI: list[dict] = [
    # ---------------------------------------------------------------- dat_dai
    T(
        id="tr.kn.dd.1",
        cat="khieu_nai",
        dom="dat_dai",
        resp="ubnd",
        matter=(
            "không đồng ý với mức bồi thường khi {resp} thu hồi đất của {gd}",
            "{resp} thu hồi đất nhưng bồi thường không thỏa đáng",
        ),
        narr=(
            "{Gd} có thửa đất số {thua}, tờ bản đồ số {to} tại {hamlet}, sử dụng ổn định từ năm {nam_cu}.",
            (
                "Ngày {ngay}, {resp} ban hành quyết định thu hồi {dt} m2 đất của {gd} để làm dự án {project}.",
                "Năm {nam}, {resp} ra quyết định thu hồi phần lớn diện tích đất của {gd} để thực hiện dự án "
                "{project}.",
            ),
            (
                "Đơn giá bồi thường chỉ {gia} đồng/m2, không bằng một phần ba giá đất thực tế ở địa phương.",
                "Phần đất vườn liền kề đất ở của {gd} chỉ được tính theo giá đất nông nghiệp.",
            ),
            "?{Toi} đã ký biên bản nhưng ghi rõ là không đồng ý với phương án bồi thường.",
            "?Mất đất sản xuất, cả nhà {toi} không còn nguồn thu nhập ổn định.",
        ),
        req=(
            "xem xét lại quyết định thu hồi đất và tính lại giá bồi thường cho {gd}",
            "hủy phương án bồi thường đã phê duyệt, áp giá đúng quy định cho {gd}",
        ),
    ),
    T(
        id="tr.kn.dd.2",
        cat="khieu_nai",
        dom="dat_dai",
        resp="chair",
        solo=True,
        matter=(
            "{resp} từ chối cấp Giấy chứng nhận quyền sử dụng đất cho {gd}",
            "việc không được cấp sổ đỏ cho thửa đất {gd} đang sử dụng",
        ),
        narr=(
            "Thửa đất {gd} đang ở được ông bà để lại từ năm {nam_cu}, các hộ liền kề đều xác nhận ranh giới.",
            (
                "Tháng {thang} năm {nam}, {toi} nộp hồ sơ xin cấp Giấy chứng nhận quyền sử dụng đất nhưng "
                "{resp} trả hồ sơ với lý do đất nằm trong quy hoạch.",
                "{Resp} đã ký văn bản trả lại hồ sơ cấp sổ đỏ của {gd}, cho rằng nguồn gốc đất chưa rõ ràng.",
            ),
            "Trong khi đó, nhiều hộ xung quanh có cùng nguồn gốc đất lại được cấp giấy bình thường.",
            "?{Gd} vẫn nộp thuế sử dụng đất đầy đủ hằng năm.",
            "?Cán bộ địa chính xã cũng từng xác nhận đất của {gd} đủ điều kiện cấp giấy.",
        ),
        req=(
            "hủy văn bản trả hồ sơ và cấp Giấy chứng nhận quyền sử dụng đất cho {gd}",
            "xem xét lại việc từ chối cấp giấy đối với thửa đất số {thua}",
        ),
    ),
    T(
        id="tr.kn.dd.3",
        cat="khieu_nai",
        dom="dat_dai",
        resp="ubnd",
        matter=(
            "không được bố trí tái định cư khi bị thu hồi hết đất ở",
            "quyết định không giao đất tái định cư cho {gd}",
        ),
        narr=(
            "{Gd} bị thu hồi toàn bộ {dt} m2 đất ở để thực hiện dự án {project}.",
            (
                "{Resp} có văn bản cho rằng {gd} không đủ điều kiện được giao đất tái định cư.",
                "Khi xét tái định cư, {resp} loại {gd} ra khỏi danh sách mà không giải thích.",
            ),
            "Lý do được đưa ra là {gd} còn nhà ở nơi khác, nhưng thực tế đó là nhà của con trai đã tách hộ.",
            "?Hiện cả nhà {toi} phải đi thuê trọ, cuộc sống rất chật vật.",
            "?{Toi} đã nộp đủ giấy xác nhận tách hộ của con trai nhưng không được xem xét.",
        ),
        req="xem xét lại và giao đất tái định cư cho {gd} theo đúng quy định",
        traps=("kiến nghị", "phản ánh"),
    ),
    # ---------------------------------------------------------------- nha_tai_san
    T(
        id="tr.kn.nts.1",
        cat="khieu_nai",
        dom="nha_tai_san",
        resp="chair",
        solo=True,
        matter=(
            "quyết định buộc tháo dỡ công trình nhà ở của {gd}",
            "{resp} ra quyết định cưỡng chế phá dỡ nhà của {gd}",
        ),
        narr=(
            "Năm {nam}, {gd} cải tạo lại căn nhà cấp bốn đã xuống cấp trên nền nhà cũ.",
            (
                "Ngày {ngay}, {resp} ký quyết định buộc {gd} tháo dỡ phần công trình xây thêm.",
                "{Resp} cho rằng {gd} xây dựng không phép và ra quyết định cưỡng chế phá dỡ.",
            ),
            "Phần sửa chữa này không làm thay đổi kết cấu chịu lực, không thuộc trường hợp phải xin phép.",
            "?Khi lập biên bản, cán bộ không đo đạc thực tế mà chỉ nhìn từ ngoài đường.",
            "?Nhiều nhà xung quanh sửa chữa tương tự nhưng không bị xử lý.",
        ),
        req=("hủy quyết định buộc tháo dỡ đối với nhà của {gd}", "đình chỉ việc cưỡng chế nhà của {gd}"),
    ),
    T(
        id="tr.kn.nts.2",
        cat="khieu_nai",
        dom="nha_tai_san",
        resp="ubnd",
        matter=(
            "việc thu hồi căn hộ nhà ở xã hội {gd} đã được xét duyệt",
            "quyết định hủy kết quả xét duyệt mua nhà ở xã hội của {gd}",
        ),
        narr=(
            "Năm {nam}, {gd} được xét duyệt mua một căn hộ nhà ở xã hội và đã nộp đủ tiền đợt đầu là {tien}.",
            "Sau đó {resp} ra văn bản hủy kết quả xét duyệt vì cho rằng {gd} đã có nhà ở khác.",
            "Căn nhà đó thực chất là nhà thờ họ, {gd} không có quyền sở hữu.",
            "?{Toi} đã gửi giấy tờ chứng minh nhưng không được xem xét.",
            "?{Gd} đã bán căn nhà cũ để có tiền nộp cho dự án.",
        ),
        req="khôi phục quyền mua căn hộ nhà ở xã hội cho {gd}",
        solo=True,
    ),
    T(
        id="tr.kn.nts.3",
        cat="khieu_nai",
        dom="nha_tai_san",
        resp="chair",
        matter=(
            "quyết định xử phạt và buộc tháo dỡ mái che trước nhà",
            "{resp} xử phạt vi phạm hành chính về trật tự xây dựng đối với {gd}",
        ),
        narr=(
            "{Gd} làm mái che bằng tôn phía trước nhà để che nắng mưa cho việc buôn bán nhỏ.",
            "Ngày {ngay}, {resp} ký quyết định xử phạt {gd} {tien_nho} và buộc tháo dỡ toàn bộ mái che.",
            (
                "Mái che hoàn toàn nằm trong phần đất của {gd}, không lấn ra vỉa hè.",
                "Cả dãy phố đều làm mái che giống nhau nhưng chỉ {gd} bị xử phạt.",
            ),
            "?Biên bản vi phạm lập khi {toi} đi vắng, không có ai ký chứng kiến.",
        ),
        req="hủy quyết định xử phạt đối với {gd}",
        traps=("phản ánh", "kiến nghị"),
    ),
    # ---------------------------------------------------------------- chinh_sach
    T(
        id="tr.kn.cs.1",
        cat="khieu_nai",
        dom="chinh_sach",
        resp="social",
        solo=True,
        matter=(
            "việc bị cắt chế độ trợ cấp thương binh",
            "{resp} dừng chi trả trợ cấp người có công cho {toi}",
        ),
        narr=(
            "{Toi} là thương binh hạng 3/4, hưởng trợ cấp hằng tháng từ năm {nam_cu}.",
            (
                "Từ tháng {thang} năm {nam}, {resp} dừng chi trả trợ cấp với lý do hồ sơ gốc bị thất lạc.",
                "{Resp} thông báo tạm dừng trợ cấp của {toi} để rà soát hồ sơ, đến nay đã hơn một năm.",
            ),
            "Việc hồ sơ thất lạc là lỗi của cơ quan lưu trữ chứ không phải của {toi}.",
            "?Tuổi đã cao, bệnh tật nhiều, khoản trợ cấp này là nguồn sống chính của {toi}.",
        ),
        req="khôi phục chế độ trợ cấp và truy lĩnh số tiền bị dừng chi trả cho {toi}",
        traps=("kêu cứu", "phản ánh"),
    ),
    T(
        id="tr.kn.cs.2",
        cat="khieu_nai",
        dom="chinh_sach",
        resp="agency_head",
        solo=True,
        matter=(
            "quyết định kỷ luật cách chức đối với {toi}",
            "hình thức kỷ luật buộc thôi việc mà {toi} phải nhận",
        ),
        narr=(
            "{Toi} là công chức của {ward}, công tác liên tục từ năm {nam_cu}.",
            (
                "Ngày {ngay}, {resp} ký quyết định kỷ luật {toi} bằng hình thức cách chức.",
                "Theo đề xuất của {resp}, {toi} bị kỷ luật buộc thôi việc.",
            ),
            "Hội đồng kỷ luật họp khi {toi} đang điều trị tại bệnh viện, không được mời để giải trình.",
            "?Lỗi được nêu trong quyết định là do cấp trên chỉ đạo, {toi} chỉ làm theo.",
            "?Trong nhiều năm liền {toi} đều được đánh giá hoàn thành tốt nhiệm vụ.",
        ),
        req="xem xét lại quyết định kỷ luật đối với {toi}",
    ),
    T(
        id="tr.kn.cs.3",
        cat="khieu_nai",
        dom="chinh_sach",
        resp="social",
        matter=(
            "việc tính sai thời gian đóng bảo hiểm xã hội khi giải quyết chế độ hưu trí",
            "mức lương hưu {resp} tính cho {toi} thấp hơn quy định",
        ),
        narr=(
            "{Toi} có {n} năm làm công nhân ở nông trường trước khi chuyển sang công tác tại {ward}.",
            "Khi giải quyết chế độ hưu trí, {resp} không cộng khoảng thời gian này vào thời gian đóng bảo hiểm.",
            "Vì vậy mức lương hưu của {toi} bị tính thấp hơn nhiều so với đồng nghiệp cùng thời gian công tác.",
            "?{Toi} có đủ sổ lương và quyết định điều động của thời kỳ đó.",
        ),
        req="tính lại thời gian đóng bảo hiểm xã hội và điều chỉnh mức lương hưu cho {toi}",
    ),
    # ---------------------------------------------------------------- tu_phap
    T(
        id="tr.kn.tp.1",
        cat="khieu_nai",
        dom="tu_phap",
        resp="enforcement",
        matter=(
            "việc kê biên, bán đấu giá tài sản của {gd} khi thi hành án",
            "{resp} cưỡng chế thi hành án không đúng quy định",
        ),
        narr=(
            "{Gd} là người phải thi hành bản án dân sự về khoản nợ {tien}.",
            (
                "Tháng {thang} năm {nam}, {resp} kê biên căn nhà duy nhất của {gd} dù {gd} đã trả được hơn nửa "
                "số nợ.",
                "{Resp} định giá căn nhà của {gd} thấp hơn nhiều so với giá thị trường rồi đưa ra bán đấu giá.",
            ),
            "{Gd} không được thông báo kết quả thẩm định giá nên không có cơ hội yêu cầu định giá lại.",
            "?Nhiều lần {toi} xin trả dần số tiền còn lại nhưng không được chấp nhận.",
        ),
        req="hủy quyết định kê biên và tổ chức định giá lại tài sản của {gd}",
        traps=("kêu cứu", "tố cáo"),
    ),
    T(
        id="tr.kn.tp.2",
        cat="khieu_nai",
        dom="tu_phap",
        resp="cadre",
        matter=(
            "việc từ chối đăng ký khai sinh cho con của {toi}",
            "cán bộ hộ tịch không giải quyết đăng ký khai sinh",
        ),
        narr=(
            "Con của {toi} sinh năm {nam}, đến nay chưa được làm giấy khai sinh.",
            "{Resp} từ chối đăng ký khai sinh vì {toi} chưa có giấy đăng ký kết hôn.",
            "{Toi} đã xuất trình giấy chứng sinh của bệnh viện và sổ hộ khẩu nhưng vẫn bị trả hồ sơ.",
            "?Cháu không có giấy khai sinh nên không thể nhập học đúng tuổi.",
        ),
        req="hướng dẫn và đăng ký khai sinh cho con của {toi} theo quy định",
        solo=True,
        traps=("phản ánh", "đề nghị"),
    ),
    T(
        id="tr.kn.tp.3",
        cat="khieu_nai",
        dom="tu_phap",
        resp="enforcement",
        matter=(
            "chậm thi hành bản án buộc bên kia trả tiền cho {gd}",
            "việc {resp} không tổ chức thi hành bản án đã có hiệu lực",
        ),
        narr=(
            "Năm {nam}, tòa án xử buộc ông {other} phải trả cho {gd} số tiền {tien}.",
            "Bản án đã có hiệu lực và {toi} đã nộp đơn yêu cầu thi hành án từ tháng {thang} năm {nam}.",
            "Đến nay {resp} vẫn chưa tổ chức thi hành, trong khi người phải thi hành án đang tẩu tán tài sản.",
            "?Mỗi lần {toi} lên hỏi đều chỉ được trả lời là đang xác minh điều kiện thi hành án.",
        ),
        req="khẩn trương tổ chức thi hành bản án cho {gd}",
    ),
    # ---------------------------------------------------------------- dang_doan_the
    T(
        id="tr.kn.ddt.1",
        cat="khieu_nai",
        dom="dang_doan_the",
        resp="party_body",
        solo=True,
        matter=(
            "quyết định kỷ luật khai trừ ra khỏi Đảng đối với {toi}",
            "hình thức kỷ luật đảng mà {resp} đã áp dụng với {toi}",
        ),
        narr=(
            "{Toi} là đảng viên sinh hoạt tại chi bộ thôn từ năm {nam_cu}.",
            (
                "Ngày {ngay}, {resp} quyết định thi hành kỷ luật {toi} bằng hình thức khai trừ khỏi Đảng.",
                "{Resp} kết luận {toi} vi phạm quy định về những điều đảng viên không được làm và đề nghị khai "
                "trừ.",
            ),
            "{Toi} không được đọc kết luận kiểm tra và không được trình bày ý kiến trước chi bộ.",
            "?Nội dung vi phạm nêu trong quyết định là chuyện tranh chấp trong gia đình đã được hòa giải xong.",
        ),
        req="xem xét lại quyết định kỷ luật đảng đối với {toi}",
    ),
    T(
        id="tr.kn.ddt.2",
        cat="khieu_nai",
        dom="dang_doan_the",
        resp="party_body",
        matter=(
            "việc không công nhận đảng viên chính thức cho {toi}",
            "quyết định xóa tên {toi} khỏi danh sách đảng viên",
        ),
        narr=(
            "{Toi} được kết nạp vào Đảng năm {nam} và đã hết thời gian dự bị.",
            "{Resp} không đề nghị công nhận đảng viên chính thức mà ra quyết định xóa tên {toi}.",
            "Lý do được nêu là {toi} không tham gia sinh hoạt, trong khi {toi} đi làm xa đã có đơn xin phép.",
            "?Những đảng viên cùng đợt đi làm ăn xa khác vẫn được công nhận chính thức.",
        ),
        req="xem xét lại việc xóa tên và công nhận đảng viên chính thức cho {toi}",
        solo=True,
    ),
    T(
        id="tr.kn.ddt.3",
        cat="khieu_nai",
        dom="dang_doan_the",
        resp="party_body",
        matter="hình thức khiển trách về mặt Đảng đối với {toi}",
        narr=(
            "Tháng {thang} năm {nam}, {resp} xem xét và thi hành kỷ luật khiển trách đối với {toi}.",
            "Căn cứ kỷ luật là một lá đơn nặc danh chưa được xác minh.",
            "{Toi} đã gửi bản tường trình và chứng cứ nhưng cấp ủy không xem xét.",
            "?Người viết đơn nặc danh đó đến nay vẫn không xác định được là ai.",
        ),
        req="xóa bỏ hình thức kỷ luật khiển trách đối với {toi}",
        solo=True,
    ),
    # ---------------------------------------------------------------- khac
    T(
        id="tr.kn.k.1",
        cat="khieu_nai",
        dom="khac",
        resp="ubnd",
        matter=(
            "việc thu hồi giấy phép kinh doanh của {gd}",
            "{resp} không gia hạn giấy phép kinh doanh cho cửa hàng của {gd}",
        ),
        narr=(
            "{Gd} kinh doanh tạp hóa tại {hamlet} từ năm {nam_cu}, luôn chấp hành đúng quy định.",
            "Tháng {thang} năm {nam}, {resp} ra quyết định thu hồi giấy chứng nhận đăng ký hộ kinh doanh của {gd}.",
            "Quyết định không nêu hành vi vi phạm cụ thể nào.",
            "?Gia đình {toi} sống chủ yếu nhờ cửa hàng này.",
        ),
        req="hủy quyết định thu hồi giấy phép kinh doanh của {gd}",
    ),
    T(
        id="tr.kn.k.2",
        cat="khieu_nai",
        dom="khac",
        resp="school",
        solo=True,
        matter=(
            "việc con {toi} bị buộc chuyển trường",
            "quyết định kỷ luật đuổi học đối với con của {toi}",
        ),
        narr=(
            "Con {toi} đang học lớp {n} tại trường trên địa bàn {ward}.",
            "{Resp} ra quyết định kỷ luật buộc cháu chuyển trường sau một lần xô xát với bạn cùng lớp.",
            "Gia đình không được mời họp hội đồng kỷ luật và không được xem biên bản.",
            "?Cháu vốn là học sinh khá, chưa từng bị nhắc nhở lần nào.",
        ),
        req="xem xét lại hình thức kỷ luật đối với con của {toi}",
    ),
    T(
        id="tr.kn.k.3",
        cat="khieu_nai",
        dom="khac",
        resp="police",
        matter=(
            "quyết định xử phạt vi phạm hành chính về giao thông đối với {toi}",
            "việc bị tạm giữ xe máy quá thời hạn",
        ),
        narr=(
            "Ngày {ngay}, {toi} bị lập biên bản vì dừng xe trên đường và bị tạm giữ xe máy.",
            "{Resp} ra quyết định xử phạt {toi} {tien_nho} nhưng không ghi rõ lỗi vi phạm.",
            "Đã hơn hai tháng, xe của {toi} vẫn chưa được trả dù {toi} đã nộp phạt.",
            "?Biên bản ghi địa điểm vi phạm khác với nơi {toi} thực tế dừng xe.",
        ),
        req="hủy quyết định xử phạt và trả lại phương tiện cho {toi}",
        solo=True,
    ),
    # ---------------------------------------------------------------- moi_truong
    T(
        id="tr.kn.mt.1",
        cat="khieu_nai",
        dom="moi_truong",
        resp="chair",
        matter=(
            "quyết định xử phạt về bảo vệ môi trường đối với trang trại của {gd}",
            "việc bị đình chỉ hoạt động chăn nuôi",
        ),
        narr=(
            "{Gd} có trại nuôi lợn nhỏ tại {hamlet}, đã làm hầm biogas và bể lắng theo hướng dẫn.",
            "Ngày {ngay}, {resp} ra quyết định phạt {gd} {tien_nho} và đình chỉ chăn nuôi ba tháng vì gây ô "
            "nhiễm.",
            "Kết quả lấy mẫu nước thải không được công bố, {gd} không được chứng kiến việc lấy mẫu.",
            "?Trang trại đã được cán bộ môi trường huyện kiểm tra năm trước và không có vi phạm.",
        ),
        req="hủy quyết định xử phạt và cho {gd} tiếp tục chăn nuôi",
    ),
    T(
        id="tr.kn.mt.2",
        cat="khieu_nai",
        dom="moi_truong",
        resp="ubnd",
        matter="mức thu phí vệ sinh môi trường áp cho {gd}",
        narr=(
            "Từ năm {nam}, {gd} bị thu phí vệ sinh theo mức dành cho hộ kinh doanh.",
            "{Resp} xếp {gd} vào diện kinh doanh chỉ vì có một quầy bán nước nhỏ trước cửa.",
            "Rác thải của {gd} rất ít, lại không được thu gom đều đặn.",
            "?Nhiều hộ buôn bán lớn hơn lại chỉ phải nộp mức phí của hộ gia đình.",
        ),
        req="điều chỉnh lại mức phí vệ sinh môi trường cho {gd}",
        traps=("phản ánh",),
    ),
    T(
        id="tr.kn.mt.3",
        cat="khieu_nai",
        dom="moi_truong",
        resp="ubnd",
        matter="việc cấm khai thác cát tại khu vực {gd} đã được cấp phép",
        narr=(
            "{Gd} được cấp phép khai thác cát lòng sông với thời hạn năm năm.",
            "Mới hoạt động được một năm, {resp} ra văn bản đình chỉ mà không nêu rõ căn cứ.",
            "Các thiết bị {gd} đã đầu tư gần {tien} nay phải nằm chờ.",
            "?{Gd} luôn nộp thuế tài nguyên và phí bảo vệ môi trường đầy đủ.",
        ),
        req="xem xét lại văn bản đình chỉ khai thác đối với {gd}",
    ),
]
