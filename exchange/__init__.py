"""Exchange with the outside (issue 14): the national database profile (Nghị định 55/2022/NĐ-CP) with its
code-mapping table and JSON Schema, and the supervisors' web exports (CSV with BOM, XLSX, JSONL)."""
