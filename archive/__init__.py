"""Digitizing an archive (issue 15): historical petitions imported with their provenance and real received dates,
kept out of the live queue (contract.ARCHIVE_STATUSES), checked by sampled quality control instead of reading
every page, and handed on as PDF/A boxes an archive system takes in.

    importer.py   a folder, a zip or a manifest → an archive batch (ingest with provenance, stray files skipped)
    unzip.py      a zipped box extracted without trusting it (no absolute paths, no "..", size and count limits)
    sampling.py   acceptance-sampling plans (ISO 2859-1 / ANSI Z1.4: code letters, sample sizes, Ac/Re)
    qc.py         draw a batch's sample, estimate its field accuracy with a confidence interval, accept or reject
    package.py    a box exported as PDF/A files with a metadata CSV and JSON (TT 02/2019/TT-BNV)
"""
