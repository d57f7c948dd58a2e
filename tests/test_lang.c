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
#include "lang/value.h"
#include "model/model.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static const char *source_name = "t.race";	/* what source() calls its text */

static struct lang_source *
source(const char *text, struct lang_diags *d)
{
	struct lang_source *src = lang_source_from_memory(source_name, text, strlen(text), d);

	ck_assert_ptr_nonnull(src);
	return src;
}

/* Compile text as a file called name (its suffix picks the mode); returns
 * the dump (or the diagnostics, when it fails). */
static char *
compile_named(const char *name, const char *text, bool *ok)
{
	struct lang_diags d;
	struct lang_source *src;
	struct lang_program *prog;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	lang_diags_init(&d);
	src = lang_source_from_memory(name, text, strlen(text), &d);
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

static char *
compile_text(const char *text, bool *ok)
{
	return compile_named("t.race", text, ok);
}

/* name (t.race or t.py) compiles to the dump want. */
static void
assert_named_program(const char *name, const char *text, const char *want)
{
	bool ok;
	char *got = compile_named(name, text, &ok);

	ck_assert_msg(ok, "did not compile:\n%s", got);
	ck_assert_msg(strcmp(got, want) == 0, "program:\n%s\nwanted:\n%s", got, want);
	free(got);
}

/* name does not compile; its diagnostics start with want_first_line. */
static void
assert_named_error(const char *name, const char *text, const char *want_first_line)
{
	bool ok;
	char *got = compile_named(name, text, &ok);

	ck_assert_msg(!ok, "compiled but should not:\n%s", got);
	ck_assert_msg(strncmp(got, want_first_line, strlen(want_first_line)) == 0,
	    "diagnostics:\n%s\nwanted first line:\n%s", got, want_first_line);
	free(got);
}

static void
assert_program(const char *text, const char *want)
{
	assert_named_program("t.race", text, want);
}

static void
assert_error(const char *text, const char *want_first_line)
{
	assert_named_error("t.race", text, want_first_line);
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
		case LANG_TOK_FLOAT: fprintf(f, "FLOAT<%s>", t->text); break;
		case LANG_TOK_FSTRING_CONV: fprintf(f, "!%s", t->text); break;
		case LANG_TOK_FSTRING_SPEC: fprintf(f, "SPEC<%s>", t->text); break;
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
	case AST_COND: {
		const struct ast_expr *parts[] = { e->u.cond.cond, e->u.cond.then,
		    e->u.cond.otherwise };

		fputs("(cond", f);
		for (size_t i = 0; i < 3; i++) {
			fputc(' ', f);
			sexpr(parts[i], f);
		}
		fputc(')', f);
		break;
	}
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
	/* a if c else b: below `or`, right associative */
	assert_expr("a + 1 if b or c else d", "(cond (or b c) (+ a 1) d)");
	assert_expr("a if b else c if d else e", "(cond b a (cond d c e))");
	assert_expr("(a if b else c) + 1", "(+ (cond b a c) 1)");
}
END_TEST

/* A statement that is only a string (a docstring) is no value: any
 * length; a string that is a value, or a tour's caption, keeps the
 * 256-byte limit (issue 17). */
START_TEST(docstrings_of_any_length)
{
	char long_text[601], *text, *got;
	bool ok;

	memset(long_text, 'x', sizeof(long_text) - 1);
	long_text[sizeof(long_text) - 1] = '\0';
	/* a triple-quoted one over several lines, a quoted one on one line */
	text = xasprintf("thread A:\n    \"\"\"%s\n%s\n%s\"\"\"\n    '%s'\n    pass\n",
	    long_text, long_text, long_text, long_text);
	got = compile_text(text, &ok);
	ck_assert_msg(ok, "%s", got);
	ck_assert_ptr_null(strstr(got, "xxxx"));	/* never interned */
	free(got);
	free(text);
	text = xasprintf("thread A:\n    print(\"%s\")\n", long_text);
	assert_error(text, "t.race:2:11: error: string is longer than 256 bytes");
	free(text);
	text = xasprintf("x = 0\nthread A:\n    x = 1\ntour \"t\":\n    A: \"%s\"\n",
	    long_text);
	assert_error(text, "t.race:5:8: error: string is longer than 256 bytes");
	free(text);
}
END_TEST

/* Only the branch a conditional expression chooses runs: its read of a
 * shared name is the only step (issue 17). */
START_TEST(compile_conditional_expression)
{
	assert_program("a = 1\nb = 2\n"
	    "thread A:\n"
	    "    c = True\n"
	    "    x = a if c else b\n"
	    "thread B:\n"
	    "    a = b\n"
	    "    b = a\n",
	    "thread A:\n"
	    "   0   PUSH True                        line 4\n"
	    "   1   STORE_LOCAL c                    line 4\n"
	    "   2   LOAD_LOCAL c                     line 5\n"
	    "   3   JUMP_IF_FALSE 6                  line 5\n"
	    "   4 * LOAD a                           line 5\n"
	    "\n"
	    "   5   JUMP 7                           line 5\n"
	    "   6 * LOAD b                           line 5\n"
	    "\n"
	    "   7   STORE_LOCAL x                    line 5\n"
	    "   8   END                              line 5\n"
	    "\n"
	    "thread B:\n"
	    "   0 * LOAD b                           line 7\n"
	    "\n"
	    "   1 * STORE a                          line 7\n"
	    "\n"
	    "   2 * LOAD a                           line 8\n"
	    "\n"
	    "   3 * STORE b                          line 8\n"
	    "\n"
	    "   4   END                              line 8\n"
	    "\n");
	assert_error("a = 1\nthread A:\n    x = a if a\n",
	    "t.race:3:15: error: expected 'else' in the conditional expression "
	    "(a if c else b), found end of line");
	assert_named_error("t.py", "x = [i for i in range(3) if i if i]\n",
	    "t.py:1:31: error: a comprehension with a second 'if' is not supported; "
	    "write a loop that appends");
	assert_named_error("t.py", "x = [i for i in range(3) for j in range(2)]\n",
	    "t.py:1:26: error: a comprehension with a second 'for' is not supported; "
	    "write a loop that appends");
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

/* A handler starts with the exception pushed on the stack at its depth:
 * that slot counts in max_stack even where nothing else in the code uses
 * the stack (here the module body), or the push lands on the first local. */
START_TEST(handler_entry_counts_in_max_stack)
{
	static const char text[] = "def h():\n    pass\n\ntry:\n    h()\n"
	    "except:\n    pass\nh()\n";
	struct lang_diags d;
	struct lang_program *prog;
	const struct lang_code *code;

	lang_diags_init(&d);
	prog = lang_compile(lang_source_from_memory("t.py", text, strlen(text), &d), &d);
	ck_assert_ptr_nonnull(prog);
	ck_assert_int_ge(prog->main_group, 0);
	code = &prog->groups[prog->main_group].code;
	ck_assert_uint_eq(code->nhandlers, 1);
	ck_assert_int_eq(code->max_stack, 1);
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

/* A def compiles once, into its own code ending in RETURN; a call binds
 * keywords to parameters, evaluating the arguments as written (here out
 * of order: through hidden locals) and filling defaults; reads and writes
 * of a global are steps, calls and returns are not. */
START_TEST(compile_function)
{
	assert_program("counter = 0\n"
	    "def bump(by, twice=False):\n"
	    "    global counter\n"
	    "    counter += by\n"
	    "    if twice:\n"
	    "        return bump(by)\n"
	    "thread A:\n"
	    "    bump(twice=True, by=2)\n"
	    "    x = bump(1)\n",
	    "thread A:\n"
	    "   0   PUSH True                        line 8\n"
	    "   1   STORE_LOCAL $1                   line 8\n"
	    "   2   PUSH 2                           line 8\n"
	    "   3   STORE_LOCAL $2                   line 8\n"
	    "   4   LOAD_LOCAL $2                    line 8\n"
	    "   5   LOAD_LOCAL $1                    line 8\n"
	    "   6   CALL bump                        line 8\n"
	    "   7   PUSH 1                           line 9\n"
	    "   8   PUSH False                       line 9\n"
	    "   9   CALL bump                        line 9\n"
	    "  10   STORE_LOCAL x                    line 9\n"
	    "  11   END                              line 9\n"
	    "\n"
	    "def bump(by, twice):\n"
	    "   0 * LOAD counter                     line 4\n"
	    "\n"
	    "   1   LOAD_LOCAL by                    line 4\n"
	    "   2   ADD                              line 4\n"
	    "   3 * STORE counter                    line 4\n"
	    "\n"
	    "   4   LOAD_LOCAL twice                 line 5\n"
	    "   5   JUMP_IF_FALSE 10                 line 5\n"
	    "   6   LOAD_LOCAL by                    line 6\n"
	    "   7   PUSH False                       line 6\n"
	    "   8   CALL bump                        line 6\n"
	    "   9   RETURN                           line 6\n"
	    "  10   PUSH None                        line 6\n"
	    "  11   RETURN                           line 6\n"
	    "\n");
	/* Python's scoping: assigned in a def, a name is local there; a
	 * return inside `with` releases the lock after computing the value */
	assert_program("n = 5\nm = Lock()\n"
	    "def f():\n"
	    "    n = 1\n"
	    "    with m:\n"
	    "        return n\n"
	    "thread A:\n"
	    "    f()\n",
	    "thread A:\n"
	    "   0   CALL f                           line 8\n"
	    "   1   END                              line 8\n"
	    "\n"
	    "def f():\n"
	    "   0   PUSH 1                           line 4\n"
	    "   1   STORE_LOCAL n                    line 4\n"
	    "   2 * CALL m.acquire                   line 5\n"
	    "\n"
	    "   3   LOAD_LOCAL n                     line 6\n"
	    "   4 * CALL m.release                   line 5\n"
	    "\n"
	    "   5   RETURN                           line 6\n"
	    "   6 * CALL m.release                   line 5\n"
	    "\n"
	    "   7   PUSH None                        line 6\n"
	    "   8   RETURN                           line 6\n"
	    "\n");
}
END_TEST

/* wait_for(ready), ready a def: called each time the condition is tested,
 * as Python calls the predicate. */
START_TEST(compile_wait_for_function)
{
	bool ok;
	char *got = compile_text("c = Condition()\nn = 0\n"
	    "def ready():\n    return n > 0\n"
	    "thread A:\n    with c:\n        c.wait_for(ready)\n", &ok);

	ck_assert_msg(ok, "%s", got);
	ck_assert_ptr_nonnull(strstr(got, "   1   CALL ready                       line 7\n"
	    "   2   JUMP_IF_TRUE 6                   line 7\n"
	    "   3 * CALL c.wait: release             line 7\n"));
	free(got);
}
END_TEST

/* What CPython says at run time, said at compile time, with the place. */
START_TEST(compile_function_errors)
{
	const char *def = "def f(a, b=1):\n    pass\n";
	char *text;

	text = xasprintf("%sthread A:\n    f(1, 2, 3)\n", def);
	assert_error(text, "t.race:4:5: error: TypeError: f() takes from 1 to 2 positional "
	    "arguments but 3 were given");
	free(text);
	text = xasprintf("%sthread A:\n    f()\n", def);
	assert_error(text, "t.race:4:5: error: TypeError: f() missing 1 required positional "
	    "argument: 'a'");
	free(text);
	text = xasprintf("%sthread A:\n    f(1, c=2)\n", def);
	assert_error(text, "t.race:4:10: error: TypeError: f() got an unexpected keyword "
	    "argument 'c'");
	free(text);
	text = xasprintf("%sthread A:\n    f(1, a=2)\n", def);
	assert_error(text, "t.race:4:10: error: TypeError: f() got multiple values for "
	    "argument 'a'");
	free(text);
	assert_error("def g(a, b, c):\n    pass\nthread A:\n    g()\n",
	    "t.race:4:5: error: TypeError: g() missing 3 required positional arguments: "
	    "'a', 'b', and 'c'");
	assert_error("def g():\n    pass\nthread A:\n    g(1)\n",
	    "t.race:4:5: error: TypeError: g() takes 0 positional arguments but 1 was given");
	assert_error("thread A:\n    return\n",
	    "t.race:2:5: error: 'return' outside function");
	assert_error("def g():\n    def h():\n        pass\nthread A:\n    g()\n",
	    "t.race:2:5: error: nested functions are not supported: define it at top level");
	assert_error("x = 0\ndef x():\n    pass\nthread A:\n    pass\n",
	    "t.race:2:5: error: 'x' is already declared");
	/* a function may be named like a method: acquire() calls it, m.acquire()
	 * is the lock's */
	assert_program("m = Lock()\ndef acquire():\n    m.acquire()\nthread A:\n    acquire()\n",
	    "thread A:\n"
	    "   0   CALL acquire                     line 5\n"
	    "   1   END                              line 5\n"
	    "\n"
	    "def acquire():\n"
	    "   0 * CALL m.acquire                   line 3\n"
	    "\n"
	    "   1   PUSH None                        line 3\n"
	    "   2   RETURN                           line 3\n\n");
	assert_error("def g(*rest):\n    pass\nthread A:\n    g()\n",
	    "t.race:1:7: error: '*rest' is not supported: name each parameter");
	assert_error("def g(a, **kw):\n    pass\nthread A:\n    g(1)\n",
	    "t.race:1:10: error: '**kw' is not supported: name each keyword parameter");
	assert_error("x = 0\ndef g():\n    return 1\nexpect g() == 1\nthread A:\n    x = 1\n",
	    "t.race:4:8: error: expect cannot call functions");
	assert_error("x = 0\ndef g():\n    x += 1\nthread A:\n    g()\n",
	    "t.race:3:5: error: 'x' is local in g() because the function assigns it");
	assert_error("def g():\n    global y\n    y = 1\nthread A:\n    g()\n",
	    "t.race:2:12: error: 'global y': there is no top-level name 'y'");
	assert_error("thread A:\n    x = lambda: 1\n",
	    "t.race:2:9: error: 'lambda' is not part of the scenario language; define a "
	    "function with 'def'");
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

/* ---- Python programs (.py) ---- */

static void
assert_tokens_in(const char *name, const char *text, const char *want)
{
	source_name = name;
	assert_tokens(text, want);
	source_name = "t.race";
}

START_TEST(python_mode_words_are_names)
{
	assert_tokens_in("t.py", "thread = main\nexpect atomic daemon\n",
	    "thread '=' main NL expect atomic daemon NL EOF");
	assert_tokens_in("t.race", "thread = main\n", "'thread' '=' 'main' NL EOF");
	/* no headers in Python: title: is a name and a colon */
	assert_tokens_in("t.py", "title: x\n", "title ':' x NL EOF");
	ck_assert(lang_source_is_python("dir/x.py"));
	ck_assert(!lang_source_is_python("x.race"));
	ck_assert(!lang_source_is_python(".py/x"));
}
END_TEST

START_TEST(lex_floats_fstrings_and_triple_quotes)
{
	assert_tokens_in("t.py", "time.sleep(0.001)\nx = 1e-3 + 2.5\n",
	    "time '.' sleep '(' FLOAT<0.001> ')' NL x '=' FLOAT<1e-3> '+' FLOAT<2.5> NL EOF");
	assert_tokens_in("t.py", "f\"a{x!r:>5}b{{c}}{y}\"\n",
	    "f-string <a> '{' x !r SPEC<>5> '}' <b{c}> '{' y '}' end of f-string NL EOF");
	assert_tokens_in("t.py", "f'{d[1] + 2}'\n",
	    "f-string '{' d '[' 1 ']' '+' 2 '}' end of f-string NL EOF");
	assert_tokens_in("t.py", "\"\"\"doc\nstring\"\"\"\nx = 1\n", "<doc\nstring> NL x '=' 1 NL EOF");
	/* u"" is a plain string in Python 3 */
	assert_tokens_in("t.py", "x = u\"a\" + U'b'\n", "x '=' <a> '+' <b> NL EOF");
}
END_TEST

static void
assert_py_program(const char *text, const char *want)
{
	assert_named_program("t.py", text, want);
}

static void
assert_py_error(const char *text, const char *want_first_line)
{
	assert_named_error("t.py", text, want_first_line);
}

/* The module body is MainThread; the assignments that open it are the
 * initial state, and later ones main's code. */
START_TEST(python_module_is_the_main_thread)
{
	assert_py_program(
	    "import threading\n"
	    "COUNT = 2\n"
	    "counter = 0\n"
	    "lock = threading.Lock()\n"
	    "if __name__ == \"__main__\":\n"
	    "    for thread in range(COUNT):\n"
	    "        with lock:\n"
	    "            counter += 1\n"
	    "    tid = counter\n",
	    "main:\n"
	    "   0   PUSH 0                           line 6\n"
	    "   1   STORE_LOCAL $2                   line 6\n"
	    "   2   LOAD_CONST COUNT                 line 6\n"
	    "   3   STORE_LOCAL $3                   line 6\n"
	    "   4   LOAD_LOCAL $2                    line 6\n"
	    "   5   LOAD_LOCAL $3                    line 6\n"
	    "   6   CMP_LT                           line 6\n"
	    "   7   JUMP_IF_FALSE 24                 line 6\n"
	    "   8   LOAD_LOCAL $2                    line 6\n"
	    "   9   STORE_LOCAL thread               line 6\n"
	    "  10 * CALL lock.acquire                line 7\n"
	    "\n"
	    "  11 * LOAD counter                     line 8\n"
	    "\n"
	    "  12   ADD 1                            line 8\n"
	    "  13 * STORE counter                    line 8\n"
	    "\n"
	    "  14 * CALL lock.release                line 7\n"
	    "\n"
	    /* an exception leaving the with block releases the lock too */
	    "  15   JUMP 20                          line 7\n"
	    "  16   STORE_LOCAL $4                   line 7\n"
	    "  17 * CALL lock.release                line 7\n"
	    "\n"
	    "  18   LOAD_LOCAL $4                    line 7\n"
	    "  19   RAISE                            line 7\n"
	    "  20   LOAD_LOCAL $2                    line 6\n"
	    "  21   ADD 1                            line 6\n"
	    "  22   STORE_LOCAL $2                   line 6\n"
	    "  23   JUMP 4                           line 6\n"
	    "  24 * LOAD counter                     line 9\n"
	    "\n"
	    "  25   STORE_LOCAL tid                  line 9\n"
	    "  26   END                              line 9\n"
	    "     handler: 11-13 -> 16\n"
	    "\n");
}
END_TEST

/* In a .py file a name some path assigns before the read may be read
 * (the loop's variable after it): LOAD_LOCAL raises CPython's error on
 * the paths that leave it unassigned.  A read before any assignment in
 * the text stays a diagnostic. */
START_TEST(python_name_read_after_its_loop)
{
	assert_py_program(
	    "def f(n):\n"
	    "    for j in range(n):\n"
	    "        pass\n"
	    "    return j\n"
	    "x = f(2)\n",
	    "main:\n"
	    "   0   PUSH 2                           line 5\n"
	    "   1   CALL f                           line 5\n"
	    "   2   STORE_LOCAL x                    line 5\n"
	    "   3   END                              line 5\n"
	    "\n"
	    "def f(n):\n"
	    "   0   PUSH 0                           line 2\n"
	    "   1   STORE_LOCAL $2                   line 2\n"
	    "   2   LOAD_LOCAL n                     line 2\n"
	    "   3   STORE_LOCAL $3                   line 2\n"
	    "   4   LOAD_LOCAL $2                    line 2\n"
	    "   5   LOAD_LOCAL $3                    line 2\n"
	    "   6   CMP_LT                           line 2\n"
	    "   7   JUMP_IF_FALSE 14                 line 2\n"
	    "   8   LOAD_LOCAL $2                    line 2\n"
	    "   9   STORE_LOCAL j                    line 2\n"
	    "  10   LOAD_LOCAL $2                    line 2\n"
	    "  11   ADD 1                            line 2\n"
	    "  12   STORE_LOCAL $2                   line 2\n"
	    "  13   JUMP 4                           line 2\n"
	    "  14   LOAD_LOCAL j                     line 4\n"
	    "  15   RETURN                           line 4\n"
	    "  16   PUSH None                        line 4\n"
	    "  17   RETURN                           line 4\n"
	    "\n");
	assert_py_error("def f():\n    print(x)\n    x = 1\nf()\n",
	    "t.py:2:11: error: 'x' is read before it is assigned");
}
END_TEST

/* a, b = value (parser_unpack.c): the value once, UNPACK_SEQUENCE (a step
 * only on a shared list), then the items of the tuple it leaves, this
 * thread's own, stored in order: a shared target's STORE is a step. */
START_TEST(python_tuple_unpacking)
{
	assert_py_program(
	    "pair = (1, 2)\n"
	    "x = 0\n"
	    "def f():\n"
	    "    global x\n"
	    "    a, x = pair\n"
	    "    return a, x\n"
	    "f()\n",
	    "main:\n"
	    "   0   CALL f                           line 7\n"
	    "   1   END                              line 7\n"
	    "\n"
	    "def f():\n"
	    "   0   LOAD_CONST pair                  line 5\n"
	    "   1 ~ UNPACK_SEQUENCE 2                line 5\n"
	    "   2   STORE_LOCAL $u5_5                line 5\n"
	    "   3   LOAD_LOCAL $u5_5                 line 5\n"
	    "   4   PUSH 0                           line 5\n"
	    "   5 ~ LOAD_ITEM                        line 5\n"
	    "   6   STORE_LOCAL a                    line 5\n"
	    "   7   LOAD_LOCAL $u5_5                 line 5\n"
	    "   8   PUSH 1                           line 5\n"
	    "   9 ~ LOAD_ITEM                        line 5\n"
	    "  10 * STORE x                          line 5\n"
	    "\n"
	    "  11   LOAD_LOCAL a                     line 6\n"
	    "  12 * LOAD x                           line 6\n"
	    "\n"
	    "  13   BUILD_TUPLE 2                    line 6\n"
	    "  14   RETURN                           line 6\n"
	    "  15   PUSH None                        line 6\n"
	    "  16   RETURN                           line 6\n"
	    "\n");
	/* a starred target: UNPACK_EX, then the rest a list of the tuple's items */
	assert_py_program("a, *rest = [1, 2]\n",
	    "main:\n"
	    "   0   PUSH 1                           line 1\n"
	    "   1   PUSH 2                           line 1\n"
	    "   2   BUILD_LIST 2                     line 1\n"
	    "   3 ~ UNPACK_EX 1                      line 1\n"
	    "   4   STORE_LOCAL $u1_1                line 1\n"
	    "   5   LOAD_LOCAL $u1_1                 line 1\n"
	    "   6   PUSH 0                           line 1\n"
	    "   7 ~ LOAD_ITEM                        line 1\n"
	    "   8   STORE_LOCAL a                    line 1\n"
	    "   9   BUILD_LIST 0                     line 1\n"
	    "  10   STORE_LOCAL $list4               line 1\n"
	    "  11   PUSH 1                           line 1\n"
	    "  12   STORE_LOCAL $5                   line 1\n"
	    "  13   LOAD_LOCAL $u1_1                 line 1\n"
	    "  14 ~ LEN                              line 1\n"
	    "  15   SUB 0                            line 1\n"
	    "  16   STORE_LOCAL $6                   line 1\n"
	    "  17   LOAD_LOCAL $5                    line 1\n"
	    "  18   LOAD_LOCAL $6                    line 1\n"
	    "  19   CMP_LT                           line 1\n"
	    "  20   JUMP_IF_FALSE 32                 line 1\n"
	    "  21   LOAD_LOCAL $5                    line 1\n"
	    "  22   STORE_LOCAL $k1_1                line 1\n"
	    "  23   LOAD_LOCAL $list4                line 1\n"
	    "  24   LOAD_LOCAL $u1_1                 line 1\n"
	    "  25   LOAD_LOCAL $k1_1                 line 1\n"
	    "  26 ~ LOAD_ITEM                        line 1\n"
	    "  27 ~ APPEND                           line 1\n"
	    "  28   LOAD_LOCAL $5                    line 1\n"
	    "  29   ADD 1                            line 1\n"
	    "  30   STORE_LOCAL $5                   line 1\n"
	    "  31   JUMP 17                          line 1\n"
	    "  32   LOAD_LOCAL $list4                line 1\n"
	    "  33   STORE_LOCAL rest                 line 1\n"
	    "  34   END                              line 1\n"
	    "\n");
	assert_error("thread A:\n    a, *rest = [1, 2]\n",
	    "t.race:2:8: error: a starred target (*rest) is not supported");
	assert_py_error("def f():\n    for a, *b in [(1, 2)]:\n        pass\nf()\n",
	    "t.py:2:12: error: a loop's targets are names: a starred target (*rest) is not "
	    "supported");
	assert_py_error("a = 0\nb = 0\ndef f():\n    a, b += 1\nf()\n",
	    "t.py:4:5: error: 'tuple' is an illegal expression for augmented assignment");
	assert_py_error("a = 0\nb = 0\ndef f():\n    a, b\nf()\n",
	    "t.py:4:6: error: expected end of line, found ','");
	assert_py_error("def f():\n    a, f() = 1, 2\nf()\n",
	    "t.py:2:8: error: cannot assign to this; a tuple target holds names and "
	    "indexed elements");
	/* a .race thread unpacks too: the scenario language is the same subset */
	assert_program("x = 0\ny = 1\nthread A:\n    x, y = y, x\n",
	    "thread A:\n"
	    "   0 * LOAD y                           line 4\n"
	    "\n"
	    "   1 * LOAD x                           line 4\n"
	    "\n"
	    "   2   BUILD_TUPLE 2                    line 4\n"
	    "   3 ~ UNPACK_SEQUENCE 2                line 4\n"
	    "   4   STORE_LOCAL $u4_5                line 4\n"
	    "   5   LOAD_LOCAL $u4_5                 line 4\n"
	    "   6   PUSH 0                           line 4\n"
	    "   7 ~ LOAD_ITEM                        line 4\n"
	    "   8 * STORE x                          line 4\n"
	    "\n"
	    "   9   LOAD_LOCAL $u4_5                 line 4\n"
	    "  10   PUSH 1                           line 4\n"
	    "  11 ~ LOAD_ITEM                        line 4\n"
	    "  12 * STORE y                          line 4\n"
	    "\n"
	    "  13   END                              line 4\n"
	    "\n");
}
END_TEST

/* Thread objects made by main's code are thread groups (compile_threads.c):
 * one thread's code is the call of its target, a list's members read
 * their index where the loop's variable was, and main's start() and
 * join() of them, by name, by index or in a loop over the list, are the
 * groups' START and JOIN. */
START_TEST(python_thread_objects_are_groups)
{
	assert_py_program(
	    "import threading\n"
	    "N = 2\n"
	    "def f(a, b=0):\n"
	    "    pass\n"
	    "t = threading.Thread(target=f, args=(N,), name=\"solo\", daemon=True)\n"
	    "ws = [threading.Thread(target=f, args=(i * 10, i)) for i in range(N)]\n"
	    "t.start()\n"
	    "for w in ws:\n"
	    "    w.start()\n"
	    "ws[1].join()\n",
	    "main:\n"
	    "   0 * START solo                       line 7\n"
	    "\n"
	    "   1   PUSH 0                           line 8\n"
	    "   2   STORE_LOCAL $1                   line 8\n"
	    "   3   PUSH 2                           line 8\n"
	    "   4   STORE_LOCAL $2                   line 8\n"
	    "   5   LOAD_LOCAL $1                    line 8\n"
	    "   6   LOAD_LOCAL $2                    line 8\n"
	    "   7   CMP_LT                           line 8\n"
	    "   8   JUMP_IF_FALSE 17                 line 8\n"
	    "   9   LOAD_LOCAL $1                    line 8\n"
	    "  10   STORE_LOCAL w                    line 8\n"
	    "  11   LOAD_LOCAL w                     line 9\n"
	    "  12 * START ws[]                       line 9\n"
	    "\n"
	    "  13   LOAD_LOCAL $1                    line 8\n"
	    "  14   ADD 1                            line 8\n"
	    "  15   STORE_LOCAL $1                   line 8\n"
	    "  16   JUMP 5                           line 8\n"
	    "  17   PUSH 1                           line 10\n"
	    "  18 * JOIN ws[]                        line 10\n"
	    "\n"
	    "  19   END                              line 10\n"
	    "\n"
	    "daemon thread solo:\n"
	    "   0   LOAD_CONST N                     line 5\n"
	    "   1   PUSH 0                           line 5\n"
	    "   2   CALL f                           line 5\n"
	    "   3   END                              line 5\n"
	    "\n"
	    "thread ws[]:\n"
	    "   0   PUSH_TID                         line 6\n"
	    "   1   MUL 10                           line 6\n"
	    "   2   PUSH_TID                         line 6\n"
	    "   3   CALL f                           line 6\n"
	    "   4   END                              line 6\n"
	    "\n"
	    "def f(a, b):\n"
	    "   0   PUSH None                        line 4\n"
	    "   1   RETURN                           line 4\n"
	    "\n");
}
END_TEST

static bool
has_string(const struct lang_program *prog, const char *s)
{
	size_t i;

	for (i = 0; i < prog->nstrings; i++)
		if (strcmp(prog->strings[i], s) == 0)
			return true;
	return false;
}

/* CPython's names (Thread-N (target), counting the unnamed threads in the
 * order they are made), daemon=, and the threads as pass 1 counts them. */
START_TEST(python_thread_objects_names)
{
	struct lang_diags d;
	struct lang_program *prog;
	static const char text[] =
	    "from threading import Thread\n"
	    "def f(i=0):\n"
	    "    pass\n"
	    "a = Thread(target=f)\n"
	    "b = Thread(target=f, name=\"bee\", daemon=True)\n"
	    "ts = []\n"
	    "for i in range(2):\n"
	    "    t = Thread(target=f, args=(i,))\n"
	    "    ts.append(t)\n"
	    "    t.start()\n"
	    "for t in ts:\n"
	    "    t.join()\n"
	    "a.daemon = True\n"
	    "print(a.name, b.name)\n"
	    "a.start()\n";

	lang_diags_init(&d);
	prog = lang_compile_text("t.py", text, strlen(text), &d);
	ck_assert_msg(prog != NULL, "does not compile");
	ck_assert_uint_eq(prog->nthreads, 5);
	ck_assert_str_eq(prog->threads[0].name, "MainThread");
	ck_assert_str_eq(prog->threads[1].name, "Thread-1 (f)");
	ck_assert_str_eq(prog->threads[2].name, "bee");
	ck_assert_str_eq(prog->threads[3].name, "Thread-2 (f)");
	ck_assert_str_eq(prog->threads[4].name, "Thread-3 (f)");
	ck_assert(prog->groups[1].daemon);	/* a.daemon = True */
	ck_assert(prog->groups[2].daemon);
	ck_assert_int_ge(prog->nstrings, 2);
	ck_assert(has_string(prog, "Thread-1 (f)") && has_string(prog, "bee"));
	ck_assert_int_eq(prog->groups[3].count, 2);
	ck_assert_str_eq(prog->groups[3].name, "ts");
	ck_assert(!prog->threads[3].starts_at_once);
	lang_program_free(prog);
	lang_diags_free(&d);
}
END_TEST

/* Compile the Python program text, which must compile, and check its
 * threads' names after MainThread's (names, n of them); the program is
 * the caller's to free. */
static struct lang_program *
assert_thread_names(const char *text, const char *const *names, size_t n)
{
	struct lang_diags d;
	struct lang_program *prog;
	size_t i;

	lang_diags_init(&d);
	prog = lang_compile_text("t.py", text, strlen(text), &d);
	ck_assert_msg(prog != NULL, "does not compile");
	lang_diags_free(&d);
	ck_assert_uint_eq(prog->nthreads, n + 1);
	for (i = 0; i < n; i++)
		ck_assert_str_eq(prog->threads[i + 1].name, names[i]);
	return prog;
}

/* A worker's threads: made when the worker runs, so numbered after every
 * thread main code made before it started the worker; a daemon's are
 * daemons unless they say otherwise; a named one counts no number. */
START_TEST(python_worker_threads_names)
{
	static const char *const names[] = { "Thread-1 (boss)", "Thread-2 (f)",
	    "Thread-3 (f)", "named" };
	struct lang_program *prog = assert_thread_names(
	    "import threading\n"
	    "def f():\n"
	    "    pass\n"
	    "def boss():\n"
	    "    h = threading.Thread(target=f)\n"
	    "    n = threading.Thread(target=f, name=\"named\", daemon=False)\n"
	    "    h.start()\n"
	    "    n.start()\n"
	    "    h.join()\n"
	    "b = threading.Thread(target=boss, daemon=True)\n"
	    "a = threading.Thread(target=f)\n"
	    "b.start()\n"
	    "a.start()\n", names, 4);

	ck_assert(prog->groups[prog->threads[1].group].daemon);
	ck_assert(prog->groups[prog->threads[3].group].daemon);	/* inherited */
	ck_assert(!prog->groups[prog->threads[4].group].daemon);	/* daemon=False */
	lang_program_free(prog);
}
END_TEST

/* The lecture's `threads = []` among the opening assignments, filled by
 * the loop that starts them: the list is the loop's group. */
START_TEST(python_opening_thread_list)
{
	static const char *const names[] = { "Thread-1 (f)", "Thread-2 (f)" };
	struct lang_program *prog = assert_thread_names(
	    "import threading\n"
	    "threads = []\n"
	    "def f():\n"
	    "    pass\n"
	    "for i in range(2):\n"
	    "    t = threading.Thread(target=f)\n"
	    "    threads.append(t)\n"
	    "    t.start()\n"
	    "for t in threads:\n"
	    "    t.join()\n", names, 2);

	ck_assert_str_eq(prog->groups[prog->threads[1].group].name, "threads");
	ck_assert_int_eq(prog->nshared, 0);	/* no longer an opening name */
	lang_program_free(prog);
}
END_TEST

/* name= of the threads of a loop and of a comprehension, from the loop's
 * variable: the text CPython makes of it; named ones count no Thread-N. */
START_TEST(python_thread_names_in_loops)
{
	static const char *const names[] = { "thread_0", "thread_1", "w07", "w11",
	    "Thread-1 (f)" };

	lang_program_free(assert_thread_names(
	    "import threading\n"
	    "def f():\n"
	    "    pass\n"
	    "for i in range(2):\n"
	    "    t = threading.Thread(target=f, name='thread_' + str(i))\n"
	    "    t.start()\n"
	    "ws = [threading.Thread(target=f, name=f\"w{n:02d}\") for n in (7, 11)]\n"
	    "u = threading.Thread(target=f)\n", names, 5));
}
END_TEST

/* A def passed the same module-level primitive by every call and every
 * Thread names it itself: the parameter and its arguments are dropped. */
START_TEST(python_primitive_argument_is_the_module_s)
{
	assert_py_program(
	    "import threading\n"
	    "m = threading.Lock()\n"
	    "def f(n, l):\n"
	    "    with l:\n"
	    "        pass\n"
	    "t = threading.Thread(target=f, args=(1, m))\n"
	    "f(2, l=m)\n",
	    "main:\n"
	    "   0   PUSH 2                           line 7\n"
	    "   1   CALL f                           line 7\n"
	    "   2   END                              line 7\n"
	    "\n"
	    "thread Thread-1 (f):\n"
	    "   0   PUSH 1                           line 6\n"
	    "   1   CALL f                           line 6\n"
	    "   2   END                              line 6\n"
	    "\n"
	    "def f(n):\n"
	    "   0 * CALL m.acquire                   line 4\n"
	    "\n"
	    "   1 * CALL m.release                   line 4\n"
	    "\n"
	    "   2   PUSH None                        line 5\n"
	    "   3   RETURN                           line 5\n"
	    "\n");
	/* two primitives for one parameter: a copy of the def for each,
	 * which each call calls, named as a method specialised to its
	 * instance is */
	assert_py_program(
	    "import threading\n"
	    "m = threading.Lock()\n"
	    "k = threading.Lock()\n"
	    "def f(l):\n"
	    "    with l:\n"
	    "        pass\n"
	    "f(m)\n"
	    "f(k)\n",
	    "main:\n"
	    "   0   CALL m.f                         line 7\n"
	    "   1   CALL k.f                         line 8\n"
	    "   2   END                              line 8\n"
	    "\n"
	    "def m.f():\n"
	    "   0 * CALL m.acquire                   line 5\n"
	    "\n"
	    "   1 * CALL m.release                   line 5\n"
	    "\n"
	    "   2   PUSH None                        line 6\n"
	    "   3   RETURN                           line 6\n"
	    "\n"
	    "def k.f():\n"
	    "   0 * CALL k.acquire                   line 5\n"
	    "\n"
	    "   1 * CALL k.release                   line 5\n"
	    "\n"
	    "   2   PUSH None                        line 6\n"
	    "   3   RETURN                           line 6\n"
	    "\n");
	/* but not for a def that calls itself (its copies would have to
	 * call each other), nor beside an argument that is no primitive:
	 * said at the first other argument */
	assert_py_error("import threading\nm = threading.Lock()\nk = threading.Lock()\n"
	    "def f(l, n):\n    with l:\n        pass\n    if n > 0:\n        f(l, n - 1)\n"
	    "f(m, 1)\nf(k, 1)\n",
	    "t.py:10:3: error: f() is passed the primitive 'm' for 'l' at line 9, and "
	    "another here; lockstep makes a copy of f() for each primitive passed, "
	    "but not of a def that calls itself or assigns 'l', and at most 16");
	assert_py_error("import threading\nm = threading.Lock()\n"
	    "def f(l):\n    with l:\n        pass\nf(m)\nf(3)\n",
	    "t.py:7:3: error: f() is passed the primitive 'm' for 'l' at line 6, and "
	    "something else here; lockstep reads a primitive argument only when every "
	    "call passes one");
	/* assigned in the def: a local after all, and said as before */
	assert_py_error("import threading\nm = threading.Lock()\n"
	    "def f(l):\n    l = 1\nf(m)\n",
	    "t.py:5:3: error: 'm' is a Lock, which cannot be passed to a function");
}
END_TEST

static char *python_output(const char *text);

/* A class's instances made by the module (compile_class.c): each
 * attribute a shared name or a primitive named after the instance, each
 * method the instance's own function, a class constant a constant, and a
 * Thread subclass's instance a thread whose code is its run(). */
START_TEST(python_class_instances_are_static)
{
	assert_py_program(
	    "import threading\n"
	    "class Counter:\n"
	    "    STEP = 2\n"
	    "    def __init__(self, start):\n"
	    "        self.lock = threading.Lock()\n"
	    "        self.count = start\n"
	    "    def add(self):\n"
	    "        with self.lock:\n"
	    "            self.count += self.STEP\n"
	    "class Worker(threading.Thread):\n"
	    "    def __init__(self):\n"
	    "        super().__init__(name=\"w\")\n"
	    "        self.done = False\n"
	    "    def run(self):\n"
	    "        c.add()\n"
	    "        self.done = True\n"
	    "c = Counter(5)\n"
	    "w = Worker()\n"
	    "w.start()\n"
	    "w.join()\n"
	    "x = c.count + Counter.STEP\n",
	    "main:\n"
	    "   0 * START w                          line 19\n"
	    "\n"
	    "   1 * JOIN w                           line 20\n"
	    "\n"
	    "   2 * LOAD c.count                     line 21\n"
	    "\n"
	    "   3   LOAD_CONST Counter.STEP          line 21\n"
	    "   4   ADD                              line 21\n"
	    "   5   STORE_LOCAL x                    line 21\n"
	    "   6   END                              line 21\n"
	    "\n"
	    "thread w:\n"
	    "   0   CALL w.run                       line 18\n"
	    "   1   END                              line 18\n"
	    "\n"
	    "def c.add():\n"
	    "   0 * CALL c.lock.acquire              line 8\n"
	    "\n"
	    "   1 * LOAD c.count                     line 9\n"
	    "\n"
	    "   2   LOAD_CONST Counter.STEP          line 9\n"
	    "   3   ADD                              line 9\n"
	    "   4 * STORE c.count                    line 9\n"
	    "\n"
	    "   5 * CALL c.lock.release              line 8\n"
	    "\n"
	    "   6   JUMP 11                          line 8\n"
	    "   7   STORE_LOCAL $0                   line 8\n"
	    "   8 * CALL c.lock.release              line 8\n"
	    "\n"
	    "   9   LOAD_LOCAL $0                    line 8\n"
	    "  10   RAISE                            line 8\n"
	    "  11   PUSH None                        line 9\n"
	    "  12   RETURN                           line 9\n"
	    "     handler: 1-4 -> 7\n"
	    "\n"
	    "def w.run():\n"
	    "   0   CALL c.add                       line 15\n"
	    "   1   PUSH True                        line 16\n"
	    "   2 * STORE w.done                     line 16\n"
	    "\n"
	    "   3   PUSH None                        line 16\n"
	    "   4   RETURN                           line 16\n"
	    "\n");
	/* the shared pane's names, in the order of the lines that make them */
	{
		static const char text[] = "import threading\n"
		    "class Box:\n"
		    "    def __init__(self, n):\n"
		    "        self.lock = threading.Lock()\n"
		    "        self.cond = threading.Condition(self.lock)\n"
		    "        self.items = [n]\n"
		    "    def take(self):\n"
		    "        with self.cond:\n"
		    "            return self.items.pop()\n"
		    "N = 4\n"
		    "box = Box(N)\n"
		    "print(box.take())\n";
		static const char *const want[] = { "N", "box.lock", "box.cond", "box.items" };
		struct lang_diags d;
		struct lang_program *prog;
		char *out;
		size_t i;

		lang_diags_init(&d);
		prog = lang_compile_text("t.py", text, strlen(text), &d);
		ck_assert_ptr_nonnull(prog);
		ck_assert_uint_eq(prog->nshared, 4);
		for (i = 0; i < 4; i++)
			ck_assert_str_eq(prog->shared[i].name, want[i]);
		ck_assert_int_eq(prog->shared[1].kind, LANG_SHARED_PRIM);
		ck_assert_int_eq(prog->shared[2].prim, LANG_PRIM_CONDITION);
		ck_assert_int_eq(prog->shared[3].object, LANG_OBJ_LIST);
		lang_program_free(prog);
		lang_diags_free(&d);
		out = python_output(text);
		ck_assert_str_eq(out, "4\n");
		free(out);
	}
}
END_TEST

/* threading.local() (compile_local.c): its attributes are locals of the
 * function a thread runs, and main's own in the module's code; nothing of
 * them is shared, so no access is a step. */
START_TEST(python_thread_local_attributes_are_the_thread_s)
{
	assert_py_program(
	    "import threading\n"
	    "mine = threading.local()\n"
	    "def work(n):\n"
	    "    mine.x = n\n"
	    "    print(mine.x)\n"
	    "t = threading.Thread(target=work, args=(1,))\n"
	    "mine.x = 2\n"
	    "t.start()\n",
	    "main:\n"
	    "   0   PUSH 2                           line 7\n"
	    "   1   STORE_LOCAL mine.x               line 7\n"
	    "   2 * START Thread-1 (work)            line 8\n"
	    "\n"
	    "   3   END                              line 8\n"
	    "\n"
	    "thread Thread-1 (work):\n"
	    "   0   PUSH 1                           line 6\n"
	    "   1   CALL work                        line 6\n"
	    "   2   END                              line 6\n"
	    "\n"
	    "def work(n):\n"
	    "   0   LOAD_LOCAL n                     line 4\n"
	    "   1   STORE_LOCAL mine.x               line 4\n"
	    "   2   LOAD_LOCAL mine.x                line 5\n"
	    "   3 * PRINT 1                          line 5\n"
	    "\n"
	    "   4   PUSH None                        line 5\n"
	    "   5   RETURN                           line 5\n"
	    "\n");
}
END_TEST

/* kwargs= is bound to the target's parameters as the call's keyword
 * arguments are; a primitive in it is passed as in args= (the def names
 * it). */
START_TEST(python_thread_kwargs_are_the_call_s)
{
	assert_py_program(
	    "import threading\n"
	    "lock = threading.Lock()\n"
	    "def work(a, lock, b=10):\n"
	    "    with lock:\n"
	    "        print(a + b)\n"
	    "t = threading.Thread(target=work, args=(1,), kwargs={\"b\": 2, \"lock\": lock})\n"
	    "t.start()\n",
	    "main:\n"
	    "   0 * START Thread-1 (work)            line 7\n"
	    "\n"
	    "   1   END                              line 7\n"
	    "\n"
	    "thread Thread-1 (work):\n"
	    "   0   PUSH 1                           line 6\n"
	    "   1   PUSH 2                           line 6\n"
	    "   2   CALL work                        line 6\n"
	    "   3   END                              line 6\n"
	    "\n"
	    "def work(a, b):\n"
	    "   0 * CALL lock.acquire                line 4\n"
	    "\n"
	    "   1   LOAD_LOCAL a                     line 5\n"
	    "   2   LOAD_LOCAL b                     line 5\n"
	    "   3   ADD                              line 5\n"
	    "   4 * PRINT 1                          line 5\n"
	    "\n"
	    "   5 * CALL lock.release                line 4\n"
	    "\n"
	    "   6   JUMP 11                          line 4\n"
	    "   7   STORE_LOCAL $2                   line 4\n"
	    "   8 * CALL lock.release                line 4\n"
	    "\n"
	    "   9   LOAD_LOCAL $2                    line 4\n"
	    "  10   RAISE                            line 4\n"
	    "  11   PUSH None                        line 5\n"
	    "  12   RETURN                           line 5\n"
	    "     handler: 1-4 -> 7\n"
	    "\n");
}
END_TEST

/* What lockstep does not read yet is said, at the construct. */
START_TEST(python_thread_objects_diagnostics)
{
	static const char head[] = "import threading\nx = 1\ndef f(a=0):\n    pass\n";
	static const struct {
		const char *code, *want;
	} cases[] = {
		{ "def g():\n    t = threading.Thread(target=f)\n",
		  "t.py:6:19: error: a Thread made inside a function (g()) is supported "
		  "only when g() certainly runs once: called once, as a statement of the "
		  "module's main code (not in a loop, an if or another function), or the "
		  "target of one thread that main code makes once" },
		/* a worker's threads: numbered by the schedule if main code or
		 * another worker makes threads beside them; a worker of a loop */
		{ "def g():\n    threading.Thread(target=f).start()\n"
		  "w = threading.Thread(target=g)\nw.start()\nu = threading.Thread(target=f)\n",
		  "t.py:6:29: error: this thread's name, Thread-N, would be numbered by the "
		  "schedule: another thread makes threads while this one is made (main code "
		  "after it starts the worker, or another worker); give it name=\"...\"" },
		{ "def g():\n    threading.Thread(target=f).start()\n"
		  "def k():\n    threading.Thread(target=f).start()\n"
		  "w = threading.Thread(target=g)\nv = threading.Thread(target=k)\n"
		  "w.start()\nv.start()\n",
		  "t.py:8:29: error: this thread's name, Thread-N, would be numbered" },
		{ "def g():\n    threading.Thread(target=f).start()\n    t.join()\n"
		  "t = threading.Thread(target=f)\nw = threading.Thread(target=g)\n"
		  "t.start()\nw.start()\n",
		  "t.py:7:5: error: 't' holds threads main code made; lockstep reads, in a "
		  "function a thread runs, only the threads it makes itself" },
		{ "def g():\n    threading.Thread(target=f).start()\n"
		  "ws = [threading.Thread(target=g) for i in range(2)]\n",
		  "t.py:6:15: error: a Thread made inside a function that a list of threads "
		  "runs (g(), a target of the 2 threads made at line 7) is not supported: "
		  "lockstep gives each thread its slot when it reads the program, and g()'s "
		  "threads would be made once for each; make them in main code, or in a def "
		  "one thread runs" },
		/* run more than once, or maybe not at all */
		{ "def g():\n    t = threading.Thread(target=f)\ng()\ng()\n",
		  "t.py:6:19: error: a Thread made inside a function (g()) is supported "
		  "only" },
		{ "def g():\n    t = threading.Thread(target=f)\nwhile x < 2:\n    g()\n",
		  "t.py:6:19: error: a Thread made inside a function (g()) is supported "
		  "only" },
		{ "def g():\n    t = threading.Thread(target=f)\nif x:\n    g()\n",
		  "t.py:6:19: error: a Thread made inside a function (g()) is supported "
		  "only" },
		{ "def g():\n    t = threading.Thread(target=f)\n    g()\ng()\n",
		  "t.py:6:19: error: a Thread made inside a function (g()) is supported "
		  "only" },
		{ "def g():\n    t = threading.Thread(target=f)\nh = g\ng()\n",
		  "t.py:6:19: error: a Thread made inside a function (g()) is supported "
		  "only" },
		/* in a def run once: its loops are as the module's, of a
		 * constant count */
		{ "def g():\n    n = x + 1\n    for i in range(n):\n"
		  "        threading.Thread(target=f).start()\ng()\n",
		  "t.py:7:20: error: the number of threads must be constant: 'n' is "
		  "assigned at line 6" },
		/* one list, one group: all daemon or none */
		{ "ts = [threading.Thread(target=f), threading.Thread(target=f, daemon=True)]\n",
		  "t.py:5:45: error: the threads of one list are all daemon threads or none "
		  "(lockstep makes them one group); the first is not" },
		{ "L = [1, 2]\nts = [threading.Thread(target=f, args=(n,)) for n in L]\nL = [3]\n",
		  "t.py:6:54: error: 'L' is an opening list; lockstep makes threads over one "
		  "if no code assigns the name" },
		{ "ts = [threading.Thread(target=f, args=(n,)) for n in (1, x)]\nx = 3\n",
		  "t.py:5:58: error: the items a loop of threads runs over must be constant: "
		  "'x' is assigned at line 6" },
		/* a primitive of a def run once takes constant arguments */
		{ "def g():\n    n = 2\n    s = threading.Semaphore(n)\n"
		  "    t = threading.Thread(target=f, args=(s,))\ng()\n",
		  "t.py:7:29: error: a primitive that g() makes takes constant arguments; 'n' "
		  "is assigned at line 6" },
		{ "while x < 2:\n    t = threading.Thread(target=f)\n",
		  "t.py:6:19: error: a Thread made here is not supported yet; lockstep "
		  "supports t = threading.Thread(target=f, args=(...)) and [Thread(...) for "
		  "i in range(N)] in the module's main code and in a def it runs once" },
		/* a filter of threads is read only when it is certain */
		{ "ts = [threading.Thread(target=f, args=(i,)) for i in range(3) if i != x]\n"
		  "x = 2\n",
		  "t.py:5:71: error: the filter of a comprehension of threads must be "
		  "constant: 'x' is assigned at line 6" },
		{ "ts = [threading.Thread(target=f, args=(i,)) for i in range(3) if i > 5]\n",
		  "t.py:5:68: error: this filter keeps none of the threads; lockstep makes "
		  "1 to 128" },
		{ "t = threading.Thread(target=f, kwargs=[1])\n",
		  "t.py:5:39: error: kwargs= is a dict of the target's keyword arguments, "
		  "its keys strings: write kwargs={\"name\": value}" },
		{ "t = threading.Thread(target=f, kwargs={x: 1})\n",
		  "t.py:5:40: error: TypeError: keywords must be strings; lockstep reads "
		  "kwargs= keys written as string literals" },
		{ "t = threading.Thread(target=f, kwargs={\"a\": 1, \"a\": 2})\n",
		  "t.py:5:48: error: the key 'a' is given twice in kwargs=; give each "
		  "keyword argument once" },
		{ "t = threading.Thread(target=f, kwargs={\"a b\": 1})\n",
		  "t.py:5:40: error: TypeError: the target has no parameter named by this "
		  "key (kwargs= keys name parameters)" },
		{ "t = threading.Thread(target=f, args=(1,), kwargs={\"a\": x})\n",
		  "t.py:5:51: error: TypeError: f() got multiple values for argument 'a'" },
		{ "t = threading.Thread(target=f, kwargs={\"b\": 1})\n",
		  "t.py:5:40: error: TypeError: f() got an unexpected keyword argument 'b'" },
		{ "t = threading.Thread(target=f, args=(x,))\nx = 2\n",
		  "t.py:5:38: error: a Thread's arguments (lockstep reads them when it "
		  "starts) must be constant: 'x' is assigned at line 6" },
		{ "n = f()\nts = [threading.Thread(target=f) for i in range(n)]\n",
		  "t.py:6:49: error: the number of threads must be constant: 'n' is "
		  "assigned at line 5" },
		{ "t = threading.Thread(target=f)\nt.native_id()\n",
		  "t.py:6:3: error: native_id() of a Thread is not supported yet; lockstep's "
		  "Thread objects have start(), join(), is_alive(), getName() and name" },
		{ "t = threading.Thread(target=f)\nprint(t)\n",
		  "t.py:6:7: error: 't' holds a Thread; lockstep supports Thread objects "
		  "through start(), join(), is_alive() and name, and passed to a def that "
		  "main code calls once" },
		/* passed to a def main code runs once, as a list or one thread */
		{ "def g(t):\n    t.start()\n"
		  "t = threading.Thread(target=f)\ng(t)\nt.daemon = True\n",
		  "t.py:9:3: error: lockstep reads t.daemon = True (or False) in the "
		  "module's own statements, before t.start()" },
		{ "def g(ts):\n    print(ts)\n"
		  "ts = [threading.Thread(target=f) for i in range(2)]\ng(ts)\n",
		  "t.py:6:11: error: 'ts' holds a list of threads; lockstep supports" },
		{ "t = threading.Thread(target=x)\n",
		  "t.py:5:29: error: target= must name a function defined with def in this "
		  "file" },
		{ "t = threading.Thread(None, f)\n",
		  "t.py:5:22: error: pass threading.Thread's arguments by keyword: "
		  "Thread(target=f, args=(...))" },
		{ "t = threading.Thread(target=f, args=x)\n",
		  "t.py:5:37: error: args= is a tuple of the target's arguments: write "
		  "args=(x,)" },
		{ "t = threading.Thread(target=f, nom=1)\n",
		  "t.py:5:32: error: TypeError: Thread.__init__() got an unexpected keyword "
		  "argument 'nom'" },
		{ "a = threading.Thread(target=f, name='w')\n"
		  "b = threading.Thread(target=f, name='w')\n",
		  "t.py:6:37: error: two threads named 'w': lockstep tells threads apart by "
		  "name" },
		{ "t = threading.Thread(target=f, name='a,b')\n",
		  "t.py:5:37: error: a thread's name is printable ASCII without ',' or ':' "
		  "(schedules list threads by name)" },
		{ "ts = [threading.Thread(target=f) for i in range(2)]\nts = 1\n",
		  "t.py:6:1: error: 'ts' holds the threads made at line 5; lockstep cannot "
		  "give the name another value" },
		{ "ts = [threading.Thread(target=f) for i in range(2)]\nts.pop()\n",
		  "t.py:6:4: error: 'ts' is the list of the threads made at line 5; lockstep "
		  "supports ts[i].start(), ts[i].join() and 'for t in ts:' on it, not pop()" },
		{ "for i in range(2):\n    t = threading.Thread(target=f)\nt.join()\n",
		  "t.py:7:1: error: 't' is the last of the threads the loop at line 6 made; "
		  "keep them in a list (t_list.append(t)) and join each" },
		{ "ts = [threading.Thread(target=f) for i in range(0)]\n",
		  "t.py:5:49: error: a loop makes 1 to 128 threads, not 0" },
		/* an opening `ts = []` a loop of threads fills: not if main reads
		 * it first, or a function names it */
		{ "ts = []\nprint(ts)\nfor i in range(2):\n    t = threading.Thread(target=f)\n"
		  "    ts.append(t)\n",
		  "t.py:9:15: error: 't' holds a Thread; lockstep supports" },
		{ "ts = []\ndef g():\n    print(ts)\nfor i in range(2):\n"
		  "    t = threading.Thread(target=f)\n    ts.append(t)\n",
		  "t.py:10:15: error: 't' holds a Thread; lockstep supports" },
		/* name= in a loop: made of constants and the loop's variable */
		{ "ts = [threading.Thread(target=f, name=\"w\") for i in range(2)]\n",
		  "t.py:5:39: error: two threads named 'w': lockstep tells threads apart "
		  "by name" },
		{ "ts = [threading.Thread(target=f, name=i) for i in range(2)]\n",
		  "t.py:5:39: error: lockstep reads name= as a str, not int: write str(...)" },
		{ "ts = [threading.Thread(target=f, name=str(x)) for i in range(2)]\nx = 2\n",
		  "t.py:5:43: error: name= must be constant: 'x' is assigned at line 6" },
		{ "for i in range(2):\n    t = threading.Thread(target=f, name=f\"a:{i}\")\n"
		  "    t.start()\n",
		  "t.py:6:41: error: a thread's name is printable ASCII without ',' or ':'" },
		/* over an opening list: before main changes it; in a loop, if
		 * neither the loop nor a thread can */
		{ "xs = [1, 2]\nfor v in xs:\n    t = threading.Thread(target=f, args=(v,))\n"
		  "    t.start()\n    xs.append(3)\n",
		  "t.py:6:10: error: 'xs' is an opening list; lockstep makes threads over one "
		  "if no code assigns the name, main code has run nothing before that could "
		  "change the list (a call, an item assignment, +=, a block), and, in a loop, "
		  "neither the loop nor the threads can change it; else write the threads' "
		  "list out" },
		{ "xs = [1, 2]\ndef g(v):\n    xs.append(v)\nfor v in xs:\n"
		  "    t = threading.Thread(target=g, args=(v,))\n    t.start()\n",
		  "t.py:8:10: error: 'xs' is an opening list;" },
		{ "xs = [1, 2]\nprint(x)\nys = xs\nts = []\nfor v in xs:\n"
		  "    t = threading.Thread(target=f, args=(v,))\n    ys.append(t)\n",
		  "t.py:9:10: error: 'xs' is an opening list;" },
		{ "xs = [1, 2]\nys = xs\nfor v in xs:\n"
		  "    t = threading.Thread(target=f, args=(v,))\n    t.start()\n",
		  "t.py:6:6: error: 'xs' is a list, and a constant is needed here" },
		{ "xs = [1, 2]\nfor v in xs:\n    t = threading.Thread(target=f, args=(xs,))\n"
		  "    t.start()\n",
		  "t.py:6:10: error: 'xs' is an opening list;" },
		{ "xs = [1, 2]\nxs[0] = 3\n"
		  "ts = [threading.Thread(target=f, args=(v,)) for v in xs]\n",
		  "t.py:7:54: error: 'xs' is an opening list;" },
		{ "xs = [1, 2]\nif x:\n    pass\n"
		  "ts = [threading.Thread(target=f, args=(v,)) for v in xs]\n",
		  "t.py:8:54: error: 'xs' is an opening list;" },
		{ "xs = [1, 2]\nxs = [3]\n"
		  "ts = [threading.Thread(target=f, args=(v,)) for v in xs]\n",
		  "t.py:7:54: error: 'xs' is an opening list;" },
		{ "xs = []\nts = [threading.Thread(target=f, args=(v,)) for v in xs]\n",
		  "t.py:6:54: error: a loop makes 1 to 128 threads, not 0" },
		{ "ts = [threading.Thread(target=f) for i in range(1, 3)]\n",
		  "t.py:5:43: error: threads are made in a loop over range(N), N a constant, "
		  "or over a tuple of constants; lockstep supports" },
		{ "t = threading.Thread(target=f)\nt.start()\nt.daemon = True\n",
		  "t.py:7:3: error: lockstep reads t.daemon = True (or False) in the module's "
		  "own statements, before t.start(); or pass daemon= to Thread()" },
		{ "t = threading.Thread(target=f)\nprint(t.ident)\n",
		  "t.py:6:9: error: t.ident of a Thread is not supported yet; lockstep reads "
		  "a thread's name (t.name, t.getName()), t.daemon, is_alive(), start() and "
		  "join()" },
		{ "ts = [threading.Thread(target=f) for i in range(2)]\nfor t in ts:\n"
		  "    print(t.ident)\n",
		  "t.py:7:13: error: t.ident of a Thread is not supported yet" },
		/* a thread's identity */
		{ "print(threading.current_thread())\n",
		  "t.py:5:17: error: threading.current_thread() is read only as its name "
		  "(.name, getName()) or join() for now" },
		{ "print(threading.main_thread().ident)\n",
		  "t.py:5:31: error: threading.main_thread().ident is not supported yet; "
		  "lockstep reads its name (.name, getName()) and join()" },
		{ "def g():\n    threading.current_thread().join()\n"
		  "t = threading.Thread(target=g)\n",
		  "t.py:6:32: error: threading.current_thread().join() in g(), which threads "
		  "run, is not supported yet; in main's code it is MainThread's" },
		{ "print(threading.current_thread(1).name)\n",
		  "t.py:5:32: error: TypeError: current_thread() takes no arguments" },
		{ "m = threading.Lock()\nm.x = 1\n",
		  "t.py:6:3: error: assigning an attribute is not supported yet" },
		{ "m = threading.Lock()\nprint(m.locked)\n",
		  "t.py:6:9: error: 'locked' must be called: write locked()" },
		{ "f(args=(1, 2))\n",
		  "t.py:5:3: error: TypeError: f() got an unexpected keyword argument 'args'" },
		{ "t = threading.Thread(target=f, args=(1, 2))\n",
		  "t.py:5:29: error: TypeError: f() takes from 0 to 1 positional arguments "
		  "but 2 were given" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = xasprintf("%s%s", head, cases[i].code);

		assert_py_error(text, cases[i].want);
		free(text);
	}
}
END_TEST

/* "name Type value, ..., MainThread": the primitives a .py file declares. */
static char *
py_shared(const char *text)
{
	struct lang_diags d;
	struct lang_source *src;
	struct lang_program *prog;
	struct strbuf sb = { 0 };
	size_t i;

	lang_diags_init(&d);
	src = lang_source_from_memory("t.py", text, strlen(text), &d);
	prog = src != NULL ? lang_compile(src, &d) : NULL;
	if (prog == NULL)
		lang_diags_print(&d, stderr);
	ck_assert_ptr_nonnull(prog);
	for (i = 0; i < prog->nshared; i++)
		strbuf_printf(&sb, "%s %s %lld, ", prog->shared[i].name,
		    lang_prim_info(prog->shared[i].prim)->name,
		    (long long)prog->shared[i].prim_init[0].value);
	strbuf_printf(&sb, "%s", prog->threads[0].name);
	lang_program_free(prog);
	lang_diags_free(&d);
	return strbuf_detach(&sb);
}

START_TEST(python_imports_and_qualified_names)
{
	char *got = py_shared(
	    "import threading as th\n"
	    "import queue, time\n"
	    "from threading import Semaphore as S, Condition, Event\n"
	    "from threading import (Barrier, BoundedSemaphore, RLock, Thread)\n"
	    "from queue import Queue, Empty, Full\n"
	    "from time import sleep\n"
	    "a = th.Lock()\n"
	    "b = th.RLock()\n"
	    "c = S(2)\n"
	    "d = BoundedSemaphore(1)\n"
	    "e = Condition(a)\n"
	    "f = Event()\n"
	    "g = Barrier(3)\n"
	    "h = queue.Queue(maxsize=2)\n"
	    "i = Queue()\n"
	    "time.sleep(1)\n"
	    "sleep(0)\n");

	ck_assert_str_eq(got, "a Lock 0, b RLock 0, c Semaphore 2, d BoundedSemaphore 1, "
	    "e Condition 0, f Event 0, g Barrier 3, h Queue 2, i Queue 0, MainThread");
	free(got);
	assert_py_error("import os\n", "t.py:1:8: error: module 'os' is not supported; "
	    "lockstep programs may import threading, time and queue");
	assert_py_error("import threading.x\n", "t.py:1:17: error: submodules are not supported");
	assert_py_error("from threading import Lock, active_count\n", "t.py:1:29: error: "
	    "threading.active_count is not supported; from threading lockstep supports Lock, RLock, "
	    "Semaphore, BoundedSemaphore, Condition, Event, Barrier");
	assert_py_error("from threading import Foo\n", "t.py:1:23: error: threading.Foo is not "
	    "supported");
	assert_py_error("from threading import *\n", "t.py:1:23: error: 'from threading import *' "
	    "is not supported; name what you use");
	assert_py_error("import threading\nt = threading.Timer(1)\n", "t.py:2:15: error: "
	    "TypeError: Timer() needs the interval and the function: threading.Timer(seconds, f)");
	assert_py_error("import threading\nt = threading.Nope()\n", "t.py:2:15: error: "
	    "threading.Nope is not supported; from threading lockstep supports Lock,");
	assert_py_error("m = Lock()\n", "t.py:1:5: error: 'Lock' is not defined; add 'from "
	    "threading import Lock', or write threading.Lock() after 'import threading'");
	assert_py_error("m = threading.Lock()\n", "t.py:1:5: error: 'threading' is not "
	    "imported; add 'import threading' at the top");
	assert_py_error("m = RWLock()\n", "t.py:1:5: error: 'RWLock' is lockstep's, not Python's");
	assert_py_error("x = 0\nsleep(1)\n", "t.py:2:1: error: 'sleep' is not defined; write "
	    "time.sleep(seconds)");
	assert_py_error("from threading import Thread\nt = Thread()\n", "t.py:2:5: error: "
	    "a Thread without target= runs nothing; lockstep needs target=FUNCTION");
	/* .race keeps its own words and needs no import */
	assert_error("m = Lock()\nthread tid:\n    pass\n", "t.race:2:8: error: 'tid' is a "
	    "built-in name; choose another");
}
END_TEST

/* A def that main code runs once is main code (issue 17): its Threads are
 * groups, its primitive the module's ("main.lock"), passed on as any
 * module-level one; its other locals stay its own. */
START_TEST(python_def_run_once_is_main_code)
{
	static const char text[] =
	    "import threading\n"
	    "def work(lock, name):\n"
	    "    with lock:\n"
	    "        print(name)\n"
	    "def main():\n"
	    "    lock = threading.Lock()\n"
	    "    ts = [threading.Thread(target=work, args=(lock, n)) for n in ('a', 'b')]\n"
	    "    ts.append(threading.Thread(target=work, args=(lock, 'c'), name='last'))\n"
	    "    for t in ts:\n"
	    "        t.start()\n"
	    "    for t in ts:\n"
	    "        t.join()\n"
	    "if __name__ == '__main__':\n"
	    "    main()\n";
	struct lang_diags d;
	struct lang_source *src;
	struct lang_program *prog;
	char *got = py_shared(text);

	ck_assert_str_eq(got, "main.lock Lock 0, MainThread");
	free(got);
	lang_diags_init(&d);
	src = lang_source_from_memory("t.py", text, strlen(text), &d);
	prog = lang_compile(src, &d);
	ck_assert_ptr_nonnull(prog);
	ck_assert_uint_eq(prog->nthreads, 4);
	ck_assert_str_eq(prog->threads[1].name, "Thread-1 (work)");
	ck_assert_str_eq(prog->threads[2].name, "Thread-2 (work)");
	ck_assert_str_eq(prog->threads[3].name, "last");
	ck_assert_int_eq(prog->nfunctions, 2);	/* main() stays a def */
	lang_program_free(prog);
	lang_diags_free(&d);
	/* main's locals are not the module's */
	assert_py_error("import threading\n"
	    "def show():\n    print(total)\n"
	    "def main():\n    total = 3\n"
	    "    t = threading.Thread(target=show)\n    t.start()\n"
	    "main()\n",
	    "t.py:3:11: error: unknown name 'total'");
	/* a Thread(...).start() nobody names again */
	got = py_shared("import threading\nimport queue\nq = queue.Queue()\n"
	    "def eat():\n    while True:\n        q.get()\n"
	    "def main():\n    threading.Thread(target=eat, daemon=True).start()\n"
	    "    q.put(1)\n"
	    "main()\n");
	ck_assert_str_eq(got, "q Queue 0, MainThread");
	free(got);
}
END_TEST

/* A list a def run once makes of constants and passes to its threads is
 * one shared object, "main.results"; a parameter its one call gives a
 * constant is that constant; what could differ from CPython stays a
 * diagnostic. */
START_TEST(python_run_once_objects_and_params)
{
	static const char text[] =
	    "import threading\n"
	    "N = 3\n"
	    "def worker(i, results):\n"
	    "    results[i] = i * i\n"
	    "def main(count, scale=2):\n"
	    "    results = [0] * N\n"
	    "    ts = [threading.Thread(target=worker, args=(i * scale, results))\n"
	    "          for i in range(count)]\n"
	    "    for t in ts:\n"
	    "        t.start()\n"
	    "main(1 + 1)\n";
	static const char *const twice =
	    "import threading\n"
	    "def worker(i, results):\n    results[i] = i\n"
	    "def main():\n"
	    "    results = [0] * 2\n"
	    "    ts = [threading.Thread(target=worker, args=(i, results)) for i in range(2)]\n"
	    "    results = [0] * 2\n"
	    "    for t in ts:\n        t.start()\n"
	    "main()\n";
	struct lang_diags d;
	struct lang_program *prog;
	size_t i;
	int found = -1;

	lang_diags_init(&d);
	prog = lang_compile_text("t.py", text, strlen(text), &d);
	if (prog == NULL)
		lang_diags_print(&d, stderr);
	ck_assert_ptr_nonnull(prog);
	ck_assert_uint_eq(prog->nthreads, 3);
	for (i = 0; i < prog->nshared; i++)
		if (strcmp(prog->shared[i].name, "main.results") == 0)
			found = (int)i;
	ck_assert_int_ge(found, 0);
	ck_assert_int_eq(prog->shared[found].object, LANG_OBJ_LIST);
	ck_assert_uint_eq(prog->shared[found].nitems, 3);
	lang_program_free(prog);
	lang_diags_free(&d);
	/* bound twice: the threads would get the second list */
	assert_py_error(twice, "t.py:6:52: error: a Thread's arguments (lockstep reads them "
	    "when it starts) must be constant: 'results' is assigned at line 5");
	/* named before it is made: CPython's UnboundLocalError is kept */
	assert_py_error("import threading\n"
	    "def worker(r):\n    r.append(1)\n"
	    "def main():\n    print(len(r))\n    r = []\n"
	    "    threading.Thread(target=worker, args=(r,)).start()\n"
	    "main()\n",
	    "t.py:7:43: error: a Thread's arguments (lockstep reads them when it starts) "
	    "must be constant: 'r' is assigned at line 6");
	/* a list of threads passed on is not made the module's */
	assert_py_error("import threading\n"
	    "def watch(ts):\n    print(len(ts))\n"
	    "def main():\n    threads = []\n"
	    "    for i in range(2):\n"
	    "        t = threading.Thread(target=watch, args=([i],))\n"
	    "        threads.append(t)\n        t.start()\n"
	    "    w = threading.Thread(target=watch, args=(threads,))\n"
	    "    w.start()\n"
	    "main()\n",
	    "t.py:10:46: error: a Thread's arguments (lockstep reads them when it starts) "
	    "must be constant: literals, the loop's index and the module's opening "
	    "constants; 'threads' is none of these");
	/* a parameter the def assigns, or a call that passes a variable */
	assert_py_error("import threading\n"
	    "def worker():\n    pass\n"
	    "def run(n):\n    n += 1\n"
	    "    ts = [threading.Thread(target=worker) for _ in range(n)]\n"
	    "    for t in ts:\n        t.start()\n"
	    "run(1)\n",
	    "t.py:6:58: error: the number of threads must be constant: 'n' is assigned at "
	    "line 5");
	assert_py_error("import threading\n"
	    "def worker():\n    pass\n"
	    "def run(n):\n"
	    "    ts = [threading.Thread(target=worker) for _ in range(n)]\n"
	    "    for t in ts:\n        t.start()\n"
	    "k = 1\nk += 1\nrun(k)\n",
	    "t.py:5:58: error: the number of threads must be constant: literals, the loop's "
	    "index and the module's opening constants; 'n' is none of these");
}
END_TEST

/* The module's docstring is its title and about text. */
START_TEST(python_docstring_is_title_and_about)
{
	struct lang_diags d;
	const char *text = "\"\"\"Lost update, in Python.\n\n    Two increments\n"
	    "    without a lock.\n\"\"\"\nx = 0\nx += 1\n";
	struct lang_program *prog;

	lang_diags_init(&d);
	prog = lang_compile_text("t.py", text, strlen(text), &d);
	ck_assert_ptr_nonnull(prog);
	ck_assert_str_eq(prog->title, "Lost update, in Python.");
	ck_assert_str_eq(prog->about, "Two increments\nwithout a lock.");
	lang_program_free(prog);
	/* a string later on is not the module's docstring */
	text = "x = 0\n\"not a title\"\n";
	prog = lang_compile_text("t.py", text, strlen(text), &d);
	ck_assert_ptr_nonnull(prog);
	ck_assert_str_eq(prog->title, "");
	lang_program_free(prog);
	lang_diags_free(&d);
}
END_TEST

/* time.sleep(seconds) is the sleep step, in whole milliseconds. */
START_TEST(python_time_sleep_takes_seconds)
{
	assert_py_program("import time\nx = 2\ntime.sleep(0.001)\ntime.sleep(0.0001)\n"
	    "time.sleep(x)\n",
	    "main:\n"
	    "   0   PUSH 1                           line 3\n"
	    "   1 * SLEEP                            line 3\n"
	    "\n"
	    "   2   PUSH 1                           line 4\n"
	    "   3 * SLEEP                            line 4\n"
	    "\n"
	    "   4   LOAD_CONST x                     line 5\n"
	    "   5   MUL 1000                         line 5\n"
	    "   6 * SLEEP                            line 5\n"
	    "\n"
	    "   7   END                              line 5\n"
	    "\n");
	assert_py_error("import time\ntime.sleep(-0.5)\n", "t.py:2:12: error: ValueError: "
	    "sleep length must be non-negative");
	assert_py_error("x = 1 + 0.5\n", "t.py:1:9: error: numbers with a fraction are not "
	    "supported; only a number of seconds may have one");
	/* a module constant with a fraction is a number of seconds, and only that */
	assert_py_program("import time\nP = 0.25\ntime.sleep(P)\n",
	    "main:\n"
	    "   0   PUSH 250                         line 3\n"
	    "   1 * SLEEP                            line 3\n"
	    "\n"
	    "   2   END                              line 3\n"
	    "\n");
	assert_py_error("import time\nP = 0.25\nx = P\n", "t.py:3:5: error: 'P' holds a "
	    "number with a fraction, which lockstep reads only as a number of seconds");
	/* but a parameter of that name is a local: its seconds are multiplied */
	assert_py_program("import time\nP = 0.25\ndef f(P):\n    time.sleep(P)\nf(1)\n",
	    "main:\n"
	    "   0   PUSH 1                           line 5\n"
	    "   1   CALL f                           line 5\n"
	    "   2   END                              line 5\n"
	    "\n"
	    "def f(P):\n"
	    "   0   LOAD_LOCAL P                     line 4\n"
	    "   1   MUL 1000                         line 4\n"
	    "   2 * SLEEP                            line 4\n"
	    "\n"
	    "   3   PUSH None                        line 4\n"
	    "   4   RETURN                           line 4\n"
	    "\n");
	assert_error("thread A:\n    sleep(0.5)\n", "t.race:2:11: error: numbers with a "
	    "fraction are not part of the scenario language; sleep() takes whole milliseconds");
}
END_TEST

/* Run a .py program on the model, MainThread alone, and return what it
 * printed; the verdict's message, if verdict is not NULL, else the run
 * must end ok. */
static char *
python_run(const char *text, char *verdict, size_t size)
{
	struct lang_diags d;
	struct lang_source *src;
	struct lang_program *prog;
	struct model_strings strings = { 0 };
	struct model *m;
	struct model_state *st;
	struct model_frame *frame;
	struct model_step_info info;
	struct strbuf out = { 0 };

	lang_diags_init(&d);
	src = lang_source_from_memory("t.py", text, strlen(text), &d);
	prog = src != NULL ? lang_compile(src, &d) : NULL;
	if (prog == NULL)
		lang_diags_print(&d, stderr);
	ck_assert_ptr_nonnull(prog);
	m = model_new(prog, &strings);
	st = model_state_new(m, 1000);
	frame = xmalloc(model_frame_size(m, 0));
	model_state_begin(st, &frame);
	strbuf_append(&out, "", 0);
	while (model_verdict(st)->kind == MODEL_RUNNING) {
		model_step(st, &frame, 0, 0, &info);
		strbuf_puts(&out, info.output);
	}
	if (verdict != NULL)
		snprintf(verdict, size, "%s", model_verdict(st)->message);
	else
		ck_assert_msg(model_verdict(st)->kind == MODEL_OK, "%s",
		    model_verdict(st)->message);
	free(frame);
	model_state_free(st);
	model_free(m);
	model_strings_free(&strings);
	lang_program_free(prog);
	lang_diags_free(&d);
	return strbuf_detach(&out);
}

static char *
python_output(const char *text)
{
	return python_run(text, NULL, 0);
}

/* [x for v in xs if c]: the opening lists evaluated now, over range() or
 * an earlier opening list (its opening value), none kept an empty list;
 * in code, the loop that appends when c holds. */
START_TEST(python_comprehension_filters)
{
	static const struct {
		const char *code, *out;
	} cases[] = {
		{ "ys = [i for i in range(4) if i > 1]\nprint(ys)\n", "[2, 3]\n" },
		{ "a = [1, 2, 3]\nb = [v * 2 for v in a if v != 2]\na = 0\nprint(b, a)\n",
		  "[2, 6] 0\n" },
		{ "e = [i for i in range(2) if i > 5]\nprint(e, len(e))\n", "[] 0\n" },
		{ "x = 0\nx = 1\nys = [i * x for i in range(5) if i % 2]\nprint(ys)\n",
		  "[1, 3]\n" },
		{ "x = 0\nx = 1\nys = [i for i in range(3) if i > 5]\nprint(ys)\n", "[]\n" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out = python_output(cases[i].code);

		ck_assert_str_eq(out, cases[i].out);
		free(out);
	}
	assert_py_error("import threading\nlocks = [threading.Lock() for i in range(3) if i]\n",
	    "t.py:2:48: error: an 'if' filter in a list of primitives is not supported; "
	    "make each one: [Lock() for i in range(N)]");
	assert_py_error("class Box:\n    def __init__(self, n):\n        self.n = n\n"
	    "boxes = [Box(i) for i in range(3) if i > 0]\n",
	    "t.py:4:40: error: an 'if' filter in a list of instances is not supported "
	    "yet; make them all: [Box(...) for i in range(N)]");
}
END_TEST

/* The errors CPython raises for the same lines. */
START_TEST(python_string_errors_at_run_time)
{
	char verdict[600];
	char *out;

	out = python_run("x = 0\nx = 1\ns = \"ab\"\nprint(f\"{s:d}\")\n", verdict, sizeof(verdict));
	ck_assert_str_eq(verdict, "ValueError: Unknown format code 'd' for object of type 'str'");
	free(out);
	out = python_run("x = 0\nx = 1\nprint(f\"{True:s}\")\n", verdict, sizeof(verdict));
	ck_assert_str_eq(verdict, "ValueError: Unknown format code 's' for object of type 'bool'");
	free(out);
	out = python_run("x = 0\nx = 1\nprint(1, sep=2)\n", verdict, sizeof(verdict));
	ck_assert_str_eq(verdict, "TypeError: sep must be None or a string, not int");
	free(out);
	out = python_run("x = 0\nx = 1\ny = len(x)\n", verdict, sizeof(verdict));
	ck_assert_str_eq(verdict, "TypeError: object of type 'int' has no len()");
	free(out);
	out = python_run("x = 0\nx = 1\ns = \"ab\" * 100\nt = f\"{s}{s}\"\n", verdict,
	    sizeof(verdict));
	ck_assert_str_eq(verdict, "MemoryError: a string longer than 256 bytes");
	free(out);
	out = python_run("x = 0\nx = 1\ns = \"a %d\"\nt = s % x\n", verdict, sizeof(verdict));
	ck_assert_str_eq(verdict, "NotImplementedError: '%' formatting of strings is not "
	    "supported by lockstep; write an f-string");
	free(out);
}
END_TEST

/* What CPython 3.11 prints for the same lines (python3 t.py). */
START_TEST(python_strings_print_as_cpython)
{
	char *got = python_output(
	    "x = 0\n"
	    "x = 1\n"	/* a visible step first: output belongs to a step */
	    "name = \"world\"\n"
	    "n = -42\n"
	    "print(f\"hello {name}!\", f\"{name!r}\", f\"{n:>6}|{n:<6}|{n:^7}|{n:+}|{42:+}|{n:06}\")\n"
	    "print(f\"{255:x} {255:#X} {5:b} {8:#o} {1234567:,} {1234567:_} {3:.2f} {True} "
	    "{True:>3} {None}\")\n"
	    "print(f\"{'ab':>5}|{'ab':-<5}|{'ab':^6}|{'abcdef':.3}|{'\xc3\xa9':*^5}|{{literal}}\")\n"
	    "print(\"{} + {} = {}\".format(1, 2, 1 + 2), \"{1}{0}{1}\".format(\"a\", \"b\"), "
	    "\"{x}-{y!r}\".format(x=1, y=\"s\"))\n"
	    "print(str(7), str(True), str(None), str(\"s\"), str(), len(\"h\xc3\xa9llo\"), len(\"\"), "
	    "\"ab\" * 3 + \"c\")\n"
	    "print(1, \"two\", True, None, sep=\", \", end=\" <end>\\n\")\n"
	    "print(\"no newline\", end=\"\")\n"
	    "print(\" then this\")\n"
	    "print(\"a\", \"b\", sep=\"\")\n"
	    "print()\n"
	    "print(sep=\"x\")\n");

	ck_assert_str_eq(got,
	    "hello world! 'world'    -42|-42   |  -42  |-42|+42|-00042\n"
	    "ff 0XFF 101 0o10 1,234,567 1_234_567 3.00 True   1 None\n"
	    "   ab|ab---|  ab  |abc|**\xc3\xa9**|{literal}\n"
	    "1 + 2 = 3 bab 1-'s'\n"
	    "7 True None s  5 0 abababc\n"
	    "1, two, True, None <end>\n"
	    "no newline then this\n"
	    "ab\n"
	    "\n"
	    "\n");
	free(got);
}
END_TEST

/* The same through lang/value.c directly, with the errors Python raises. */
static const char *
fake_get(void *arg, int64_t id)
{
	return ((char **)arg)[id];
}

static int
fake_intern(void *arg, const char *text, size_t len)
{
	char **table = arg;
	int i;

	for (i = 0; table[i] != NULL; i++)
		if (strlen(table[i]) == len && memcmp(table[i], text, len) == 0)
			return i;
	table[i] = xstrndup(text, len);
	return i;
}

START_TEST(format_values_and_errors)
{
	char *table[64] = { 0 };
	struct lang_value_strings s = { fake_get, fake_intern, table };
	struct lang_value v = { LANG_VAL_INT, 42 }, str, out;
	char err[200];
	int i;

	ck_assert(lang_value_format(&s, &v, 0, "06,", &out, err, sizeof(err)));
	ck_assert_str_eq(table[out.i], "00,042");
	ck_assert(lang_value_format(&s, &v, 0, "#010_b", &out, err, sizeof(err)));
	ck_assert_str_eq(table[out.i], "0b010_1010");
	ck_assert(!lang_value_format(&s, &v, 0, "s", &out, err, sizeof(err)));
	ck_assert_str_eq(err, "ValueError: Unknown format code 's' for object of type 'int'");
	ck_assert(!lang_value_format(&s, &v, 0, ".2", &out, err, sizeof(err)));
	ck_assert_str_eq(err, "ValueError: Precision not allowed in integer format specifier");
	str.kind = LANG_VAL_STR;
	str.i = fake_intern(table, "it's", 4);
	ck_assert(lang_value_format(&s, &str, 'r', NULL, &out, err, sizeof(err)));
	ck_assert_str_eq(table[out.i], "\"it's\"");
	ck_assert(!lang_value_format(&s, &str, 0, "+", &out, err, sizeof(err)));
	ck_assert_str_eq(err, "ValueError: Sign not allowed in string format specifier");
	ck_assert(!lang_value_format(&s, &str, 0, "300", &out, err, sizeof(err)));
	ck_assert_str_eq(err, "MemoryError: a string longer than 256 bytes");
	ck_assert(!lang_value_len(&s, &v, &out, err, sizeof(err)));
	ck_assert_str_eq(err, "TypeError: object of type 'int' has no len()");
	v.kind = LANG_VAL_NONE;
	ck_assert(!lang_value_format(&s, &v, 0, ">5", &out, err, sizeof(err)));
	ck_assert_str_eq(err, "TypeError: unsupported format string passed to "
	    "NoneType.__format__");
	for (i = 0; table[i] != NULL; i++)
		free(table[i]);
}
END_TEST

START_TEST(python_string_errors_are_diagnostics)
{
	assert_py_error("x = 0\ny = f\"{x:e}\"\n", "t.py:2:9: error: the format type 'e' is not "
	    "supported (lockstep formats ints and strings: s d x X o b f F)");
	assert_py_error("x = 0\ny = f\"{x=}\"\n", "t.py:2:9: error: '=' in an f-string field is "
	    "not supported");
	assert_py_error("y = \"{} {0}\".format(1, 2)\n", "t.py:1:5: error: ValueError: cannot "
	    "switch between automatic field numbering ({}) and manual ({0})");
	assert_py_error("y = \"{2}\".format(1)\n", "t.py:1:5: error: IndexError: Replacement "
	    "index 2 out of range for positional args tuple");
	assert_py_error("s = \"a\"\ny = s.format(1)\n", "t.py:2:7: error: format() is "
	    "supported on a string literal only");
	assert_py_error("y = f\"{x\n", "t.py:1:7: error: this f-string field is never closed");
	assert_py_error("print(1, file=None)\n", "t.py:1:10: error: print() takes sep=, end= and "
	    "flush=, not file=");
}
END_TEST

static Suite *
lang_suite(void)
{
	Suite *s = suite_create("lang");
	TCase *lex = tcase_create("lexer");
	TCase *parse = tcase_create("parser");
	TCase *comp = tcase_create("compiler");
	TCase *py = tcase_create("python");

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
	tcase_add_test(parse, compile_conditional_expression);
	tcase_add_test(parse, docstrings_of_any_length);
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
	tcase_add_test(comp, compile_function);
	tcase_add_test(comp, compile_function_errors);
	tcase_add_test(comp, compile_wait_for_function);
	tcase_add_test(comp, compile_errors_are_several);
	tcase_add_test(comp, constants_fold_as_they_run);
	tcase_add_test(comp, diagnostic_format);
	tcase_add_test(comp, primitive_table);
	suite_add_tcase(s, comp);
	tcase_add_test(py, python_mode_words_are_names);
	tcase_add_test(py, lex_floats_fstrings_and_triple_quotes);
	tcase_add_test(py, python_module_is_the_main_thread);
	tcase_add_test(py, python_name_read_after_its_loop);
	tcase_add_test(py, python_tuple_unpacking);
	tcase_add_test(py, python_thread_objects_are_groups);
	tcase_add_test(py, python_thread_objects_names);
	tcase_add_test(py, python_worker_threads_names);
	tcase_add_test(py, python_thread_names_in_loops);
	tcase_add_test(py, python_opening_thread_list);
	tcase_add_test(py, python_class_instances_are_static);
	tcase_add_test(py, python_thread_local_attributes_are_the_thread_s);
	tcase_add_test(py, python_thread_objects_diagnostics);
	tcase_add_test(py, python_thread_kwargs_are_the_call_s);
	tcase_add_test(py, python_comprehension_filters);
	tcase_add_test(py, python_primitive_argument_is_the_module_s);
	tcase_add_test(py, python_imports_and_qualified_names);
	tcase_add_test(py, python_time_sleep_takes_seconds);
	tcase_add_test(py, python_docstring_is_title_and_about);
	tcase_add_test(py, python_def_run_once_is_main_code);
	tcase_add_test(py, python_run_once_objects_and_params);
	tcase_add_test(py, python_strings_print_as_cpython);
	tcase_add_test(py, python_string_errors_at_run_time);
	tcase_add_test(py, handler_entry_counts_in_max_stack);
	tcase_add_test(py, format_values_and_errors);
	tcase_add_test(py, python_string_errors_are_diagnostics);
	suite_add_tcase(s, py);
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
