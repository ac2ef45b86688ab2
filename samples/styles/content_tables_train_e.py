"""Pool "train": more templates of khiếu nại (đảng, khác, môi trường) and tố cáo about land, each slot with
several wordings (data only; the format is described in :mod:`.content_tables_train`)."""

from __future__ import annotations

T = dict

KHIEU_NAI_E: list[dict] = [
    # ---------------------------------------------------------------- dang_doan_the
    T(
        id="tr.kn.ddt.4",
        cat="khieu_nai",
        dom="dang_doan_the",
        resp="party_body",
        solo=True,
        matter=(
            "quyết định thi hành kỷ luật khiển trách đảng viên đối với {toi}",
            "hình thức kỷ luật Đảng mà {resp} áp dụng với {toi}",
        ),
        narr=(
            (
                "{Toi} là đảng viên, sinh hoạt tại chi bộ nơi cư trú từ năm {nam_cu}.",
                "{Toi} vào Đảng đã hơn hai mươi năm, nay sinh hoạt ở chi bộ thôn.",
            ),
            (
                "Tháng {thang} năm {nam}, {resp} thi hành kỷ luật khiển trách {toi} vì cho rằng vi phạm quy định "
                "đảng viên không được làm.",
                "{Resp} biểu quyết kỷ luật {toi} chỉ dựa vào một lá đơn nặc danh.",
                "Sau cuộc họp kín, {resp} ra quyết định kỷ luật {toi} mà không có kết luận kiểm tra.",
            ),
            (
                "{Toi} không được xem tài liệu và không được giải trình trước khi biểu quyết.",
                "Nội dung trong đơn nặc danh hoàn toàn không đúng, {toi} có đủ giấy tờ chứng minh.",
            ),
            (
                "?Quyết định này ảnh hưởng đến uy tín của {toi} và con cháu.",
                "?Biên bản họp ghi thiếu ý kiến bảo vệ {toi} của một số đảng viên.",
            ),
        ),
        req=(
            "xem xét lại quyết định kỷ luật đảng viên đối với {toi}",
            "xóa hình thức kỷ luật và khôi phục quyền lợi đảng viên cho {toi}",
        ),
        traps=("kêu oan", "phản ánh"),
    ),
    T(
        id="tr.kn.ddt.5",
        cat="khieu_nai",
        dom="dang_doan_the",
        resp="party_body",
        solo=True,
        matter=(
            "việc {resp} xóa tên {toi} khỏi danh sách đảng viên",
            "quyết định xóa tên đảng viên với lý do bỏ sinh hoạt",
        ),
        narr=(
            (
                "Năm {nam}, {toi} đi làm ăn xa nên đã xin chuyển sinh hoạt tạm thời.",
                "{Toi} phải đi chữa bệnh ở tỉnh ngoài nên có thời gian không dự họp chi bộ.",
            ),
            (
                "{Resp} cho rằng {toi} bỏ sinh hoạt quá thời hạn và đề nghị xóa tên.",
                "Khi trở về, {toi} mới biết {resp} đã ra quyết định xóa tên khỏi danh sách đảng viên.",
            ),
            (
                "{Toi} có giấy giới thiệu sinh hoạt tạm thời và vẫn đóng đảng phí đầy đủ.",
                "Việc vắng họp đều có báo cáo với bí thư chi bộ, có giấy ra viện làm bằng.",
            ),
            (
                "?{Toi} không được thông báo bằng văn bản về cuộc họp xét xóa tên.",
                "?Đây là điều {toi} thấy oan ức nhất sau hơn mười năm tuổi Đảng.",
            ),
        ),
        req=(
            "hủy quyết định xóa tên và cho {toi} được sinh hoạt Đảng trở lại",
            "xem xét lại việc xóa tên đảng viên đối với {toi}",
        ),
    ),
    T(
        id="tr.kn.ddt.6",
        cat="khieu_nai",
        dom="dang_doan_the",
        resp="party_body",
        solo=True,
        matter=(
            "quyết định kỷ luật cách chức Bí thư chi bộ đối với {toi}",
            "kết luận kiểm tra của {resp} đối với {toi}",
        ),
        narr=(
            (
                "{Toi} làm Bí thư chi bộ thôn từ năm {nam_cu}.",
                "{Toi} nhận chức bí thư chi bộ được hai nhiệm kỳ.",
            ),
            (
                "Năm {nam}, {resp} kết luận {toi} buông lỏng lãnh đạo và thi hành kỷ luật cách chức.",
                "{Resp} quy trách nhiệm cho {toi} về sai phạm thu chi ở thôn và cách chức bí thư.",
            ),
            (
                "Việc thu chi do ban phát triển thôn quản lý, {toi} đã nhiều lần nhắc nhở bằng văn bản.",
                "Kết luận không nêu cụ thể {toi} vi phạm điều nào của Điều lệ Đảng.",
            ),
            (
                "?Hình thức kỷ luật quá nặng so với mức độ lỗi, nếu có.",
                "?Các văn bản nhắc nhở của {toi} vẫn còn lưu trong sổ chi bộ.",
            ),
        ),
        req=(
            "xem xét lại kết luận kiểm tra và hình thức kỷ luật đối với {toi}",
            "giảm hình thức kỷ luật cho đúng mức độ vi phạm",
        ),
        traps=("kiến nghị", "kêu oan"),
    ),
    # ---------------------------------------------------------------- khac
    T(
        id="tr.kn.k.4",
        cat="khieu_nai",
        dom="khac",
        resp="police",
        solo=True,
        matter=(
            "việc tạm giữ xe máy của {toi} quá thời hạn",
            "quyết định xử phạt vi phạm giao thông không đúng của {resp}",
        ),
        narr=(
            (
                "Ngày {ngay}, {toi} đi xe máy trên đường liên xã thì bị tổ tuần tra dừng xe.",
                "Tối hôm đó {toi} chở hàng về nhà, bị yêu cầu dừng xe kiểm tra giấy tờ.",
            ),
            (
                "{Resp} lập biên bản và tạm giữ xe của {toi} với lý do không có giấy tờ.",
                "{Resp} ra quyết định phạt {toi} {tien_nho} về lỗi mà {toi} không vi phạm.",
            ),
            (
                "Giấy tờ xe {toi} mang đủ, chỉ là bản sao có chứng thực.",
                "Đã hơn {n} tháng mà xe vẫn bị giữ, không ai trả lời.",
            ),
            (
                "?Chiếc xe là phương tiện đi làm duy nhất của {gd}.",
                "?{Toi} đã nộp phạt theo yêu cầu nhưng vẫn chưa được nhận lại xe.",
            ),
        ),
        req=("trả lại xe và hủy quyết định xử phạt sai", "xem xét lại việc tạm giữ phương tiện của {toi}"),
    ),
    T(
        id="tr.kn.k.5",
        cat="khieu_nai",
        dom="khac",
        resp="health",
        matter=(
            "việc thu tiền khám chữa bệnh không đúng quy định",
            "{resp} không giải quyết chế độ khám bệnh cho {gd}",
        ),
        narr=(
            (
                "Tháng {thang} năm {nam}, mẹ {toi} nhập viện điều trị tại cơ sở y tế của huyện.",
                "Con {toi} bị sốt cao phải nằm viện một tuần.",
            ),
            (
                "Khi ra viện, {gd} phải nộp thêm {tien_nho} dù có thẻ bảo hiểm y tế; {resp} nói đó là quy định.",
                "Đơn của {gd} gửi {resp} đề nghị giải thích khoản thu thêm vẫn chưa được trả lời.",
            ),
            (
                "Hóa đơn ghi nhiều loại thuốc mà người bệnh không hề được dùng.",
                "Khoản thu thêm không có phiếu thu, chỉ có tờ giấy viết tay.",
            ),
            (
                "?Nhiều người bệnh cùng phòng cũng phải nộp như vậy.",
                "?{Gd} thuộc diện hộ cận nghèo, số tiền đó là rất lớn.",
            ),
        ),
        req=(
            "xem xét lại khoản thu và hoàn trả cho {gd} số tiền thu sai",
            "buộc bệnh viện giải thích rõ các khoản đã thu",
        ),
        traps=("phản ánh", "tố cáo"),
    ),
    T(
        id="tr.kn.k.6",
        cat="khieu_nai",
        dom="khac",
        resp="ubnd",
        matter=(
            "việc {resp} thu hồi điểm kinh doanh của {gd} ở chợ",
            "quyết định không cho {gd} tiếp tục thuê ki-ốt ở chợ {ward}",
        ),
        narr=(
            (
                "{Gd} bán hàng tạp hóa ở chợ {ward} đã hơn mười năm, đóng phí đầy đủ.",
                "Sạp hàng ở chợ là kế sinh nhai của cả {gd}.",
            ),
            (
                "Khi chợ được sửa lại, {resp} bốc thăm phân lô, {gd} không có tên trong danh sách.",
                "{Resp} ra thông báo chấm dứt hợp đồng thuê ki-ốt với {gd} trước thời hạn.",
            ),
            (
                "Nhiều ki-ốt lại được giao cho người chưa bán ở chợ ngày nào.",
                "Thông báo không nêu {gd} vi phạm điều gì trong hợp đồng.",
            ),
            (
                "?Tiền đặt cọc {tien_nho} đến nay vẫn chưa được trả.",
                "?Từ khi mất chỗ bán, thu nhập của {gd} gần như không còn.",
            ),
        ),
        req=(
            "giao lại chỗ kinh doanh cho {gd} như trước",
            "hủy thông báo chấm dứt hợp đồng và công khai kết quả phân lô",
        ),
    ),
    # ---------------------------------------------------------------- moi_truong
    T(
        id="tr.kn.mt.4",
        cat="khieu_nai",
        dom="moi_truong",
        resp="chair",
        solo=True,
        matter=(
            "quyết định xử phạt lò làm bún của {gd} về xả nước thải",
            "{resp} phạt tiền và buộc cơ sở làm bún của {gd} ngừng sản xuất",
        ),
        narr=(
            (
                "{Gd} làm bún, bánh phở theo nghề truyền thống, mỗi ngày chỉ xay vài tạ gạo.",
                "Cơ sở làm bún của {gd} đã xây bể lắng ba ngăn trước khi nước chảy ra cống.",
            ),
            (
                "Ngày {ngay}, {resp} ký quyết định phạt {gd} {tien_nho} vì cho rằng xả nước chua ra mương.",
                "{Resp} xử phạt và buộc {gd} ngừng làm bún ba tháng với lý do gây mùi hôi.",
            ),
            (
                "Mẫu nước được lấy ở cống chung của cả xóm, nơi nhiều hộ cùng đổ ra.",
                "Khi ký quyết định chưa có kết quả phân tích mẫu nào của cơ quan chuyên môn.",
            ),
            (
                "?Ngừng sản xuất thì mất hết mối hàng, cả nhà không có thu nhập.",
                "?{Toi} đã mời đoàn kiểm tra lấy mẫu lại nhưng không ai đến.",
            ),
        ),
        req=(
            "hủy quyết định xử phạt và lấy mẫu kiểm tra lại",
            "xem xét lại căn cứ xử phạt cơ sở làm bún của {gd}",
        ),
    ),
    T(
        id="tr.kn.mt.5",
        cat="khieu_nai",
        dom="moi_truong",
        resp="ubnd",
        matter=(
            "quyết định đặt điểm tập kết rác sát nhà {gd}",
            "việc {resp} chọn vị trí trạm trung chuyển rác cạnh khu dân cư",
        ),
        narr=(
            (
                "Trước cổng nhà {toi} là bãi đất trống cạnh đường làng.",
                "Nhà {toi} nằm sát khu đất công ở đầu {hamlet}.",
            ),
            (
                "Năm {nam}, {resp} quyết định đặt điểm tập kết rác của cả xã ngay tại đây.",
                "{Resp} chọn bãi đất này làm trạm trung chuyển rác mà không lấy ý kiến các hộ liền kề.",
            ),
            (
                "Rác để qua đêm bốc mùi, ruồi nhặng bay vào tận mâm cơm.",
                "Nước rỉ rác chảy tràn xuống ao nhà {toi}.",
            ),
            (
                "?{Gd} đã gửi đơn lên xã hai lần nhưng vẫn được trả lời là chưa có chỗ khác.",
                "?Trẻ nhỏ trong nhà thường xuyên bị ho, phải đi khám.",
            ),
        ),
        req=(
            "hủy quyết định chọn vị trí và di dời điểm tập kết rác",
            "xem xét lại vị trí đặt trạm trung chuyển rác",
        ),
        traps=("phản ánh", "kiến nghị"),
    ),
    T(
        id="tr.kn.mt.6",
        cat="khieu_nai",
        dom="moi_truong",
        resp="agency_head",
        matter=(
            "{resp} rút giấy phép môi trường của lò gạch",
            "quyết định buộc lò gạch của {gd} ngừng hoạt động",
        ),
        narr=(
            (
                "{Gd} có cơ sở sản xuất nhỏ ở {hamlet}, có đủ giấy phép môi trường.",
                "Cơ sở của {gd} đã được cấp phép từ năm {nam_cu}, nộp phí bảo vệ môi trường hằng năm.",
            ),
            (
                "{Resp} ký văn bản thu hồi giấy phép, buộc cơ sở ngừng hoạt động ngay.",
                "Tháng {thang} năm {nam}, {resp} yêu cầu {gd} dừng sản xuất vì nằm gần khu dân cư mới.",
            ),
            (
                "Khu dân cư đó mới được quy hoạch sau khi cơ sở đã hoạt động nhiều năm.",
                "Văn bản không dẫn kết quả quan trắc nào cho thấy cơ sở gây ô nhiễm.",
            ),
            (
                "?Hơn hai mươi công nhân đang mất việc.",
                "?{Gd} chưa được hỗ trợ gì để di dời.",
            ),
        ),
        req=(
            "xem xét lại quyết định thu hồi giấy phép của {gd}",
            "cho {gd} thời gian di dời và hỗ trợ theo quy định",
        ),
    ),
]

