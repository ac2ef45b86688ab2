"""Letters (DOCX from admin-editable templates, PDF through LibreOffice)."""
