// Arguments and environment reach the guest byte for byte, in order.
//! arg: plain
//! arg:
//! arg: two words
//! arg: ünï€ode
//! arg: --dash
//! env: FIRST=1
//! env: EMPTY=
//! env: EQUALS=a=b=c
//! env: UNICODE=ß€
//! exit: 0
//! out: argc=6
//! out: argv[0]=<args_env.wasm>
//! out: argv[1]=<plain>
//! out: argv[2]=<>
//! out: argv[3]=<two words>
//! out: argv[4]=<ünï€ode>
//! out: argv[5]=<--dash>
//! out: EMPTY=<>
//! out: EQUALS=<a=b=c>
//! out: FIRST=<1>
//! out: UNICODE=<ß€>
//! out: MISSING=(null)
//! out: environ entries=4
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    for (int i = 0; i < argc; i++) {
        printf("argv[%d]=<%s>\n", i, argv[i]);
    }
    const char *names[] = {"EMPTY", "EQUALS", "FIRST", "UNICODE"};
    for (int i = 0; i < 4; i++) {
        printf("%s=<%s>\n", names[i], getenv(names[i]));
    }
    printf("MISSING=%s\n", getenv("MISSING") ? getenv("MISSING") : "(null)");
    int n = 0;
    for (char **e = environ; *e; e++) {
        n++;
    }
    printf("environ entries=%d\n", n);
    return argv[argc] == NULL ? 0 : 1;
}
