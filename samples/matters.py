"""What petitions are about: the matters per domain and category, with their facts and requests, and the
wording that depends on the category (titles, signature heads, filler sentences)."""

from __future__ import annotations

from ..contract import CATEGORIES, DOMAINS

# --------------------------------------------------------------------------------------------------------------
# Matters: per domain and category. Placeholders are filled by _fill(). {toi}/{Toi} = tôi / chúng tôi,
# {gd} = gia đình tôi / các hộ gia đình chúng tôi, {resp} = the respondent as written.
# resp kinds: authority | chair | official | party | company | neighbor | court | insurance | none
# --------------------------------------------------------------------------------------------------------------

M = dict  # short alias for the table below

MATTERS: dict[str, dict[str, list[dict]]] = {
    "dat_dai": {
        "khieu_nai": [
            M(
                resp="authority",
                subject="không đồng ý với Quyết định số {so}/QĐ-UBND ngày {ngay} thu hồi đất và phê duyệt phương án "
                "bồi thường, hỗ trợ đối với {gd}",
                facts=[
                    "{Gd} sử dụng ổn định thửa đất số {thua}, tờ bản đồ số {to}, diện tích {dt} m2 tại {unit} từ "
                    "năm {nam_sd}, không có tranh chấp với ai.",
                    "Ngày {ngay}, {resp} ban hành Quyết định số {so}/QĐ-UBND thu hồi {dt2} m2 đất của {gd} để thực "
                    "hiện dự án {project}.",
                    "Tuy nhiên, đơn giá bồi thường chỉ được tính {gia} đồng/m2, thấp hơn nhiều so với giá chuyển "
                    "nhượng thực tế tại địa phương.",
                    "Phần diện tích đất vườn, ao liền kề với đất ở không được hỗ trợ theo đúng quy định của Luật Đất "
                    "đai.",
                    "{Gd} đã nhiều lần có ý kiến với Hội đồng bồi thường, giải phóng mặt bằng nhưng không được giải "
                    "quyết thỏa đáng.",
                ],
                request="hủy bỏ Quyết định số {so}/QĐ-UBND, xác định lại giá đất bồi thường và bố trí tái định cư "
                "cho {gd} theo đúng quy định của pháp luật",
            ),
            M(
                resp="authority",
                solo=True,
                subject="việc từ chối cấp Giấy chứng nhận quyền sử dụng đất cho {gd} tại thửa đất số {thua}",
                facts=[
                    "{Gd} nhận chuyển nhượng thửa đất số {thua}, tờ bản đồ số {to}, diện tích {dt} m2 từ năm "
                    "{nam_sd}, có giấy tờ mua bán viết tay và xác nhận của thôn.",
                    "Ngày {ngay}, {toi} nộp đầy đủ hồ sơ đề nghị cấp Giấy chứng nhận quyền sử dụng đất tại Bộ phận "
                    "một cửa.",
                    "Đến nay đã quá thời hạn giải quyết nhưng {resp} có văn bản từ chối với lý do đất có nguồn gốc "
                    "lấn chiếm, trong khi {gd} sử dụng ổn định, đóng thuế đầy đủ hằng năm.",
                ],
                request="xem xét lại hồ sơ và cấp Giấy chứng nhận quyền sử dụng đất cho {gd} theo quy định",
            ),
        ],
        "to_cao": [
            M(
                resp="official",
                subject="nhận tiền của người dân để xác nhận hồ sơ cấp Giấy chứng nhận quyền sử dụng đất trái quy "
                "định",
                facts=[
                    "Khoảng tháng {thang} năm {nam}, {resp} đã yêu cầu nhiều hộ dân nộp từ {tien_nho} để được "
                    "xác nhận nguồn gốc đất.",
                    "Những hộ không nộp tiền thì hồ sơ bị để kéo dài, không được giải quyết.",
                    "Nhiều trường hợp đất lấn chiếm hành lang giao thông vẫn được xác nhận là đất sử dụng ổn định "
                    "trước năm 1993.",
                ],
                request="xác minh, làm rõ và xử lý nghiêm hành vi vi phạm của người bị tố cáo theo quy định của "
                "pháp luật",
            ),
            M(
                resp="neighbor",
                subject="lấn chiếm đất công và xây dựng trái phép trên đất nông nghiệp tại {unit}",
                facts=[
                    "Từ tháng {thang} năm {nam}, {resp} tự ý san lấp khoảng {dt} m2 đất ruộng lúa và lấn chiếm "
                    "mương thoát nước chung của thôn.",
                    "Sau đó, hộ này xây dựng nhà xưởng kiên cố để cho thuê mà không có giấy phép xây dựng.",
                    "Chính quyền địa phương biết nhưng không lập biên bản xử lý, để sự việc kéo dài.",
                ],
                request="kiểm tra, buộc khôi phục lại tình trạng ban đầu của đất và xử lý trách nhiệm của cán bộ "
                "buông lỏng quản lý",
            ),
        ],
        "kien_nghi": [
            M(
                resp="none",
                solo=True,
                subject="giải quyết dứt điểm tranh chấp ranh giới đất giữa {gd} và hộ {other}",
                facts=[
                    "{Gd} và hộ {other} có đất liền kề tại {unit}, ranh giới đã ổn định từ nhiều năm trước.",
                    "Năm {nam}, hộ {other} xây tường rào lấn sang đất của {gd} khoảng {dt_nho} m2.",
                    "Ủy ban nhân dân {ward} đã tổ chức hòa giải hai lần nhưng không thành.",
                ],
                request="đo đạc lại hiện trạng sử dụng đất, xác định ranh giới và giải quyết dứt điểm vụ việc",
            ),
            M(
                resp="none",
                subject="bố trí tái định cư cho các hộ bị thu hồi đất thực hiện dự án {project}",
                facts=[
                    "Năm {nam}, {gd} bị thu hồi toàn bộ đất ở để thực hiện dự án {project}.",
                    "Đến nay đã hơn hai năm nhưng {gd} vẫn chưa được giao đất tái định cư, phải đi thuê nhà để ở.",
                    "Tiền hỗ trợ thuê nhà tạm cư đã dừng chi trả từ tháng {thang} năm {nam2}.",
                ],
                request="sớm bố trí đất tái định cư và tiếp tục chi trả tiền hỗ trợ tạm cư cho {gd}",
            ),
        ],
        "phan_anh": [
            M(
                resp="none",
                subject="việc chậm chi trả tiền bồi thường giải phóng mặt bằng dự án {project}",
                facts=[
                    "Dự án {project} đi qua {unit} đã có quyết định thu hồi đất từ ngày {ngay}.",
                    "Người dân đã bàn giao mặt bằng đúng hạn nhưng đến nay vẫn chưa nhận được tiền bồi thường.",
                    "Nhiều hộ không còn đất sản xuất, đời sống gặp rất nhiều khó khăn.",
                ],
                request="chỉ đạo các cơ quan liên quan khẩn trương chi trả tiền bồi thường cho người dân",
            ),
        ],
    },
    "nha_tai_san": {
        "khieu_nai": [
            M(
                resp="chair",
                solo=True,
                subject="không đồng ý với Quyết định số {so}/QĐ-XPVPHC ngày {ngay} xử phạt vi phạm hành chính "
                "trong lĩnh vực xây dựng đối với {gd}",
                facts=[
                    "Ngày {ngay}, {resp} ký Quyết định số {so}/QĐ-XPVPHC phạt {gd} {tien_nho} và buộc tháo dỡ "
                    "phần mái tôn phía sau nhà.",
                    "Phần công trình này chỉ là sửa chữa, cải tạo mái che trên nền nhà cũ, không thuộc trường "
                    "hợp phải xin giấy phép xây dựng.",
                    "Biên bản vi phạm được lập khi {toi} vắng nhà, không có người làm chứng ký tên.",
                ],
                request="hủy Quyết định số {so}/QĐ-XPVPHC và không buộc tháo dỡ công trình của {gd}",
            ),
        ],
        "to_cao": [
            M(
                resp="neighbor",
                subject="xây dựng nhà trái phép, lấn chiếm lối đi chung của khu dân cư",
                facts=[
                    "Từ tháng {thang} năm {nam}, {resp} xây dựng nhà {tang} tầng không có giấy phép, lấn ra lối "
                    "đi chung khoảng {dt_nho} m2.",
                    "Lối đi chung của {so_ho} hộ dân bị thu hẹp, xe cứu thương, xe chữa cháy không thể đi vào.",
                    "Các hộ dân đã báo cáo nhiều lần nhưng công trình vẫn tiếp tục thi công.",
                ],
                request="đình chỉ thi công, buộc tháo dỡ phần công trình vi phạm, trả lại lối đi chung",
            ),
        ],
        "kien_nghi": [
            M(
                resp="none",
                solo=True,
                subject="cấp giấy phép sửa chữa nhà ở đã xuống cấp nghiêm trọng",
                facts=[
                    "Ngôi nhà cấp bốn của {gd} xây dựng từ năm {nam_sd}, nay tường nứt, mái dột, có nguy cơ sập "
                    "đổ vào mùa mưa bão.",
                    "{Toi} đã nộp hồ sơ xin phép sửa chữa từ ngày {ngay} nhưng chưa được giải quyết.",
                ],
                request="sớm xem xét cấp phép sửa chữa nhà ở để bảo đảm an toàn cho {gd}",
            ),
        ],
        "phan_anh": [
            M(
                resp="company",
                subject="công trình xây dựng gây nứt, lún nhà ở của các hộ dân liền kề",
                facts=[
                    "{Resp} đang thi công tòa nhà cao tầng liền kề khu dân cư tại {unit}.",
                    "Từ khi đóng cọc, ép cọc, nhà của {gd} bị nứt tường, lún nền, có nơi nứt rộng vài centimet.",
                    "Chủ đầu tư chưa có biện pháp khắc phục, chưa bồi thường thiệt hại cho các hộ dân.",
                ],
                request="kiểm tra công trình, tạm dừng thi công và buộc chủ đầu tư bồi thường thiệt hại",
            ),
        ],
    },
    "chinh_sach": {
        "khieu_nai": [
            M(
                resp="insurance",
                solo=True,
                subject="việc không giải quyết chế độ hưu trí cho {toi}",
                facts=[
                    "{Toi} có tổng thời gian đóng bảo hiểm xã hội là {nam_bh} năm, đã đủ tuổi nghỉ hưu từ tháng "
                    "{thang} năm {nam}.",
                    "Ngày {ngay}, {resp} có văn bản trả lời không giải quyết chế độ hưu trí với lý do thiếu hồ sơ "
                    "của giai đoạn trước năm 1995.",
                    "Toàn bộ sổ bảo hiểm xã hội và quyết định tuyển dụng đều đã được {toi} nộp bản sao có chứng "
                    "thực.",
                ],
                request="xem xét lại hồ sơ, giải quyết chế độ hưu trí cho {toi} theo đúng quy định",
            ),
            M(
                resp="chair",
                solo=True,
                subject="không đồng ý với Quyết định số {so}/QĐ-UBND ngày {ngay} thi hành kỷ luật buộc thôi việc "
                "đối với {toi}",
                facts=[
                    "{Toi} là công chức văn hóa - xã hội tại Ủy ban nhân dân {ward} từ năm {nam_sd}.",
                    "Ngày {ngay}, {resp} ký quyết định kỷ luật buộc thôi việc đối với {toi} với lý do tự ý bỏ "
                    "việc.",
                    "Thực tế {toi} nghỉ ốm có giấy xác nhận của bệnh viện và đã báo cáo bằng văn bản với lãnh đạo.",
                ],
                request="hủy quyết định kỷ luật và bố trí công việc trở lại cho {toi}",
            ),
        ],
        "to_cao": [
            M(
                resp="official",
                subject="lập hồ sơ khống để hưởng chế độ trợ cấp hộ nghèo và người có công",
                facts=[
                    "{Resp} đã lập danh sách hộ nghèo có nhiều hộ khá giả, trong đó có người thân của cán bộ xã.",
                    "Một số hồ sơ người có công với cách mạng được lập khống để nhận trợ cấp hằng tháng.",
                    "Các hộ thực sự khó khăn trong thôn lại không được xét duyệt.",
                ],
                request="thanh tra việc xét duyệt hộ nghèo và chi trả trợ cấp tại địa phương",
            ),
        ],
        "kien_nghi": [
            M(
                resp="none",
                solo=True,
                subject="xem xét công nhận liệt sĩ và giải quyết chế độ thờ cúng liệt sĩ cho gia đình",
                facts=[
                    "Bố {toi} là ông {other}, nhập ngũ năm 1968 và hy sinh năm 1972 tại chiến trường Quảng Trị.",
                    "Gia đình đã có giấy báo tử của đơn vị nhưng hồ sơ đề nghị công nhận liệt sĩ bị thất lạc.",
                    "{Toi} đã nhiều lần liên hệ Phòng Lao động - Thương binh và Xã hội nhưng chưa được hướng dẫn.",
                ],
                request="hướng dẫn, xác minh và hoàn thiện hồ sơ công nhận liệt sĩ cho bố {toi}",
            ),
            M(
                resp="none",
                solo=True,
                subject="chi trả trợ cấp xã hội hằng tháng cho người cao tuổi",
                facts=[
                    "{Toi} năm nay đã {tuoi} tuổi, sống một mình, không có lương hưu hay trợ cấp nào khác.",
                    "Hồ sơ đề nghị hưởng trợ cấp xã hội đã nộp tại Ủy ban nhân dân {ward} từ ngày {ngay}.",
                ],
                request="xét duyệt và chi trả trợ cấp xã hội hằng tháng cho {toi} theo quy định",
            ),
        ],
        "phan_anh": [
            M(
                resp="none",
                subject="việc chậm chi trả tiền hỗ trợ cho người lao động mất việc làm",
                facts=[
                    "Từ tháng {thang} năm {nam}, nhiều công nhân tại {unit} mất việc do doanh nghiệp ngừng hoạt "
                    "động.",
                    "Người lao động đã nộp hồ sơ đề nghị hỗ trợ nhưng đến nay vẫn chưa được chi trả.",
                ],
                request="chỉ đạo các cơ quan chức năng kiểm tra, sớm chi trả tiền hỗ trợ cho người lao động",
            ),
        ],
    },
    "tu_phap": {
        "khieu_nai": [
            M(
                resp="court",
                solo=True,
                subject="việc kê biên tài sản của {gd} theo Quyết định thi hành án số {so}/QĐ-CCTHADS ngày {ngay}",
                facts=[
                    "Ngày {ngay}, {resp} ra Quyết định thi hành án số {so}/QĐ-CCTHADS và tiến hành kê biên "
                    "ngôi nhà của {gd}.",
                    "Việc kê biên không thông báo trước, giá trị tài sản kê biên vượt quá nhiều lần số tiền phải "
                    "thi hành án là {tien}.",
                    "{Toi} đã tự nguyện nộp một phần tiền thi hành án nhưng không được ghi nhận.",
                ],
                request="hủy quyết định kê biên, xem xét lại việc tổ chức thi hành án đối với {gd}",
            ),
        ],
        "to_cao": [
            M(
                resp="official",
                solo=True,
                subject="chứng thực hợp đồng chuyển nhượng khi không có mặt người ký",
                facts=[
                    "Ngày {ngay}, {resp} đã chứng thực hợp đồng chuyển nhượng quyền sử dụng đất của {gd} khi "
                    "không có mặt các thành viên trong hộ.",
                    "Chữ ký trong hợp đồng không phải của mẹ {toi}, người đang nằm viện vào thời điểm đó.",
                    "Hậu quả là thửa đất của {gd} bị sang tên cho người khác.",
                ],
                request="xác minh, xử lý nghiêm người vi phạm và hủy việc chứng thực trái pháp luật",
            ),
        ],
        "kien_nghi": [
            M(
                resp="none",
                solo=True,
                subject="đẩy nhanh tiến độ thi hành Bản án dân sự số {so}/{nam}/DS-PT",
                facts=[
                    "Theo Bản án dân sự phúc thẩm số {so}/{nam}/DS-PT, ông {other} phải trả cho {toi} số tiền "
                    "{tien}.",
                    "Bản án đã có hiệu lực pháp luật nhưng đến nay {toi} chưa nhận được khoản tiền nào.",
                    "Người phải thi hành án có tài sản nhưng đang tìm cách tẩu tán.",
                ],
                request="khẩn trương tổ chức thi hành án và áp dụng biện pháp ngăn chặn việc tẩu tán tài sản",
            ),
            M(
                resp="none",
                solo=True,
                subject="cải chính hộ tịch và cấp lại bản chính giấy khai sinh",
                facts=[
                    "Giấy khai sinh của con {toi} ghi sai năm sinh của người mẹ so với Căn cước công dân.",
                    "{Toi} đã nộp hồ sơ tại Ủy ban nhân dân {ward} nhưng bị yêu cầu bổ sung nhiều lần.",
                ],
                request="hướng dẫn và giải quyết việc cải chính hộ tịch cho con {toi}",
            ),
        ],
        "phan_anh": [
            M(
                resp="none",
                solo=True,
                subject="thái độ làm việc của cán bộ tư pháp - hộ tịch khi giải quyết thủ tục chứng thực",
                facts=[
                    "Ngày {ngay}, {toi} đến Bộ phận một cửa {ward} để chứng thực giấy tờ.",
                    "Cán bộ tư pháp - hộ tịch có thái độ hách dịch, yêu cầu nộp thêm khoản phí ngoài quy định.",
                ],
                request="kiểm tra, chấn chỉnh thái độ phục vụ của cán bộ tại Bộ phận một cửa",
            ),
        ],
    },
    "tham_nhung": {
        "to_cao": [
            M(
                resp="official",
                subject="lợi dụng chức vụ, quyền hạn nhận hối lộ trong việc giao đất, cho thuê đất",
                facts=[
                    "Trong năm {nam}, {resp} đã nhận của nhiều hộ dân số tiền từ {tien_nho} để được giao đất "
                    "dịch vụ.",
                    "Việc nhận tiền không có biên lai, không nộp vào ngân sách.",
                    "{Toi} có ghi âm cuộc nói chuyện và danh sách các hộ đã nộp tiền.",
                ],
                request="vào cuộc xác minh, thu hồi số tiền đã nhận và xử lý nghiêm theo quy định của pháp luật",
            ),
            M(
                resp="official",
                subject="tham ô tiền hỗ trợ của người dân bị thu hồi đất",
                facts=[
                    "{Resp} giữ lại một phần tiền hỗ trợ chuyển đổi nghề nghiệp của các hộ dân bị thu hồi đất "
                    "dự án {project}.",
                    "Nhiều hộ chỉ được nhận khoảng một nửa số tiền ghi trong phương án được duyệt.",
                    "Tổng số tiền bị chiếm đoạt ước tính khoảng {tien}.",
                ],
                request="thanh tra toàn bộ việc chi trả tiền hỗ trợ và chuyển hồ sơ sang cơ quan điều tra nếu có "
                "dấu hiệu tội phạm",
            ),
        ],
        "phan_anh": [
            M(
                resp="official",
                subject="dấu hiệu tiêu cực trong đấu thầu xây dựng công trình trường học",
                facts=[
                    "Gói thầu xây dựng trường tiểu học tại {unit} có giá trị khoảng {tien}.",
                    "Nhà thầu trúng thầu là doanh nghiệp do người thân của {resp} làm giám đốc.",
                    "Công trình mới đưa vào sử dụng đã bị thấm dột, bong tróc.",
                ],
                request="kiểm tra lại quá trình đấu thầu và chất lượng công trình",
            ),
        ],
        "kien_nghi": [
            M(
                resp="official",
                subject="công khai các khoản thu, chi từ nguồn đóng góp của nhân dân",
                facts=[
                    "Năm {nam}, mỗi hộ trong thôn đóng góp {tien_nho} để làm đường bê tông nông thôn.",
                    "{Resp} không công khai quyết toán, người dân nghi ngờ có việc thất thoát, tiêu cực.",
                ],
                request="công khai các khoản thu, chi và kiểm tra việc sử dụng tiền đóng góp của nhân dân",
            ),
        ],
    },
    "moi_truong": {
        "phan_anh": [
            M(
                resp="company",
                subject="tình trạng xả nước thải chưa qua xử lý ra kênh thủy lợi gây ô nhiễm môi trường",
                facts=[
                    "Từ nhiều tháng nay, {resp} xả nước thải có màu đen, bốc mùi hôi thối ra kênh thủy lợi chảy "
                    "qua {unit}.",
                    "Cá chết hàng loạt, lúa và hoa màu của người dân bị ảnh hưởng nghiêm trọng.",
                    "Nhiều người dân, nhất là trẻ em, bị các bệnh về da và đường hô hấp.",
                ],
                request="kiểm tra, lấy mẫu nước thải và xử lý nghiêm hành vi gây ô nhiễm môi trường",
            ),
            M(
                resp="company",
                subject="tiếng ồn và bụi từ hoạt động sản xuất về ban đêm",
                facts=[
                    "{Resp} hoạt động cả ngày lẫn đêm, máy móc gây tiếng ồn lớn sát khu dân cư.",
                    "Bụi từ xưởng sản xuất bám đầy nhà cửa, ảnh hưởng đến sức khỏe và sinh hoạt của người dân.",
                ],
                request="buộc doanh nghiệp di dời hoặc có biện pháp giảm tiếng ồn, bụi theo quy chuẩn",
            ),
        ],
        "kien_nghi": [
            M(
                resp="none",
                subject="di dời bãi tập kết rác thải tự phát gần khu dân cư",
                facts=[
                    "Bãi rác tự phát tại {unit} tồn tại nhiều năm nay, rác thải không được thu gom thường xuyên.",
                    "Mùi hôi thối, ruồi muỗi ảnh hưởng nghiêm trọng đến sức khỏe của người dân xung quanh.",
                ],
                request="thu gom, xử lý triệt để và di dời bãi tập kết rác ra xa khu dân cư",
            ),
        ],
        "to_cao": [
            M(
                resp="company",
                subject="chôn lấp chất thải công nghiệp trái phép",
                facts=[
                    "Vào ban đêm, {resp} dùng xe tải chở chất thải công nghiệp đến chôn lấp tại khu đất trống "
                    "thuộc {unit}.",
                    "Nước rỉ từ khu chôn lấp chảy xuống ruộng lúa và giếng nước của các hộ dân.",
                ],
                request="kiểm tra, đình chỉ hoạt động và buộc khắc phục hậu quả ô nhiễm",
            ),
        ],
        "khieu_nai": [
            M(
                resp="authority",
                subject="việc cho phép xây dựng trạm trung chuyển rác thải sát khu dân cư",
                facts=[
                    "{Resp} đã chấp thuận địa điểm xây dựng trạm trung chuyển rác thải cách nhà dân chưa đầy "
                    "{khoang_cach} mét.",
                    "Việc chấp thuận không lấy ý kiến của người dân, không bảo đảm khoảng cách an toàn môi "
                    "trường.",
                ],
                request="hủy bỏ văn bản chấp thuận địa điểm và lựa chọn vị trí khác phù hợp",
            ),
        ],
    },
    "dang_doan_the": {
        "to_cao": [
            M(
                resp="party",
                subject="vi phạm quy định về những điều đảng viên không được làm",
                facts=[
                    "{Resp} sử dụng xe công vào việc riêng và tổ chức đám cưới cho con linh đình, nhận phong bì "
                    "của cấp dưới.",
                    "Người này còn kê khai tài sản, thu nhập không trung thực.",
                    "Những việc trên gây dư luận xấu trong cán bộ, đảng viên và nhân dân địa phương.",
                ],
                request="kiểm tra, làm rõ và xử lý kỷ luật nghiêm minh theo Điều lệ Đảng",
            ),
        ],
        "khieu_nai": [
            M(
                resp="party",
                solo=True,
                subject="quyết định thi hành kỷ luật khiển trách đối với {toi}",
                facts=[
                    "{Toi} là đảng viên sinh hoạt tại Chi bộ thôn, có {nam_bh} năm tuổi Đảng.",
                    "Ngày {ngay}, Chi bộ thi hành kỷ luật khiển trách {toi} với lý do không chấp hành nghị quyết "
                    "của Chi bộ.",
                    "{Toi} cho rằng quyết định của {resp} không đúng quy trình, không cho {toi} trình bày ý kiến.",
                ],
                request="xem xét lại quyết định kỷ luật đối với {toi}",
            ),
        ],
        "kien_nghi": [
            M(
                resp="party",
                subject="xem xét tư cách đảng viên và việc bầu cử trong Chi bộ",
                facts=[
                    "Tại kỳ họp Chi bộ tháng {thang} năm {nam}, {resp} đã chỉ đạo việc bầu cử không dân chủ.",
                    "Nhiều đảng viên có ý kiến nhưng không được ghi vào biên bản.",
                ],
                request="kiểm tra, chấn chỉnh sinh hoạt Chi bộ và bảo đảm dân chủ trong Đảng",
            ),
        ],
        "phan_anh": [
            M(
                resp="none",
                subject="hoạt động của Hội Cựu chiến binh và việc sử dụng quỹ hội",
                facts=[
                    "Quỹ hội đóng góp của hội viên nhiều năm không được công khai thu, chi.",
                    "Hội viên đề nghị nhưng Ban Chấp hành Hội không trả lời.",
                ],
                request="kiểm tra việc quản lý, sử dụng quỹ hội và công khai cho hội viên được biết",
            ),
        ],
    },
    "khac": {
        "kien_nghi": [
            M(
                resp="none",
                subject="sửa chữa tuyến đường liên thôn bị xuống cấp nghiêm trọng",
                facts=[
                    "Tuyến đường liên thôn dài khoảng {km} km tại {unit} bị sụt lún, ổ gà, ổ voi dày đặc.",
                    "Mùa mưa đường ngập nước, học sinh đi học rất nguy hiểm, đã xảy ra nhiều vụ tai nạn.",
                ],
                request="sớm bố trí kinh phí sửa chữa, nâng cấp tuyến đường",
            ),
            M(
                resp="none",
                subject="bố trí đủ giáo viên và phòng học cho trường tiểu học của địa phương",
                facts=[
                    "Trường tiểu học tại {unit} hiện thiếu giáo viên, nhiều lớp phải ghép hoặc học ca ba.",
                    "Phòng học xuống cấp, mái dột, bàn ghế hư hỏng.",
                ],
                request="bổ sung giáo viên và đầu tư sửa chữa phòng học trước năm học mới",
            ),
        ],
        "phan_anh": [
            M(
                resp="none",
                solo=True,
                subject="thái độ thiếu trách nhiệm của cán bộ tiếp nhận hồ sơ tại Bộ phận một cửa",
                facts=[
                    "Ngày {ngay}, {toi} đến Bộ phận một cửa {ward} nộp hồ sơ nhưng bị hẹn nhiều lần.",
                    "Cán bộ tiếp nhận không hướng dẫn rõ ràng, có lời lẽ thiếu tôn trọng người dân.",
                ],
                request="chấn chỉnh thái độ phục vụ của cán bộ và giải quyết hồ sơ đúng hạn",
            ),
            M(
                resp="none",
                subject="tình trạng quá tải và chất lượng khám chữa bệnh tại trạm y tế",
                facts=[
                    "Trạm y tế {ward} thường xuyên thiếu thuốc bảo hiểm y tế, người bệnh phải tự mua ngoài.",
                    "Giờ làm việc không ổn định, nhiều buổi không có bác sĩ trực.",
                ],
                request="kiểm tra và chỉ đạo nâng cao chất lượng khám chữa bệnh tại trạm y tế",
            ),
        ],
        "khieu_nai": [
            M(
                resp="authority",
                solo=True,
                subject="việc không giải quyết hồ sơ đăng ký hộ kinh doanh của {toi}",
                facts=[
                    "Ngày {ngay}, {toi} nộp hồ sơ đăng ký hộ kinh doanh tại {resp} đầy đủ giấy tờ theo quy định.",
                    "Đến nay đã quá thời hạn giải quyết nhưng {toi} không nhận được kết quả hay văn bản trả lời.",
                ],
                request="giải quyết hồ sơ đăng ký hộ kinh doanh cho {toi} theo đúng thời hạn",
            ),
        ],
        "to_cao": [
            M(
                resp="official",
                subject="gây khó khăn, sách nhiễu người dân khi giải quyết thủ tục hành chính",
                facts=[
                    "{Resp} nhiều lần gợi ý người dân nộp thêm tiền để được giải quyết hồ sơ nhanh.",
                    "Những hồ sơ không có tiền bồi dưỡng thì bị trả lại với nhiều lý do khác nhau.",
                ],
                request="xác minh và xử lý nghiêm hành vi sách nhiễu của cán bộ",
            ),
        ],
    },
}

