"""Case handling after verification (TT 05/2021/TT-TTCP): units, decisions, legal clocks, letters."""
