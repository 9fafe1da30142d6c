// poll_oneoff with clock and fd subscriptions, sockets on non-sockets, proc_raise and bad input.
//! exit: 0
//! out: clock only: rc 0, 1 event, userdata 42, type 0, error 0, waited yes
//! out: fd write + clock: rc 0, first event userdata 7 type 2
//! out: fd read on file: type 1 nbytes 5
//! out: bad fd subscription: error 8
//! out: no subscriptions: 28
//! out: sock_accept on file: 57
//! out: sock_recv on stdin: 57
//! out: sock_send on stdout: 57
//! out: sock_shutdown on bad fd: 8
//! out: proc_raise(0): 0
//! out: args_sizes_get to bad pointer: 21
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

// wasi-libc declares proc_raise only for its signal emulation, so import it directly.
__attribute__((import_module("wasi_snapshot_preview1"), import_name("proc_raise"))) int32_t raw_proc_raise(int32_t sig);

static long long mono(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(void) {
    __wasi_subscription_t subs[3];
    __wasi_event_t events[3];
    __wasi_size_t n;
    memset(subs, 0, sizeof subs);
    subs[0].userdata = 42;
    subs[0].u.tag = __WASI_EVENTTYPE_CLOCK;
    subs[0].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    subs[0].u.u.clock.timeout = 15 * 1000000ULL;
    long long t0 = mono();
    int rc = __wasi_poll_oneoff(subs, events, 1, &n);
    printf("clock only: rc %d, %d event, userdata %d, type %d, error %d, waited %s\n", rc, (int) n,
           (int) events[0].userdata, events[0].type, events[0].error, mono() - t0 >= 15000000LL ? "yes" : "no");

    subs[1].userdata = 7;
    subs[1].u.tag = __WASI_EVENTTYPE_FD_WRITE;
    subs[1].u.u.fd_write.file_descriptor = 1;
    subs[0].u.u.clock.timeout = 5ULL * 1000000000ULL;
    rc = __wasi_poll_oneoff(subs, events, 2, &n);
    printf("fd write + clock: rc %d, first event userdata %d type %d\n", rc, (int) events[0].userdata, events[0].type);

    int fd = open("/sandbox/p.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
    write(fd, "12345", 5);
    lseek(fd, 0, SEEK_SET);
    subs[2].userdata = 9;
    subs[2].u.tag = __WASI_EVENTTYPE_FD_READ;
    subs[2].u.u.fd_read.file_descriptor = fd;
    rc = __wasi_poll_oneoff(&subs[2], events, 1, &n);
    printf("fd read on file: type %d nbytes %d\n", events[0].type, (int) events[0].fd_readwrite.nbytes);
    subs[2].u.u.fd_read.file_descriptor = 99;
    __wasi_poll_oneoff(&subs[2], events, 1, &n);
    printf("bad fd subscription: error %d\n", events[0].error);
    printf("no subscriptions: %d\n", __wasi_poll_oneoff(subs, events, 0, &n));

    __wasi_fd_t nfd;
    printf("sock_accept on file: %d\n", __wasi_sock_accept(fd, 0, &nfd));
    char buf[8];
    __wasi_iovec_t iov = {(uint8_t *) buf, sizeof buf};
    __wasi_size_t len;
    __wasi_roflags_t ro;
    printf("sock_recv on stdin: %d\n", __wasi_sock_recv(0, &iov, 1, 0, &len, &ro));
    __wasi_ciovec_t ciov = {(const uint8_t *) buf, 1};
    printf("sock_send on stdout: %d\n", __wasi_sock_send(1, &ciov, 1, 0, &len));
    printf("sock_shutdown on bad fd: %d\n", __wasi_sock_shutdown(77, __WASI_SDFLAGS_WR));
    printf("proc_raise(0): %d\n", raw_proc_raise(0));
    printf("args_sizes_get to bad pointer: %d\n", __wasi_args_sizes_get((__wasi_size_t *) 0xFFFFFFFFu, &len));
    return 0;
}
