// A small WASI program for the README: counts lines, words and bytes of the files named
// on the command line (read through a preopened directory), honours $LABEL, and exits
// with status 1 if a file cannot be opened.
// Build: clang --target=wasm32-wasi -O2 -Wl,--strip-debug -o wc.wasm wc.c
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    const char *label = getenv("LABEL");
    int status = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "r");
        if (f == NULL) {
            perror(argv[i]);
            status = 1;
            continue;
        }
        long lines = 0, words = 0, bytes = 0;
        int c, in_word = 0;
        while ((c = fgetc(f)) != EOF) {
            bytes++;
            if (c == '\n') lines++;
            if (isspace(c)) in_word = 0;
            else if (!in_word) { in_word = 1; words++; }
        }
        fclose(f);
        printf("%s%s: %ld lines, %ld words, %ld bytes\n", label ? label : "", argv[i], lines, words, bytes);
    }
    return status;
}