FILLERS = [
    "Sự việc trên đã kéo dài nhiều năm, ảnh hưởng nghiêm trọng đến đời sống và sinh hoạt của {gd}.",
    "{Toi} đã nhiều lần gửi đơn đến Ủy ban nhân dân {ward} nhưng đến nay vẫn chưa nhận được văn bản trả lời.",
    "Ngày {ngay2}, {toi} đã đến Trụ sở Tiếp công dân trình bày sự việc, cán bộ tiếp dân hứa sẽ xem xét nhưng "
    "đến nay chưa có kết quả.",
    "Việc chậm giải quyết đã gây bức xúc trong nhân dân địa phương, nhiều hộ dân có ý định kéo nhau lên cấp trên.",
    "Các giấy tờ liên quan, {toi} xin gửi kèm theo đơn này để Quý cơ quan xem xét.",
    "{Toi} là người dân chấp hành tốt mọi chủ trương, chính sách của Đảng và pháp luật của Nhà nước.",
    "Trong quá trình giải quyết, cán bộ phụ trách không hướng dẫn cụ thể, chỉ trả lời bằng miệng.",
    "Nếu sự việc không được giải quyết kịp thời, thiệt hại của {gd} sẽ ngày càng lớn.",
    "{Toi} mong muốn được gặp trực tiếp lãnh đạo để trình bày rõ hơn về sự việc.",
    "Ngày {ngay2}, Ủy ban nhân dân {ward} có tổ chức buổi làm việc nhưng không mời {toi} tham dự.",
    "Những nội dung nêu trên đều có người làm chứng và giấy tờ chứng minh kèm theo.",
    "Đến nay {toi} vẫn chưa nhận được bất kỳ văn bản trả lời chính thức nào của cơ quan có thẩm quyền.",
    "{Toi} nhận thấy việc làm trên là trái với quy định của pháp luật, xâm phạm quyền và lợi ích hợp pháp của "
    "{gd}.",
    "Sự việc đã được các cơ quan báo chí địa phương phản ánh nhưng chưa được xử lý dứt điểm.",
    "Nhiều hộ dân khác trong khu vực cũng gặp trường hợp tương tự nhưng không dám lên tiếng.",
    "{Toi} đã trực tiếp trình bày sự việc tại buổi tiếp xúc cử tri gần đây nhưng chưa được trả lời.",
    "Việc giải quyết kéo dài làm mất lòng tin của người dân vào chính quyền địa phương.",
    "{Toi} hoàn toàn tin tưởng vào sự công minh của Quý cơ quan trong việc giải quyết vụ việc này.",
]

CATEGORY_WORD = {
    "khieu_nai": "khiếu nại",
    "to_cao": "tố cáo",
    "kien_nghi": "kiến nghị",
    "phan_anh": "phản ánh",
}
TITLES = {
    "khieu_nai": [("ĐƠN KHIẾU NẠI", 6), ("ĐƠN KHIẾU NẠI (lần 2)", 1)],
    "to_cao": [("ĐƠN TỐ CÁO", 1)],
    "kien_nghi": [("ĐƠN KIẾN NGHỊ", 3), ("ĐƠN ĐỀ NGHỊ", 2)],
    "phan_anh": [("ĐƠN PHẢN ÁNH", 3), ("ĐƠN THƯ PHẢN ÁNH", 1)],
}
SIGN_HEAD = {
    "khieu_nai": "NGƯỜI KHIẾU NẠI",
    "to_cao": "NGƯỜI TỐ CÁO",
    "kien_nghi": "NGƯỜI KIẾN NGHỊ",
    "phan_anh": "NGƯỜI PHẢN ÁNH",
}
# domains that fit each category best (used when only one of them is given)
CATEGORY_DOMAINS = {c: [d for d in DOMAINS if c in MATTERS[d]] for c in CATEGORIES}
