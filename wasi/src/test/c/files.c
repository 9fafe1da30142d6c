// The fd_* calls on regular files, through wasi-libc and the raw API.
//! exit: 0
//! out: write 12
//! out: seek end 12, tell 12
//! out: read back: hello world
//! out: pread 5 at 6: world
//! out: pwrite 3, position kept: 12
//! out: after pwrite: hello WORld
//! out: fstat size 12 regular yes
//! out: ftruncate 5: size 5
//! out: allocate 0: size 4096
//! out: advise 0, bad advice 28
//! out: fsync 0 fdatasync 0
//! out: futimens 0, mtime 1000000000.5
//! out: append mode: abcdef
//! out: O_EXCL on existing: errno 20
//! out: O_TRUNC: size 0
//! out: read-only write: errno 8
//! out: fdstat filetype 4, append flag 0
//! out: drop rights 0, then write: 76
//! out: regain rights: 76
//! out: renumber 0, old fd read: 8
//! out: renumber target reads: hello
//! out: close 0, close again: 8
//! out: stdout fdstat: filetype 2
//! out: seek on stdout: 70
//! out: open dir as file for write: errno 31
//! out: read directory fd: 31
//! out: bad iovec pointer: 21
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

int main(void) {
    int fd = open("/sandbox/f.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
    printf("write %d\n", (int) write(fd, "hello world\n", 12));
    off_t end = lseek(fd, 0, SEEK_END);
    printf("seek end %d, tell %d\n", (int) end, (int) lseek(fd, 0, SEEK_CUR));
    char buf[64] = {0};
    lseek(fd, 0, SEEK_SET);
    int n = read(fd, buf, sizeof buf);
    printf("read back: %.*s\n", n - 1, buf);
    memset(buf, 0, sizeof buf);
    printf("pread %d at 6: %s\n", (int) pread(fd, buf, 5, 6), buf);
    printf("pwrite %d, position kept: %d\n", (int) pwrite(fd, "WOR", 3, 6), (int) lseek(fd, 0, SEEK_CUR));
    memset(buf, 0, sizeof buf);
    pread(fd, buf, 11, 0);
    printf("after pwrite: %s\n", buf);
    struct stat st;
    fstat(fd, &st);
    printf("fstat size %d regular %s\n", (int) st.st_size, S_ISREG(st.st_mode) ? "yes" : "no");
    ftruncate(fd, 5);
    fstat(fd, &st);
    printf("ftruncate 5: size %d\n", (int) st.st_size);
    int rc = posix_fallocate(fd, 0, 4096);
    fstat(fd, &st);
    printf("allocate %d: size %d\n", rc, (int) st.st_size);
    printf("advise %d, bad advice %d\n", posix_fadvise(fd, 0, 10, POSIX_FADV_SEQUENTIAL), __wasi_fd_advise(fd, 0, 10, 77));
    printf("fsync %d fdatasync %d\n", fsync(fd), fdatasync(fd));
    struct timespec times[2] = {{1000000000, 500000000}, {1000000000, 500000000}};
    rc = futimens(fd, times);
    fstat(fd, &st);
    printf("futimens %d, mtime %lld.%d\n", rc, (long long) st.st_mtim.tv_sec, (int) (st.st_mtim.tv_nsec / 100000000));
    close(fd);

    fd = open("/sandbox/a.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    write(fd, "abc", 3);
    lseek(fd, 0, SEEK_SET);
    fcntl(fd, F_SETFL, O_APPEND);
    write(fd, "def", 3);
    close(fd);
    fd = open("/sandbox/a.txt", O_RDONLY);
    memset(buf, 0, sizeof buf);
    read(fd, buf, sizeof buf);
    printf("append mode: %s\n", buf);
    close(fd);

    fd = open("/sandbox/a.txt", O_WRONLY | O_CREAT | O_EXCL, 0644);
    printf("O_EXCL on existing: errno %d\n", fd < 0 ? errno : 0);
    fd = open("/sandbox/a.txt", O_WRONLY | O_TRUNC);
    fstat(fd, &st);
    printf("O_TRUNC: size %d\n", (int) st.st_size);
    close(fd);

    fd = open("/sandbox/f.txt", O_RDONLY);
    printf("read-only write: errno %d\n", write(fd, "x", 1) < 0 ? errno : 0);
    __wasi_fdstat_t fs;
    __wasi_fd_fdstat_get(fd, &fs);
    printf("fdstat filetype %d, append flag %d\n", fs.fs_filetype, fs.fs_flags & __WASI_FDFLAGS_APPEND);
    close(fd);

    fd = open("/sandbox/f.txt", O_RDWR);
    __wasi_fd_fdstat_get(fd, &fs);
    rc = __wasi_fd_fdstat_set_rights(fd, fs.fs_rights_base & ~__WASI_RIGHTS_FD_WRITE, fs.fs_rights_inheriting);
    __wasi_ciovec_t iov = {(const uint8_t *) "x", 1};
    __wasi_size_t nw;
    printf("drop rights %d, then write: %d\n", rc, __wasi_fd_write(fd, &iov, 1, &nw));
    printf("regain rights: %d\n", __wasi_fd_fdstat_set_rights(fd, fs.fs_rights_base, fs.fs_rights_inheriting));

    int other = open("/sandbox/a.txt", O_RDONLY);
    rc = __wasi_fd_renumber(fd, other);
    printf("renumber %d, old fd read: %d\n", rc, read(fd, buf, 1) < 0 ? errno : 0);
    memset(buf, 0, sizeof buf);
    pread(other, buf, 5, 0);
    printf("renumber target reads: %s\n", buf);
    rc = close(other);
    printf("close %d, close again: %d\n", rc, close(other) < 0 ? errno : 0);

    __wasi_fd_fdstat_get(1, &fs);
    printf("stdout fdstat: filetype %d\n", fs.fs_filetype);
    __wasi_filesize_t pos;
    printf("seek on stdout: %d\n", __wasi_fd_seek(1, 0, __WASI_WHENCE_SET, &pos));
    mkdir("/sandbox/d", 0755);
    fd = open("/sandbox/d", O_WRONLY);
    printf("open dir as file for write: errno %d\n", fd < 0 ? errno : 0);
    fd = open("/sandbox/d", O_RDONLY | O_DIRECTORY);
    __wasi_iovec_t riov = {(uint8_t *) buf, 4};
    __wasi_size_t nr;
    printf("read directory fd: %d\n", __wasi_fd_read(fd, &riov, 1, &nr));
    __wasi_ciovec_t bad = {(const uint8_t *) 0xFFFFFFF0u, 100};
    int out = open("/sandbox/f.txt", O_WRONLY);
    printf("bad iovec pointer: %d\n", __wasi_fd_write(out, &bad, 1, &nw));
    return 0;
}
