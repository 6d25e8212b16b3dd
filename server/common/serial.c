/* Serial line, as gdbserver takes one (`zstub /dev/ttyS1 PROG`, gdb's `target remote /dev/ttyUSB0`
 * with `set serial baud`): raw 8N1 at the requested speed, nothing the line discipline would
 * interpret (no echo, no CR/LF mapping, no XON/XOFF: packets carry arbitrary bytes, and
 * 0x03 is gdb's interrupt). There is no connection to accept: the session starts at once. */
#include "serial.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static const struct {
    int baud;
    speed_t speed;
} speeds[] = {
    {9600, B9600},       {19200, B19200},     {38400, B38400},     {57600, B57600},
    {115200, B115200},   {230400, B230400},   {460800, B460800},   {500000, B500000},
    {576000, B576000},   {921600, B921600},   {1000000, B1000000}, {1500000, B1500000},
    {2000000, B2000000}, {3000000, B3000000}, {4000000, B4000000},
};

int serial_open(const char *path, int baud)
{
    speed_t speed = 0;
    for (size_t i = 0; i < sizeof speeds / sizeof speeds[0]; i++)
        if (speeds[i].baud == baud)
            speed = speeds[i].speed;
    if (!speed) {
        fprintf(stderr, "zstub: unsupported --baud %d (9600 ... 4000000)\n", baud);
        return -1;
    }
    int fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "zstub: cannot open serial line %s: %s\n", path, strerror(errno));
        return -1;
    }
    struct termios tio;
    if (!isatty(fd) || tcgetattr(fd, &tio) < 0) {
        fprintf(stderr, "zstub: %s is not a serial line (a tty)\n", path);
        close(fd);
        return -1;
    }
    cfmakeraw(&tio);
    tio.c_cflag |= CLOCAL | CREAD; /* no modem control lines needed */
    tio.c_cflag &= ~(tcflag_t)(CSTOPB | CRTSCTS);
    tio.c_cc[VMIN] = 1;
    tio.c_cc[VTIME] = 0;
    if (cfsetispeed(&tio, speed) < 0 || cfsetospeed(&tio, speed) < 0 ||
        tcsetattr(fd, TCSANOW, &tio) < 0) {
        fprintf(stderr, "zstub: cannot set up %s: %s\n", path, strerror(errno));
        close(fd);
        return -1;
    }
    tcflush(fd, TCIOFLUSH); /* whatever was on the line before is no packet of ours */
    return fd;
}
