"""Small parsers for gdb output that several tests share."""
import re

from .programs import line_of


def at_line(source, marker):
    """The 'FILE:LINE' gdb prints when it stops at a marked line."""
    return f"{source}:{line_of(source, marker)}"


def inferior_pid(text):
    """The pid in '[Inferior 1 (process N) ...]' or 'process N'."""
    m = re.search(r"process (\d+)", text)
    assert m, f"no 'process N' in:\n{text}"
    return int(m.group(1))


def value_of(text):
    """The value in '$N = VALUE' (last one printed)."""
    found = re.findall(r"^\$\d+ = (.*)$", text, re.M)
    assert found, f"no '$N = ...' in:\n{text}"
    return found[-1]
