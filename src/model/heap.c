#include "config.h"

#include <stdio.h>
#include <string.h>

#include "model/heap.h"
#include "model/internal.h"

/* Objects nested deeper than this compare unequal and print as [...]:
 * a list that holds itself must not recurse forever. */
#define MAX_NESTING 16

static bool
equal_at(const struct model_heap *h, const struct model_strings *s,
    const struct model_value *a, const struct model_value *b, int depth);

size_t
model_heap_bytes(int nobjs, int ncells)
{
	return (size_t)nobjs * sizeof(struct model_heap_obj) +
	    (size_t)ncells * sizeof(struct model_value);
}

void
model_heap_view(struct model_heap *h, void *mem, int nobjs, int ncells)
{
	memset(h, 0, sizeof(*h));
	h->objs = mem;
	h->cells = (struct model_value *)(void *)((unsigned char *)mem +
	    (size_t)nobjs * sizeof(struct model_heap_obj));
	h->nobjs = nobjs;
	h->ncells = ncells;
}

static int
start_of(const struct model_heap *h, int id)
{
	int i, at = 0;

	for (i = 0; i < id; i++)
		at += h->objs[i].len;
	return at;
}

static int
used_cells(const struct model_heap *h)
{
	return start_of(h, h->nobjs);
}

static bool
heap_full(const struct model_heap *h, char *err, size_t errsize)
{
	snprintf(err, errsize, "MemoryError: lockstep's heap limit is %d lists and tuples "
	    "holding %d items in all", h->nobjs, h->ncells);
	return false;
}

/* Open n zeroed cells at index at, moving the items after it. */
static void
open_cells(struct model_heap *h, int at, int n)
{
	int used = used_cells(h);

	if (h->moved != NULL)
		h->moved(h->moved_arg, at, n, true);
	memmove(&h->cells[at + n], &h->cells[at], (size_t)(used - at) * sizeof(*h->cells));
	memset(&h->cells[at], 0, (size_t)n * sizeof(*h->cells));
}

/* Close n cells at index at; the cells freed at the end become zero. */
static void
close_cells(struct model_heap *h, int at, int n)
{
	int used = used_cells(h);

	if (h->moved != NULL)
		h->moved(h->moved_arg, at, n, false);
	memmove(&h->cells[at], &h->cells[at + n], (size_t)(used - at - n) * sizeof(*h->cells));
	memset(&h->cells[used - n], 0, (size_t)n * sizeof(*h->cells));
}

bool
model_heap_new_object(struct model_heap *h, enum model_kind kind,
    const struct model_value *items, int n, struct model_value *out,
    char *err, size_t errsize)
{
	int id, at;

	for (id = 0; id < h->nobjs && h->objs[id].kind != 0; id++)
		;
	if (id == h->nobjs || used_cells(h) + n > h->ncells)
		return heap_full(h, err, errsize);
	at = start_of(h, id);
	open_cells(h, at, n);
	if (n > 0)
		memcpy(&h->cells[at], items, (size_t)n * sizeof(*items));
	h->objs[id].kind = (int32_t)kind;
	h->objs[id].len = n;
	h->objs[id].shared = 0;
	out->kind = (int32_t)kind;
	out->pad = 0;
	out->i = id;
	return true;
}

int
model_heap_len(const struct model_heap *h, const struct model_value *obj)
{
	return h->objs[obj->i].len;
}

int
model_heap_count(const struct model_heap *h, const struct model_value *obj)
{
	return obj->kind == MODEL_DICT ? h->objs[obj->i].len / 2 : h->objs[obj->i].len;
}

int
model_heap_dict_find(const struct model_heap *h, const struct model_strings *s,
    const struct model_value *dict, const struct model_value *key)
{
	int i, n = model_heap_len(h, dict);

	for (i = 0; i < n; i += 2) {
		struct model_value k = model_heap_item(h, dict, i);

		if (equal_at(h, s, &k, key, 0))
			return i + 1;
	}
	return -1;
}

int
model_heap_cell(const struct model_heap *h, const struct model_value *obj, int i)
{
	return start_of(h, (int)obj->i) + i;
}

