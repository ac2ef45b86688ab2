"""`donthu extract FILE.txt`: the JSON carries the fields, the title, the contents and where each value was read."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from donthu.cli import app

MIXED = (
    "ĐƠN KHIẾU NẠI, TỐ CÁO\n"
    "Kính gửi: Ủy ban nhân dân xã Nam Hồng\n"
    "Tôi tên là Nguyễn Văn An, trú tại thôn 3, xã Nam Hồng, huyện Đông Anh, thành phố Hà Nội.\n"
    "Tôi làm đơn này khiếu nại Quyết định số 12/QĐ-UBND ngày 3/4/2024 của Ủy ban nhân dân xã Nam Hồng thu hồi "
    "đất của gia đình tôi, đồng thời tố cáo ông Trần Văn Lực, cán bộ địa chính xã, đã nhận tiền của nhiều hộ dân "
    "để làm hồ sơ đất trái quy định.\nĐề nghị xem xét giải quyết.\n"
)


def test_extract_json_has_title_contents_and_sources(tmp_path):
    f = tmp_path / "don.txt"
    f.write_text(MIXED, encoding="utf-8")
    res = CliRunner().invoke(app, ["extract", str(f)])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["title"] == "ĐƠN KHIẾU NẠI, TỐ CÁO"
    # a title naming two contents is a mixed petition: both are listed, the chosen category first
    assert sorted(out["contents"]) == ["khieu_nai", "to_cao"]
    assert out["contents"][0] == out["fields"]["category"]
    # every source span cuts exactly its value out of the file's text
    assert out["source"]["name"]["text"] == out["fields"]["complainant"]["name"] == "Nguyễn Văn An"
    for key, src in out["source"].items():
        assert MIXED[src["start"] : src["end"]] == src["text"], key
    assert set(out["confidence"]) >= {"category", "name", "recipient", "subject"}
