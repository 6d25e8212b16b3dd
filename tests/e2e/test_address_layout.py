"""Launch-time address layout: randomization is off by default, as in gdb and gdbserver, so an
address noted in one run holds in the next; --no-disable-randomization keeps it on."""


def addresses_of_one_run(e2e, options=()):
    """The PC and SP at main in one launch of `basic`, as gdb prints them."""
    stub = e2e.stub("basic", options=options)
    r = e2e.gdb("basic", stub, ["break main", "continue", "print $pc", "print $sp"])
    assert "Breakpoint 1, main" in r.of(1), r
    return r.of(2).strip(), r.of(3).strip()


def test_launch_fixes_the_address_layout(e2e):
    """Address space randomization is off by default (gdbserver's default too):
    an address noted in one run, e.g. for `break *ADDR`, holds in the next."""
    assert addresses_of_one_run(e2e) == addresses_of_one_run(e2e)


def test_no_disable_randomization_keeps_the_layout_random(e2e):
    runs = [addresses_of_one_run(e2e, ["--no-disable-randomization"]) for _ in range(2)]
    assert runs[0] != runs[1], runs
