"""Pool "heldout": templates of khiếu nại and tố cáo (data only; format in :mod:`.content_tables_train`)."""

from __future__ import annotations

T = dict

KHIEU_NAI: list[dict] = [
    # ---------------------------------------------------------------- dat_dai
    T(
        id="ho.kn.dd.1",
        cat="khieu_nai",
        dom="dat_dai",
        resp="chair",
        matter=(
            "phương án đền bù giải tỏa mà {resp} phê duyệt cho {gd}",
            "số tiền đền bù quá thấp khi giải tỏa mặt bằng",
        ),
        narr=(
            "Mảnh vườn {dt} m2 của {gd} nằm trong phạm vi giải tỏa của dự án {project}.",
            (
                "Theo phương án do {resp} phê duyệt, {gd} chỉ nhận được {tien} cho toàn bộ đất, cây trồng và "
                "chuồng trại.",
                "{Resp} phê duyệt mức đền bù mà {toi} thấy chưa bằng giá mua bán thực tế ở ngay cạnh.",
            ),
            "Cây ăn quả đang cho thu hoạch bị áp giá như cây mới trồng.",
            "?Các hộ ở đầu kia dự án lại được tính giá cao hơn hẳn.",
        ),
        req=("tính toán lại khoản đền bù cho {gd}", "hủy phương án đền bù và lập lại theo giá thị trường"),
        traps=("phản ánh", "kêu cứu"),
    ),
    T(
        id="ho.kn.dd.2",
        cat="khieu_nai",
        dom="dat_dai",
        resp="ubnd",
        solo=True,
        matter=(
            "việc {resp} thu hồi sổ đỏ đã cấp cho {gd}",
            "quyết định hủy Giấy chứng nhận đã cấp cho thửa đất số {thua}",
        ),
        narr=(
            "Thửa đất số {thua} được cấp giấy chứng nhận đứng tên {toi} từ năm {nam_cu}.",
            "Năm {nam}, {resp} bất ngờ ra quyết định thu hồi giấy chứng nhận này vì cho rằng cấp sai đối tượng.",
            "{Toi} không được mời làm việc, cũng không được giải thích sai ở chỗ nào.",
            "?Suốt bao năm {gd} vẫn đóng thuế đất đều đặn, chưa ai nói gì.",
        ),
        req="giữ nguyên giấy chứng nhận đã cấp cho {gd}",
    ),
    # ---------------------------------------------------------------- nha_tai_san
    T(
        id="ho.kn.nts.1",
        cat="khieu_nai",
        dom="nha_tai_san",
        resp="ubnd",
        solo=True,
        matter=(
            "việc không cấp giấy phép xây dựng nhà ở cho {gd}",
            "văn bản {resp} bác hồ sơ xin phép xây nhà",
        ),
        narr=(
            "{Toi} nộp hồ sơ xin phép xây căn nhà hai tầng trên đất ở đã có sổ.",
            "Sau hơn hai tháng, {resp} trả lời không cấp phép vì khu đất sắp mở đường, nhưng không đưa ra bản đồ "
            "nào.",
            "Ngôi nhà cũ đã nứt toác, cả nhà phải ở tạm trong căn bếp.",
            "?Mảnh đất không nằm trên bản quy hoạch nào mà {toi} được xem ở xã.",
        ),
        req="cấp phép xây dựng cho {gd} hoặc trả lời rõ căn cứ pháp lý",
    ),
    T(
        id="ho.kn.nts.2",
        cat="khieu_nai",
        dom="nha_tai_san",
        resp="chair",
        matter=(
            "lệnh cưỡng chế tháo dỡ ki-ốt của {gd}",
            "{resp} buộc {gd} phá bỏ gian hàng đang kinh doanh",
        ),
        narr=(
            "{Gd} thuê lại ki-ốt ở chợ {ward} theo hợp đồng mười năm, còn bốn năm nữa mới hết hạn.",
            "Tháng {thang} năm {nam}, {resp} ra lệnh cưỡng chế tháo dỡ toàn bộ dãy ki-ốt để xây chợ mới.",
            "Tiền {gd} bỏ ra sửa sang gian hàng không được tính hỗ trợ đồng nào.",
            "?Buổi họp bàn việc di dời chợ không có mặt tiểu thương nào.",
        ),
        req="thu hồi lệnh cưỡng chế và tính hỗ trợ cho {gd}",
        traps=("phản ánh",),
    ),
    # ---------------------------------------------------------------- chinh_sach
    T(
        id="ho.kn.cs.1",
        cat="khieu_nai",
        dom="chinh_sach",
        resp="social",
        solo=True,
        matter=(
            "việc {resp} từ chối trả tiền tuất hằng tháng cho mẹ {toi}",
            "khoản tiền tuất hằng tháng mẹ {toi} bị từ chối",
        ),
        narr=(
            "Bố {toi} là công nhân viên chức nghỉ hưu, mất vào tháng {thang} năm {nam}.",
            "Mẹ {toi} đã ngoài tám mươi tuổi, không có lương hưu, đủ điều kiện hưởng tuất hằng tháng.",
            "Thế nhưng {resp} chỉ giải quyết trợ cấp một lần, nói rằng hồ sơ thiếu giấy xác nhận thu nhập.",
            "?Mẹ {toi} không có con nào đủ sức phụng dưỡng thường xuyên.",
        ),
        req="giải quyết chế độ tuất hằng tháng cho mẹ {toi}",
    ),
    T(
        id="ho.kn.cs.2",
        cat="khieu_nai",
        dom="chinh_sach",
        resp="agency_head",
        solo=True,
        matter=(
            "việc {toi} bị hạ bậc lương sau đợt đánh giá cán bộ",
            "kết quả xếp loại không hoàn thành nhiệm vụ đối với {toi}",
        ),
        narr=(
            "Năm {nam}, {toi} bị xếp loại không hoàn thành nhiệm vụ và bị hạ một bậc lương.",
            "Việc đánh giá do {resp} chủ trì, không dựa trên bản tự đánh giá của {toi}.",
            "Cả năm {toi} không vắng buổi nào và đều hoàn thành các việc được giao đúng hạn.",
            "?Những người cùng tổ được xếp loại tốt dù làm ít việc hơn.",
        ),
        req="đánh giá lại kết quả công tác và khôi phục bậc lương cho {toi}",
    ),
    # ---------------------------------------------------------------- tu_phap
    T(
        id="ho.kn.tp.1",
        cat="khieu_nai",
        dom="tu_phap",
        resp="enforcement",
        matter=(
            "việc phong tỏa tài khoản của {gd} khi thi hành án",
            "{resp} khấu trừ nhầm tài khoản tiết kiệm",
        ),
        narr=(
            "Cuối năm {nam}, ngân hàng báo sổ tiết kiệm của {toi} bị phong tỏa theo yêu cầu của {resp}.",
            "Khoản nợ phải thi hành là của người em trai, {toi} chỉ đứng tên chung trên một giấy vay cũ.",
            "Số tiền bị giữ là tiền dưỡng già và chữa bệnh của {gd}.",
            "?Cả nhà đã mang giấy tờ lên trình bày nhưng bị bảo về chờ.",
        ),
        req="gỡ bỏ lệnh phong tỏa tài khoản của {toi}",
        traps=("kêu cứu", "kêu oan"),
    ),
    T(
        id="ho.kn.tp.2",
        cat="khieu_nai",
        dom="tu_phap",
        resp="court",
        matter=(
            "việc {resp} trả lại đơn khởi kiện của {toi}",
            "quyết định không thụ lý vụ kiện đòi nợ",
        ),
        narr=(
            "{Toi} khởi kiện đòi khoản tiền {tien} mà một người quen vay từ năm {nam}.",
            "{Resp} ra thông báo trả lại đơn khởi kiện với lý do đã hết thời hiệu.",
            "Theo {toi}, người vay vẫn viết giấy hẹn trả vào năm ngoái nên thời hiệu phải tính lại.",
            "?Giấy hẹn trả nợ có chữ ký của người vay, {toi} vẫn giữ bản gốc.",
        ),
        req="nhận lại đơn khởi kiện và thụ lý vụ án của {toi}",
        solo=True,
    ),
    # ---------------------------------------------------------------- dang_doan_the
    T(
        id="ho.kn.ddt.1",
        cat="khieu_nai",
        dom="dang_doan_the",
        resp="party_body",
        solo=True,
        matter=(
            "hình thức cảnh cáo trong Đảng áp dụng với {toi}",
            "việc {toi} bị đưa ra hình thức cảnh cáo trước chi bộ",
        ),
        narr=(
            "Tháng {thang} năm {nam}, {resp} công bố cảnh cáo {toi} vì cho rằng {toi} né tránh nhiệm vụ chi bộ "
            "giao.",
            "Thực ra đợt đó {toi} đang chăm vợ ốm nặng và đã báo bằng giấy với bí thư.",
            "Ý kiến biểu quyết của chi bộ lúc đó đa số đề nghị chỉ nhắc nhở.",
            "?Trước đó {toi} chưa bị phê bình lần nào trong suốt hơn hai mươi năm tuổi Đảng.",
        ),
        req="xóa hình thức cảnh cáo đối với {toi}",
    ),
    T(
        id="ho.kn.ddt.2",
        cat="khieu_nai",
        dom="dang_doan_the",
        resp="party_body",
        matter=(
            "việc {toi} bị loại khỏi danh sách cấp ủy nhiệm kỳ mới",
            "kết luận không đủ tiêu chuẩn tái cử cấp ủy đối với {toi}",
        ),
        narr=(
            "{Toi} là ủy viên cấp ủy nhiệm kỳ trước, được chi bộ giới thiệu tái cử.",
            "Sát ngày đại hội, {resp} có kết luận {toi} không đủ tiêu chuẩn chính trị nội bộ.",
            "{Toi} chưa từng được thông báo vi phạm gì, cũng không được hỏi ý kiến.",
            "?Việc loại tên diễn ra chỉ hai ngày trước khi khai mạc đại hội.",
        ),
        req="xem xét lại kết luận về tiêu chuẩn đối với {toi}",
        solo=True,
    ),
    # ---------------------------------------------------------------- khac
    T(
        id="ho.kn.k.1",
        cat="khieu_nai",
        dom="khac",
        resp="cadre",
        matter=(
            "việc {resp} không xác nhận hồ sơ vay vốn học tập cho con {toi}",
            "cán bộ xã từ chối ký giấy xác nhận hoàn cảnh gia đình",
        ),
        narr=(
            "Con {toi} đỗ đại học năm {nam}, cần giấy xác nhận hoàn cảnh để vay vốn đi học.",
            "{Resp} không chịu ký với lý do {gd} còn nợ khoản đóng góp xây nhà văn hóa.",
            "Khoản đóng góp đó là tự nguyện, không thể lấy làm điều kiện xác nhận giấy tờ.",
            "?Hạn nộp hồ sơ vay vốn của trường chỉ còn mấy ngày.",
        ),
        req="chỉ đạo xác nhận hồ sơ vay vốn cho con {toi}",
        solo=True,
        traps=("tố cáo", "phản ánh"),
    ),
    T(
        id="ho.kn.k.2",
        cat="khieu_nai",
        dom="khac",
        resp="ubnd",
        matter=(
            "quyết định đóng cửa xưởng may gia đình của {gd}",
            "{resp} buộc cơ sở may của {gd} ngừng hoạt động",
        ),
        narr=(
            "Xưởng may nhỏ của {gd} thuê mười lao động địa phương, làm hàng gia công từ năm {nam}.",
            "{Resp} ra văn bản buộc xưởng ngừng hoạt động vì nằm trong khu dân cư.",
            "Cùng khu vực có nhiều cơ sở sản xuất lớn hơn vẫn hoạt động bình thường.",
            "?Máy móc trong xưởng đều chạy điện, tiếng ồn không đáng kể.",
        ),
        req="cho phép xưởng của {gd} tiếp tục hoạt động",
    ),
    # ---------------------------------------------------------------- moi_truong
    T(
        id="ho.kn.mt.1",
        cat="khieu_nai",
        dom="moi_truong",
        resp="chair",
        solo=True,
        matter=(
            "biên bản và quyết định phạt về xả thải đối với lò bánh của {gd}",
            "việc {gd} bị phạt vì ô nhiễm khói bụi",
        ),
        narr=(
            "Lò bánh của {gd} đã chuyển sang dùng điện từ năm {nam}, không còn đốt than.",
            "Vậy mà {resp} vẫn ký quyết định phạt {gd} {tien_nho} vì gây khói bụi.",
            "Biên bản được lập dựa trên ảnh chụp từ mấy năm trước.",
            "?Hàng xóm xung quanh đều sẵn sàng ký xác nhận lò đã thôi đốt than.",
        ),
        req="hủy quyết định phạt đối với {gd}",
    ),
    T(
        id="ho.kn.mt.2",
        cat="khieu_nai",
        dom="moi_truong",
        resp="ubnd",
        matter="việc bị thu hồi giấy phép khai thác nước ngầm của {gd}",
        narr=(
            "{Gd} có giếng khoan cấp nước cho cơ sở làm đậu phụ, đã được cấp phép đến năm sau.",
            "{Resp} thu hồi giấy phép trước hạn mà không có kết quả quan trắc nào.",
            "Không có nước, cơ sở của {gd} phải tạm nghỉ, thợ bỏ đi làm nơi khác.",
            "?Giếng chỉ khai thác một lượng nước rất nhỏ mỗi ngày.",
        ),
        req="trả lại giấy phép khai thác nước cho {gd}",
    ),
]

