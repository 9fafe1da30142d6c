// Reads all of stdin and writes it back in upper case; stderr gets a count.
//! stdin: hello, wasi
//! stdin: second line
//! exit: 3
//! out: HELLO, WASI
//! out: SECOND LINE
#include <ctype.h>
#include <stdio.h>

int main(void) {
    int c, n = 0;
    while ((c = getchar()) != EOF) {
        putchar(toupper(c));
        n++;
    }
    fprintf(stderr, "%d bytes\n", n);
    return 3;
}
