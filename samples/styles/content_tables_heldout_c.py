"""Pool "heldout": a third template per cell for khiếu nại and tố cáo, each slot with several wordings (data
only; format in :mod:`.content_tables_train`). Stories and wording are kept apart from the "train" pool."""

from __future__ import annotations

T = dict

KHIEU_NAI_C: list[dict] = [
    T(
        id="ho.kn.dd.3",
        cat="khieu_nai",
        dom="dat_dai",
        resp="chair",
        solo=True,
        matter=(
            "quyết định giải quyết tranh chấp đất mà {resp} đã ký",
            "việc phần bờ ao của {gd} bị xử cho hộ bên cạnh",
        ),
        narr=(
            (
                "Cái ao sau nhà là do ông nội {toi} đào, bờ ao ấy {gd} giữ gìn mấy đời nay.",
                "Mảnh bờ ao rộng chừng {dt_nho} thước vuông vốn là của {gd}, giấy tờ xưa còn cất trong rương.",
            ),
            (
                "Thế mà {resp} lại ra quyết định xử cho hộ bên cạnh được dùng phần bờ ấy.",
                "Cuối năm {nam}, {resp} ký quyết định công nhận mảnh bờ ao thuộc về nhà hàng xóm.",
            ),
            (
                "Lúc hòa giải, người ta chỉ nghe một phía, lời khai của mấy cụ cao niên trong xóm chẳng ai ghi.",
                "Tấm bản đồ năm {nam_cu} vẽ rõ ranh, vậy mà quyết định lại không nhắc tới.",
            ),
            (
                "?Tuổi già sức yếu, {toi} chỉ mong giữ được phần đất cha ông để lại.",
                "?Nhà hàng xóm đã đem cọc ra đóng, rào luôn lối xuống ao.",
            ),
        ),
        req=(
            "xét lại quyết định giải quyết tranh chấp, trả phần bờ ao về cho {gd}",
            "mời các bên cùng người làm chứng đối chất rồi mới phân xử",
        ),
        traps=("trình bày", "phản ánh"),
    ),
    T(
        id="ho.kn.nts.3",
        cat="khieu_nai",
        dom="nha_tai_san",
        resp="chair",
        matter=(
            "việc giàn giáo, cát đá của {gd} bị tịch thu",
            "quyết định phạt {gd} vì để đồ xây dựng trước cửa",
        ),
        narr=(
            (
                "Hôm {ngay}, nhà {toi} đang đổ mái, vật tư để tạm trước hiên chừng nửa ngày.",
                "Mấy khối cát với bó sắt chỉ để trước cổng một buổi sáng để thợ kịp đổ trần.",
            ),
            (
                "Đội trật tự xuống chở hết giàn giáo đi, sau đó {resp} ký giấy phạt {gd} {tien_nho}.",
                "{Resp} ra quyết định tịch thu toàn bộ giàn giáo và phạt {gd} vì lấn chiếm lòng đường.",
            ),
            (
                "Lối đi vẫn thông, xe cộ qua lại chẳng vướng gì.",
                "Giàn giáo là đồ đi thuê, giờ {gd} phải đền cho chủ.",
            ),
            (
                "?Mái nhà đổ dở dang, trời đổ mưa là hỏng cả.",
                "?Nhà khác cũng để vật liệu y như thế mà không bị sao.",
            ),
        ),
        req=(
            "bỏ quyết định tịch thu, giao trả giàn giáo cho {gd}",
            "giảm mức phạt cho phù hợp với lỗi thật sự của {gd}",
        ),
    ),
    T(
        id="ho.kn.cs.3",
        cat="khieu_nai",
        dom="chinh_sach",
        resp="social",
        solo=True,
        matter=(
            "việc {resp} không cộng những năm công tác trước năm 1995 vào lương hưu",
            "cách tính thời gian đóng bảo hiểm để hưởng hưu của {toi}",
        ),
        narr=(
            (
                "{Toi} dạy học ở trường làng từ năm {nam_cu}, tới lúc về hưu là ngót ba chục năm.",
                "Từ hồi trẻ {toi} đã làm y tá cho hợp tác xã, sau chuyển sang trạm xá xã.",
            ),
            (
                "Lúc xét hưu, {resp} chỉ tính những năm có sổ, bỏ hẳn quãng làm cho hợp tác xã.",
                "Quyết định hưởng hưu do {resp} ban hành chỉ ghi {n} năm công tác, thiếu cả chục năm.",
            ),
            (
                "Sổ lương, quyết định điều động thời ấy {toi} vẫn giữ đủ, giấy đã ngả vàng nhưng chữ còn rõ.",
                "Đồng nghiệp cùng thời, hồ sơ y hệt, lại được cộng đủ.",
            ),
            (
                "?Tiền hưu ít ỏi không đủ thuốc men cho tuổi già.",
                "?{Toi} đã gửi giấy tờ bổ sung qua bưu điện hai lần.",
            ),
        ),
        req=(
            "tính lại thời gian công tác và điều chỉnh mức hưu cho {toi}",
            "công nhận quãng công tác trước năm 1995 theo giấy tờ {toi} đang giữ",
        ),
        traps=("kiến nghị", "trình bày"),
    ),
    T(
        id="ho.kn.tp.3",
        cat="khieu_nai",
        dom="tu_phap",
        resp="enforcement",
        solo=True,
        matter=(
            "việc {resp} khấu trừ lương hưu của {toi} quá mức",
            "mức trừ tiền hằng tháng để thi hành án đối với {toi}",
        ),
        narr=(
            (
                "Theo bản án, {toi} phải trả cho bên kia {tien}.",
                "{Toi} thua kiện vụ góp vốn làm ăn, phải hoàn lại một món tiền.",
            ),
            (
                "{Resp} có văn bản gửi cơ quan chi trả, trừ gần hết tiền hưu hằng tháng của {toi}.",
                "Mỗi tháng {resp} cho trừ tới ba phần tư lương hưu, chỉ để lại cho {toi} vài trăm nghìn.",
            ),
            (
                "Mức trừ vượt quá mức luật cho phép, {toi} không còn đủ tiền ăn.",
                "{Toi} đã xin trả dần theo khả năng nhưng không được nghe.",
            ),
            (
                "?Trong nhà còn người ốm liệt giường.",
                "?Khoản phí thi hành án cũng bị tính cao hơn thực tế.",
            ),
        ),
        req=(
            "điều chỉnh lại mức khấu trừ cho đúng luật",
            "hoàn lại phần tiền đã trừ vượt và giảm mức trừ hằng tháng",
        ),
        traps=("kêu cứu", "phản ánh"),
    ),
    T(
        id="ho.kn.ddt.3",
        cat="khieu_nai",
        dom="dang_doan_the",
        resp="party_body",
        solo=True,
        matter=(
            "việc {toi} không được xét tặng Huy hiệu 40 năm tuổi Đảng",
            "quyết định của {resp} ghi sai ngày vào Đảng của {toi}",
        ),
        narr=(
            (
                "{Toi} được kết nạp từ năm {nam_cu}, bốn mươi năm chưa bỏ buổi sinh hoạt nào.",
                "Cả đời {toi} gắn bó với chi bộ, từ lúc còn là anh dân quân.",
            ),
            (
                "Đợt xét huy hiệu năm {nam}, {resp} gạch tên {toi} vì cho rằng chưa đủ tuổi Đảng.",
                "{Resp} căn cứ vào lý lịch chép lại bị nhầm năm, nên không đưa {toi} vào danh sách.",
            ),
            (
                "Thẻ đảng viên và quyết định kết nạp bản gốc ghi rõ năm {nam_cu}.",
                "Mấy đồng chí vào Đảng cùng đợt với {toi} đều đã nhận huy hiệu.",
            ),
            (
                "?{Toi} năm nay đã ngoài tám mươi, không biết còn chờ được bao lâu.",
                "?Đây là chuyện danh dự chứ không phải chuyện tiền bạc.",
            ),
        ),
        req=(
            "đính chính ngày vào Đảng và xét tặng huy hiệu cho {toi}",
            "xem lại việc gạch tên {toi} khỏi danh sách xét huy hiệu",
        ),
    ),
    T(
        id="ho.kn.k.3",
        cat="khieu_nai",
        dom="khac",
        resp="school",
        solo=True,
        matter=(
            "việc {resp} xếp hạnh kiểm yếu, không cho con {toi} dự thi",
            "quyết định buộc con {toi} tạm nghỉ học một tuần",
        ),
        narr=(
            (
                "Con {toi} học lớp chín, xưa nay chưa từng bị ghi tên vào sổ đầu bài.",
                "Đứa nhỏ nhà {toi} chỉ xô xát với bạn một lần trong giờ ra chơi.",
            ),
            (
                "Vậy mà {resp} ký quyết định đình chỉ học một tuần và hạ hạnh kiểm xuống yếu.",
                "Cuối năm, {resp} không cho cháu dự thi vì hạnh kiểm bị xếp loại yếu.",
            ),
            (
                "Buổi họp xét kỷ luật, phụ huynh không được mời đến.",
                "Bạn kia cũng đánh lại nhưng chẳng bị làm sao.",
            ),
            (
                "?Cháu buồn bã, bỏ ăn, không dám đến lớp.",
                "?Nhỡ kỳ thi năm nay thì cháu mất cả một năm học.",
            ),
        ),
        req=(
            "xét lại hình thức kỷ luật và cho cháu được dự thi",
            "hủy quyết định đình chỉ học, đánh giá lại hạnh kiểm cho công bằng",
        ),
        traps=("phản ánh", "kiến nghị"),
    ),
    T(
        id="ho.kn.mt.3",
        cat="khieu_nai",
        dom="moi_truong",
        resp="ubnd",
        matter=(
            "việc {resp} chấp thuận cho dựng trại gà sát vườn nhà {gd}",
            "văn bản cho phép mở trang trại gia cầm cạnh khu dân cư",
        ),
        narr=(
            (
                "Vườn nhà {toi} giáp với khu đất trống ở cuối {hamlet}.",
                "Từ đời ông bà, quanh nhà {toi} chỉ có ruộng lúa và vườn cây.",
            ),
            (
                "Đầu năm {nam}, {resp} cấp văn bản cho một người ngoài xã dựng trại gà mấy vạn con sát vách.",
                "{Resp} đồng ý cho mở trang trại gà ngay cạnh vườn, không hỏi han ai một câu.",
            ),
            (
                "Mùi phân gà xộc vào nhà, ruồi bâu đen cả chạn bát.",
                "Người ta không họp dân, không niêm yết, đến khi máy đào vào mới hay.",
            ),
            (
                "?Cháu nhỏ nhà {toi} bị hen, giờ lên cơn liên tục.",
                "?Giếng nước nhà {toi} đã bắt đầu có mùi.",
            ),
        ),
        req=(
            "rút lại văn bản chấp thuận, dời trại gà ra xa khu dân cư",
            "xem lại việc cho phép mở trại gà sát nhà dân",
        ),
    ),
]

