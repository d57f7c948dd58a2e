/* parser_py.c - the top level of a Python program (a .py file).
 *
 * A Python module is the main thread: its statements run in order as the
 * thread named MainThread.  Before it runs, no other thread exists, so the
 * assignments that open the module (constants and primitives: `COUNT = 3`,
 * `lock = threading.Lock()`) are exactly the program's initial state; they
 * become declarations, as `NAME = value` lines are in a .race file.  The
 * first statement that is not such an assignment (nor an import or a
 * docstring) ends them: it and everything after it is main's code, with a
 * step wherever it touches shared state.  `if __name__ == "__main__":` is
 * always true here; its block is main's code in place.
 *
 * Imports are checked against lang/pymodules.h as they are read, and kept
 * in the file for the compiler to resolve `threading.Lock()` and friends.
 */
#include "config.h"

#include "lang/parser_cursor.h"
#include "lang/parser_expr.h"
#include "lang/parser_unpack.h"
#include "lang/pymodules.h"

#include <stdio.h>
#include <string.h>

#include "util/strbuf.h"

const char *
parser_python_unsupported(const char *word)
{
	static const struct {
		const char *word, *message;
	} messages[] = {
		{ "class", "'class' belongs at the top level of the module, not inside a "
		    "block" },
		{ "except", "'except' without a matching 'try'" },
		{ "finally", "'finally' without a matching 'try'" },
		{ "lambda", "'lambda' is not supported" },
		{ "nonlocal", "'nonlocal' is not supported" },
		{ "yield", "'yield' (generators) is not supported" },
		{ "async", "'async' (coroutines) is not supported; lockstep runs threads" },
		{ "await", "'await' (coroutines) is not supported; lockstep runs threads" },
		{ "del", "'del' is not supported" },
		{ "import", "imports belong at the top level of the module, not inside a block" },
		{ "from", "imports belong at the top level of the module, not inside a block" },
	};
	size_t i;

	for (i = 0; i < sizeof(messages) / sizeof(messages[0]); i++)
		if (strcmp(word, messages[i].word) == 0)
			return messages[i].message;
	return "this Python keyword is not supported";
}

static bool
is_word(const struct lang_token *t, const char *word)
{
	return t->text != NULL && (t->kind == LANG_TOK_PYTHON_ONLY || t->kind == LANG_TOK_NAME) &&
	    strcmp(t->text, word) == 0;
}

static const char *
name_text(struct parser *p, const struct lang_token *t)
{
	return ast_strndup(p->arena, t->text, t->text_len);
}

/* A dotted module name as written (import threading.foo), for messages;
 * false after an error. */
static bool
module_name(struct parser *p, const char **module, struct lang_loc *loc)
{
	const struct lang_token *t = peek(p);

	if (!parser_expect(p, LANG_TOK_NAME, " (a module's name)"))
		return false;
	*module = name_text(p, t);
	*loc = t->loc;
	if (peek_kind(p) == LANG_TOK_DOT) {
		parser_error_at(p, peek(p)->loc, "submodules are not supported; lockstep "
		    "programs may import %s", lang_py_modules());
		return false;
	}
	if (!lang_py_module_known(*module)) {
		/* lecture code sleeps a random while to vary the interleaving,
		 * which is what lockstep's schedules do, every one of them */
		parser_error_at(p, t->loc, "module '%s' is not supported; lockstep programs "
		    "may import %s%s", *module, lang_py_modules(), strcmp(*module, "random") == 0 ?
		    " (for a random sleep write a fixed one, time.sleep(0.001): explore tries "
		    "every order of the steps, free runs them on real threads)" : "");
		return false;
	}
	return true;
}

/* `as ALIAS`, if there; false after an error. */
static bool
alias(struct parser *p, const char **bound, struct lang_loc *loc)
{
	if (!is_word(peek(p), "as"))
		return true;
	advance(p);
	if (peek_kind(p) != LANG_TOK_NAME)
		return parser_expect(p, LANG_TOK_NAME, " after 'as'");
	*bound = name_text(p, peek(p));
	*loc = peek(p)->loc;
	advance(p);
	return true;
}

