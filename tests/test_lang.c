/* test_lang.c - lexer, parser and compiler of the scenario language.
 *
 * The compiler tests pin the exact step programs (the disassembly of
 * lang_program_dump) for the constructs whose step structure the lessons
 * depend on: counter += 1, with, Condition.wait, atomic and loops.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/ast.h"
#include "lang/compile.h"
#include "lang/lexer.h"
#include "lang/parser.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static struct lang_source *
source(const char *text, struct lang_diags *d)
{
	struct lang_source *src = lang_source_from_memory("t.race", text, strlen(text), d);

	ck_assert_ptr_nonnull(src);
	return src;
}

/* Compile text; returns the dump (or the diagnostics, when it fails). */
static char *
compile_text(const char *text, bool *ok)
{
	struct lang_diags d;
	struct lang_source *src;
	struct lang_program *prog;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	lang_diags_init(&d);
	src = lang_source_from_memory("t.race", text, strlen(text), &d);
	prog = src != NULL ? lang_compile(src, &d) : NULL;
	if (prog != NULL)
		lang_program_dump(prog, f);
	else
		lang_diags_print(&d, f);
	fclose(f);
	*ok = prog != NULL;
	lang_program_free(prog);
	lang_diags_free(&d);
	return out;
}

static void
assert_program(const char *text, const char *want)
{
	bool ok;
	char *got = compile_text(text, &ok);

	ck_assert_msg(ok, "did not compile:\n%s", got);
	ck_assert_msg(strcmp(got, want) == 0, "program:\n%s\nwanted:\n%s", got, want);
	free(got);
}

static void
assert_error(const char *text, const char *want_first_line)
{
	bool ok;
	char *got = compile_text(text, &ok);

	ck_assert_msg(!ok, "compiled but should not:\n%s", got);
	ck_assert_msg(strncmp(got, want_first_line, strlen(want_first_line)) == 0,
	    "diagnostics:\n%s\nwanted first line:\n%s", got, want_first_line);
	free(got);
}

/* ---- lexer ---- */

static char *
token_kinds(const char *text)
{
	struct lang_diags d;
	struct lang_source *src;
	struct lang_tokens toks;
	char *out = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&out, &len);

	lang_diags_init(&d);
	src = source(text, &d);
	lang_lex(src, &d, &toks);
	for (i = 0; i < toks.count; i++) {
		const struct lang_token *t = &toks.items[i];

		if (i > 0)
			fputc(' ', f);
		switch (t->kind) {
		case LANG_TOK_NAME: fprintf(f, "%s", t->text); break;
		case LANG_TOK_INT: fprintf(f, "%lld", (long long)t->ival); break;
		case LANG_TOK_STRING: fprintf(f, "<%s>", t->text); break;
		case LANG_TOK_NEWLINE: fputs("NL", f); break;
		case LANG_TOK_INDENT: fputs("IN", f); break;
		case LANG_TOK_DEDENT: fputs("DE", f); break;
		case LANG_TOK_EOF: fputs("EOF", f); break;
		case LANG_TOK_TITLE: fprintf(f, "TITLE<%s>", t->text); break;
		case LANG_TOK_ABOUT: fprintf(f, "ABOUT<%s>", t->text); break;
		default: fputs(lang_token_describe(t->kind), f);
		}
	}
	fclose(f);
	ck_assert_uint_eq(d.errors, 0);
	lang_tokens_free(&toks);
	lang_source_free(src);
	lang_diags_free(&d);
	return out;
}