struct model_value
model_heap_item(const struct model_heap *h, const struct model_value *obj, int i)
{
	return h->cells[start_of(h, (int)obj->i) + i];
}

void
model_heap_set_item(struct model_heap *h, const struct model_value *obj, int i,
    const struct model_value *v)
{
	h->cells[start_of(h, (int)obj->i) + i] = *v;
}

bool
model_heap_insert(struct model_heap *h, const struct model_value *obj, int i,
    const struct model_value *v, char *err, size_t errsize)
{
	int at;

	if (used_cells(h) == h->ncells)
		return heap_full(h, err, errsize);
	at = start_of(h, (int)obj->i) + i;
	open_cells(h, at, 1);
	h->cells[at] = *v;
	h->objs[obj->i].len++;
	return true;
}

struct model_value
model_heap_delete(struct model_heap *h, const struct model_value *obj, int i)
{
	int at = start_of(h, (int)obj->i) + i;
	struct model_value v = h->cells[at];

	close_cells(h, at, 1);
	h->objs[obj->i].len--;
	return v;
}


/* Two dicts: the same keys, each with an equal value, in any order. */
static bool
equal_dicts(const struct model_heap *h, const struct model_strings *s,
    const struct model_value *a, const struct model_value *b, int depth)
{
	int i, at, n = model_heap_len(h, a);

	if (n != model_heap_len(h, b))
		return false;
	for (i = 0; i < n; i += 2) {
		struct model_value k = model_heap_item(h, a, i), x, y;

		at = model_heap_dict_find(h, s, b, &k);
		if (at < 0)
			return false;
		x = model_heap_item(h, a, i + 1);
		y = model_heap_item(h, b, at);
		if (!equal_at(h, s, &x, &y, depth + 1))
			return false;
	}
	return true;
}

/* An object against a frozen one: by their texts. */
static bool
equal_frozen(const struct model_heap *h, const struct model_strings *s,
    const struct model_value *obj, const struct model_value *frozen)
{
	char text[1024];

	model_heap_repr(h, s, obj, text, sizeof(text));
	return strcmp(text, model_strings_get(s, frozen->i)) == 0;
}

static bool
equal_at(const struct model_heap *h, const struct model_strings *s,
    const struct model_value *a, const struct model_value *b, int depth)
{
	int i, n;

	if (model_value_is_object(a) && b->kind == MODEL_REPR)
		return equal_frozen(h, s, a, b);
	if (model_value_is_object(b) && a->kind == MODEL_REPR)
		return equal_frozen(h, s, b, a);
	if (!model_value_is_object(a) || !model_value_is_object(b))
		return !model_value_is_object(a) && !model_value_is_object(b) &&
		    model_value_equal(a, b);
	if (a->kind != b->kind || depth > MAX_NESTING)
		return false;
	if (a->i == b->i)
		return true;
	if (a->kind == MODEL_DICT)
		return equal_dicts(h, s, a, b, depth);
	n = model_heap_len(h, a);
	if (n != model_heap_len(h, b))
		return false;
	for (i = 0; i < n; i++) {
		struct model_value x = model_heap_item(h, a, i), y = model_heap_item(h, b, i);

		if (!equal_at(h, s, &x, &y, depth + 1))
			return false;
	}
	return true;
}

bool
model_heap_equal(const struct model_heap *h, const struct model_strings *s,
    const struct model_value *a, const struct model_value *b)
{
	return equal_at(h, s, a, b, 0);
}

int
model_heap_find(const struct model_heap *h, const struct model_strings *s,
    const struct model_value *obj, const struct model_value *v)
{
	int i, n = model_heap_len(h, obj);

	for (i = 0; i < n; i++) {
		struct model_value x = model_heap_item(h, obj, i);

		if (equal_at(h, s, &x, v, 0))
			return i;
	}
	return -1;
}

bool
model_heap_is_shared(const struct model_heap *h, const struct model_value *obj)
{
	return h->objs[obj->i].shared != 0;
}

/* Mark what v reaches with mark[] = 1, skipping what is marked already;
 * shared objects reach only shared ones, so sharing may stop there too. */