static void
add_import(struct parser *p, struct ast_file *file, const char *module, const char *name,
    const char *bound, struct lang_loc loc)
{
	struct ast_import *im = ast_alloc(p->arena, sizeof(*im)), **tail;

	im->module = module;
	im->name = name;
	im->alias = bound;
	im->loc = loc;
	for (tail = &file->imports; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = im;
}

/* import M [as A], ... */
static void
parse_import(struct parser *p, struct ast_file *file)
{
	advance(p);
	do {
		const char *module, *bound;
		struct lang_loc loc;

		if (!module_name(p, &module, &loc))
			return;
		bound = module;
		if (!alias(p, &bound, &loc))
			return;
		add_import(p, file, module, NULL, bound, loc);
	} while (accept(p, LANG_TOK_COMMA));
}

/* from M import N [as A], ...  (or in parentheses) */
static void
parse_from(struct parser *p, struct ast_file *file)
{
	const char *module;
	struct lang_loc loc;
	bool paren;

	advance(p);
	if (!module_name(p, &module, &loc))
		return;
	if (!is_word(peek(p), "import")) {
		parser_expect(p, LANG_TOK_PYTHON_ONLY, " ('import') after the module's name");
		return;
	}
	advance(p);
	if (peek_kind(p) == LANG_TOK_STAR) {
		char list[200];

		lang_py_supported(module, list, sizeof(list));
		parser_error_at(p, peek(p)->loc, "'from %s import *' is not supported; name "
		    "what you use: from %s import %s", module, module, list);
		return;
	}
	paren = accept(p, LANG_TOK_LPAREN);
	do {
		const struct lang_token *t = peek(p);
		const struct lang_py_name *n;
		const char *name, *bound;
		char list[200];

		if (paren && peek_kind(p) == LANG_TOK_RPAREN)
			break;
		if (!parser_expect(p, LANG_TOK_NAME, " (a name to import)"))
			return;
		name = bound = name_text(p, t);
		n = lang_py_lookup(module, name);
		if (n == NULL) {
			lang_py_supported(module, list, sizeof(list));
			parser_error_at(p, t->loc, "%s.%s is not supported; from %s lockstep "
			    "supports %s", module, name, module, list);
			return;
		}
		loc = t->loc;
		if (!alias(p, &bound, &loc))
			return;
		add_import(p, file, module, name, bound, loc);
	} while (accept(p, LANG_TOK_COMMA));
	if (paren)
		parser_expect(p, LANG_TOK_RPAREN, " to close the names imported");
}

/* An import line, 'import' or 'from' next.  In a .race file it is
 * checked the same way and binds the same names, which only except and
 * raise look up (queue.Empty): the primitives are names there already. */
void
parser_python_import(struct parser *p, struct ast_file *file)
{
	if (peek(p)->text[0] == 'i')
		parse_import(p, file);
	else
		parse_from(p, file);
	parser_end_of_statement(p);
}

/* A name this file already declared: assigning it again is main's code. */
static bool
declared(const struct ast_file *file, const char *name)
{
	const struct ast_top *top;

	for (top = file->tops; top != NULL; top = top->next)
		if (top->kind == AST_DECL && strcmp(top->name, name) == 0)
			return true;
	return false;
}

/* What an opening assignment may make: a primitive, or a
 * threading.local(), each thread's own empty object (compile_local.c). */
static bool
makes_state(const struct lang_py_name *n)
{
	return n->kind == LANG_PY_PRIM ||
	    (strcmp(n->module, "threading") == 0 && strcmp(n->name, "local") == 0);
}

/* A call that makes a primitive: Lock() (imported or not: the compiler
 * says which import is missing), an alias of one (from threading import
 * Lock as L), or module.Name(); or a threading.local(). */
static bool
constructor_call(const struct ast_file *file, const struct ast_expr *e)
{
	const struct ast_expr *f = e->u.call.callee;
	const struct ast_import *im;
	const struct lang_py_name *n;

	if (f->kind == AST_NAME) {
		im = ast_find_import(file, f->u.name);
		if (im != NULL && im->name != NULL)
			return makes_state(lang_py_lookup(im->module, im->name));
		return lang_prim_by_name(f->u.name, (unsigned)strlen(f->u.name)) >= 0 ||
		    strcmp(f->u.name, "len") == 0;
	}
	if (f->kind != AST_ATTR || f->u.attr.base->kind != AST_NAME)
		return false;
	im = ast_find_import(file, f->u.attr.base->u.name);
	if (im == NULL)
		return lang_py_module_known(f->u.attr.base->u.name);
	if (im->name != NULL)
		return false;
	/* threading.Thread(...) is code; a name the module lacks is reported
	 * where it is, as a declaration's */
	n = lang_py_lookup(im->module, f->u.attr.name);
	return n == NULL || makes_state(n);
}

/* Whether an assignment's value is initial state: constants, earlier
 * names, primitives, arrays of them; not a call of anything else. */
static bool
declaration_value(const struct ast_file *file, const struct ast_expr *e)
{
	int i;

	switch (e->kind) {
	case AST_INT:
	case AST_STR:
	case AST_BOOL:
	case AST_NONE:
	case AST_NAME:
	case AST_FLOAT:
		return true;
	case AST_UNARY:
		return declaration_value(file, e->u.unary.operand);
	case AST_BINARY:
	case AST_IN:
		return declaration_value(file, e->u.binary.lhs) &&
		    declaration_value(file, e->u.binary.rhs);
	case AST_AND:
	case AST_OR:
		return declaration_value(file, e->u.logic.lhs) &&
		    declaration_value(file, e->u.logic.rhs);
	case AST_COND:
		return declaration_value(file, e->u.cond.cond) &&
		    declaration_value(file, e->u.cond.then) &&
		    declaration_value(file, e->u.cond.otherwise);
	case AST_INDEX:
		return declaration_value(file, e->u.index.base) &&
		    declaration_value(file, e->u.index.index);
	case AST_LIST:
	case AST_TUPLE:
	case AST_DICT:
		for (i = 0; i < e->u.list.n; i++)
			if (!declaration_value(file, e->u.list.items[i]))
				return false;
		return true;
	case AST_LISTCOMP:
		return declaration_value(file, e->u.comp.elem) &&
		    (e->u.comp.cond == NULL || declaration_value(file, e->u.comp.cond));
	case AST_CALL:
		return constructor_call(file, e);
	case AST_ATTR:
	case AST_FSTRING:
		return false;
	}
	return false;
}

static struct ast_expr *
name_expr(struct parser *p, const struct lang_token *t)
{
	struct ast_expr *e = ast_alloc(p->arena, sizeof(*e));

	e->kind = AST_NAME;
	e->loc = t->loc;
	e->start = t->start;
	e->end = t->end;
	e->u.name = name_text(p, t);
	return e;
}

static bool
makes_instance(const struct ast_file *file, const struct ast_expr *value)
{
	const struct ast_class *k;

	if (value->kind == AST_LISTCOMP)
		value = value->u.comp.elem;	/* [C(i) for i in range(N)] */
	if (value->kind != AST_CALL || value->u.call.callee->kind != AST_NAME)
		return false;
	for (k = file->classes; k != NULL; k = k->next)
		if (strcmp(k->name, value->u.call.callee->u.name) == 0)
			return true;
	return false;
}

static void
add_declaration(struct parser *p, struct ast_top ***tops, const char *name,
    struct lang_loc loc, struct ast_expr *value)
{
	struct ast_top *top = ast_alloc(p->arena, sizeof(*top));

	top->kind = AST_DECL;
	top->loc = loc;
	top->name = name;
	top->name_loc = loc;
	top->value = value;
	**tops = top;
	*tops = &top->next;
}

/* NAME = value at the top: a declaration while the module is still
 * setting up its state, else a statement of main (returned). */
static struct ast_stmt *
top_assignment(struct parser *p, struct ast_file *file, bool *leading,
    struct ast_top ***tops)
{
	const struct lang_token *t = advance(p), *op = advance(p);
	struct ast_expr *value = parse_expr(p);
	struct ast_stmt *s;

	if (peek_kind(p) == LANG_TOK_ASSIGN)
		parser_error_at(p, peek(p)->loc, "one assignment per statement: "
		    "write a = 1 and b = 1 on two lines");
	if (*leading && !declared(file, t->text) && declaration_value(file, value)) {
		add_declaration(p, tops, name_text(p, t), t->loc, value);
		parser_end_of_statement(p);
		return NULL;
	}
	/* an instance of a class above is made before the program runs
	 * (compile_class.c): the opening assignments go on after it */
	if (!makes_instance(file, value))
		*leading = false;
	s = ast_alloc(p->arena, sizeof(*s));
	s->kind = AST_ASSIGN;
	s->loc = t->loc;
	s->u.assign.target = name_expr(p, t);
	s->u.assign.value = value;
	s->u.assign.op_loc = op->loc;
	parser_end_of_statement(p);
	return s;
}

/* NAME, NAME ... = at the cursor: a tuple assignment of names. */
static bool
names_assigned_ahead(const struct parser *p)
{
	size_t k = 0;

	while (peek_kind_at(p, k) == LANG_TOK_NAME && peek_kind_at(p, k + 1) == LANG_TOK_COMMA)
		k += 2;
	return k > 0 && (peek_kind_at(p, k) == LANG_TOK_ASSIGN ||
	    (peek_kind_at(p, k) == LANG_TOK_NAME && peek_kind_at(p, k + 1) == LANG_TOK_ASSIGN));
}

struct mentions {
	const struct ast_expr *targets;
	bool found;
};

static bool
mentions_visit(struct ast_expr **slot, void *arg)
{
	struct mentions *m = arg;
	int i;

	if ((*slot)->kind == AST_NAME)
		for (i = 0; i < m->targets->u.list.n; i++)
			if (m->targets->u.list.items[i]->kind == AST_NAME &&
			    strcmp((*slot)->u.name, m->targets->u.list.items[i]->u.name) == 0)
				m->found = true;
	return !m->found;
}

/* x, y = 0, 0 at the top: one declaration per name while the module is
 * still setting up its state (each value a declaration's, none reading a
 * name of the targets: then one after another is the same as all at
 * once), else main's statements that unpack (returned). */
static struct ast_stmt *
top_tuple_assignment(struct parser *p, struct ast_file *file, bool *leading,
    struct ast_top ***tops)
{
	const struct lang_token *t = peek(p);
	struct ast_expr *first = name_expr(p, advance(p)), *targets, *value;
	struct mentions m = { NULL, false };
	struct ast_stmt *s;
	int i, star = -1;

	targets = parser_tuple_rest(p, first, true, &star);
	if (targets == NULL || !parser_expect(p, LANG_TOK_ASSIGN, " after the names")) {
		parser_end_of_statement(p);
		return NULL;
	}
	value = parser_value(p);
	m.targets = targets;
	for (i = 0; *leading && value->kind == AST_TUPLE && i < value->u.list.n; i++)
		ast_each_expr(&value->u.list.items[i], mentions_visit, &m);
	for (i = 0; i < targets->u.list.n && !m.found; i++)	/* (a nested one: no) */
		m.found = targets->u.list.items[i]->kind != AST_NAME ||
		    declared(file, targets->u.list.items[i]->u.name);
	if (*leading && !m.found && !p->panic && value->kind == AST_TUPLE && star < 0 &&
	    value->u.list.n == targets->u.list.n && declaration_value(file, value)) {
		for (i = 0; i < targets->u.list.n; i++)
			add_declaration(p, tops, targets->u.list.items[i]->u.name,
			    targets->u.list.items[i]->loc, value->u.list.items[i]);
		parser_end_of_statement(p);
		return NULL;
	}
	*leading = false;
	s = p->panic ? NULL : star >= 0 ? parser_unpack_star(p, targets, star, value, t->loc) :
	    parser_unpack_statements(p, targets, value, t->loc);
	parser_end_of_statement(p);
	return s;
}

/* `if __name__ == "__main__":`, which is always true in a program run as
 * the main module. */
static bool
is_main_guard(const struct ast_expr *e)
{
	const struct ast_expr *l, *r;

	if (e == NULL || e->kind != AST_BINARY || e->u.binary.op != LANG_BIN_EQ)
		return false;
	l = e->u.binary.lhs;
	r = e->u.binary.rhs;
	if (l->kind == AST_STR) {
		const struct ast_expr *x = l;

		l = r;
		r = x;
	}
	return l->kind == AST_NAME && strcmp(l->u.name, "__name__") == 0 &&
	    r->kind == AST_STR && r->u.str.len == 8 && memcmp(r->u.str.s, "__main__", 8) == 0;
}

static void
append(struct ast_stmt ***tail, struct ast_stmt *s)
{
	if (s == NULL)
		return;
	**tail = s;
	while (s->next != NULL)
		s = s->next;
	*tail = &s->next;
}

/* The module's docstring: its first line is the title, the lines after
 * it (each trimmed, as about: lines are) the about text. */
static void
docstring(struct parser *p, struct ast_file *file, const struct lang_token *t)
{
	struct strbuf about = { 0 };
	const char *s = t->text, *end = t->text + t->text_len;
	bool first = true;

	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s)), *e = nl != NULL ? nl : end;
		const char *b = s;

		while (b < e && (*b == ' ' || *b == '\t'))
			b++;
		while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			e--;
		if (first && e > b) {
			file->title = ast_strndup(p->arena, b, (size_t)(e - b));
			first = false;
		} else if (!first && (e > b || about.len > 0)) {
			if (about.len > 0)
				strbuf_putc(&about, '\n');
			strbuf_append(&about, b, (size_t)(e - b));
		}
		s = nl != NULL ? nl + 1 : end;
	}
	while (about.len > 0 && about.buf[about.len - 1] == '\n')
		about.len--;
	if (about.len > 0)
		file->about = ast_strndup(p->arena, about.buf, about.len);
	strbuf_free(&about);
}

