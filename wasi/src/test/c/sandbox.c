// Every escape from the preopen is refused with EPERM (63), as wasmtime does, and nothing outside
// is touched; a missing right is ENOTCAPABLE (76), as is (from wasi-libc itself) an absolute path
// that no preopen covers.
// The harness preopens a fresh directory as /sandbox (fd 3), with a sibling "outside" holding
// secret.txt, and places three links in the sandbox: abs_link (absolute path to the secret),
// rel_link (../outside/secret.txt) and dir_link (../outside).
//! exit: 0
//! out: preopen fd 3 named /sandbox
//! out: absolute path: 63
//! out: dot-dot past root: 63
//! out: dot-dot after a subdirectory: 63
//! out: absolute symlink: 63
//! out: relative symlink out: 63
//! out: symlink as directory component: 63
//! out: guest-made symlink created: 0, followed: 63
//! out: guest absolute symlink: 63
//! out: readlink of absolute link: 63
//! out: lstat of escaping link itself: 0
//! out: hard link out: 63
//! out: hard link from outside: 63
//! out: hard link following escaping symlink: 63
//! out: rename out: 63
//! out: mkdir out: 63
//! out: unlink out: 63
//! out: stat out: 63
//! out: set times out: 63
//! out: readlink out: 63
//! out: rmdir root: 63
//! out: libc absolute path: 76
//! out: libc dot-dot: 63
//! out: inside still works: 0
//! out: dot-dot that stays inside: 0
//! out: narrowed inheriting rights: 76
//! out: dot-dot above a subdirectory descriptor: 63
//! out: inside a subdirectory descriptor: 0
//! out: non-directory fd as base: 54
//! out: bad fd: 8
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

static int open_at(int dirfd, const char *path, int follow) {
    __wasi_fd_t fd;
    return __wasi_path_open(dirfd, follow ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0, path, 0,
                            __WASI_RIGHTS_FD_READ, 0, 0, &fd);
}

int main(void) {
    __wasi_prestat_t pre;
    char name[64] = {0};
    __wasi_fd_prestat_get(3, &pre);
    __wasi_fd_prestat_dir_name(3, (uint8_t *) name, pre.u.dir.pr_name_len);
    printf("preopen fd 3 named %s\n", name);
    printf("absolute path: %d\n", open_at(3, "/etc/passwd", 1));
    printf("dot-dot past root: %d\n", open_at(3, "../outside/secret.txt", 1));
    mkdir("/sandbox/sub", 0755);
    printf("dot-dot after a subdirectory: %d\n", open_at(3, "sub/../../outside/secret.txt", 1));
    printf("absolute symlink: %d\n", open_at(3, "abs_link", 1));
    printf("relative symlink out: %d\n", open_at(3, "rel_link", 1));
    printf("symlink as directory component: %d\n", open_at(3, "dir_link/secret.txt", 0));
    int made = __wasi_path_symlink("../../outside/secret.txt", 3, "sub/made");
    printf("guest-made symlink created: %d, followed: %d\n", made, open_at(3, "sub/made", 1));
    printf("guest absolute symlink: %d\n", __wasi_path_symlink("/etc/passwd", 3, "abs2"));
    char buf[256];
    __wasi_size_t used;
    printf("readlink of absolute link: %d\n", __wasi_path_readlink(3, "abs_link", (uint8_t *) buf, sizeof buf, &used));
    __wasi_filestat_t fst;
    printf("lstat of escaping link itself: %d\n", __wasi_path_filestat_get(3, 0, "rel_link", &fst));
    int fd = open("/sandbox/inside.txt", O_WRONLY | O_CREAT, 0644);
    write(fd, "in", 2);
    close(fd);
    printf("hard link out: %d\n", __wasi_path_link(3, 0, "inside.txt", 3, "../outside/stolen"));
    printf("hard link from outside: %d\n", __wasi_path_link(3, 0, "../outside/secret.txt", 3, "copy"));
    printf("hard link following escaping symlink: %d\n",
           __wasi_path_link(3, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "rel_link", 3, "copy"));
    printf("rename out: %d\n", __wasi_path_rename(3, "inside.txt", 3, "../outside/moved"));
    printf("mkdir out: %d\n", __wasi_path_create_directory(3, "../newdir"));
    printf("unlink out: %d\n", __wasi_path_unlink_file(3, "dir_link/secret.txt"));
    printf("stat out: %d\n", __wasi_path_filestat_get(3, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "dir_link", &fst));
    printf("set times out: %d\n", __wasi_path_filestat_set_times(3, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "abs_link", 0, 0,
                                                                    __WASI_FSTFLAGS_MTIM_NOW));
    printf("readlink out: %d\n", __wasi_path_readlink(3, "../outside/x", (uint8_t *) buf, sizeof buf, &used));
    printf("rmdir root: %d\n", __wasi_path_remove_directory(3, "sub/../.."));
    printf("libc absolute path: %d\n", open("/etc/passwd", O_RDONLY) < 0 ? errno : 0);
    printf("libc dot-dot: %d\n", open("/sandbox/../outside/secret.txt", O_RDONLY) < 0 ? errno : 0);
    printf("inside still works: %d\n", open_at(3, "inside.txt", 1) );
    printf("dot-dot that stays inside: %d\n", open_at(3, "sub/../inside.txt", 1));
    __wasi_fd_t narrowed;
    __wasi_path_open(3, 0, "sub", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_PATH_OPEN, __WASI_RIGHTS_FD_READ, 0, &narrowed);
    __wasi_fd_t f2;
    close(open("/sandbox/sub/in_sub.txt", O_WRONLY | O_CREAT, 0644));
    printf("narrowed inheriting rights: %d\n",
           __wasi_path_open(narrowed, 0, "in_sub.txt", 0, __WASI_RIGHTS_FD_WRITE, 0, 0, &f2));
    // A directory descriptor is a root of its own, as in wasmtime: ".." may not leave it even
    // while the path would stay inside the preopen.
    printf("dot-dot above a subdirectory descriptor: %d\n", open_at(narrowed, "../inside.txt", 0));
    printf("inside a subdirectory descriptor: %d\n", open_at(narrowed, "./in_sub.txt", 0));
    fd = open("/sandbox/inside.txt", O_RDONLY);
    printf("non-directory fd as base: %d\n", open_at(fd, "x", 0));
    printf("bad fd: %d\n", open_at(99, "x", 0));
    return 0;
}
