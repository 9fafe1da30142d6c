// exit() flushes stdio and ends with the status the guest chose.
//! exit: 7
//! out: buffered line
//! out: last words
#include <stdio.h>
#include <stdlib.h>

static void deep(int n) {
    if (n == 0) {
        printf("last words\n");
        exit(7);
    }
    deep(n - 1);
}

int main(void) {
    printf("buffered line\n");
    deep(50);
    printf("never printed\n");
    return 0;
}
