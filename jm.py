import sys, json
sys.path.insert(0, "/work/wt-osdata/tests/e2e")
from harness.rspclient import RspClient
def esc(b):
    out = bytearray()
    for c in b:
        if c in b"#$}*": out += bytes([0x7d, c ^ 0x20])
        else: out.append(c)
    return bytes(out)
def unesc(b):
    out = bytearray(); i = 0
    while i < len(b):
        if b[i] == 0x7d: out.append(b[i+1] ^ 0x20); i += 2
        else: out.append(b[i]); i += 1
    return bytes(out)
c = RspClient(sys.argv[1]); print(c.request("qSupported:xmlRegisters=i386"))
for req in sys.argv[2:]:
    r = c.request(b"jModulesInfo:" + esc(req.encode()))
    print(req, "->", unesc(r))