static void
reach(const struct model_heap *h, const struct model_value *v, unsigned char *mark)
{
	int i, n;

	if (!model_value_is_object(v) || mark[v->i])
		return;
	mark[v->i] = 1;
	n = h->objs[v->i].len;
	for (i = 0; i < n; i++) {
		struct model_value x = model_heap_item(h, v, i);

		reach(h, &x, mark);
	}
}

/* Share what v reaches that is not shared yet (what a shared object
 * reaches is shared already). */
static void
share(struct model_heap *h, const struct model_value *v)
{
	int i, n;

	if (!model_value_is_object(v) || h->objs[v->i].shared)
		return;
	h->objs[v->i].shared = 1;
	n = h->objs[v->i].len;
	for (i = 0; i < n; i++) {
		struct model_value x = model_heap_item(h, v, i);

		share(h, &x);
	}
}

void
model_heap_publish(struct model_heap *h, const struct model_value *v)
{
	if (!model_value_is_object(v))
		return;
	h->objs[v->i].shared = 0;	/* shared or not, look at its items again */
	share(h, v);
}

void
model_heap_collect(struct model_heap *h, const struct model_heap_roots *roots)
{
	unsigned char shared[MODEL_HEAP_OBJECTS] = { 0 }, mine[MODEL_HEAP_OBJECTS];
	int owner[MODEL_HEAP_OBJECTS], t, i;
	size_t k;

	if (h->nobjs > MODEL_HEAP_OBJECTS)
		return;
	for (t = 0; t < roots->nthreads; t++)
		if (roots->thread[t] == NULL)
			return;
	for (k = 0; k < roots->nshared; k++)
		reach(h, &roots->shared[k], shared);
	for (i = 0; i < h->nobjs; i++)
		owner[i] = -1;
	for (t = 0; t < roots->nthreads; t++) {
		memset(mine, 0, sizeof(mine));
		for (k = 0; k < roots->nthread[t]; k++)
			reach(h, &roots->thread[t][k], mine);
		for (i = 0; i < h->nobjs; i++) {
			if (!mine[i])
				continue;
			if (owner[i] >= 0 && owner[i] != t)
				shared[i] = 2;	/* a second thread: shared */
			owner[i] = t;
		}
	}
	/* what a shared object reaches is shared too */
	for (i = 0; i < h->nobjs; i++)
		if (shared[i] == 2) {
			struct model_value v = { h->objs[i].kind, 0, i };

			shared[i] = 0;
			reach(h, &v, shared);
		}
	for (i = h->nobjs - 1; i >= 0; i--) {
		if (h->objs[i].kind == 0)
			continue;
		if (!shared[i] && owner[i] < 0) {
			close_cells(h, start_of(h, i), h->objs[i].len);
			memset(&h->objs[i], 0, sizeof(h->objs[i]));
			continue;
		}
		h->objs[i].shared = shared[i] != 0;
	}
}

struct model_value
model_heap_freeze(const struct model_heap *h, struct model_strings *s,
    const struct model_value *v)
{
	struct model_value out = *v;
	char text[512];

	if (!model_value_is_object(v))
		return out;
	model_heap_repr(h, s, v, text, sizeof(text));
	out.kind = MODEL_REPR;
	out.pad = 0;
	out.i = model_strings_intern(s, text, strlen(text));
	return out;
}

/* ---- repr ---- */

struct text {
	char *buf;
	size_t size, len;
	bool cut;
};

static void
put(struct text *t, const char *s)
{
	size_t n = strlen(s);

	if (t->cut)
		return;
	if (t->len + n >= t->size) {
		t->cut = true;
		return;
	}
	memcpy(t->buf + t->len, s, n + 1);
	t->len += n;
}

