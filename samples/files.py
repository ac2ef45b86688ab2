"""A folder of sample files of mixed formats and scan profiles with their ``truth.jsonl``."""

from __future__ import annotations

import json
import random
from pathlib import Path

from PIL import Image

from .petition import FORMS, SamplePetition, make_petition
from .render import render_page, write_document, write_text_pdf


def _row(name: str, docs: list[tuple[SamplePetition, list[int]]], profiles: list[str]) -> dict:
    documents = []
    for pet, nums in docs:
        t = pet.truth()
        t["page_texts"] = t.pop("pages")
        t["pages"] = nums
        documents.append(t)
    return {"file": name, "profiles": profiles, "documents": documents}


def write_samples(outdir: Path, n: int = 6, seed: int = 0, dpi: int = 150) -> list[dict]:
    """Write ``n`` sample files of mixed formats and scan profiles plus ``truth.jsonl``; return the rows.

    Files 1-6: a 2-page clean PDF, an office JPEG, a photocopy PNG, a 2-page office TIFF (group petition), a
    stamped JPEG and a batch PDF of three petitions separated by blank sheets (one scanned upside down).
    File 7 (n >= 7) is a born-digital PDF with a text layer; later files are random formats and profiles.
    Each row: ``{"file", "profiles" (one per page of the file), "documents": [truth + {"pages": [1-based],
    "page_texts": [...]}]}``.
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    plan: list[tuple[str, str, list[str], int]] = [  # (suffix, form, profiles, n_pages)
        (".pdf", "labeled", ["clean", "clean"], 2),
        (".jpg", "prose", ["office"], 1),
        (".png", "anonymous", ["photocopy"], 1),
        (".tif", "group", ["office", "office"], 2),
        (".jpg", "labeled", ["stamp"], 1),
        ("batch", "", [], 0),
    ]
    extra_profiles = ["clean", "office", "photocopy", "lowres", "upside", "stamp", "sideways"]
    rows: list[dict] = []
    for i in range(n):
        base_seed = seed * 1000 + i * 17
        if i < len(plan):
            suffix, form, profiles, n_pages = plan[i]
        else:
            suffix = rng.choice([".pdf", ".jpg", ".png", ".tif"])
            form = rng.choice(FORMS)
            n_pages = 1 if suffix in (".jpg", ".png") else rng.choice([1, 2])
            profiles = [rng.choice(extra_profiles)] * n_pages
        if i == 6:  # a born-digital PDF (text layer, no scan)
            pet = make_petition(rng, n_pages=rng.choice([1, 2]))
            name = f"sample_{i + 1:02d}_{pet.form}_textlayer.pdf"
            write_text_pdf(outdir / name, pet.pages)
            rows.append(_row(name, [(pet, list(range(1, len(pet.pages) + 1)))], ["text"] * len(pet.pages)))
            continue
        if suffix == "batch":
            name = f"sample_{i + 1:02d}_batch.pdf"
            images: list[Image.Image] = []
            docs: list[tuple[SamplePetition, list[int]]] = []
            profs: list[str] = []
            for j, (form_j, np_j, prof_j) in enumerate(
                [("prose", 1, "office"), ("labeled", 2, "clean"), ("group", 1, "upside")]
            ):
                if j:
                    images.append(render_page("", "blank", seed=base_seed + 50 + j, dpi=dpi))
                    profs.append("blank")
                pet = make_petition(rng, form=form_j, n_pages=np_j)
                nums = []
                for k, page in enumerate(pet.pages):
                    images.append(render_page(page, prof_j, seed=base_seed + 10 * j + k, dpi=dpi))
                    profs.append(prof_j)
                    nums.append(len(images))
                docs.append((pet, nums))
            write_document(outdir / name, images, dpi=dpi)
            rows.append(_row(name, docs, profs))
            continue
        pet = make_petition(rng, form=form, n_pages=n_pages)
        tag = profiles[0]
        name = f"sample_{i + 1:02d}_{pet.form}_{tag}{suffix}"
        images = [
            render_page(p, prof, seed=base_seed + k, dpi=dpi)
            for k, (p, prof) in enumerate(zip(pet.pages, profiles, strict=False))
        ]
        write_document(outdir / name, images, dpi=dpi)
        rows.append(_row(name, [(pet, list(range(1, len(images) + 1)))], profiles[: len(images)]))
    with open(outdir / "truth.jsonl", "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return rows
