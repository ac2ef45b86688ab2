"""Báo cáo (issue 14): the report forms of Thông tư 02/2021/TT-TTCP (01-04/XLD, 01-02/TCD, 01/03 KQGQ) computed
from cases, the handling timeline and the reception log, written as XLSX laid out like the forms and as PDF, each
figure with the cases behind it; and the supervisors' dashboard figures."""
