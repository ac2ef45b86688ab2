"""Protecting the people who write (Luật Tố cáo 2018 art. 8, 47, 56; Luật 91/2025/QH15, NĐ 356/2025).

- ``policy``: the one identity policy: which cases are protected (fail closed) and who may see what.
- ``redact``: redacted copies of page images and text (identity and signature block masked).
- ``idcard``: detection of pages that are copies of an ID card (sensitive personal data).

Importing this package imports none of them; each is imported where it is used.
"""
