"""Reads the packet log that `zstub --remote-debug=FILE` writes (server/common/log.c).

Each line is "SECONDS DIR TEXT":
    DIR "<-"  a packet from the client (payload as received: escapes and RLE kept)
    DIR "->"  a reply or notification the stub sent (payload before framing)
    DIR "--"  a session event: "connect", "disconnect", "interrupt" (the 0x03 byte),
              "launch PID aslr=on|off argv=HEX,HEX.. env=HEX,HEX.." (each string
              hex-encoded), "attach PID aslr=on|off",
              "attach PID", "bad-checksum", "oversize LEN", "nak".
Bytes outside printable ASCII, and the backslash, are written as \\xNN.
Logs written before the "--" lines existed logged an interrupt as the packet "\\x03"; it is read
back as an interrupt."""
import dataclasses
import re

ESCAPE = re.compile(rb"\\x([0-9a-fA-F]{2})")


def unescape(text: bytes) -> bytes:
    return ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), text)


@dataclasses.dataclass
class Entry:
    line: int           # 1-based line number in the log
    time: float
    kind: str           # "packet", "reply" or "event"
    data: bytes         # payload, or the event's text
    sent_by_client: bool

    @property
    def event(self):
        """The event's name ("launch", "interrupt", ...), or "" for packets."""
        return self.data.split(b" ", 1)[0].decode() if self.kind == "event" else ""


def read_log(path):
    """Every entry of the log at path, in order. Lines that do not parse are skipped."""
    entries = []
    with open(path, "rb") as f:
        for number, raw in enumerate(f, 1):
            raw = raw.rstrip(b"\n")
            parts = raw.split(b" ", 2)
            if len(parts) < 2:
                continue
            try:
                t = float(parts[0])
            except ValueError:
                continue
            direction, text = parts[1], unescape(parts[2]) if len(parts) > 2 else b""
            if direction == b"<-":
                if text == b"\x03":
                    entries.append(Entry(number, t, "event", b"interrupt", True))
                else:
                    entries.append(Entry(number, t, "packet", text, True))
            elif direction == b"->":
                entries.append(Entry(number, t, "reply", text, False))
            elif direction == b"--":
                entries.append(Entry(number, t, "event", text, text == b"interrupt"))
    return entries


def sessions(entries):
    """The entries split into client sessions: a new one starts at each "connect" event (a log
    without them is one session). Each session begins with the "launch" or "attach" event that
    last preceded it, which names the program it debugged."""
    out, current, launch = [], None, None
    for e in entries:
        if e.kind == "event" and e.event in ("launch", "attach"):
            launch = e
            continue
        if current is None or (e.kind == "event" and e.event == "connect"):
            current = [launch] if launch else []
            out.append(current)
        current.append(e)
    return out


def launch_fields(entry):
    """A launch/attach event's fields: {"pid": int, "aslr": "on"/"off", "argv": [str], "env":
    [str]} (argv/env only for a launch)."""
    words = entry.data.split(b" ")
    out = {"pid": int(words[1]) if len(words) > 1 and words[1].isdigit() else 0}
    for w in words[2:]:
        key, _, value = w.partition(b"=")
        if key in (b"argv", b"env"):
            out[key.decode()] = [bytes.fromhex(v.decode()).decode(errors="surrogateescape")
                                 for v in value.split(b",")] if value else []
        else:
            out[key.decode()] = value.decode()
    return out
