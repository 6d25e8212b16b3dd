"""Modules of scripts/bench, the zstub vs gdbserver vs lldb-server benchmark."""