static void
repr_at(const struct model_heap *h, const struct model_strings *s,
    const struct model_value *v, struct text *t, int depth)
{
	char item[300];
	int i, n;

	if (!model_value_is_object(v)) {
		model_value_format(s, v, item, sizeof(item));
		put(t, item);
		return;
	}
	if (depth > MAX_NESTING) {
		put(t, v->kind == MODEL_LIST ? "[...]" : v->kind == MODEL_DICT ? "{...}" : "(...)");
		return;
	}
	n = model_heap_len(h, v);
	put(t, v->kind == MODEL_LIST ? "[" : v->kind == MODEL_DICT ? "{" : "(");
	for (i = 0; i < n && !t->cut; i++) {
		struct model_value x = model_heap_item(h, v, i);

		if (i > 0)
			put(t, v->kind == MODEL_DICT && i % 2 == 1 ? ": " : ", ");
		repr_at(h, s, &x, t, depth + 1);
	}
	put(t, v->kind == MODEL_LIST ? "]" : v->kind == MODEL_DICT ? "}" : n == 1 ? ",)" : ")");
}

void
model_heap_repr(const struct model_heap *h, const struct model_strings *s,
    const struct model_value *v, char *buf, size_t size)
{
	struct text t = { buf, size, 0, false };

	if (size == 0)
		return;
	buf[0] = '\0';
	repr_at(h, s, v, &t, 0);
	if (t.cut) {
		/* room for the ellipsis (3 bytes) and the closing bracket */
		size_t keep = size > 6 ? size - 6 : 0;

		t.len = keep;
		buf[keep] = '\0';
		strcat(buf, "\xe2\x80\xa6");
		strcat(buf, v->kind == MODEL_TUPLE ? ")" : v->kind == MODEL_DICT ? "}" : "]");
	}
}

/* ---- words ---- */

/* A step on a list in words: the timeline's word, and the trace's label
 * as the pieces around the name and the value ("LOAD " name " -> "
 * value); false for other opcodes. */
struct step_words {
	const char *word, *before, *between, *after;
};

static bool
step_words(int op, struct step_words *w)
{
	static const struct step_words item_load = { "LOAD", "LOAD ", " -> ", "" },
	    item_store = { "STORE", "STORE ", " = ", "" },
	    append = { "append", "", ".append(", ")" },
	    pop = { "pop", "", ".pop() -> ", "" },
	    insert = { "insert", "", ".insert(", ")" },
	    remove_ = { "remove", "", ".remove(", ")" },
	    len = { "len", "len(", ") -> ", "" },
	    contains = { "in", "in ", " -> ", "" },
	    next = { "next", "next of ", " -> ", "" },
	    get = { "get", "", ".get() -> ", "" },
	    unpack = { "unpack", "unpack ", " -> ", "" },
	    builtin = { "read", "read all of ", " -> ", "" };

	switch ((enum lang_opcode)op) {
	case LANG_OP_ITEM_LOAD: *w = item_load; return true;
	case LANG_OP_ITEM_STORE: *w = item_store; return true;
	case LANG_OP_LIST_APPEND: *w = append; return true;
	case LANG_OP_LIST_POP: *w = pop; return true;
	case LANG_OP_LIST_INSERT: *w = insert; return true;
	case LANG_OP_LIST_REMOVE: *w = remove_; return true;
	case LANG_OP_SEQ_LEN: *w = len; return true;
	case LANG_OP_SEQ_CONTAINS: *w = contains; return true;
	case LANG_OP_ITER_NEXT: *w = next; return true;
	case LANG_OP_DICT_GET: *w = get; return true;
	case LANG_OP_UNPACK: *w = unpack; return true;
	case LANG_OP_BUILTIN: *w = builtin; return true;
	LANG_CASES_NO_HEAP_OPERAND_OPS
		break;
	}
	w->word = lang_op_name((enum lang_opcode)op);
	return false;
}

void
model_heap_step_label(int op, const char *name, const char *value, char *buf, size_t size)
{
	struct step_words w;

	if (!step_words(op, &w))
		snprintf(buf, size, "%s", w.word);
	else if (op == LANG_OP_ITER_NEXT && value[0] == '\0')
		snprintf(buf, size, "end of %s", name);	/* the loop is over */
	else
		snprintf(buf, size, "%s%s%s%s%s", w.before, name, w.between, value, w.after);
}

const char *
model_heap_step_word(int op)
{
	struct step_words w;

	step_words(op, &w);
	return w.word;
}
