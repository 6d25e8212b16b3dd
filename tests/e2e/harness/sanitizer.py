"""Spot AddressSanitizer / UBSan / LeakSanitizer reports in captured output.

With a sanitizer build (scripts/test's second pass) a report may not make the
stub misbehave visibly (a leak at exit, a UBSan note), so teardown looks for
the reports themselves in the stub's stderr and in gdb's output (where a
`target remote | zstub -` stub writes its stderr)."""
import re

REPORT = re.compile(r"^.*(ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error: ).*$",
                    re.M)


def find_reports(text):
    """The report lines in text (empty list when clean)."""
    return [m.group(0) for m in REPORT.finditer(text)]
