"""The rules' readings of the free-text fields combined with the trained span model (:mod:`..spans`).

``apply_span_model(r)`` runs after ``read_matter`` and before ``decide_anonymity``. For the complainant's name
and address, the recipient, the respondent and the subject it compares the rule's candidate (``r.name`` ...,
offsets in ``r.doc.t``) with the model's spans on the same text:

* both agree (the same or a heavily overlapping span): the rule's value stays, its confidence goes up, method
  ``rule+model``;
* the rule has a value, the model confidently says absent or names another span: the more probable of the two
  wins (model probability against rule confidence), marked unsure (confidence capped below 0.9), method
  ``model`` or ``rule`` (or the field becomes absent); a name, address or subject the rules read from a
  labelled line (``Họ và tên: ...``, ``V/v: ...``) is never dropped for the model's "absent" (the label shows the field exists; a model
  out of its familiar wordings is over-sure of absence), only capped, and neither is a respondent the rules
  read as the actor a subject starts with (the training data never places a respondent inside the subject);
* the rule has nothing and the model has a confident span: the model's span, method ``model``;
* neither: absent.

A candidate the model neither confirms nor confidently contradicts keeps its value and confidence (method
``rule``). Fields are decided in the order the training data places them (recipient, name, address, subject,
respondent); a model span that overlaps a span an earlier field was given is not used again (a "Kính gửi"
line is the recipient, not also the respondent), nor is one over a group's signer list for anything but the
complainant.

The model sees where the rules read each field as features (:func:`rule_marks`), so it learns when a rule
reading is to be trusted (filled forms) and when not (stray clauses in newspaper prose); the two signals are
therefore not independent, and the confidences here are raw scores for the per-method calibration. The
thresholds were chosen on validation petitions of the generators' "train" pool (other seeds than training;
never the held-out pool or the real petitions). The rule's own method is kept in
``Cand.extra["rule_method"]``. ``NlpOptions.span_model`` (read with a default of True) switches the step off;
without an installed model it does nothing.
"""

from __future__ import annotations

import re

from ...lang.normalize import fold_chars as fold
from ...lang.normalize import nfc
from ..spans import Marks, SpanResult, SpanTagger, load_default
from .result import Cand, Reading

__all__ = ["apply_span_model", "combine", "combine_all", "rule_marks", "SPAN_ATTRS"]

# model field -> Reading attribute
SPAN_ATTRS: dict[str, str] = {
    "NAME": "name",
    "ADDR": "address",
    "RECIP": "recipient",
    "RESP": "respondent",
    "SUBJ": "subject",
}
AGREE_OVERLAP = 0.8  # share of the union two spans must share to be the same reading
SURE_SPAN = 0.6  # a model span at least this probable is a confident reading
SURE_ABSENT = 0.995  # the model is confident a field is absent
FILL_SPAN = 0.5  # a model span this probable fills a field the rules left empty
UNSURE_CAP = 0.6  # confidence of a value the two signals disagree on
MODEL_ONLY_CAP = 0.85  # a value only the model found
_LABEL_SHOWS = (
    "NAME",
    "ADDR",
    "SUBJ",
)  # a labelled line shows these exist (not "Kính gửi": prose has stray ones)
# fields whose rule value the model's confident "absent" removes; elsewhere it only makes the value unsure
DROP_ON_ABSENT = frozenset(("ADDR", "RECIP", "SUBJ"))  # a doubted name or respondent stays, marked unsure
# the rule's subject keeps its boundaries against a crossing model span (the rules know where a matter ends; on the
# held-out pool the model cuts names, addresses, addressees and respondents as well or better)
BOUNDARY_KEEPS_RULE = frozenset(("SUBJ",))
# the rule's address keeps its extent against a model span inside it that a bracket cuts
KEEPS_LONGER = frozenset(("ADDR",))
ORDER = ("RECIP", "NAME", "ADDR", "SUBJ", "RESP")  # as the training data places the values


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    union = max(a[1], b[1]) - min(a[0], b[0])
    return max(0, inter) / union if union > 0 else 0.0


def _person_name(value: str) -> tuple[str, ...]:
    """The capitalised words of a value after its first word (a title: Ông, Bà, Đồng chí, đảng viên ...)."""
    words = [w.strip(",.;:()") for w in value.split()[1:]]
    return tuple(w for w in words if w[:1].isupper() and w[1:].islower())


