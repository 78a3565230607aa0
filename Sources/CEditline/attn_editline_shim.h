// The readline-compatible API of libedit. Never <readline/readline.h>: GNU readline's headers
// are installed too and would be picked up while linking libedit.
#include <stdio.h>
#include <editline/readline.h>