TO_CAO: list[dict] = [
    # ---------------------------------------------------------------- dat_dai
    T(
        id="ho.tc.dd.1",
        cat="to_cao",
        dom="dat_dai",
        resp="neighbor",
        matter=(
            "{resp} chiếm phần đất vườn của {gd}",
            "hành vi dời cọc mốc, chiếm đất của hộ liền kề",
        ),
        narr=(
            "Nhân lúc {gd} đi làm ăn xa, {resp} nhổ cọc mốc và dựng hàng rào lưới B40 sâu vào vườn {gd}.",
            "Phần đất bị chiếm khoảng {dt_nho} m2, trên đó còn mấy gốc mít do bố {toi} trồng.",
            "Khi {toi} về hỏi thì người này thách thức đi kiện.",
        ),
        req=("buộc trả lại phần đất đã chiếm cho {gd}", "xử phạt hành vi chiếm đất"),
        traps=("kiến nghị", "kêu cứu", "khiếu nại"),
    ),
    T(
        id="ho.tc.dd.2",
        cat="to_cao",
        dom="dat_dai",
        resp="cadre",
        matter=(
            "{resp} cho thuê đất công trái phép để thu lợi",
            "việc cán bộ xã tự ý cho thuê quỹ đất công",
        ),
        narr=(
            "Khu đất bãi bồi ven sông của {ward} được {resp} cho tư nhân thuê làm bãi tập kết vật liệu.",
            "Hợp đồng thuê chỉ có chữ ký cá nhân, tiền thuê không nộp vào ngân sách.",
            "Xe tải ra vào ngày đêm làm đường làng hư hỏng.",
            "?Bãi đất vốn là nơi bà con thả trâu bò và phơi rơm.",
        ),
        req="thu hồi khu đất và làm rõ số tiền cho thuê",
    ),
    # ---------------------------------------------------------------- nha_tai_san
    T(
        id="ho.tc.nts.1",
        cat="to_cao",
        dom="nha_tai_san",
        resp="shop",
        matter=(
            "{resp} cơi nới, xây dựng lấn ra vỉa hè",
            "việc xây dựng trái phép của cơ sở kinh doanh đầu hẻm",
        ),
        narr=(
            "{Resp} đổ mái bê tông, xây tường gạch lấn hẳn ra vỉa hè và một phần lòng hẻm.",
            "Hẻm vốn chỉ rộng hai mét nay xe máy tránh nhau cũng khó.",
            "Tổ dân phố đã lập biên bản nhưng công trình vẫn hoàn thiện.",
            "?Người đi bộ phải bước xuống lòng đường để đi.",
        ),
        req="cưỡng chế tháo dỡ phần lấn chiếm và xử phạt cơ sở này",
        traps=("phản ánh", "kiến nghị"),
    ),
    T(
        id="ho.tc.nts.2",
        cat="to_cao",
        dom="nha_tai_san",
        resp="company",
        matter="{resp} bán một căn hộ cho nhiều người",
        narr=(
            "{Gd} đặt cọc {tien} mua một căn hộ do {resp} làm chủ đầu tư.",
            "Đến ngày nhận nhà mới phát hiện căn hộ đó đã được bán cho hai khách hàng khác.",
            "Nhân viên kinh doanh của công ty nay đã nghỉ việc, công ty không chịu trả lại tiền.",
            "?Nhiều người khác cũng cầm trong tay hợp đồng đặt cọc trùng căn.",
        ),
        req="điều tra dấu hiệu lừa đảo và buộc hoàn trả tiền đặt cọc",
        traps=("khiếu nại", "kêu cứu"),
    ),
    # ---------------------------------------------------------------- chinh_sach
    T(
        id="ho.tc.cs.1",
        cat="to_cao",
        dom="chinh_sach",
        resp="cadre",
        matter=(
            "{resp} giữ lại tiền trợ cấp của người khuyết tật",
            "việc cắt xén tiền bảo trợ xã hội",
        ),
        narr=(
            "Em gái {toi} bị khuyết tật nặng, được hưởng trợ cấp bảo trợ xã hội hằng tháng.",
            "Mấy năm nay {resp} đi phát tiền nhưng mỗi lần chỉ đưa một nửa, nói là trừ tiền quỹ.",
            "Nhiều gia đình có người khuyết tật trong thôn cũng bị trừ như vậy.",
            "?Sổ nhận tiền do người này tự ghi, người hưởng chỉ điểm chỉ.",
        ),
        req="làm rõ số tiền bị cắt xén và trả lại cho người hưởng",
    ),
    T(
        id="ho.tc.cs.2",
        cat="to_cao",
        dom="chinh_sach",
        resp="school",
        matter="{resp} bổ nhiệm người thân sai quy định",
        narr=(
            "{Resp} đã đưa cháu ruột vào làm kế toán nhà trường dù người này không đúng chuyên ngành.",
            "Sau một năm, người này được đề bạt làm tổ trưởng văn phòng.",
            "Giáo viên trong trường có ý kiến thì bị xếp lịch dạy bất lợi.",
            "?Cả tập thể giáo viên đã ký tên vào một bản góp ý nhưng không được trả lời.",
        ),
        req="kiểm tra việc tuyển dụng, bổ nhiệm tại nhà trường",
        traps=("phản ánh",),
    ),
    # ---------------------------------------------------------------- tu_phap
    T(
        id="ho.tc.tp.1",
        cat="to_cao",
        dom="tu_phap",
        resp="cadre",
        matter=(
            "{resp} đăng ký kết hôn giả để hợp thức hồ sơ",
            "sai phạm trong đăng ký hộ tịch tại {ward}",
        ),
        narr=(
            "{Resp} đã cấp giấy chứng nhận kết hôn cho một cặp mà người chồng đang có vợ hợp pháp.",
            "Việc này nhằm giúp họ đứng tên chung để bán thửa đất của người vợ trước.",
            "Sổ đăng ký hộ tịch có dấu hiệu bị ghi thêm sau ngày lập.",
            "?Người vợ trước mới hay chuyện khi mảnh đất đã sang tên người khác.",
        ),
        req="thu hồi giấy tờ hộ tịch sai và xử lý cán bộ vi phạm",
    ),
    T(
        id="ho.tc.tp.2",
        cat="to_cao",
        dom="tu_phap",
        resp="enforcement_officer",
        matter="việc cố ý không thi hành án để che chắn cho người phải thi hành",
        narr=(
            "Người phải trả nợ cho {gd} theo bản án vẫn đang kinh doanh và mua thêm ô tô.",
            "{Resp} lại xác minh rằng người này không có tài sản, không có điều kiện thi hành.",
            "{Toi} biết hai bên là họ hàng gần của nhau.",
            "?Chiếc xe mới mua vẫn đỗ trước nhà người phải thi hành án hằng ngày.",
        ),
        req="xác minh lại điều kiện thi hành án và xử lý hành vi bao che",
        traps=("khiếu nại", "kêu oan"),
    ),
    # ---------------------------------------------------------------- tham_nhung
    T(
        id="ho.tc.thn.1",
        cat="to_cao",
        dom="tham_nhung",
        resp="cadre",
        matter=(
            "{resp} đòi tiền khi ký xác nhận nguồn gốc đất",
            "việc phải chi tiền mới được xác nhận hồ sơ đất",
        ),
        narr=(
            "Để có chữ ký xác nhận nguồn gốc đất, {gd} bị {resp} yêu cầu gửi {trieu} gọi là tiền đi lại.",
            "Người nào không gửi thì hồ sơ nằm im, hỏi đến thì bảo thiếu giấy.",
            "Việc đưa tiền có người hàng xóm chứng kiến.",
        ),
        req="điều tra hành vi đòi tiền và xử lý người có chức vụ vi phạm",
        traps=("khiếu nại", "phản ánh", "kêu cứu"),
    ),
    T(
        id="ho.tc.thn.2",
        cat="to_cao",
        dom="tham_nhung",
        resp="health",
        matter="{resp} nâng khống giá mua thiết bị y tế",
        narr=(
            "Năm {nam}, đơn vị do {resp} đứng đầu mua một lô máy xét nghiệm với giá gấp đôi giá bán trên thị "
            "trường.",
            "Gói thầu chỉ có một nhà thầu tham dự, là công ty của người quen.",
            "Máy về nhưng đến nay vẫn để trong kho, chưa dùng lần nào.",
            "?Hai năm sau, chính nhà thầu đó lại trúng thêm một gói thầu lớn.",
        ),
        req="thanh tra gói thầu và thu hồi số tiền bị thất thoát",
    ),
    # ---------------------------------------------------------------- moi_truong
    T(
        id="ho.tc.thn.3",
        cat="to_cao",
        dom="tham_nhung",
        resp="school",
        matter=("{resp} bắt phụ huynh đóng góp trái quy định", "việc ép phụ huynh nộp tiền tự nguyện"),
        narr=(
            "Năm học này, phụ huynh lớp {n} bị {resp} giao mức đóng góp {trieu} cho mỗi em, gọi là tiền tự nguyện.",
            "Tiền thu xong không thấy công khai dùng vào việc gì.",
            "Có phụ huynh hỏi lại thì con bị giáo viên đổi chỗ ngồi xuống cuối lớp.",
            "?Ban đại diện cha mẹ học sinh chỉ được báo số tiền, không được xem chứng từ.",
        ),
        req="làm rõ các khoản tiền nhà trường đã thu và xử lý người đứng đầu",
        traps=("phản ánh", "phản ánh", "kiến nghị"),
    ),
    T(
        id="ho.tc.mt.1",
        cat="to_cao",
        dom="moi_truong",
        resp="company",
        matter=(
            "{resp} chôn lấp chất thải nguy hại",
            "việc đổ trộm bùn thải công nghiệp ra đồng",
        ),
        narr=(
            "Đêm {ngay}, người dân bắt gặp xe bồn của {resp} đổ bùn thải xuống hố đào sẵn ở cánh đồng.",
            "Bùn có màu xám đen, mùi hóa chất rất nặng.",
            "Vài ngày sau, ếch nhái và cá trong ruộng chết nổi.",
            "?Biển số xe bồn đã được người dân ghi lại.",
        ),
        req="lấy mẫu xét nghiệm, truy trách nhiệm doanh nghiệp đổ chất thải",
        traps=("phản ánh",),
    ),
    T(
        id="ho.tc.mt.2",
        cat="to_cao",
        dom="moi_truong",
        resp="neighbor",
        matter="nuôi heo xả chất thải ra mương chung",
        narr=(
            "{Resp} nuôi hàng trăm con heo ngay sát nhà dân mà không có hầm xử lý.",
            "Phân và nước rửa chuồng được xả thẳng ra mương chung chảy qua {hamlet}.",
            "Chính quyền đã phạt một lần nhưng trại vẫn tiếp tục xả.",
            "?Mùi hôi theo gió bay vào tận lớp học của trường mầm non gần đó.",
        ),
        req="buộc dừng chăn nuôi và xử lý hành vi gây ô nhiễm",
        traps=("phản ánh", "kêu cứu"),
    ),
    # ---------------------------------------------------------------- dang_doan_the
    T(
        id="ho.tc.ddt.1",
        cat="to_cao",
        dom="dang_doan_the",
        resp="party_member",
        matter=(
            "{resp} để vợ con kinh doanh trái quy định đối với đảng viên",
            "đảng viên giữ chức vụ vi phạm điều lệ Đảng",
        ),
        narr=(
            "{Resp} để vợ đứng tên doanh nghiệp nhận thầu các công trình do chính xã làm chủ đầu tư.",
            "Trong các cuộc họp chi bộ, người này luôn gạt đi các ý kiến góp ý phê bình.",
            "Cấp ủy biết rõ nhưng chưa từng kiểm điểm.",
            "?Người dân gọi đó là công trình của nhà ông bí thư.",
        ),
        req="kiểm tra dấu hiệu vi phạm và xử lý kỷ luật đảng theo điều lệ",
    ),
    T(
        id="ho.tc.ddt.2",
        cat="to_cao",
        dom="dang_doan_the",
        resp="party_member",
        matter="việc dùng bằng cấp không hợp pháp để được quy hoạch cấp ủy",
        narr=(
            "{Resp} khai có bằng cao cấp lý luận chính trị nhưng thực tế chưa học ngày nào.",
            "Nhờ tấm bằng này, người đó được đưa vào quy hoạch cấp ủy khóa tới.",
            "Nhiều đảng viên trong chi bộ đã thắc mắc nhưng không được trả lời.",
            "?Trường cấp tấm bằng đó cho biết không có tên người này trong danh sách học viên.",
        ),
        req="xác minh tấm bằng và cân nhắc việc người đó còn xứng đáng ở trong Đảng hay không",
    ),
    # ---------------------------------------------------------------- khac
    T(
        id="ho.tc.k.1",
        cat="to_cao",
        dom="khac",
        resp="police_officer",
        matter=(
            "{resp} hành hung người dân khi kiểm tra hành chính",
            "việc {toi} bị công an đánh ngay trước cửa nhà",
        ),
        narr=(
            "Tối {ngay}, tổ kiểm tra đến nhà yêu cầu xuất trình giấy tờ khi {toi} đang ăn cơm.",
            "Chỉ vì {toi} hỏi lý do, {resp} xô ngã rồi đấm vào mặt {toi} trước mặt vợ con.",
            "{Toi} bị gãy răng, có hình ảnh camera nhà bên ghi lại toàn bộ.",
            "?Những người hàng xóm chạy sang can ngăn cũng bị quát nạt.",
        ),
        req="xử lý hình sự cán bộ đã đánh người",
        traps=("khiếu nại", "khiếu nại", "kêu cứu"),
    ),
    T(
        id="ho.tc.k.2",
        cat="to_cao",
        dom="khac",
        resp="neighbor",
        matter=(
            "{resp} đe dọa, hành hung và phá hoại tài sản của {gd}",
            "việc bị hàng xóm đe dọa và phá hoa màu",
        ),
        narr=(
            "Sau lần cãi nhau về nước tưới, {resp} nhiều lần chửi bới và dọa giết cả nhà {toi}.",
            "Một đêm cuối tháng {thang}, vườn rau của {gd} bị phá nát, ống nước bị cắt.",
            "{Gd} đã trình báo nhưng chưa thấy ai xuống làm việc.",
            "?Con nhỏ trong nhà sợ đến mức không dám ra ngõ một mình.",
        ),
        req="điều tra, xử lý người đe dọa và bảo vệ an toàn cho {gd}",
        traps=("kêu cứu", "khiếu nại", "trình bày"),
    ),
    T(
        id="ho.tc.k.3",
        cat="to_cao",
        dom="khac",
        resp="neighbor",
        matter=("{resp} tự ý chặt phá rừng keo của {gd}", "việc cây keo sắp thu hoạch của {gd} bị chặt trộm"),
        narr=(
            "Đồi keo hơn sáu năm tuổi của {gd} bị {resp} mang người và cưa máy đến chặt hạ trong một đêm.",
            "Gỗ được chở đi bán ngay, {gd} chỉ còn lại gốc cây.",
            "Người chặt nói rằng đất đồi ấy là của ông cha họ để lại.",
            "?Đồi keo ấy {gd} đã trồng và chăm sóc từ khi còn là đất trống.",
        ),
        req="truy cứu người phá cây và đòi lại giá trị đồi keo cho {gd}",
        traps=("khiếu nại", "kêu cứu"),
    ),
]
