"""Pool "heldout": further wordings for the sentences of the templates in :mod:`.content_tables_heldout_a`
and :mod:`.content_tables_heldout_b` (data only; applied as in :mod:`.content_tables_train`)."""

from __future__ import annotations

EXTRA_WORDINGS: dict[str, dict[int, tuple[str, ...]]] = {
    "ho.kn.dd.1": {
        0: ("Dự án {project} đi qua, lấy trọn mảnh vườn {dt} m2 của {gd}.",),
        2: ("Mấy gốc bưởi, gốc nhãn đang độ ra trái mà bị tính tiền như cây con.",),
    },
    "ho.kn.dd.2": {
        0: ("Mảnh đất thửa {thua} đã có sổ mang tên {toi} từ hồi năm {nam_cu}.",),
        1: ("Đùng một cái, năm {nam} {resp} ký giấy lấy lại sổ, bảo là cấp nhầm người.",),
        2: ("Chẳng ai gọi {toi} lên hỏi lấy một câu, cũng chẳng nói nhầm ở đâu.",),
    },
    "ho.kn.nts.1": {
        0: ("Trên mảnh đất ở có sổ hẳn hoi, {toi} làm hồ sơ xin dựng nhà hai tầng.",),
        1: (
            "Chờ ròng rã hơn hai tháng, {resp} mới báo không cho xây, viện cớ sắp mở đường mà chẳng có bản vẽ nào.",
        ),
        2: ("Nhà cũ nứt toang, cả nhà dồn vào ngủ trong gian bếp.",),
    },
    "ho.kn.nts.2": {
        0: ("Gian ki-ốt ở chợ {ward} {gd} thuê mười năm, hợp đồng vẫn còn bốn năm.",),
        1: ("{Resp} ra lệnh phá cả dãy ki-ốt vào tháng {thang} năm {nam} để làm chợ mới.",),
        2: ("Bao nhiêu tiền {gd} đổ vào sửa gian hàng coi như mất trắng.",),
    },
    "ho.kn.cs.1": {
        0: ("Bố {toi} về hưu từ ngành giáo dục, mất hồi tháng {thang} năm {nam}.",),
        1: ("Mẹ {toi} ngoài tám mươi, chẳng có đồng lương nào, lẽ ra phải được tuất hằng tháng.",),
        2: ("Vậy mà {resp} chỉ cho hưởng một lần, bảo thiếu giấy xác nhận thu nhập.",),
    },
    "ho.kn.cs.2": {
        0: ("Cuối năm {nam}, {toi} bị chấm là không hoàn thành nhiệm vụ, tụt một bậc lương.",),
        1: ("{Resp} đứng ra chấm điểm, gạt luôn bản tự nhận xét của {toi}.",),
        2: ("Quanh năm {toi} đi làm đủ ngày, việc giao đâu xong đấy.",),
    },
    "ho.kn.tp.1": {
        0: ("Ngân hàng gọi báo sổ tiết kiệm của {toi} bị khóa vì {resp} yêu cầu.",),
        1: ("Món nợ ấy là của em trai, {toi} chỉ lỡ ký chung vào tờ giấy vay năm nào.",),
        2: ("Tiền trong sổ là tiền để dành lúc ốm đau, tuổi già của {gd}.",),
    },
    "ho.kn.tp.2": {
        0: ("Người quen vay {toi} {tien} từ năm {nam}, {toi} đem ra tòa để đòi.",),
        1: ("Đơn gửi lên, {resp} trả về, bảo đã quá thời hạn được kiện.",),
        2: ("Người vay mới viết giấy khất nợ năm ngoái, thời hạn đáng lẽ phải tính lại từ đó.",),
    },
    "ho.kn.ddt.1": {
        0: (
            "{Resp} công bố hình thức cảnh cáo {toi} hồi tháng {thang} năm {nam}, bảo là né việc chi bộ giao.",
        ),
        1: ("Lúc ấy nhà {toi} có người ốm thập tử nhất sinh, {toi} đã viết giấy báo với bí thư.",),
        2: ("Hôm biểu quyết, phần đông chi bộ chỉ muốn nhắc nhở thôi.",),
    },
    "ho.kn.ddt.2": {
        0: ("Nhiệm kỳ trước {toi} ở trong cấp ủy, chi bộ lại giới thiệu {toi} ra tiếp.",),
        1: ("Chỉ mấy hôm trước đại hội, {resp} kết luận {toi} không đạt tiêu chuẩn chính trị nội bộ.",),
        2: ("{Toi} chưa bị nhắc nhở điều gì, cũng chẳng được hỏi han.",),
    },
    "ho.kn.k.1": {
        0: ("Năm {nam} con {toi} đỗ đại học, muốn vay vốn ngân hàng chính sách thì cần giấy xác nhận.",),
        1: ("{Resp} nhất định không ký, bảo {gd} chưa đóng tiền làm nhà văn hóa.",),
        2: ("Tiền góp làm nhà văn hóa là tùy lòng, sao lại đem ra làm khó chuyện giấy tờ.",),
    },
    "ho.kn.k.2": {
        0: ("Từ năm {nam}, {gd} mở xưởng may gia công, có mười người làng vào làm.",),
        1: ("Bỗng dưng {resp} có giấy bắt xưởng đóng cửa, nói nằm giữa khu dân cư.",),
        2: ("Trong khi quanh đó bao nhiêu xưởng to hơn vẫn chạy đều.",),
    },
    "ho.kn.mt.1": {
        0: ("Từ năm {nam}, lò bánh nhà {toi} đã thôi đốt than, chuyển hẳn sang lò điện.",),
        1: ("Thế mà {resp} vẫn ra quyết định phạt {gd} {tien_nho}, bảo là xả khói bụi.",),
        2: ("Biên bản dựa vào mấy tấm ảnh chụp từ đời nào.",),
    },
    "ho.kn.mt.2": {
        0: ("Cái giếng khoan lấy nước làm đậu phụ của {gd} còn giấy phép đến sang năm.",),
        1: ("{Resp} rút giấy phép sớm, chẳng có số liệu đo đạc nào trong tay.",),
        2: ("Mất nước, lò đậu nghỉ làm, thợ bỏ đi hết.",),
    },
    "ho.tc.dd.1": {
        0: ("{Gd} đi làm xa mấy tháng, {resp} ở nhà nhổ cọc, dựng rào B40 lấn sâu vào vườn.",),
        1: ("Chừng {dt_nho} mét vuông bị rào vào, có cả mấy cây mít bố {toi} trồng.",),
        2: ("{Toi} về hỏi, người ta nói cứ đi mà kiện.",),
    },
    "ho.tc.dd.2": {
        0: ("{Resp} đem bãi bồi ven sông của {ward} cho tư nhân thuê để đổ cát đá.",),
        1: ("Giấy thuê chỉ một người ký, tiền thuê chẳng vào ngân sách.",),
        2: ("Xe ben chạy suốt ngày đêm, đường làng nát bét.",),
    },
    "ho.tc.nts.1": {
        0: ("{Resp} đổ mái, xây tường lấn cả vỉa hè lẫn một phần hẻm.",),
        1: ("Con hẻm hai mét giờ hai xe máy tránh nhau cũng chật vật.",),
        2: ("Tổ dân phố lập biên bản rồi mà họ vẫn xây cho xong.",),
    },
    "ho.tc.nts.2": {
        0: ("{Gd} đặt cọc {tien} mua căn hộ của {resp}.",),
        1: ("Hôm đi nhận nhà mới vỡ lẽ căn đó đã bán cho hai người khác nữa.",),
        2: ("Người bán hàng đã nghỉ, công ty cứ lần lữa không trả tiền.",),
    },
    "ho.tc.cs.1": {
        0: ("Em gái {toi} tàn tật nặng, tháng nào cũng có tiền bảo trợ xã hội.",),
        1: ("Mấy năm liền, {resp} phát tiền mà chỉ đưa một nửa, bảo trừ vào quỹ.",),
        2: ("Nhà nào có người khuyết tật trong thôn cũng bị cắt xén như thế.",),
    },
    "ho.tc.cs.2": {
        0: ("{Resp} đưa cháu mình vào làm kế toán của trường dù học trái ngành.",),
        1: ("Mới một năm người này đã lên tổ trưởng văn phòng.",),
        2: ("Thầy cô nào lên tiếng là bị xếp giờ dạy khó khăn.",),
    },
    "ho.tc.tp.1": {
        0: ("{Resp} làm giấy kết hôn cho một người đàn ông đang có vợ hợp pháp.",),
        1: ("Mục đích là để hai người đứng tên chung, bán mảnh đất của người vợ cũ.",),
        2: ("Trang sổ hộ tịch có chỗ như được viết chèn vào sau.",),
    },
    "ho.tc.tp.2": {
        0: ("Người nợ {gd} theo bản án vẫn buôn bán ầm ầm, còn tậu thêm xe hơi.",),
        1: ("Thế mà {resp} lại xác nhận người ấy không có gì để thi hành.",),
        2: ("{Toi} biết hai người vốn là chỗ họ hàng.",),
    },
    "ho.tc.thn.1": {
        0: ("Muốn có chữ ký xác nhận nguồn gốc đất, {gd} phải gửi {resp} {trieu} gọi là tiền xăng xe.",),
        1: ("Không gửi thì hồ sơ cứ nằm đó, hỏi thì bảo còn thiếu giấy này giấy kia.",),
        2: ("Lúc đưa tiền có người hàng xóm ngồi đấy.",),
    },
    "ho.tc.thn.2": {
        0: ("Năm {nam}, nơi {resp} đứng đầu mua máy xét nghiệm với giá cao gấp đôi ngoài thị trường.",),
        1: ("Gói thầu chỉ một công ty dự, lại là chỗ quen biết.",),
        2: ("Máy mua về để trong kho, chưa bóc ra lần nào.",),
    },
    "ho.tc.thn.3": {
        0: ("{Resp} bắt phụ huynh lớp {n} mỗi em góp {trieu}, nói là tự nguyện.",),
        1: ("Thu xong chẳng thấy báo tiêu vào đâu.",),
        2: ("Phụ huynh nào hỏi thì con bị đẩy xuống bàn cuối.",),
    },
    "ho.tc.mt.1": {
        0: ("Đêm {ngay}, bà con bắt quả tang xe bồn của {resp} xả bùn xuống hố giữa đồng.",),
        1: ("Thứ bùn xám đen, mùi hóa chất xộc lên.",),
        2: ("Mấy hôm sau ếch nhái, cá ruộng chết nổi lềnh bềnh.",),
    },
    "ho.tc.mt.2": {
        0: ("{Resp} nuôi cả trăm con heo sát vách nhà người ta mà không có hầm chứa.",),
        1: ("Nước rửa chuồng cứ thế tuôn ra con mương chảy qua {hamlet}.",),
        2: ("Xã phạt một lần rồi mà trại vẫn xả như thường.",),
    },
    "ho.tc.ddt.1": {
        0: ("{Resp} cho vợ đứng tên công ty, nhận thầu các công trình chính xã bỏ vốn.",),
        1: ("Họp chi bộ, ai góp ý là người này gạt phăng.",),
        2: ("Cấp ủy biết cả nhưng chưa kiểm điểm lần nào.",),
    },
    "ho.tc.ddt.2": {
        0: ("{Resp} khai có bằng cao cấp lý luận chính trị mà chưa học buổi nào.",),
        1: ("Nhờ tấm bằng ấy mà người này có tên trong quy hoạch cấp ủy khóa tới.",),
        2: ("Đảng viên trong chi bộ thắc mắc mãi không ai trả lời.",),
    },
    "ho.tc.k.1": {
        0: ("Tối {ngay}, đang bữa cơm thì tổ kiểm tra vào nhà đòi xem giấy tờ.",),
        1: ("{Toi} mới hỏi vì sao, {resp} đã xô ngã rồi đấm thẳng vào mặt.",),
        2: ("{Toi} gãy răng, camera nhà bên quay được hết.",),
    },
    "ho.tc.k.2": {
        0: ("Từ vụ cãi nhau chuyện nước tưới, {resp} cứ chửi bới, dọa giết cả nhà {toi}.",),
        1: ("Một đêm cuối tháng {thang}, rau nhà {gd} bị nhổ sạch, ống nước bị cắt.",),
        2: ("{Gd} báo lên rồi mà chưa ai xuống.",),
    },
    "ho.tc.k.3": {
        0: ("Chỉ trong một đêm, {resp} dẫn người mang cưa máy hạ sạch đồi keo sáu năm tuổi của {gd}.",),
        1: ("Gỗ chở đi bán ngay, {gd} chỉ còn trơ gốc.",),
        2: ("Người chặt bảo đồi ấy là đất ông cha họ.",),
    },
    "ho.kng.dd.1": {
        0: ("{Toi} tính chia {dt} m2 đất cho hai đứa con, mỗi đứa một chỗ dựng nhà.",),
        1: ("Quy định mới của tỉnh đặt mức tối thiểu cao quá, chia ra là không đủ.",),
        2: ("Dân quê như ở {hamlet} nhà nào cũng vướng như vậy.",),
    },
    "ho.kng.dd.2": {
        0: (
            "Năm {nam_cu}, ruộng của bà con {hamlet} giao cho dự án trang trại, dự án làm nửa chừng rồi bỏ.",
        ),
        1: ("Ruộng thành bãi cỏ, dân thì không có đất cấy.",),
        2: ("Các hộ xin trả lại tiền hỗ trợ để được lấy lại ruộng.",),
    },
    "ho.kng.nts.1": {
        0: ("Nhận căn hộ, ai cũng đã đóng hai phần trăm phí bảo trì.",),
        1: ("Ban quản trị chưa công bố quỹ còn bao nhiêu lần nào.",),
        2: ("Máy bơm, chuông báo cháy đều đã đến lúc phải sửa.",),
    },
    "ho.kng.nts.2": {
        0: ("Trận bão vừa rồi lật mái, đổ một bức tường nhà {gd}.",),
        1: ("Cả nhà giờ phải ở nhờ bà con.",),
        2: ("Không có tiền dựng lại nhà trước mùa mưa.",),
    },
    "ho.kng.cs.1": {
        0: ("{Toi} đi thanh niên xung phong ở Trường Sơn hơn ba năm.",),
        1: ("Giờ tóc bạc rồi mà vẫn chưa được đồng trợ cấp nào.",),
        2: ("Giấy tờ gốc trôi mất trong trận lụt năm {nam_cu}, chỉ còn giấy đồng đội xác nhận.",),
    },
    "ho.kng.cs.2": {
        0: ("Hộ cận nghèo ở {ward} phải tự bỏ tiền mua bảo hiểm y tế, không rẻ chút nào.",),
        1: ("Người già ốm quanh năm mà không có thẻ đi khám.",),
        2: ("{Toi} nghĩ cụ nào trên bảy mươi cũng nên được phát thẻ không mất tiền.",),
    },
    "ho.kng.tp.1": {
        0: ("Chồng {toi} đang ngồi tù vì gây tai nạn làm chết người.",),
        1: ("Bên bị hại đã nhận tiền bồi thường, có đơn xin giảm nhẹ.",),
        2: ("Ba con nhỏ với mẹ già, một mình {toi} lo không xuể.",),
    },
    "ho.kng.tp.2": {
        0: ("Bố mẹ {toi} định cho cháu nội căn nhà, phòng công chứng đòi đủ chữ ký năm người con.",),
        1: ("Nhà chỉ mang tên bố mẹ, {toi} không hiểu luật nào bắt như thế.",),
        2: ("Chỗ này bảo thế này, chỗ kia bảo thế khác, dân chạy lòng vòng.",),
    },
    "ho.kng.mt.1": {
        0: ("Cụm công nghiệp lấn tới sát vườn nhà dân {hamlet}, không có hàng cây nào ngăn.",),
        1: ("Bụi với tiếng máy từ xưởng dội sang cả ngày.",),
        2: ("Bà con không cản làm ăn, chỉ xin có khoảng cách cho an toàn.",),
    },
    "ho.kng.mt.2": {
        0: ("Hơn {n_ho} hộ mà chỉ có một chỗ đổ rác ngay đầu chợ.",),
        1: ("Mưa xuống, nước rác chảy lênh láng, chó mèo bới tung tóe.",),
        2: ("{Toi} nghĩ nên tách ra mấy điểm nhỏ, có thùng đậy nắp.",),
    },
    "ho.kng.k.1": {
        0: ("Từ {ward} muốn đón xe buýt phải đi xe ôm hơn {km} km.",),
        1: ("Học trò với người già đi lại khổ sở.",),
        2: ("Đường chính đã làm rộng rồi, xe buýt chạy được.",),
    },
    "ho.kng.k.2": {
        0: ("Trạm y tế {ward} chỉ có y sĩ với cô hộ sinh, không có bác sĩ trực.",),
        1: ("Ốm nặng phải lên huyện, có người đi không kịp.",),
        2: ("{Toi} chỉ mong trạm có một bác sĩ khám các ngày trong tuần.",),
    },
    "ho.pa.dd.1": {
        0: ("Xem bản đồ địa chính mới, nhiều nhà ở {hamlet} mới hay đất ở bị ghi thành đất trồng cây.",),
        1: ("Ghi sai như thế nên làm giấy tờ, vay vốn đều bị tắc.",),
        2: ("Dân chẳng biết đến đâu để sửa lại.",),
    },
    "ho.pa.dd.2": {
        0: ("Cột mốc quy hoạch cắm năm {nam} dọc con đường mới giờ mất gần hết.",),
        1: ("Không có mốc, nhà nào cũng không rõ mình có dính quy hoạch không.",),
        2: ("Có người nhân đó rào đất ra tới sát mép đường.",),
    },
    "ho.pa.nts.1": {
        0: ("Dãy trọ công nhân ở {hamlet} mấy chục phòng mà có mỗi một cửa ra.",),
        1: ("Dây điện giăng như mạng nhện, bình chữa cháy không có.",),
        2: ("Người ở trọ đêm nào cũng nơm nớp sợ cháy.",),
    },
    "ho.pa.nts.2": {
        0: ("Nhà ở khu tái định cư mới nhận chưa đầy năm đã thấm nước qua tường.",),
        1: ("Vữa trần bong tróc, gạch nền phồng lên.",),
        2: ("Gọi bảo hành mà chưa thấy ai tới.",),
    },
    "ho.pa.cs.1": {
        0: ("Đầu năm {nam}, lương hưu ở {ward} chuyển sang trả qua thẻ ngân hàng.",),
        1: ("Nhiều cụ không biết rút thẻ, nhờ người rút hộ rồi bị nhầm tiền.",),
        2: ("Cây rút tiền gần nhất cũng cách mấy cây số.",),
    },
    "ho.pa.cs.2": {
        0: ("Học trò dân tộc ở {ward} hết học kỳ rồi vẫn chưa có tiền hỗ trợ ăn trưa.",),
        1: ("Nhiều em nghỉ buổi chiều vì không có cơm mang theo.",),
        2: ("Hỏi trường thì trường bảo tiền chưa về.",),
    },
    "ho.pa.mt.1": {
        0: ("Đầu {hamlet} mới mọc mấy quán nhậu, loa thùng hát đến nửa đêm.",),
        1: ("Khách say la lối, xe máy rú ga ầm ĩ.",),
        2: ("Người quanh đó mất ngủ mãi, mấy cụ lên huyết áp.",),
    },
    "ho.pa.mt.2": {
        0: ("Ngày nào cũng có cả chục xe đất đá chạy qua trung tâm {ward}, thùng để trống.",),
        1: ("Bụi bám đầy nhà cửa, quán xá hai bên.",),
        2: ("Đất rơi xuống đường, trời mưa là xe máy trượt ngã.",),
    },
    "ho.pa.k.1": {
        0: ("Nộp hồ sơ qua mạng, bà con cứ bị báo lỗi không đính kèm được giấy tờ.",),
        1: ("Gọi số hỗ trợ thì chuông đổ mãi không ai bắt máy.",),
        2: ("Rốt cuộc vẫn phải ôm giấy tờ lên nộp tận nơi.",),
    },
    "ho.pa.k.2": {
        0: ("Đèn đường từ chợ về {hamlet} hỏng từ tháng {thang}, cả đoạn tối như hũ nút.",),
        1: ("Trời tối đã có mấy vụ bị giật túi.",),
        2: ("Chị em, học trò đi bộ buổi tối ai cũng sợ.",),
    },
}
