"""Sổ tiếp công dân (issue 14, TT 04/2021 Mẫu 03): in-person reception at the desk, leaders' reception days,
đoàn đông người with representatives, linked to the petitions each visit produced."""