TO_CAO_C: list[dict] = [
    T(
        id="ho.tc.dd.3",
        cat="to_cao",
        dom="dat_dai",
        resp="land_officer",
        matter=(
            "{resp} tự ý sang tên đất của người đã khuất cho người ngoài",
            "hồ sơ sang tên đất bị làm khống",
        ),
        narr=(
            (
                "Ông bác {toi} mất năm {nam_cu}, không vợ con, để lại mảnh vườn ở {hamlet}.",
                "Thửa đất số {thua} đứng tên người cô của {toi}, bà mất đã mấy năm.",
            ),
            (
                "Vậy mà {resp} vẫn lập hồ sơ cho một người lạ đứng tên thửa đất ấy.",
                "Không cần họ hàng ký, {resp} đã làm xong thủ tục cho người khác đứng tên.",
            ),
            (
                "Chữ ký của người đã chết lại xuất hiện trên giấy chuyển nhượng đề năm {nam}.",
                "Người đứng tên mới là chỗ thân quen với cán bộ này.",
            ),
            (
                "?Dòng họ {toi} có đủ giấy báo tử và sổ hộ khẩu cũ.",
                "?Người làm chứng trong hồ sơ cũng là người bịa ra.",
            ),
        ),
        req=(
            "truy xét hồ sơ sang tên và trừng trị người làm giả",
            "hủy việc sang tên trái phép, làm rõ vai trò của cán bộ",
        ),
        traps=("khiếu nại", "trình bày"),
    ),
    T(
        id="ho.tc.nts.3",
        cat="to_cao",
        dom="nha_tai_san",
        resp="neighbor",
        solo=True,
        matter=(
            "{resp} thuê nhà rồi chiếm luôn, không chịu trả",
            "việc người thuê tự ý bán đồ đạc trong căn nhà của {gd}",
        ),
        narr=(
            (
                "Năm {nam}, {gd} cho {resp} thuê căn nhà mặt đường, hợp đồng hai năm.",
                "{Resp} thuê căn nhà của {gd} để mở cửa hàng, có giấy tờ hẳn hoi.",
            ),
            (
                "Hết hạn, họ thay khóa, không trả nhà, cũng không trả tiền thuê.",
                "Mấy tháng liền không đóng đồng nào, lại còn nói nhà này giờ là của họ.",
            ),
            (
                "Tủ, giường, máy lạnh của {gd} để trong nhà đã bị họ đem bán sạch.",
                "{Toi} đến đòi thì bị đuổi ra, còn bị dọa cho người đến xử.",
            ),
            (
                "?Thiệt hại ước chừng {trieu}.",
                "?Hàng xóm đều thấy xe tải đến chở đồ đi.",
            ),
        ),
        req=(
            "điều tra hành vi chiếm giữ nhà và bán trộm tài sản",
            "buộc người thuê trả nhà, bồi hoàn đồ đạc cho {gd}",
        ),
        traps=("khiếu nại", "kêu cứu"),
    ),
    T(
        id="ho.tc.cs.3",
        cat="to_cao",
        dom="chinh_sach",
        resp="company",
        matter=(
            "{resp} giữ giấy tờ tùy thân, trừ lương vô cớ của công nhân",
            "chủ xưởng bắt làm thêm giờ không trả tiền",
        ),
        narr=(
            (
                "Vào làm ở {resp}, ai cũng phải nộp căn cước và bằng cấp gốc.",
                "Anh chị em công nhân {resp} ngày nào cũng phải làm mười hai tiếng.",
            ),
            (
                "Giờ làm thêm không được tính, đi trễ một phút là bị trừ nửa ngày lương.",
                "Ai xin nghỉ thì bị giữ lại giấy tờ, không cho đi làm chỗ khác.",
            ),
            (
                "Chuyện hợp đồng, bảo hiểm thì công ty ậm ừ cho qua.",
                "Người lao động phần đông ở quê lên, sợ mất việc nên cắn răng chịu.",
            ),
            (
                "?Có công nhân ngất xỉu ngay trong xưởng vì làm quá sức.",
                "?Bảng chấm công bị sửa, chỉ quản đốc mới được xem.",
            ),
        ),
        req=(
            "vào kiểm tra xưởng, buộc trả lại giấy tờ và tiền làm thêm cho công nhân",
            "xử phạt việc vi phạm luật lao động của chủ xưởng",
        ),
        traps=("phản ánh", "kêu cứu"),
    ),
    T(
        id="ho.tc.tp.3",
        cat="to_cao",
        dom="tu_phap",
        resp="court",
        matter=(
            "thẩm phán của {resp} gặp riêng phía bên kia trước phiên xử",
            "dấu hiệu thiên vị trong vụ ly hôn chia tài sản",
        ),
        narr=(
            (
                "Vụ chia tài sản sau ly hôn của {toi} do {resp} thụ lý từ năm {nam}.",
                "{Resp} đang giải quyết vụ tranh chấp nhà đất giữa {gd} với người em họ.",
            ),
            (
                "Nhiều lần người ta thấy thẩm phán ngồi quán với phía bên kia đến khuya.",
                "Bên kia còn nói trước với hàng xóm là kết quả đã ngã ngũ, chỉ còn chờ tuyên.",
            ),
            (
                "Chứng cứ {toi} nộp không được đưa vào hồ sơ, biên bản lấy lời khai bị tóm tắt sai ý.",
                "Đơn xin đổi thẩm phán của {toi} bị gạt đi không một lời giải thích.",
            ),
            (
                "?{Toi} có chụp ảnh được cảnh hai người gặp nhau.",
                "?Chuyện này làm {toi} mất hết niềm tin vào phiên xử.",
            ),
        ),
        req=(
            "thay thẩm phán và làm rõ mối quan hệ mờ ám nói trên",
            "xác minh, kỷ luật người cầm cân nảy mực mà thiên vị",
        ),
    ),
    T(
        id="ho.tc.mt.3",
        cat="to_cao",
        dom="moi_truong",
        resp="shop",
        matter=(
            "{resp} phun sơn, xả dung môi ra cống không qua xử lý",
            "xưởng phun sơn gây mùi độc hại giữa xóm",
        ),
        narr=(
            (
                "Mấy năm nay {resp} mở buồng phun sơn ngay trong xóm.",
                "Ngày nào {resp} cũng phun sơn ngoài trời, không có buồng kín hay máy lọc.",
            ),
            (
                "Nước rửa súng sơn, dung môi thừa đổ thẳng xuống cống chung.",
                "Họ lén đổ thùng sơn thải ra ruộng sau nhà vào lúc chập tối.",
            ),
            (
                "Mùi sơn nồng nặc, người già chóng mặt, trẻ con nôn ói.",
                "Đàn cá trong ao đầu xóm chết nổi một lớp.",
            ),
            (
                "?Chủ xưởng bảo đã lo lót xong, ai kiện cứ kiện.",
                "?Bà con có quay lại được cảnh đổ sơn thải.",
            ),
        ),
        req=(
            "cho lấy mẫu, xử phạt và đình chỉ xưởng phun sơn",
            "buộc chủ xưởng chấm dứt việc xả dung môi độc hại",
        ),
        traps=("phản ánh", "kiến nghị"),
    ),
    T(
        id="ho.tc.ddt.3",
        cat="to_cao",
        dom="dang_doan_the",
        resp="party_body",
        matter=(
            "{resp} ém đơn, không xử lý sai phạm của đảng viên",
            "việc cấp ủy bao che cho đảng viên vi phạm",
        ),
        narr=(
            (
                "Từ năm {nam}, bà con đã gửi đơn nói về việc một đảng viên trong thôn chiếm đất đình làng.",
                "Một phó bí thư trong xã dùng xe công đi việc riêng, chuyện ai cũng rõ.",
            ),
            (
                "{Resp} nhận đơn rồi để đó, không xem xét, không trả lời.",
                "Hồ sơ gửi lên thì {resp} bảo đã kiểm điểm nội bộ, xong chuyện.",
            ),
            (
                "Người bị tố còn được đưa vào danh sách cấp ủy khóa mới.",
                "Đơn của dân lại bị chuyển ngược về tay chính người bị tố.",
            ),
            (
                "?Người đứng đơn bị gọi lên nói nặng nói nhẹ.",
                "?Như vậy là trái với nguyên tắc của Đảng.",
            ),
        ),
        req=(
            "kiểm tra việc ém đơn của cấp ủy và xử lý nghiêm",
            "thẩm tra lại vụ việc, làm rõ trách nhiệm tổ chức Đảng cấp dưới",
        ),
    ),
]