TO_CAO_E: list[dict] = [
    # ---------------------------------------------------------------- dat_dai
    T(
        id="tr.tc.dd.4",
        cat="to_cao",
        dom="dat_dai",
        resp="cadre",
        matter=(
            "{resp} giao đất công trái phép cho người nhà",
            "việc chia đất công ích ưu ái cho người thân của cán bộ xã",
        ),
        narr=(
            (
                "Khu đất công ích ở {hamlet} rộng khoảng {dt} m2 trước đây dùng làm sân phơi chung.",
                "Xã có một khu đất công bỏ trống ven đường tỉnh.",
            ),
            (
                "{Resp} đã tự ý chia khu đất này cho em vợ và cháu ruột làm nhà.",
                "Không qua họp dân, {resp} ký giấy giao đất cho người nhà mình.",
                "{Resp} lợi dụng chức vụ để ưu ái người thân, cho họ rào đất công làm vườn.",
            ),
            (
                "Người được giao đất đã xây nhà kiên cố và đang rao bán một phần.",
                "Việc giao đất không có quyết định nào của cấp huyện.",
            ),
            (
                "?Nhiều hộ nghèo trong thôn xin đất làm nhà thì bị từ chối.",
                "?Bà con đã hỏi trong cuộc họp thôn nhưng không được trả lời.",
            ),
        ),
        req=(
            "thu hồi đất công giao trái phép và xử lý cán bộ sai phạm",
            "làm rõ việc giao đất cho người nhà cán bộ",
        ),
        traps=("phản ánh", "kiến nghị"),
    ),
    T(
        id="tr.tc.dd.5",
        cat="to_cao",
        dom="dat_dai",
        resp="neighbor",
        solo=True,
        matter=(
            "{resp} lấn chiếm đất và đe dọa {gd}",
            "việc hộ sát vách nhổ cột mốc, xây tường lấn đất",
        ),
        narr=(
            (
                "Đất của {gd} giáp ranh với {resp}, mốc giới là cột bê tông chôn từ năm {nam_cu}.",
                "{Resp} ở sát vách, hai nhà có chung một bờ rào cũ.",
            ),
            (
                "Đêm {ngay}, người nhà hộ bên cạnh nhổ cột mốc, xây tường lấn sang {dt_nho} m2.",
                "Lợi dụng lúc {gd} đi vắng, họ phá rào cũ và đổ móng lấn sang đất nhà {toi}.",
            ),
            (
                "Khi {toi} ra ngăn cản thì bị chửi bới và dọa đánh.",
                "Họ còn cầm dao ra đe dọa, nói nếu báo chính quyền sẽ không để yên.",
                "Con trai họ xô ngã {toi}, có hàng xóm chứng kiến.",
            ),
            (
                "?{Toi} đã báo công an xã nhưng chưa được giải quyết.",
                "?Từ hôm đó {gd} không dám ra vườn một mình.",
            ),
        ),
        req=(
            "xử lý hành vi lấn chiếm đất và đe dọa người khác",
            "buộc hộ này dỡ phần tường xây lấn và chấm dứt việc đe dọa {gd}",
        ),
        traps=("khiếu nại", "kêu cứu"),
    ),
    T(
        id="tr.tc.dd.6",
        cat="to_cao",
        dom="dat_dai",
        resp="company",
        matter=(
            "{resp} san lấp, chiếm đất của người dân ngoài ranh dự án",
            "doanh nghiệp tự ý đổ đất lấp ruộng của các hộ",
        ),
        narr=(
            (
                "Dự án {project} chỉ được giao đất đến bờ kênh phía bắc {hamlet}.",
                "Ruộng của các hộ nằm ngoài ranh giới dự án {project}.",
            ),
            (
                "{Resp} cho xe tải đổ đất san lấp lấn sang hàng chục sào ruộng của dân.",
                "Không thỏa thuận, không bồi thường, {resp} đưa máy xúc vào ủi ruộng.",
            ),
            (
                "Khi người dân ra ngăn thì bị bảo vệ công ty xua đuổi, giằng co.",
                "Mương nước tưới tiêu bị lấp, cả cánh đồng không cấy được vụ mới.",
            ),
            (
                "?Các hộ đã có đơn gửi xã từ tháng {thang} năm {nam} mà chưa thấy ai xuống.",
                "?Cột mốc ranh dự án vẫn còn, ai nhìn cũng thấy công ty làm lấn ra ngoài.",
            ),
        ),
        req=(
            "buộc doanh nghiệp trả lại đất, khôi phục hiện trạng và xử lý vi phạm",
            "kiểm tra ranh giới dự án, xử lý hành vi chiếm đất",
        ),
    ),
]