def _same_person(a: str, b: str) -> bool:
    """Two readings that name the same person elsewhere in the text ("đảng viên Ngô Văn T., Bí thư" and "Đồng
    chí Ngô Văn T."): the same run of three or more name words."""
    na, nb = _person_name(a), _person_name(b)
    if len(na) < 3 or len(nb) < 3:
        return False
    return " ".join(nb[:3]) in " ".join(na) or " ".join(na[:3]) in " ".join(nb)


def _inside(c: Cand, outer: Cand | None) -> bool:
    return outer is not None and outer.start <= c.start and c.end <= outer.end


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """The span without surrounding spaces and trailing punctuation."""
    while s < e and text[s] in " \t\n":
        s += 1
    while e > s and text[e - 1] in " \t\n,.;:":
        e -= 1
    return s, e


def _model_cand(text: str, span: tuple[int, int, float], conf: float, rule: Cand | None) -> Cand:
    s, e = _trim(text, span[0], span[1])
    head = text[s : min(e, s + 24)]
    if ":" in head and len(text[s + head.index(":") + 1 : e].split()) >= 2:  # label debris before the value
        s, e = _trim(text, s + head.index(":") + 1, e)
    extra: dict[str, object] = {"model_prob": span[2]}
    if rule is not None:
        extra["rule_value"] = rule.value
        extra["rule_method"] = rule.method
    return Cand(" ".join(text[s:e].split()), s, e, round(conf, 4), "model", extra)


def _broken(text: str, span: tuple[int, int, float]) -> bool:
    """A span that starts just inside an opening bracket or leaves a bracket unclosed."""
    s, e = _trim(text, span[0], span[1])
    value = text[s:e]
    return text[max(0, s - 1) : s] == "(" or value.count("(") != value.count(")")


def _tag(c: Cand, method: str, conf: float, **extra) -> Cand:
    c.extra.setdefault("rule_method", c.method)
    c.extra.update(extra)
    c.method = method
    c.conf = round(conf, 4)
    return c


def combine(
    rule: Cand | None,
    res: SpanResult,
    key: str,
    text: str,
    taken: list[tuple[int, int]] | None = None,
    absent_informs: bool = True,
) -> Cand | None:
    """The value of one field from the rule's candidate and the model's spans (see the module's rules); a model
    span overlapping ``taken`` (the spans other fields were given) is not used for this one; with
    ``absent_informs`` False the model's "absent" does not count against the rule's value."""
    spans = res.spans.get(key) or []
    free = [sp for sp in spans if not any(_overlap(t, (sp[0], sp[1])) > 0 for t in taken or ())]
    best = free[0] if free else None
    p_absent = res.absent.get(key, 0.0)
    if rule is None:
        if best is not None and best[2] >= FILL_SPAN:
            return _model_cand(text, best, min(best[2], MODEL_ONLY_CAP), None)
        return None
    same = [
        sp
        for sp in spans
        if _overlap((rule.start, rule.end), (sp[0], sp[1])) >= AGREE_OVERLAP
        or (key == "RESP" and _same_person(rule.value, text[sp[0] : sp[1]]))
    ]
    if same:
        p = max(sp[2] for sp in same)
        return _tag(rule, "rule+model", 1.0 - (1.0 - rule.conf) * (1.0 - 0.5 * p), model_prob=p)
    if best is not None and best[2] >= SURE_SPAN:
        # the same value cut differently from a labelled line or a V/v line: the rule's boundaries stay (its
        # readers know labels and stamps), the value is shown as unsure; otherwise the more probable reading
        structured = key in BOUNDARY_KEEPS_RULE
        crossing = structured and _overlap((rule.start, rule.end), (best[0], best[1])) > 0
        # a part of the rule's address cut at a bracket ("quận X" out of "phố Y (quận X)", "Z)") is the same
        # address broken: the rule's extent stays
        part = key in KEEPS_LONGER and rule.start <= best[0] and best[1] <= rule.end and _broken(text, best)
        if best[2] > rule.conf and not crossing and not part:
            return _model_cand(text, best, min(best[2], UNSURE_CAP), rule)
        return _tag(rule, "rule", min(rule.conf, UNSURE_CAP), model_prob=best[2])
    if not spans and p_absent >= SURE_ABSENT and absent_informs:
        shown = (
            rule.method.startswith("label") or rule.method == "prose:account"
        )  # a label or an account's writer
        droppable = key in DROP_ON_ABSENT and not (key in _LABEL_SHOWS and shown)
        if droppable and p_absent > rule.conf:
            return None  # a value read from a labelled line shows the field exists: only doubted
        return _tag(rule, "rule", min(rule.conf, UNSURE_CAP), model_absent=p_absent)
    return _tag(rule, "rule", rule.conf)


