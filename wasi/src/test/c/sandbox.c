// Every escape from the preopen is refused with ENOTCAPABLE (76) and nothing outside is touched.
// The harness preopens a fresh directory as /sandbox (fd 3), with a sibling "outside" holding
// secret.txt, and places three links in the sandbox: abs_link (absolute path to the secret),
// rel_link (../outside/secret.txt) and dir_link (../outside).
//! exit: 0
//! out: preopen fd 3 named /sandbox
//! out: absolute path: 76
//! out: dot-dot past root: 76
//! out: dot-dot after a subdirectory: 76
//! out: absolute symlink: 76
//! out: relative symlink out: 76
//! out: symlink as directory component: 76
//! out: guest-made symlink created: 0, followed: 76
//! out: guest absolute symlink: 76
//! out: readlink of absolute link: 76
//! out: lstat of escaping link itself: 0
//! out: hard link out: 76
//! out: hard link from outside: 76
//! out: hard link following escaping symlink: 76
//! out: rename out: 76
//! out: mkdir out: 76
//! out: unlink out: 76
//! out: stat out: 76
//! out: set times out: 76
//! out: readlink out: 76
//! out: rmdir root: 76
//! out: libc absolute path: 76
//! out: libc dot-dot: 76
//! out: inside still works: 0
//! out: dot-dot that stays inside: 0
//! out: narrowed inheriting rights: 76
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
    printf("narrowed inheriting rights: %d\n",
           __wasi_path_open(narrowed, 0, "../inside.txt", 0, __WASI_RIGHTS_FD_WRITE, 0, 0, &f2));
    fd = open("/sandbox/inside.txt", O_RDONLY);
    printf("non-directory fd as base: %d\n", open_at(fd, "x", 0));
    printf("bad fd: %d\n", open_at(99, "x", 0));
    return 0;
}
