/* The serial-line transport: COMM names a tty (/dev/ttyS1, /dev/ttyUSB0, a pty). */
#ifndef ZSTUB_SERIAL_H
#define ZSTUB_SERIAL_H

#define SERIAL_DEFAULT_BAUD 115200

/* Opens the tty at path in raw mode at baud bits/s (8N1, no flow control, no echo). Returns the
 * fd, or -1 after printing why. */
int serial_open(const char *path, int baud);

#endif
