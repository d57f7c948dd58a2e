/* compile.h - scenario text to a program.
 *
 * lang_compile runs the whole front end: lexer, parser, name resolution and
 * code generation.  It returns NULL when any error was found; diags then
 * holds every diagnostic (several per file where recovery is sensible).
 */
#ifndef LOCKSTEP_LANG_COMPILE_H
#define LOCKSTEP_LANG_COMPILE_H

#include "lang/diag.h"
#include "lang/program.h"
#include "lang/source.h"

/* Takes ownership of src (freed on failure, owned by the program on success). */
struct lang_program *lang_compile(struct lang_source *src, struct lang_diags *diags);
/* Load and compile a file. */
struct lang_program *lang_compile_file(const char *path, struct lang_diags *diags);
/* Compile text held in memory (a trace's copy of its scenario), called
 * path in diagnostics. */
struct lang_program *lang_compile_text(const char *path, const char *text, size_t len,
    struct lang_diags *diags);

#endif