/* class NAME[(BASE)]: its body holds methods (def), constants (NAME =
 * value), a docstring and pass; nothing else runs in lockstep's reading of
 * a class.  What the base may be is the compiler's to say
 * (compile_class.c); a class binds its name and touches no state, so the
 * opening assignments may go on after it, as after a def. */
void
parser_python_class(struct parser *p, struct ast_file *file)
{
	struct ast_class *cls = ast_alloc(p->arena, sizeof(*cls)), **tail;
	struct ast_top **methods = &cls->methods, **constants = &cls->constants;
	char buf[96];

	advance(p);
	if (peek_kind(p) != LANG_TOK_NAME) {
		parser_expect(p, LANG_TOK_NAME, " (the class's name) after 'class'");
		return;
	}
	cls->name = name_text(p, peek(p));
	cls->loc = peek(p)->loc;
	advance(p);
	if (accept(p, LANG_TOK_LPAREN) && !accept(p, LANG_TOK_RPAREN)) {
		cls->base = parse_expr(p);
		if (peek_kind(p) == LANG_TOK_COMMA) {
			parser_error_at(p, peek(p)->loc, "a class with more than one base is not "
			    "supported; lockstep reads class C:, class C(object): and "
			    "class C(threading.Thread):");
			return;
		}
		if (!parser_expect(p, LANG_TOK_RPAREN, " to close the class's base"))
			return;
	}
	if (!parser_expect(p, LANG_TOK_COLON, " after the class's name") ||
	    !parser_expect(p, LANG_TOK_NEWLINE, " after 'class NAME:' (the body goes on "
	    "the lines below, indented)"))
		return;
	if (!accept(p, LANG_TOK_INDENT)) {
		parser_error_at(p, peek(p)->loc, "expected an indented block after 'class' on "
		    "line %u, found %s", cls->loc.line, parser_found(peek(p), buf, sizeof(buf)));
		return;
	}
	while (peek_kind(p) != LANG_TOK_DEDENT && peek_kind(p) != LANG_TOK_EOF &&
	    !lang_diags_full(p->diags)) {
		const struct lang_token *t = peek(p);
		size_t before = p->pos;

		if (accept(p, LANG_TOK_NEWLINE)) {
			continue;
		} else if (t->kind == LANG_TOK_DEF) {
			struct ast_top *def = parser_def(p);

			if (def != NULL) {
				*methods = def;
				methods = &def->next;
			}
		} else if (t->kind == LANG_TOK_STRING && peek_kind_at(p, 1) == LANG_TOK_NEWLINE) {
			advance(p);	/* the class's docstring */
			advance(p);
		} else if (t->kind == LANG_TOK_PASS) {
			advance(p);
			parser_end_of_statement(p);
		} else if (t->kind == LANG_TOK_NAME && peek_kind_at(p, 1) == LANG_TOK_ASSIGN) {
			struct ast_top *k = ast_alloc(p->arena, sizeof(*k));

			k->kind = AST_DECL;
			k->loc = k->name_loc = t->loc;
			k->name = name_text(p, t);
			advance(p);
			advance(p);
			k->value = parse_expr(p);
			*constants = k;
			constants = &k->next;
			parser_end_of_statement(p);
		} else {
			parser_error_at(p, t->loc, "a class's body holds its methods (def) and "
			    "constants (NAME = value); lockstep runs no other statement in it");
			parser_skip_statement(p);
			p->panic = false;
		}
		if (p->pos == before)
			advance(p);
	}
	accept(p, LANG_TOK_DEDENT);
	for (tail = &file->classes; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = cls;
}

/* The last line that holds a token. */
static unsigned
last_line(const struct parser *p)
{
	size_t i = p->ntoks;

	while (i > 0 && (p->toks[i - 1].kind == LANG_TOK_NEWLINE ||
	    p->toks[i - 1].kind == LANG_TOK_DEDENT || p->toks[i - 1].kind == LANG_TOK_EOF))
		i--;
	return i > 0 ? p->toks[i - 1].loc.line : 1;
}

void
parser_python_module(struct parser *p, struct ast_file *file)
{
	struct ast_top **tops = &file->tops, *main;
	struct ast_stmt *body = NULL, **tail = &body;
	bool leading = true;

	file->python = true;
	while (peek_kind(p) != LANG_TOK_EOF && !lang_diags_full(p->diags)) {
		const struct lang_token *t = peek(p);
		size_t before = p->pos;
		struct ast_stmt *s;

		if (accept(p, LANG_TOK_NEWLINE) || accept(p, LANG_TOK_DEDENT))
			continue;
		if (t->kind == LANG_TOK_INDENT) {
			parser_error_at(p, t->loc, "unexpected indentation");
			parser_skip_statement(p);
			p->panic = false;
		} else if (is_word(t, "import") || is_word(t, "from")) {
			parser_python_import(p, file);
		} else if (t->kind == LANG_TOK_STRING && peek_kind_at(p, 1) == LANG_TOK_NEWLINE) {
			/* a docstring: says what the module is, does nothing; the
			 * module's own is its title and about text */
			if (p->pos == 0)
				docstring(p, file, t);
			advance(p);
			advance(p);
		} else if (t->kind == LANG_TOK_DEF) {
			/* a def binds its name and touches no state: the opening
			 * assignments may go on after it */
			struct ast_top *def = parser_def(p);

			if (def != NULL) {
				*tops = def;
				tops = &def->next;
			}
		} else if (is_word(t, "class")) {
			parser_python_class(p, file);
		} else if (t->kind == LANG_TOK_NAME && peek_kind_at(p, 1) == LANG_TOK_ASSIGN) {
			append(&tail, top_assignment(p, file, &leading, &tops));
		} else if (names_assigned_ahead(p)) {
			append(&tail, top_tuple_assignment(p, file, &leading, &tops));
		} else {
			leading = false;
			s = parser_statement(p);
			if (s != NULL && s->kind == AST_IF && is_main_guard(s->u.if_.cond)) {
				if (s->u.if_.otherwise != NULL)
					parser_error_at(p, s->loc, "the 'else' of 'if __name__ == "
					    "\"__main__\"' never runs; remove it");
				p->panic = false;
				append(&tail, s->u.if_.then);
			} else {
				append(&tail, s);
			}
		}
		if (p->pos == before)
			advance(p);	/* never loop without progress */
	}
	main = ast_alloc(p->arena, sizeof(*main));
	main->kind = AST_MAIN;
	main->name = "MainThread";
	main->loc = main->name_loc = (struct lang_loc){ 1, 1, 1 };
	main->body = body;
	main->first_line = 0;	/* no header line: the code starts at line 1 */
	main->last_line = last_line(p);
	*tops = main;
}
