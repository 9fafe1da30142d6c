// The path_* calls and fd_readdir inside one preopened directory.
//! exit: 0
//! out: mkdir 0, again: 20
//! out: nested mkdir in missing parent: 44
//! out: readdir: dir/ file1 file2 link@
//! out: readlink: file1 (5)
//! out: stat through link: regular size 3
//! out: lstat link: symlink
//! out: link 0, nlink 2
//! out: link onto existing: 20
//! out: link a directory: 63
//! out: rename 0, old gone: 44, new size 3
//! out: rename file over dir: 31
//! out: rename dir over file: 54
//! out: rmdir non-empty: 55
//! out: unlink directory: 31
//! out: rmdir a file: 54
//! out: file as directory component: 54
//! out: utimensat 0, mtime 1234567890
//! out: utimensat nofollow on link 0, target mtime kept: yes
//! out: unlink 0, rmdir 0
//! out: opendir on a file: 54
//! out: dot paths: 0 0
//! out: readdir after cleanup: dir/ file2 link@ renamed
//! out: dangling link open: 44
//! out: symlink loop: 32
//! out: O_NOFOLLOW on link: 32
//! out: trailing slash on file: 54
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) {
    return strcmp(*(char *const *) a, *(char *const *) b);
}

static void list(const char *label, const char *path) {
    DIR *d = opendir(path);
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        char *s = malloc(strlen(e->d_name) + 2);
        strcpy(s, e->d_name);
        if (e->d_type == DT_DIR) strcat(s, "/");
        if (e->d_type == DT_LNK) strcat(s, "@");
        names[n++] = s;
    }
    closedir(d);
    qsort(names, n, sizeof names[0], cmp);
    printf("%s:", label);
    for (int i = 0; i < n; i++) printf(" %s", names[i]);
    printf("\n");
}

static int err(int rc) {
    return rc < 0 ? errno : rc;
}

static void touch(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

int main(void) {
    mkdir("/sandbox/work", 0755);
    int rc = mkdir("/sandbox/work/dir", 0755);
    printf("mkdir %d, again: %d\n", rc, err(mkdir("/sandbox/work/dir", 0755)));
    printf("nested mkdir in missing parent: %d\n", err(mkdir("/sandbox/work/nope/x", 0755)));
    touch("/sandbox/work/file1", "one");
    touch("/sandbox/work/file2", "two");
    symlink("file1", "/sandbox/work/link");
    list("readdir", "/sandbox/work");
    char buf[64] = {0};
    int n = readlink("/sandbox/work/link", buf, sizeof buf);
    printf("readlink: %s (%d)\n", buf, n);
    struct stat st;
    stat("/sandbox/work/link", &st);
    printf("stat through link: %s size %d\n", S_ISREG(st.st_mode) ? "regular" : "other", (int) st.st_size);
    lstat("/sandbox/work/link", &st);
    printf("lstat link: %s\n", S_ISLNK(st.st_mode) ? "symlink" : "other");
    rc = link("/sandbox/work/file1", "/sandbox/work/hard");
    stat("/sandbox/work/file1", &st);
    printf("link %d, nlink %d\n", rc, (int) st.st_nlink);
    printf("link onto existing: %d\n", err(link("/sandbox/work/file1", "/sandbox/work/file2")));
    printf("link a directory: %d\n", err(link("/sandbox/work/dir", "/sandbox/work/dir2")));
    rc = rename("/sandbox/work/hard", "/sandbox/work/renamed");
    int gone = err(stat("/sandbox/work/hard", &st));
    stat("/sandbox/work/renamed", &st);
    printf("rename %d, old gone: %d, new size %d\n", rc, gone, (int) st.st_size);
    printf("rename file over dir: %d\n", err(rename("/sandbox/work/renamed", "/sandbox/work/dir")));
    printf("rename dir over file: %d\n", err(rename("/sandbox/work/dir", "/sandbox/work/renamed")));
    touch("/sandbox/work/dir/inner", "x");
    printf("rmdir non-empty: %d\n", err(rmdir("/sandbox/work/dir")));
    printf("unlink directory: %d\n", err(unlink("/sandbox/work/dir")));
    printf("rmdir a file: %d\n", err(rmdir("/sandbox/work/file1")));
    printf("file as directory component: %d\n", err(open("/sandbox/work/file1/x", O_RDONLY)));
    struct timespec times[2] = {{1234567890, 0}, {1234567890, 0}};
    rc = utimensat(AT_FDCWD, "/sandbox/work/file2", times, 0);
    stat("/sandbox/work/file2", &st);
    printf("utimensat %d, mtime %lld\n", rc, (long long) st.st_mtim.tv_sec);
    struct timespec old[2] = {{1000, 0}, {1000, 0}};
    rc = utimensat(AT_FDCWD, "/sandbox/work/link", old, AT_SYMLINK_NOFOLLOW);
    stat("/sandbox/work/file1", &st);
    printf("utimensat nofollow on link %d, target mtime kept: %s\n", rc, st.st_mtim.tv_sec != 1000 ? "yes" : "no");
    rc = unlink("/sandbox/work/dir/inner");
    printf("unlink %d, rmdir %d\n", rc, rmdir("/sandbox/work/dir"));
    mkdir("/sandbox/work/dir", 0755);
    printf("opendir on a file: %d\n", opendir("/sandbox/work/file1") == NULL ? errno : 0);
    printf("dot paths: %d %d\n", err(stat("/sandbox/work/./dir/../file1", &st)), err(stat("/sandbox/./work/", &st)));
    unlink("/sandbox/work/file1");
    list("readdir after cleanup", "/sandbox/work");
    printf("dangling link open: %d\n", err(open("/sandbox/work/link", O_RDONLY)));
    symlink("loop2", "/sandbox/work/loop1");
    symlink("loop1", "/sandbox/work/loop2");
    printf("symlink loop: %d\n", err(open("/sandbox/work/loop1", O_RDONLY)));
    touch("/sandbox/work/file1", "back");
    printf("O_NOFOLLOW on link: %d\n", err(open("/sandbox/work/link", O_RDONLY | O_NOFOLLOW)));
    printf("trailing slash on file: %d\n", err(open("/sandbox/work/file2/", O_RDONLY)));
    return 0;
}
