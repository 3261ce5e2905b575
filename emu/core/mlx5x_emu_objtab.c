/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Object number tables. Each object type gets its own id range (base), so
 * a CQ number passed where an RQ number belongs is an unknown resource, as
 * on hardware, rather than silently another object.
 */
#include "mlx5x_emu_core.h"

#include <stdlib.h>
#include <string.h>

#define EMU_OBJTAB_LIMIT (1u << 16)

uint32_t
emu_objtab_add(struct emu_objtab *t, void *obj)
{
	uint32_t i;

	for (i = 0; i < t->cap; i++)
		if (t->slot[i] == NULL)
			goto found;
	if (t->cap >= EMU_OBJTAB_LIMIT)
		return 0;
	{
		uint32_t ncap = t->cap ? t->cap * 2 : 64;
		void **n = realloc(t->slot, ncap * sizeof(*n));

		if (n == NULL)
			return 0;
		memset(n + t->cap, 0, (ncap - t->cap) * sizeof(*n));
		t->slot = n;
		i = t->cap;
		t->cap = ncap;
	}
found:
	t->slot[i] = obj;
	return t->base + i;
}

void
emu_objtab_del(struct emu_objtab *t, uint32_t id)
{
	if (id >= t->base && id - t->base < t->cap)
		t->slot[id - t->base] = NULL;
}

void
emu_objtab_free(struct emu_objtab *t)
{
	free(t->slot);
	t->slot = NULL;
	t->cap = 0;
}
