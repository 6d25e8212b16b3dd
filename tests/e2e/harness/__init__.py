"""Helpers for the end-to-end tests: start a stub, drive gdb, speak raw RSP."""
