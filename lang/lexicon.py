"""Vietnamese language resources, each defined or loaded once: the national motto, family names, address words,
the Viet74K syllable list, the project's language model and the paths of the trained artefacts in ``models/``
(the classifier and the calibration: the agency's retrained copies, ``donthu models retrain``, when present).

Loaders read files only when first called (nothing happens at import) and cache what they read.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
from pathlib import Path

from ..config import get_settings
from .normalize import fold_chars

__all__ = [
    "MODEL_DIR",
    "LM_PATH",
    "CALIBRATION_PATH",
    "TEXTCAT_DIR",
    "textcat_dir",
    "calibration_path",
    "MOTTO",
    "MOTTO_FOLDED",
    "MOTTO_RE",
    "SURNAMES",
    "SURNAME_KEYS",
    "ADDRESS_LEVEL_WORDS",
    "ORG_NAME_WORDS",
    "underthesea_dir",
    "viet74k_path",
    "read_lm",
]

# ----------------------------------------------------------------------------------------- trained artefacts
MODEL_DIR = Path(__file__).resolve().parent.parent / "models"
LM_PATH = MODEL_DIR / "vi_lm.json.gz"  # syllable bigrams, built by models/build_lm.py
CALIBRATION_PATH = MODEL_DIR / "calibration.json"  # confidence maps, fitted by models/fit_calibration.py
TEXTCAT_DIR = MODEL_DIR / "textcat"  # category/domain classifier, trained by models/train_classifier.py


def _agency_dir(agency_dir: Path | None) -> Path:
    return agency_dir if agency_dir is not None else get_settings().agency_model_dir


def textcat_dir(agency_dir: Path | None = None) -> Path:
    """The classifier in use: the agency's retrained copy (``<agency model dir>/textcat``, written by
    ``donthu models retrain``) when there is one, else the shipped ``TEXTCAT_DIR``."""
    agency = _agency_dir(agency_dir) / "textcat"
    return agency if (agency / "meta.json").is_file() else TEXTCAT_DIR


def calibration_path(agency_dir: Path | None = None) -> Path:
    """The confidence maps in use: the agency's refitted ``calibration.json`` when there is one, else the
    shipped ``CALIBRATION_PATH``."""
    agency = _agency_dir(agency_dir) / "calibration.json"
    return agency if agency.is_file() else CALIBRATION_PATH


# ---------------------------------------------------------------------------------------------- the motto
# the two header lines every petition opens with, as printed and folded (see normalize.fold_words)
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
MOTTO_FOLDED = ("cong hoa xa hoi chu nghia viet nam", "doc lap tu do hanh phuc")
# the motto inside a text folded with normalize.fold_chars (punctuation kept)
MOTTO_RE = re.compile(r"cong hoa xa hoi chu nghia viet nam|doc lap\W+tu do\W+hanh phuc")

# ------------------------------------------------------------------------------------------- family names
# the written forms, for restoring a surname whose diacritics OCR garbled (nlp/names.py)
SURNAMES = (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đào Cao Lâm Mai Trịnh "
    "Đoàn Lưu Tạ Hà Tôn Thái Kiều Quách Chu La Lương Tống Triệu Khổng Lại Lục Mạc Nông Phùng Thân Tô Từ "
    "Vương Doãn Hứa Kim Âu Cù Diệp Giang Khúc Lã Lò Ninh Phí Quan Sầm Tăng Trương Ông Viên Thạch Châu "
    "Bạch Đàm Đồng Hàn Hầu Khương Lạc Mẫn Nghiêm Tiêu Trình Úc Vi Yên"
).split()
# folded first syllables that make a personal name plausible: the written forms plus the family names of ethnic
# minorities and rarer ones (Ksor, Niê, Rmah, Siu, Giáp, Sùng ...) that are never repaired but do count
SURNAME_KEYS = frozenset(fold_chars(s) for s in SURNAMES) | frozenset(
    "giap hoa ksor lu nhu nie rmah siu sung thieu tiet ung uong van y".split()
)

# ---------------------------------------------------------------------------------------- address words
# folded words for administrative levels and house numbers: what is left of an address without them is its names
ADDRESS_LEVEL_WORDS = frozenset(
    "so nha duong pho ngo ngach hem kiet to dan khu thon xom ap ban buon lang phuong xa thi tran quan huyen "
    "thanh tinh tp tx tt p q h".split()
)
# folded lower-case words that may continue an organisation's name ("Ủy ban nhân dân xã ...", "... của ...")
ORG_NAME_WORDS = frozenset(
    "xa huyen tinh phuong quan thi tran thanh pho nhan dan thon ap ban xom to khu va - tp tx tt cua mot cap".split()
)


# ------------------------------------------------------------------------------------------------ loaders
def underthesea_dir() -> Path:
    """Where the underthesea wheel is installed (it ships the Viet74K word list); raises if it is not."""
    spec = importlib.util.find_spec("underthesea")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("underthesea is not installed")
    return Path(spec.origin).parent


def viet74k_path() -> Path:
    """The Viet74K word list (73,901 words and phrases, one a line) shipped in the underthesea wheel."""
    return underthesea_dir() / "corpus" / "data" / "Viet74K.txt"


def read_lm() -> dict:
    """The project's Vietnamese language model as stored: ``syllables``, ``unigrams``, ``bigrams``.

    Not cached here: each user keeps (and caches) only the part it needs."""
    with gzip.open(LM_PATH, "rt", encoding="utf-8") as fh:
        return json.load(fh)