static void
assert_tokens(const char *text, const char *want)
{
	char *got = token_kinds(text);

	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(lex_indentation)
{
	assert_tokens("thread A:\n    x = 1\n\n    # comment\n    if x:\n        y = 2\nz = 3\n",
	    "'thread' A ':' NL IN x '=' 1 NL 'if' x ':' NL IN y '=' 2 NL DE DE "
	    "z '=' 3 NL EOF");
}
END_TEST

START_TEST(lex_brackets_join_lines)
{
	assert_tokens("x = [1,\n      2]\ny = (1 +\n  2)\n",
	    "x '=' '[' 1 ',' 2 ']' NL y '=' '(' 1 '+' 2 ')' NL EOF");
}
END_TEST

START_TEST(lex_operators_and_literals)
{
	assert_tokens("a //= b // c % d != e <= f >= g == h 'it\\'s' \"a\\tb\" 1_000 True None",
	    "a '//=' b '//' c '%' d '!=' e '<=' f '>=' g '==' h <it's> <a\tb> 1000 "
	    "'True' 'None' NL EOF");
}
END_TEST

START_TEST(lex_headers)
{
	assert_tokens("title: Lost update\nabout: First line.\n       Second line.\n\n"
	    "       New paragraph.\nx = 1\n",
	    "TITLE<Lost update> NL ABOUT<First line.\nSecond line.\n\nNew paragraph.> NL "
	    "x '=' 1 NL EOF");
}
END_TEST

START_TEST(lex_no_newline_at_end)
{
	assert_tokens("thread A:\n    x = 1", "'thread' A ':' NL IN x '=' 1 NL DE EOF");
}
END_TEST

START_TEST(lex_columns_count_characters)
{
	struct lang_diags d;
	struct lang_source *src;
	struct lang_tokens toks;

	lang_diags_init(&d);
	src = source("x = \"héllo\" + y\n", &d);
	lang_lex(src, &d, &toks);
	/* x = "héllo" + y: the '+' is character 13, byte 14 */
	ck_assert_int_eq(toks.items[3].kind, LANG_TOK_PLUS);
	ck_assert_uint_eq(toks.items[3].loc.col, 13);
	ck_assert_uint_eq(toks.items[2].loc.len, 7);
	lang_tokens_free(&toks);
	lang_source_free(src);
	lang_diags_free(&d);
}
END_TEST

START_TEST(lex_tab_between_tokens)
{
	/* as in Python: a tab separates tokens anywhere but the indentation */
	assert_tokens("x\t=\t1\t# set x\nthread A:\n    y = x\t+ 1\t\n",
	    "x '=' 1 NL 'thread' A ':' NL IN y '=' x '+' 1 NL DE EOF");
	assert_error("thread A:\n\tx = 1\n",
	    "t.race:2:1: error: tab in indentation; indent with spaces");
	assert_error("thread A:\n    \tx = 1\n",
	    "t.race:2:5: error: tab in indentation; indent with spaces");
}
END_TEST

START_TEST(lex_byte_order_mark_skipped)
{
	struct lang_diags d;
	struct lang_source *src;
	struct lang_tokens toks;

	assert_tokens("\xef\xbb\xbfx = 1\n", "x '=' 1 NL EOF");
	/* columns and the line shown under a diagnostic know nothing of it */
	lang_diags_init(&d);
	src = source("\xef\xbb\xbfx = $\n", &d);
	lang_lex(src, &d, &toks);
	ck_assert_uint_eq(toks.items[0].loc.col, 1);
	ck_assert_uint_eq(d.errors, 1);
	lang_tokens_free(&toks);
	lang_source_free(src);
	lang_diags_free(&d);
	assert_error("\xef\xbb\xbfx = $\n", "t.race:1:5: error: unexpected character '$'\n"
	    "x = $\n    ^");
	/* only at the start of the file */
	assert_error("x = 1\n\xef\xbb\xbfy = 2\n", "t.race:2:1: error: unexpected character");
}
END_TEST

/* ---- parser ---- */

static struct ast_file *
parse_text(const char *text, struct lang_source **src, struct lang_tokens *toks,
    struct lang_diags *d)
{
	lang_diags_init(d);
	*src = source(text, d);
	lang_lex(*src, d, toks);
	return lang_parse(*src, toks, d);
}

/* The expression in Lisp-ish prefix form, to check precedence. */
static void
sexpr(const struct ast_expr *e, FILE *f)
{
	switch (e->kind) {
	case AST_INT: fprintf(f, "%lld", (long long)e->u.ival); break;
	case AST_NAME: fprintf(f, "%s", e->u.name); break;
	case AST_BOOL: fprintf(f, "%s", e->u.ival ? "True" : "False"); break;
	case AST_UNARY:
		fprintf(f, "(%s ", e->u.unary.op == LANG_UN_NEG ? "neg" : "not");
		sexpr(e->u.unary.operand, f);
		fputc(')', f);
		break;
	case AST_BINARY:
		fprintf(f, "(%s ", lang_binop_symbol(e->u.binary.op));
		sexpr(e->u.binary.lhs, f);
		fputc(' ', f);
		sexpr(e->u.binary.rhs, f);
		fputc(')', f);
		break;
	case AST_AND:
	case AST_OR:
		fprintf(f, "(%s ", e->kind == AST_AND ? "and" : "or");
		sexpr(e->u.logic.lhs, f);
		fputc(' ', f);
		sexpr(e->u.logic.rhs, f);
		fputc(')', f);
		break;
	case AST_INDEX:
		fputs("(index ", f);
		sexpr(e->u.index.base, f);
		fputc(' ', f);
		sexpr(e->u.index.index, f);
		fputc(')', f);
		break;
	case AST_CALL:
		fputs("(call ", f);
		if (e->u.call.callee->kind == AST_ATTR) {
			sexpr(e->u.call.callee->u.attr.base, f);
			fprintf(f, ".%s", e->u.call.callee->u.attr.name);
		} else {
			sexpr(e->u.call.callee, f);
		}
		for (const struct ast_arg *a = e->u.call.args; a != NULL; a = a->next) {
			fputc(' ', f);
			if (a->keyword != NULL)
				fprintf(f, "%s=", a->keyword);
			sexpr(a->value, f);
		}
		fputc(')', f);
		break;
	default:
		fputs("?", f);
	}
}

static void
assert_expr(const char *expr, const char *want)
{
	struct lang_diags d;
	struct lang_source *src;
	struct lang_tokens toks;
	struct ast_file *file;
	char *text = xasprintf("expect %s\n", expr), *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	file = parse_text(text, &src, &toks, &d);
	ck_assert_uint_eq(d.errors, 0);
	ck_assert_ptr_nonnull(file->tops);
	ck_assert_int_eq(file->tops->kind, AST_EXPECT);
	sexpr(file->tops->value, f);
	fclose(f);
	ck_assert_str_eq(out, want);
	free(out);
	free(text);
	ast_file_free(file);
	lang_tokens_free(&toks);
	lang_source_free(src);
	lang_diags_free(&d);
}

START_TEST(parse_precedence)
{
	assert_expr("1 + 2 * 3", "(+ 1 (* 2 3))");
	assert_expr("(1 + 2) * 3", "(* (+ 1 2) 3)");
	assert_expr("a - b - c", "(- (- a b) c)");
	assert_expr("-a * b", "(* (neg a) b)");
	assert_expr("not a == b and c or d", "(or (and (not (== a b)) c) d)");
	assert_expr("a < b + 1", "(< a (+ b 1))");
	assert_expr("x is not None or y is None", "(or (!= x ?) (== y ?))");
	assert_expr("buf[i + 1] // 2 % 3", "(% (// (index buf (+ i 1)) 2) 3)");
	assert_expr("l.acquire(blocking=False)", "(call l.acquire blocking=False)");
	assert_expr("forks[(tid + 1) % 5].locked()",
	    "(call (index forks (% (+ tid 1) 5)).locked)");
}
END_TEST

START_TEST(parse_statements_and_blocks)
{
	struct lang_diags d;
	struct lang_source *src;
	struct lang_tokens toks;
	struct ast_file *file;
	const struct ast_top *top;
	const struct ast_stmt *s;

	file = parse_text("title: T\nx = 0\ndaemon thread w[2]:\n    if x: x = 1\n"
	    "    elif x == 2:\n        pass\n    else:\n        x += 2\n"
	    "    while True:\n        break\n    for i in range(3):\n        continue\n"
	    "main:\n    w[0].start()\nexpect x == 1\n", &src, &toks, &d);
	ck_assert_uint_eq(d.errors, 0);
	ck_assert_str_eq(file->title, "T");
	top = file->tops;
	ck_assert_int_eq(top->kind, AST_DECL);
	top = top->next;
	ck_assert_int_eq(top->kind, AST_THREAD);
	ck_assert(top->daemon);
	ck_assert_ptr_nonnull(top->count);
	ck_assert_uint_eq(top->first_line, 3);
	ck_assert_uint_eq(top->last_line, 12);
	s = top->body;
	ck_assert_int_eq(s->kind, AST_IF);
	ck_assert_int_eq(s->u.if_.then->kind, AST_ASSIGN);
	ck_assert_int_eq(s->u.if_.otherwise->kind, AST_IF);
	ck_assert(s->u.if_.otherwise->u.if_.otherwise->u.assign.augmented);
	s = s->next;
	ck_assert_int_eq(s->kind, AST_WHILE);
	ck_assert_int_eq(s->u.while_.body->kind, AST_BREAK);
	s = s->next;
	ck_assert_int_eq(s->kind, AST_FOR);
	ck_assert_str_eq(s->u.for_.var, "i");
	ck_assert_ptr_null(s->next);
	top = top->next;
	ck_assert_int_eq(top->kind, AST_MAIN);
	top = top->next;
	ck_assert_int_eq(top->kind, AST_EXPECT);
	ck_assert_ptr_null(top->next);
	ast_file_free(file);
	lang_tokens_free(&toks);
	lang_source_free(src);
	lang_diags_free(&d);
}
END_TEST

START_TEST(parse_recovers_and_reports_several_errors)
{
	struct lang_diags d;
	struct lang_source *src;
	struct lang_tokens toks;
	struct ast_file *file;

	file = parse_text("thread A:\n    x = = 1\n    y = 2 +\n    z = 3\n"
	    "thread B:\n    if x\n        pass\n    w = )\n", &src, &toks, &d);
	/* line 2, line 3, line 6, line 8 (unmatched ')' from the lexer too) */
	ck_assert_uint_ge(d.errors, 4);
	ck_assert_uint_eq(d.items[0].loc.line, 8);	/* lexer first: unmatched ')' */
	ast_file_free(file);
	lang_tokens_free(&toks);
	lang_source_free(src);
	lang_diags_free(&d);
}
END_TEST

/* A loop and a comprehension read the name after 'for' alike. */
START_TEST(parse_loop_variable_missing)
{
	assert_error("thread A:\n    for in range(3):\n        pass\n",
	    "t.race:2:9: error: expected name after 'for', found 'in'\n");
	assert_error("xs = [1 for in range(3)]\nthread A:\n    pass\n",
	    "t.race:1:13: error: expected name after 'for', found 'in'\n");
}
END_TEST

/* ---- compiler: the exact step programs ---- */

START_TEST(compile_lists)
{
	/* a list no thread rebinds is read as a constant; its operations are
	 * steps when the list is shared (~), which only a run can tell */
	assert_program("items = []\nthread A:\n    mine = [1, tid]\n    items.append(mine[0])\n"
	    "    if 2 not in items:\n        x = items.pop()\n",
	    "thread A:\n"
	    "   0   PUSH 1                           line 3\n"
	    "   1   PUSH_TID                         line 3\n"
	    "   2   BUILD_LIST 2                     line 3\n"
	    "   3   STORE_LOCAL mine                 line 3\n"
	    "   4   LOAD_CONST items                 line 4\n"
	    "   5   LOAD_LOCAL mine                  line 4\n"
	    "   6   PUSH 0                           line 4\n"
	    "   7 ~ LOAD_ITEM                        line 4\n"
	    "   8 ~ APPEND                           line 4\n"
	    "   9   PUSH 2                           line 5\n"
	    "  10   LOAD_CONST items                 line 5\n"
	    "  11 ~ CONTAINS                         line 5\n"
	    "  12   NOT                              line 5\n"
	    "  13   JUMP_IF_FALSE 18                 line 5\n"
	    "  14   LOAD_CONST items                 line 6\n"
	    "  15   PUSH -1                          line 6\n"
	    "  16 ~ POP_ITEM                         line 6\n"
	    "  17   STORE_LOCAL x                    line 6\n"
	    "  18   END                              line 6\n"
	    "\n");
}
END_TEST

START_TEST(compile_list_or_array)
{
	/* [..] is an array unless the program uses it as a list */
	struct lang_diags d;
	struct lang_source *src;
	struct lang_program *prog;

	lang_diags_init(&d);
	src = source("buf = [1, 2]\nitems = [1, 2]\nrow = [0] * 3\nnone = []\nthread A:\n"
	    "    buf[0] = 5\n    items.remove(1)\n    for x in row:\n        pass\n", &d);
	prog = lang_compile(src, &d);
	ck_assert_ptr_nonnull(prog);
	ck_assert(prog->uses_heap);
	ck_assert_int_eq(prog->shared[0].kind, LANG_SHARED_ARRAY);
	ck_assert_int_eq(prog->shared[0].object, LANG_OBJ_NONE);
	ck_assert_int_eq(prog->shared[1].object, LANG_OBJ_LIST);
	ck_assert_int_eq(prog->shared[1].nitems, 2);
	ck_assert_int_eq(prog->shared[2].object, LANG_OBJ_LIST);
	ck_assert_int_eq(prog->shared[2].nitems, 3);
	ck_assert_int_eq(prog->shared[3].object, LANG_OBJ_LIST);
	ck_assert_int_eq(prog->shared[3].nitems, 0);
	ck_assert(!prog->shared[1].constant);
	lang_program_free(prog);
	/* tuples and dicts, declared */
	src = source("pair = (1, 'a')\none = (5,)\nnone = ()\nd = {'k': 1, 2: 3}\n"
	    "thread A:\n    d[2] = pair[0]\n", &d);
	prog = lang_compile(src, &d);
	ck_assert_ptr_nonnull(prog);
	ck_assert_int_eq(prog->shared[0].object, LANG_OBJ_TUPLE);
	ck_assert_int_eq(prog->shared[0].nitems, 2);
	ck_assert_int_eq(prog->shared[1].nitems, 1);
	ck_assert_int_eq(prog->shared[2].nitems, 0);
	ck_assert_int_eq(prog->shared[3].object, LANG_OBJ_DICT);
	ck_assert_int_eq(prog->shared[3].nitems, 4);
	lang_program_free(prog);
	/* no list anywhere: no heap */
	src = source("buf = [1, 2]\nthread A:\n    buf[1] = 5\n", &d);
	prog = lang_compile(src, &d);
	ck_assert_ptr_nonnull(prog);
	ck_assert(!prog->uses_heap);
	lang_program_free(prog);
	lang_diags_free(&d);
}
END_TEST

START_TEST(compile_list_diagnostics)
{
	assert_error("items = []\nthread A:\n    items.sort()\n",
	    "t.race:3:11: error: a list has the methods append(), pop(), insert() and "
	    "remove(), a dict get(), not sort()");
	assert_error("items = []\nthread A:\n    items.append(1, 2)\n",
	    "t.race:3:11: error: append() takes 1 argument (2 given)");
	assert_error("items = []\nthread A:\n    items.insert(0)\n",
	    "t.race:3:11: error: insert() takes 2 arguments (1 given)");
	assert_error("items = []\nthread A:\n    items.pop(x=1)\n",
	    "t.race:3:15: error: pop() takes no keyword arguments");
}
END_TEST

START_TEST(compile_counter_increment)
{
	assert_program("counter = 0\nthread A:\n    counter += 1\n",
	    "thread A:\n"
	    "   0 * LOAD counter                     line 3\n"
	    "\n"
	    "   1   ADD 1                            line 3\n"
	    "   2 * STORE counter                    line 3\n"
	    "\n"
	    "   3   END                              line 3\n"
	    "\n");
}
END_TEST

START_TEST(compile_local_computation_joins_next_step)
{
	assert_program("counter = 0\nthread A:\n    tmp = counter\n    tmp = tmp + tid\n"
	    "    counter = tmp\n",
	    "thread A:\n"
	    "   0 * LOAD counter                     line 3\n"
	    "\n"
	    "   1   STORE_LOCAL tmp                  line 3\n"
	    "   2   LOAD_LOCAL tmp                   line 4\n"
	    "   3   PUSH_TID                         line 4\n"
	    "   4   ADD                              line 4\n"
	    "   5   STORE_LOCAL tmp                  line 4\n"
	    "   6   LOAD_LOCAL tmp                   line 5\n"
	    "   7 * STORE counter                    line 5\n"
	    "\n"
	    "   8   END                              line 5\n"
	    "\n");
}
END_TEST

START_TEST(compile_constants_are_not_steps)
{
	/* issue 14: COUNT and limits are never written, so reading them is
	 * local computation; total is written, so it stays shared */
	struct lang_diags d;
	struct lang_source *src;
	struct lang_program *prog;

	assert_program("COUNT = 2\nlimits = [5, 7]\ntotal = 0\nthread A:\n"
	    "    total = limits[COUNT - 1] + total\n",
	    "thread A:\n"
	    "   0   LOAD_CONST COUNT                 line 5\n"
	    "   1   SUB 1                            line 5\n"
	    "   2   LOAD_CONST limits[]              line 5\n"
	    "   3 * LOAD total                       line 5\n"
	    "\n"
	    "   4   ADD                              line 5\n"
	    "   5 * STORE total                      line 5\n"
	    "\n"
	    "   6   END                              line 5\n"
	    "\n");
	/* written by any thread, even one compiled after the reader: shared */
	lang_diags_init(&d);
	src = source("COUNT = 2\nm = Lock()\nthread A:\n    x = COUNT\nthread B:\n"
	    "    COUNT = 3\n", &d);
	prog = lang_compile(src, &d);
	ck_assert_ptr_nonnull(prog);
	ck_assert(!prog->shared[0].constant);
	ck_assert(!prog->shared[1].constant);
	ck_assert_int_eq(prog->groups[0].code.insns[0].op, LANG_OP_LOAD);
	lang_program_free(prog);
	lang_diags_free(&d);
}
END_TEST

START_TEST(compile_with_lock)
{
	assert_program("counter = 0\nm = Lock()\nthread A:\n    with m:\n"
	    "        counter += 1\n",
	    "thread A:\n"
	    "   0 * CALL m.acquire                   line 4\n"
	    "\n"
	    "   1 * LOAD counter                     line 5\n"
	    "\n"
	    "   2   ADD 1                            line 5\n"
	    "   3 * STORE counter                    line 5\n"
	    "\n"
	    "   4 * CALL m.release                   line 4\n"
	    "\n"
	    "   5   END                              line 5\n"
	    "\n");
}
END_TEST

START_TEST(compile_with_array_element_evaluates_index_once)
{
	assert_program("forks = [Lock() for i in range(3)]\nthread p[3]:\n"
	    "    with forks[(tid + 1) % 3]:\n        pass\n",
	    "thread p[]:\n"
	    "   0   PUSH_TID                         line 3\n"
	    "   1   ADD 1                            line 3\n"
	    "   2   MOD 3                            line 3\n"
	    "   3   STORE_LOCAL $0                   line 3\n"
	    "   4   LOAD_LOCAL $0                    line 3\n"
	    "   5 * CALL forks[].acquire             line 3\n"
	    "\n"
	    "   6   LOAD_LOCAL $0                    line 3\n"
	    "   7 * CALL forks[].release             line 3\n"
	    "\n"
	    "   8   END                              line 4\n"
	    "\n");
}
END_TEST

START_TEST(compile_condition_wait_is_two_steps)
{
	assert_program("items = 0\nc = Condition()\nthread consumer:\n    with c:\n"
	    "        while items == 0:\n            c.wait()\n        items -= 1\n",
	    "thread consumer:\n"
	    "   0 * CALL c.acquire                   line 4\n"
	    "\n"
	    "   1 * LOAD items                       line 5\n"
	    "\n"
	    "   2   CMP_EQ 0                         line 5\n"
	    "   3   JUMP_IF_FALSE 7                  line 5\n"
	    "   4 * CALL c.wait: release             line 6\n"
	    "\n"
	    "   5 * CALL c.wait: reacquire           line 6\n"
	    "\n"
	    "   6   JUMP 1                           line 5\n"
	    "   7 * LOAD items                       line 7\n"
	    "\n"
	    "   8   SUB 1                            line 7\n"
	    "   9 * STORE items                      line 7\n"
	    "\n"
	    "  10 * CALL c.release                   line 4\n"
	    "\n"
	    "  11   END                              line 7\n"
	    "\n");
}
END_TEST

START_TEST(compile_wait_for)
{
	assert_program("n = 0\nc = Condition()\nthread A:\n    with c:\n"
	    "        c.wait_for(n > 0)\n        n = 0\n",
	    "thread A:\n"
	    "   0 * CALL c.acquire                   line 4\n"
	    "\n"
	    "   1 * LOAD n                           line 5\n"
	    "\n"
	    "   2   CMP_GT 0                         line 5\n"
	    "   3   JUMP_IF_TRUE 7                   line 5\n"
	    "   4 * CALL c.wait: release             line 5\n"
	    "\n"
	    "   5 * CALL c.wait: reacquire           line 5\n"
	    "\n"
	    "   6   JUMP 1                           line 5\n"
	    "   7   PUSH 0                           line 6\n"
	    "   8 * STORE n                          line 6\n"
	    "\n"
	    "   9 * CALL c.release                   line 4\n"
	    "\n"
	    "  10   END                              line 6\n"
	    "\n");
}
END_TEST

START_TEST(compile_atomic_block)
{
	assert_program("counter = 0\nthread A:\n    atomic:\n        counter += 1\n",
	    "thread A:\n"
	    "   0   ATOMIC_BEGIN                     line 3\n"
	    "   1 * LOAD counter                     line 4\n"
	    "\n"
	    "   2   ADD 1                            line 4\n"
	    "   3 * STORE counter                    line 4\n"
	    "\n"
	    "   4 * ATOMIC_END                       line 3\n"
	    "\n"
	    "   5   END                              line 4\n"
	    "\n");
}
END_TEST

START_TEST(compile_for_loop)
{
	assert_program("total = 0\nthread A:\n    for i in range(3):\n        total += i\n",
	    "thread A:\n"
	    "   0   PUSH 0                           line 3\n"
	    "   1   STORE_LOCAL $1                   line 3\n"
	    "   2   PUSH 3                           line 3\n"
	    "   3   STORE_LOCAL $2                   line 3\n"
	    "   4   LOAD_LOCAL $1                    line 3\n"
	    "   5   LOAD_LOCAL $2                    line 3\n"
	    "   6   CMP_LT                           line 3\n"
	    "   7   JUMP_IF_FALSE 18                 line 3\n"
	    "   8   LOAD_LOCAL $1                    line 3\n"
	    "   9   STORE_LOCAL i                    line 3\n"
	    "  10 * LOAD total                       line 4\n"
	    "\n"
	    "  11   LOAD_LOCAL i                     line 4\n"
	    "  12   ADD                              line 4\n"
	    "  13 * STORE total                      line 4\n"
	    "\n"
	    "  14   LOAD_LOCAL $1                    line 3\n"
	    "  15   ADD 1                            line 3\n"
	    "  16   STORE_LOCAL $1                   line 3\n"
	    "  17   JUMP 4                           line 3\n"
	    "  18   END                              line 4\n"
	    "\n");
}
END_TEST

START_TEST(compile_while_with_break_releases_lock)
{
	assert_program("n = 0\nm = Lock()\nthread A:\n    while True:\n        with m:\n"
	    "            if n > 2:\n                break\n            n += 1\n",
	    "thread A:\n"
	    "   0 * CALL m.acquire                   line 5\n"
	    "\n"
	    "   1 * LOAD n                           line 6\n"
	    "\n"
	    "   2   CMP_GT 2                         line 6\n"
	    "   3   JUMP_IF_FALSE 6                  line 6\n"
	    "   4 * CALL m.release                   line 5\n"
	    "\n"
	    "   5   JUMP 11                          line 7\n"
	    "   6 * LOAD n                           line 8\n"
	    "\n"
	    "   7   ADD 1                            line 8\n"
	    "   8 * STORE n                          line 8\n"
	    "\n"
	    "   9 * CALL m.release                   line 5\n"
	    "\n"
	    "  10   JUMP 0                           line 4\n"
	    "  11   END                              line 8\n"
	    "\n");
}
END_TEST

START_TEST(compile_queue_barrier_and_threads)
{
	assert_program("q = Queue(2)\nb = Barrier(2)\nthread w[2]:\n    q.put(tid)\n"
	    "    i = b.wait()\nmain:\n    w[0].start()\n    w[0].join()\n",
	    "thread w[]:\n"
	    "   0   PUSH_TID                         line 4\n"
	    "   1 * CALL q.put                       line 4\n"
	    "\n"
	    "   2 * CALL b.wait: arrive              line 5\n"
	    "\n"
	    "   3 * CALL b.wait: pass                line 5\n"
	    "\n"
	    "   4   STORE_LOCAL i                    line 5\n"
	    "   5   END                              line 5\n"
	    "\n"
	    "main:\n"
	    "   0   PUSH 0                           line 7\n"
	    "   1 * START w[]                        line 7\n"
	    "\n"
	    "   2   PUSH 0                           line 8\n"
	    "   3 * JOIN w[]                         line 8\n"
	    "\n"
	    "   4   END                              line 8\n"
	    "\n");
}
END_TEST

START_TEST(compile_declarations)
{
	struct lang_diags d;
	struct lang_source *src;
	struct lang_program *prog;

	lang_diags_init(&d);
	src = source("N = 3\nbuf = [0] * N\nsq = [i * i for i in range(4)]\n"
	    "name = \"a\" + \"b\"\nforks = [Semaphore(i + 1) for i in range(N)]\n"
	    "m = RLock()\nc = Condition(m)\nq = Queue(maxsize=2)\n"
	    "thread w[N]:\n    pass\nmain:\n    pass\n", &d);
	prog = lang_compile(src, &d);
	ck_assert_ptr_nonnull(prog);
	ck_assert_uint_eq(prog->nshared, 8);
	ck_assert_int_eq(prog->shared[1].kind, LANG_SHARED_ARRAY);
	ck_assert_int_eq(prog->shared[1].length, 3);
	ck_assert_int_eq(prog->shared[2].init[3].i, 9);
	ck_assert_str_eq(prog->strings[prog->shared[3].init[0].i], "ab");
	ck_assert_int_eq(prog->shared[4].kind, LANG_SHARED_PRIM_ARRAY);
	ck_assert_int_eq(prog->shared[4].prim, LANG_PRIM_SEMAPHORE);
	ck_assert_int_eq(prog->shared[4].prim_init[2].value, 3);
	ck_assert_int_eq(prog->shared[6].prim_init[0].lock_shared, 5);
	ck_assert_int_eq(prog->shared[7].prim_init[0].value, 2);
	ck_assert_uint_eq(prog->nthreads, 4);
	ck_assert_str_eq(prog->threads[2].name, "w[2]");
	ck_assert_int_eq(prog->threads[2].tid, 2);
	ck_assert(!prog->threads[0].starts_at_once);
	ck_assert(prog->threads[3].starts_at_once);	/* main */
	ck_assert_int_eq(prog->main_group, 1);
	lang_program_free(prog);
	lang_diags_free(&d);
}
END_TEST

START_TEST(compile_expect_records_names)
{
	struct lang_diags d;
	struct lang_program *prog;

	lang_diags_init(&d);
	prog = lang_compile(source("a = 1\nb = [0] * 2\nthread T:\n    pass\n"
	    "expect a + b[1] == 1 and  a > 0\n", &d), &d);
	ck_assert_ptr_nonnull(prog);
	ck_assert_uint_eq(prog->nexpects, 1);
	ck_assert_str_eq(prog->expects[0].text, "a + b[1] == 1 and  a > 0");
	ck_assert_uint_eq(prog->expects[0].nnames, 2);
	ck_assert_int_eq(prog->expects[0].names[0], 0);
	ck_assert_int_eq(prog->expects[0].names[1], 1);
	ck_assert_int_eq(prog->expects[0].code.max_stack, 2);
	lang_program_free(prog);
	lang_diags_free(&d);
}
END_TEST

START_TEST(compile_tours_and_goal)
{
	struct lang_diags d;
	struct lang_program *prog;

	lang_diags_init(&d);
	prog = lang_compile(source("counter = 0\nthread A:\n    counter += 1\n"
	    "thread w[2]:\n    counter += 1\n"
	    "goal: counter  == 1\n"
	    "tour \"First\":\n    A: \"A loads\"\n    w[1]: \"w[1] \\\"loads\\\"\"\n"
	    "\n    # a comment between steps\n    w[0]: \"w[0] too\"\n"
	    "tour \"Second\":\n    w[0]: \"only this\"\n", &d), &d);
	ck_assert_ptr_nonnull(prog);
	ck_assert_int_eq(prog->goal.kind, LANG_GOAL_EXPR);
	ck_assert_str_eq(prog->goal.text, "counter  == 1");
	ck_assert_uint_eq(prog->goal.expr.nnames, 1);
	ck_assert_uint_eq(prog->goal.loc.line, 6);
	ck_assert_uint_eq(prog->ntours, 2);
	ck_assert_str_eq(prog->tours[0].name, "First");
	ck_assert_uint_eq(prog->tours[0].nsteps, 3);
	ck_assert_int_eq(prog->tours[0].steps[0].thread, 0);
	ck_assert_int_eq(prog->tours[0].steps[1].thread, 2);
	ck_assert_str_eq(prog->tours[0].steps[1].caption, "w[1] \"loads\"");
	ck_assert_uint_eq(prog->tours[0].steps[1].loc.line, 9);
	ck_assert_uint_eq(prog->tours[0].steps[1].loc.col, 5);
	ck_assert_int_eq(prog->tours[0].steps[2].thread, 1);
	ck_assert_str_eq(prog->tours[1].name, "Second");
	ck_assert_uint_eq(prog->tours[1].nsteps, 1);
	lang_program_free(prog);
	lang_diags_free(&d);

	/* Only at the top level, before anything but '=', are they words:
	 * a variable may still be called tour or goal. */
	lang_diags_init(&d);
	prog = lang_compile(source("tour = 0\ngoal = 1\nthread A:\n    tour = goal\n"
	    "goal: deadlock\n", &d), &d);
	ck_assert_ptr_nonnull(prog);
	ck_assert_int_eq(prog->goal.kind, LANG_GOAL_DEADLOCK);
	ck_assert_str_eq(prog->goal.text, "deadlock");
	ck_assert_uint_eq(prog->ntours, 0);
	lang_program_free(prog);
	lang_diags_free(&d);

	/* `goal: assertion`, and a name `deadlock` in an expression is one. */
	lang_diags_init(&d);
	prog = lang_compile(source("deadlock = 0\nthread A:\n    deadlock = 1\n"
	    "goal: deadlock == 1\n", &d), &d);
	ck_assert_ptr_nonnull(prog);
	ck_assert_int_eq(prog->goal.kind, LANG_GOAL_EXPR);
	lang_program_free(prog);
	prog = lang_compile(source("thread A:\n    assert False\ngoal: assertion\n", &d), &d);
	ck_assert_ptr_nonnull(prog);
	ck_assert_int_eq(prog->goal.kind, LANG_GOAL_ASSERTION);
	lang_program_free(prog);
	lang_diags_free(&d);
}
END_TEST

/* A message is kept whole however long it grows: a tour's list of threads
 * and a long malformed number once were cut at 511 and 255 bytes. */
START_TEST(compile_long_message_is_whole)
{
	struct strbuf text = { 0 };
	struct lang_diags d;
	struct lang_program *prog;
	const char *msg;
	int i;

	for (i = 0; i < 12; i++)
		strbuf_printf(&text, "thread a_thread_with_a_name_long_enough_to_fill_lines_%02d:\n"
		    "    pass\n", i);
	strbuf_printf(&text, "tour \"T\":\n    nobody: \"who?\"\n");
	lang_diags_init(&d);
	prog = lang_compile(source(strbuf_str(&text), &d), &d);
	ck_assert_ptr_null(prog);
	ck_assert_uint_eq(d.count, 1);
	msg = d.items[0].message;
	ck_assert_uint_gt(strlen(msg), 600);
	ck_assert_msg(strstr(msg, "fill_lines_11)") != NULL, "cut short: %s", msg);
	lang_diags_free(&d);
	strbuf_free(&text);

	strbuf_printf(&text, "x = 1");
	for (i = 0; i < 300; i++)
		strbuf_printf(&text, "z");
	strbuf_printf(&text, "\nthread A:\n    pass\n");
	lang_diags_init(&d);
	prog = lang_compile(source(strbuf_str(&text), &d), &d);
	ck_assert_ptr_null(prog);
	msg = d.items[0].message;
	ck_assert_msg(strlen(msg) > 300 && msg[strlen(msg) - 1] == '\'', "cut short: %s", msg);
	lang_diags_free(&d);
	strbuf_free(&text);
}
END_TEST

START_TEST(compile_definite_assignment)
{
	/* assigned on every path: fine */
	assert_program("s = 0\nthread A:\n    if s:\n        x = 1\n    else:\n        x = 2\n"
	    "    s = x\n",
	    "thread A:\n"
	    "   0 * LOAD s                           line 3\n"
	    "\n"
	    "   1   JUMP_IF_FALSE 5                  line 3\n"
	    "   2   PUSH 1                           line 4\n"
	    "   3   STORE_LOCAL x                    line 4\n"
	    "   4   JUMP 7                           line 3\n"
	    "   5   PUSH 2                           line 6\n"
	    "   6   STORE_LOCAL x                    line 6\n"
	    "   7   LOAD_LOCAL x                     line 7\n"
	    "   8 * STORE s                          line 7\n"
	    "\n"
	    "   9   END                              line 7\n"
	    "\n");
	/* assigned before every break of while True: fine */
	assert_program("q = Queue()\ns = 0\nthread A:\n    while True:\n        x = q.get()\n"
	    "        if x == 0:\n            break\n    s = x\n",
	    "thread A:\n"
	    "   0 * CALL q.get                       line 5\n"
	    "\n"
	    "   1   STORE_LOCAL x                    line 5\n"
	    "   2   LOAD_LOCAL x                     line 6\n"
	    "   3   CMP_EQ 0                         line 6\n"
	    "   4   JUMP_IF_FALSE 6                  line 6\n"
	    "   5   JUMP 7                           line 7\n"
	    "   6   JUMP 0                           line 4\n"
	    "   7   LOAD_LOCAL x                     line 8\n"
	    "   8 * STORE s                          line 8\n"
	    "\n"
	    "   9   END                              line 8\n"
	    "\n");
	assert_error("s = 0\nthread A:\n    if s:\n        x = 1\n    s = x\n",
	    "t.race:5:9: error: 'x' is read before it is assigned");
	assert_error("s = 0\nthread A:\n    for i in range(2):\n        x = i\n    s = x\n",
	    "t.race:5:9: error: 'x' is read before it is assigned");
}
END_TEST

START_TEST(compile_errors_are_several)
{
	bool ok;
	char *got = compile_text("e = Event()\nthread A:\n    e.acquire()\n    y = zz\n"
	    "    break\n", &ok);

	ck_assert(!ok);
	ck_assert_ptr_nonnull(strstr(got, "t.race:3:7: error: Event has no method 'acquire'"));
	ck_assert_ptr_nonnull(strstr(got, "t.race:1:1: note: 'e' is declared here"));
	ck_assert_ptr_nonnull(strstr(got, "t.race:4:9: error: unknown name 'zz'"));
	ck_assert_ptr_nonnull(strstr(got, "t.race:5:5: error: 'break' outside a loop"));
	free(got);
}
END_TEST

/* Constants fold by the operators' one definition (lang/value.c): the
 * value and the error are those the same expression has at run time. */
START_TEST(constants_fold_as_they_run)
{
	bool ok;
	char *got = compile_text("x = \"ab\" * 2\nthread A:\n    y = x\n", &ok);

	ck_assert_msg(ok, "did not compile:\n%s", got);
	free(got);
	assert_error("x = 1 + \"a\"\nthread A:\n    y = x\n", "t.race:1:7: error: "
	    "TypeError: unsupported operand type(s) for +: 'int' and 'str'");
	assert_error("x = 1 < \"a\"\nthread A:\n    y = x\n", "t.race:1:7: error: "
	    "TypeError: '<' not supported between instances of 'int' and 'str'");
	assert_error("x = -\"a\"\nthread A:\n    y = x\n", "t.race:1:5: error: "
	    "TypeError: bad operand type for unary -");
	assert_error("x = 7 // 0\nthread A:\n    y = x\n", "t.race:1:7: error: "
	    "ZeroDivisionError: integer division or modulo by zero");
}
END_TEST

START_TEST(diagnostic_format)
{
	bool ok;
	char *got = compile_text("counter = 0\nthread A:\n    countr += 1\n", &ok);

	ck_assert(!ok);
	ck_assert_str_eq(got,
	    "t.race:3:5: error: unknown name 'countr'; did you mean 'counter'?\n"
	    "    countr += 1\n"
	    "    ^~~~~~\n");
	free(got);
}
END_TEST

START_TEST(primitive_table)
{
	char list[160];

	ck_assert_int_eq(lang_prim_by_name("Barrier", 7), LANG_PRIM_BARRIER);
	ck_assert_int_eq(lang_prim_by_name("Barrie", 6), -1);
	ck_assert_int_eq(lang_method_lookup(LANG_PRIM_CONDITION, "wait", 4), LANG_M_WAIT);
	ck_assert_int_eq(lang_method_lookup(LANG_PRIM_EVENT, "wait", 4), LANG_M_EVENT_WAIT);
	ck_assert_int_eq(lang_method_lookup(LANG_PRIM_BARRIER, "wait", 4),
	    LANG_M_BARRIER_ARRIVE);
	ck_assert_int_eq(lang_method_lookup(LANG_PRIM_EVENT, "acquire", 7), -1);
	lang_prim_method_list(LANG_PRIM_EVENT, list, sizeof(list));
	ck_assert_str_eq(list, "set(), clear(), is_set(), wait()");
}
END_TEST

static Suite *
lang_suite(void)
{
	Suite *s = suite_create("lang");
	TCase *lex = tcase_create("lexer");
	TCase *parse = tcase_create("parser");
	TCase *comp = tcase_create("compiler");

	tcase_add_test(lex, lex_indentation);
	tcase_add_test(lex, lex_brackets_join_lines);
	tcase_add_test(lex, lex_operators_and_literals);
	tcase_add_test(lex, lex_headers);
	tcase_add_test(lex, lex_no_newline_at_end);
	tcase_add_test(lex, lex_columns_count_characters);
	tcase_add_test(lex, lex_tab_between_tokens);
	tcase_add_test(lex, lex_byte_order_mark_skipped);
	suite_add_tcase(s, lex);
	tcase_add_test(parse, parse_precedence);
	tcase_add_test(parse, parse_statements_and_blocks);
	tcase_add_test(parse, parse_recovers_and_reports_several_errors);
	tcase_add_test(parse, parse_loop_variable_missing);
	suite_add_tcase(s, parse);
	tcase_add_test(comp, compile_counter_increment);
	tcase_add_test(comp, compile_lists);
	tcase_add_test(comp, compile_list_or_array);
	tcase_add_test(comp, compile_list_diagnostics);
	tcase_add_test(comp, compile_local_computation_joins_next_step);
	tcase_add_test(comp, compile_constants_are_not_steps);
	tcase_add_test(comp, compile_with_lock);
	tcase_add_test(comp, compile_with_array_element_evaluates_index_once);
	tcase_add_test(comp, compile_condition_wait_is_two_steps);
	tcase_add_test(comp, compile_wait_for);
	tcase_add_test(comp, compile_atomic_block);
	tcase_add_test(comp, compile_for_loop);
	tcase_add_test(comp, compile_while_with_break_releases_lock);
	tcase_add_test(comp, compile_queue_barrier_and_threads);
	tcase_add_test(comp, compile_declarations);
	tcase_add_test(comp, compile_expect_records_names);
	tcase_add_test(comp, compile_tours_and_goal);
	tcase_add_test(comp, compile_long_message_is_whole);
	tcase_add_test(comp, compile_definite_assignment);
	tcase_add_test(comp, compile_errors_are_several);
	tcase_add_test(comp, constants_fold_as_they_run);
	tcase_add_test(comp, diagnostic_format);
	tcase_add_test(comp, primitive_table);
	suite_add_tcase(s, comp);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(lang_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