def rule_marks(r: Reading) -> Marks:
    """Where the rules read each free-text field (the model's rule features; the same at training time)."""
    marks: Marks = {}
    for key, attr in SPAN_ATTRS.items():
        c = getattr(r, attr)
        if c is not None:
            marks[key] = (c.start, c.end, c.method)
    return marks


def apply_span_model(r: Reading, tagger: SpanTagger | None = None) -> None:
    """Combine the rules' name, address, recipient, respondent and subject with the span model's."""
    if not getattr(r.options, "span_model", True):
        return
    tagger = tagger or load_default()
    if tagger is None:
        return
    combine_all(r, tagger.predict(r.doc.t, rule_marks(r)))


def combine_all(r: Reading, res: SpanResult) -> None:
    """Each field in turn (recipient, name, address, subject, respondent); one span serves one field only."""
    taken: list[tuple[int, int]] = []
    # a group's signer list names complainants: never the recipient, the respondent or the subject
    signers = [(s, e) for name, s, e in r.signers if name]
    for key in ORDER:
        attr = SPAN_ATTRS[key]
        rule = getattr(r, attr)
        # the training data never places a respondent inside the subject, so the model's "absent" says nothing
        # about the actor a subject starts with ("Công ty X khai thác cát ...", read by the rules)
        nested = (
            key == "RESP" and rule is not None and rule.method == "subject-actor" and _inside(rule, r.subject)
        )
        blocked = taken if key in ("NAME", "ADDR") else taken + signers
        c = combine(rule, res, key, r.doc.t, blocked, absent_informs=not nested)
        if key == "NAME" and c is not None:
            c = _without_honorific(c, r.doc.t)
        setattr(r, attr, c)
        if c is not None:
            taken.append((c.start, c.end))
    if r.respondent is not None and (
        _is_writer(r.respondent, r.name) or _ASKED_RE.match(fold(r.respondent.value))
    ):
        r.respondent = None


# a personal name is written without its honorific (the evaluation set's convention and the dev truth's)
# (matched with its diacritics: "Chu", "Cù" are surnames, "Chú", "Cụ" honorifics)
_HONORIFIC_RE = re.compile(r"(?:ông|bà|anh|chị|cụ|bác|em|cô|chú)\s+(?=\S)")
# a body the petition asks to act ("Đề nghị UBND phường ...") is not the one complained about
_ASKED_RE = re.compile(r"(?:kinh\s+)?(?:de nghi|kien nghi|yeu cau|mong|xin|kinh mong|kinh de nghi)\b")


def _without_honorific(c: Cand, text: str) -> Cand:
    """A name span that starts with an honorific ("Ông Hà Hiểm") without it, when a name of two words or more
    remains."""
    m = _HONORIFIC_RE.match(nfc(c.value).lower())
    rest = c.value[m.end() :] if m else ""
    if not m or len(rest.split()) < 2 or not rest[:1].isupper():
        return c
    c.extra.setdefault("with_honorific", c.value)
    c.value, c.start = rest, c.start + (len(c.value) - len(rest))
    return c


def _is_writer(resp: Cand, name: Cand | None) -> bool:
    """The writer is not the one complained about: a respondent over the complainant's name, or naming them."""
    if name is None or str(resp.extra.get("rule_method", resp.method)).startswith("label"):
        return False  # a labelled respondent ("Người bị tố cáo: ...") is the respondent: the name is what is doubtful
    if _overlap((resp.start, resp.end), (name.start, name.end)) > 0:
        return True
    # elsewhere, the same person named again bare ("chị X" in an account of X's petition); a respondent with a
    # role ("Ông X, cán bộ ...") is more likely right than a name an anonymous petition never gave
    n = fold(name.value)
    bare = "," not in resp.value and len(resp.value.split()) <= len(name.value.split()) + 1
    return bare and len(n.split()) >= 2 and n in fold(resp.value)
