/* compile_internal.h - what the parts of the compiler share (lang/ only).
 *
 * The compiler is one struct compiler passed through three passes; see
 * compile.c for the passes and the files that hold them.
 */
#ifndef LOCKSTEP_LANG_COMPILE_INTERNAL_H
#define LOCKSTEP_LANG_COMPILE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lang/ast.h"
#include "lang/diag.h"
#include "lang/limits.h"
#include "lang/program.h"
#include "lang/source.h"

/* A set of local slots, for definite assignment.  All bits set stands for
 * "unreachable", the neutral element of intersection. */
struct daset {
	uint64_t w[LANG_MAX_LOCALS / 64];
};


struct local {
	const char *name;
	struct lang_loc first_assignment;
	bool hidden;
};

enum scope_kind { SCOPE_LOOP, SCOPE_WITH, SCOPE_ATOMIC };

/* Jumps to patch once their target is known. */
struct patches {
	size_t *at;
	size_t count, cap;
};

struct scope {
	enum scope_kind kind;
	struct scope *outer;
	/* LOOP */
	struct patches breaks, continues;
	struct daset break_da;
	/* WITH: how to release */
	int prim;		/* shared index */
	int index_slot;		/* local holding the element index, or -1 */
	int64_t const_index;	/* when index_slot < 0 and the primitive is an array */
	bool indexed;
	struct lang_loc loc;
};

/* A primitive as the operand of a call or `with`. */
struct prim_ref {
	int shared;
	bool indexed;
	bool const_index;
	int64_t index;		/* when const_index */
	const struct ast_expr *index_expr;
};

enum context { CTX_THREAD, CTX_EXPECT };

struct compiler {
	const struct lang_source *src;
	struct lang_diags *diags;
	struct lang_program *prog;
	struct ast_file *file;
	const struct ast_top **group_tops;	/* AST of each group */
	struct local **group_locals;		/* pass 2, per group */
	int *group_nlocals;

	/* the code being generated */
	enum context ctx;
	int group;
	struct lang_code *code;
	size_t code_cap;
	struct local *locals;
	int nlocals;
	bool too_many_insns;
	bool too_many_locals;		/* reported for this thread */
	bool too_many_shared;		/* reported */
	struct daset da;
	struct scope *scope;
	int atomic_depth;
	struct lang_expect *expect;
	const char *expect_word;	/* CTX_EXPECT: "expect" or "goal" */

	/* a comprehension variable during constant evaluation */
	const char *comp_var;
	int64_t comp_value;

	/* prog->strings: its capacity, and a hash index of index + 1 (0: empty) */
	size_t strings_cap;
	size_t *string_index, string_index_size;

	/* names whose declaration failed: uses of them are not reported */
	const char **broken;
	size_t nbroken, broken_cap;
};

/* compile.c */
void error_at(struct compiler *c, struct lang_loc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void note_at(struct compiler *c, struct lang_loc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void finish_code(struct compiler *c, struct lang_code *code);

/* compile_names.c */
void mark_broken(struct compiler *c, const char *name);
bool is_broken(const struct compiler *c, const char *name);
bool is_builtin_function(const char *name);
int find_shared(const struct compiler *c, const char *name);
int find_group(const struct compiler *c, const char *name);
int find_local(const struct compiler *c, const char *name);
int group_with_local(const struct compiler *c, const char *name);
void unknown_name(struct compiler *c, const char *name, struct lang_loc loc);
const char *shared_kind_name(const struct lang_shared *s);
const char *article(const char *word);
int intern_string(struct compiler *c, const char *s, size_t len);
bool is_const_true(const struct ast_expr *e);

/* compile_const.c */
bool const_int(struct compiler *c, const struct ast_expr *e, int64_t *out, const char *what);
bool const_eval(struct compiler *c, const struct ast_expr *e, struct lang_value *out);

/* compile_decl.c */
bool is_range_call(const struct ast_expr *e);
void declare_shared(struct compiler *c, const struct ast_top *top);
void declare_group(struct compiler *c, const struct ast_top *top, int *total_threads);
void expand_threads(struct compiler *c);
bool is_elif(const struct ast_stmt *otherwise);
void collect_locals(struct compiler *c, const struct ast_stmt *s);
int new_hidden_local(struct compiler *c, struct lang_loc loc);

/* compile_expr.c */
size_t emit(struct compiler *c, enum lang_opcode op, int32_t a, int32_t b, unsigned flags,
    struct lang_loc loc);
void emit_int(struct compiler *c, int64_t v, struct lang_loc loc);
void patch_here(struct compiler *c, size_t at);
void patches_add(struct patches *p, size_t at);
void patches_resolve(struct compiler *c, struct patches *p, size_t target);
void compile_name(struct compiler *c, const struct ast_expr *e);
bool resolve_prim(struct compiler *c, const struct ast_expr *e, struct prim_ref *ref);
int hold_prim_index(struct compiler *c, const struct prim_ref *ref, struct lang_loc loc);
void emit_call(struct compiler *c, const struct prim_ref *ref, int slot,
    enum lang_method m, int argc, bool want_result, struct lang_loc loc);
bool check_blocking_allowed(struct compiler *c, const char *what, struct lang_loc loc);
void compile_call(struct compiler *c, const struct ast_expr *e, bool want_result);
bool fits_imm(const struct ast_expr *e);
void compile_index_load(struct compiler *c, const struct ast_expr *e);
void compile_expr(struct compiler *c, const struct ast_expr *e);

/* compile_stmt.c */
void da_add(struct daset *d, int slot);
bool da_has(const struct daset *d, int slot);
void compile_block(struct compiler *c, const struct ast_stmt *s);

/* compile_tour.c */
void compile_goal(struct compiler *c, const struct ast_goal *goal);
void compile_tours(struct compiler *c);

#endif
