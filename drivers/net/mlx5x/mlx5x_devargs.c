/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Devargs: every key is one row of devargs_table (its name, the field it
 * fills, its range and what it means); the parser walks the user's pairs and
 * refuses anything it cannot account for. Ranges and meanings follow the
 * upstream mlx5 PMD's documented devargs, restricted to what mlx5x does.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_kvargs.h>

#include "mlx5x_devargs.h"

typedef int (*devargs_parse_t)(const char *key, const char *value, void *field,
			       int min, int max, char *err, size_t err_len);

struct devargs_row {
	const char *key;
	devargs_parse_t parse;
	size_t offset;
	int min;
	int max;
	const char *allowed; /* said to the user when a value is refused */
};

static int devargs_parse_int(const char *key, const char *value, void *field,
			     int min, int max, char *err, size_t err_len);
static int devargs_parse_repr(const char *key, const char *value, void *field,
			      int min, int max, char *err, size_t err_len);
static int devargs_parse_class(const char *key, const char *value, void *field,
			       int min, int max, char *err, size_t err_len);

#define ROW_INT(name, lo, hi, text)                                            \
	{                                                                      \
		RTE_STR(name), devargs_parse_int,                              \
			offsetof(struct mlx5x_devargs, name), lo, hi, text     \
	}

static const struct devargs_row devargs_table[] = {
	{ "representor", devargs_parse_repr,
	  offsetof(struct mlx5x_devargs, representor), 0,
	  MLX5X_REPRESENTOR_ID_MAX,
	  "a VF index, a list such as [0-3] or [0,2,5], or pfNvf followed by one (pf0vf[0-3])" },
	ROW_INT(dv_flow_en, 0, 1,
		"0 (Verbs flow engine) or 1 (DV/DR flow engine)"),
	ROW_INT(dv_esw_en, 0, 1, "0 (E-Switch rules off) or 1 (on)"),
	ROW_INT(rxq_cqe_comp_en, 0, 4,
		"0 (off), 1 (on, default mini-CQE format), 2 (flow tag format), 3 (checksum format) or 4 (L3/L4 header format)"),
	ROW_INT(mprq_en, 0, 1, "0 (off) or 1 (Multi-Packet Rx queues)"),
	ROW_INT(mprq_max_memcpy_len, 0, MLX5X_MPRQ_MEMCPY_LIMIT,
		"a byte count from 0 to 65535 (MPRQ packets up to it are copied into an mbuf)"),
	ROW_INT(mprq_log_stride_num, 0, 16,
		"0 (the adapter's least) or log2 of the strides per MPRQ WQE, within the adapter's range (PRM: 9..16)"),
	ROW_INT(mprq_log_stride_size, 0, 13,
		"0 (from the MTU and the mbuf size) or log2 of the MPRQ stride size, within the adapter's range (PRM: 6..13)"),
	ROW_INT(rx_vec_en, 0, 1,
		"0 (scalar Rx) or 1 (vector Rx when possible)"),
	ROW_INT(tx_vec_en, 0, 1,
		"0 (scalar Tx) or 1 (vector Tx when possible)"),
	ROW_INT(txq_inline_min, 0, MLX5X_TXQ_INLINE_LIMIT,
		"a byte count from 0 to 930"),
	ROW_INT(txq_inline_max, 0, MLX5X_TXQ_INLINE_LIMIT,
		"a byte count from 0 to 930"),
	ROW_INT(txq_mpw_en, 0, 1, "0 (off) or 1 (Enhanced Multi-Packet Write)"),
	ROW_INT(txq_inline_mpw, 0, MLX5X_TXQ_INLINE_LIMIT,
		"a byte count from 0 to 930"),
	ROW_INT(txqs_min_inline, 0, MLX5X_TXQS_MIN_INLINE_LIMIT,
		"a Tx queue count from 0 (always inline) to 65535"),
	/* Generic mlx5 key that selects the device class; mlx5x is eth only. */
	{ "class", devargs_parse_class, 0, 0, 0, "eth" },
};

void
mlx5x_devargs_defaults(struct mlx5x_devargs *da)
{
	memset(da, 0, sizeof(*da));
	da->representor.pf = -1;
	da->dv_flow_en = 1;
	da->dv_esw_en = 1;
	da->rxq_cqe_comp_en = MLX5X_CQE_COMP_DEFAULT;
	da->mprq_en = 0;
	da->mprq_max_memcpy_len = MLX5X_MPRQ_MEMCPY_DEFAULT;
	da->rx_vec_en = 1;
	da->tx_vec_en = 1;
	da->txq_inline_min = -1;
	da->txq_inline_max = 290;
	da->txq_mpw_en = 1;
	da->txq_inline_mpw = MLX5X_TXQ_INLINE_MPW_DEFAULT;
	da->txqs_min_inline = MLX5X_TXQS_MIN_INLINE_DEFAULT;
}

/* Strict unsigned integer: decimal or 0x-hex, whole string, no sign. */
static int
devargs_strtoint(const char *s, long *out)
{
	char *end;
	long v;

	if (s == NULL || *s == '\0' || *s == '-' || *s == '+' || *s == ' ')
		return -EINVAL;
	errno = 0;
	v = strtol(s, &end, 0);
	if (errno != 0 || *end != '\0')
		return -EINVAL;
	*out = v;
	return 0;
}

static int
devargs_parse_int(const char *key, const char *value, void *field, int min,
		  int max, char *err, size_t err_len)
{
	long v;

	if (devargs_strtoint(value, &v) != 0) {
		snprintf(err, err_len, "devarg %s=%s: not a number", key,
			 value ? value : "");
		return -EINVAL;
	}
	if (v < min || v > max) {
		snprintf(err, err_len,
			 "devarg %s=%s: %ld is out of range %d..%d", key, value,
			 v, min, max);
		return -EINVAL;
	}
	*(int *)field = (int)v;
	return 0;
}

static int
devargs_parse_class(const char *key, const char *value, void *field, int min,
		    int max, char *err, size_t err_len)
{
	RTE_SET_USED(field);
	RTE_SET_USED(min);
	RTE_SET_USED(max);
	if (value != NULL && strcmp(value, "eth") == 0)
		return 0;
	snprintf(err, err_len,
		 "devarg %s=%s: mlx5x drives the Ethernet class only (class=eth)",
		 key, value ? value : "");
	return -EINVAL;
}

/* Read a VF index at *p, advancing *p. */
static int
repr_number(const char **p, long *out)
{
	char *end;

	if (**p < '0' || **p > '9')
		return -EINVAL;
	errno = 0;
	*out = strtol(*p, &end, 10);
	if (errno != 0)
		return -EINVAL;
	*p = end;
	return 0;
}

int
mlx5x_devargs_parse_representor(const char *value,
				struct mlx5x_representor_req *req, char *err,
				size_t err_len)
{
	uint8_t seen[MLX5X_REPRESENTORS_MAX] = { 0 };
	const char *p = value;
	bool list;
	long id;
	unsigned int i;

	memset(req, 0, sizeof(*req));
	req->pf = -1;
	if (value == NULL || *value == '\0') {
		snprintf(err, err_len,
			 "devarg representor=: empty value; expected %s",
			 devargs_table[0].allowed);
		return -EINVAL;
	}
	if (strncmp(p, "pf", 2) == 0) {
		p += 2;
		if (repr_number(&p, &id) != 0 || id > 7) {
			snprintf(err, err_len,
				 "devarg representor=%s: \"pf\" must be followed by a PF index 0..7",
				 value);
			return -EINVAL;
		}
		req->pf = (int)id;
		if (strncmp(p, "vf", 2) != 0) {
			snprintf(err, err_len,
				 "devarg representor=%s: only VF representors are supported; expected pf%ldvf[list]",
				 value, id);
			return -EINVAL;
		}
		p += 2;
	} else if (strncmp(p, "vf", 2) == 0) {
		p += 2;
	} else if (strncmp(p, "sf", 2) == 0 || strncmp(p, "c", 1) == 0) {
		snprintf(err, err_len,
			 "devarg representor=%s: only VF representors are supported (no SF or controller representors)",
			 value);
		return -EINVAL;
	}
	list = *p == '[';
	if (list)
		p++;
	for (;;) {
		long lo, hi;

		if (repr_number(&p, &lo) != 0) {
			snprintf(err, err_len,
				 "devarg representor=%s: expected a VF index at \"%s\"; allowed: %s",
				 value, p, devargs_table[0].allowed);
			return -EINVAL;
		}
		hi = lo;
		if (list && *p == '-') {
			p++;
			if (repr_number(&p, &hi) != 0) {
				snprintf(err, err_len,
					 "devarg representor=%s: range has no end at \"%s\"",
					 value, p);
				return -EINVAL;
			}
			if (hi < lo) {
				snprintf(err, err_len,
					 "devarg representor=%s: range %ld-%ld runs backwards",
					 value, lo, hi);
				return -EINVAL;
			}
		}
		if (hi > MLX5X_REPRESENTOR_ID_MAX) {
			snprintf(err, err_len,
				 "devarg representor=%s: VF index %ld is out of range 0..%d",
				 value, hi, MLX5X_REPRESENTOR_ID_MAX);
			return -EINVAL;
		}
		for (id = lo; id <= hi; id++) {
			if (seen[id]) {
				snprintf(err, err_len,
					 "devarg representor=%s: VF %ld is listed twice",
					 value, id);
				return -EINVAL;
			}
			seen[id] = 1;
		}
		if (!list)
			break;
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p == ']') {
			p++;
			break;
		}
		snprintf(err, err_len,
			 "devarg representor=%s: expected ',' or ']' at \"%s\"",
			 value, *p ? p : "end of value");
		return -EINVAL;
	}
	if (*p != '\0') {
		snprintf(err, err_len,
			 "devarg representor=%s: unexpected \"%s\" after the list",
			 value, p);
		return -EINVAL;
	}
	for (i = 0; i < MLX5X_REPRESENTORS_MAX; i++)
		if (seen[i])
			req->vf[req->nb++] = (uint16_t)i;
	return 0;
}

static int
devargs_parse_repr(const char *key, const char *value, void *field, int min,
		   int max, char *err, size_t err_len)
{
	RTE_SET_USED(key);
	RTE_SET_USED(min);
	RTE_SET_USED(max);
	return mlx5x_devargs_parse_representor(value, field, err, err_len);
}

static const struct devargs_row *
devargs_row_find(const char *key, unsigned int *index)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(devargs_table); i++)
		if (strcmp(devargs_table[i].key, key) == 0) {
			*index = i;
			return &devargs_table[i];
		}
	return NULL;
}

static void
devargs_known_keys(char *buf, size_t len)
{
	size_t off = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < RTE_DIM(devargs_table) && off < len; i++)
		off += snprintf(buf + off, len - off, "%s%s", i ? ", " : "",
				devargs_table[i].key);
}

int
mlx5x_devargs_parse(const char *args, struct mlx5x_devargs *da, char *err,
		    size_t err_len)
{
	struct rte_kvargs *kvlist;
	unsigned int i;
	int ret = 0;

	mlx5x_devargs_defaults(da);
	if (args == NULL || args[0] == '\0')
		return 0;
	kvlist = rte_kvargs_parse(args, NULL);
	if (kvlist == NULL) {
		snprintf(err, err_len,
			 "devargs \"%s\" are malformed: expected key=value pairs separated by commas, lists in brackets",
			 args);
		return -EINVAL;
	}
	for (i = 0; i < kvlist->count; i++) {
		const struct rte_kvargs_pair *pair = &kvlist->pairs[i];
		const struct devargs_row *row;
		unsigned int index;

		row = devargs_row_find(pair->key, &index);
		if (row == NULL) {
			char known[512];

			devargs_known_keys(known, sizeof(known));
			snprintf(err, err_len,
				 "devarg \"%s\" is unknown to mlx5x; known keys: %s",
				 pair->key, known);
			ret = -EINVAL;
			break;
		}
		if (pair->value == NULL) {
			snprintf(err, err_len,
				 "devarg %s has no value; expected %s=<%s>",
				 pair->key, pair->key, row->allowed);
			ret = -EINVAL;
			break;
		}
		if (da->given & (UINT32_C(1) << index)) {
			snprintf(err, err_len, "devarg %s is given twice",
				 pair->key);
			ret = -EINVAL;
			break;
		}
		ret = row->parse(pair->key, pair->value,
				 (char *)da + row->offset, row->min, row->max,
				 err, err_len);
		if (ret != 0) {
			size_t used = strlen(err);

			if (row->parse == devargs_parse_int && used < err_len)
				snprintf(err + used, err_len - used,
					 "; allowed: %s", row->allowed);
			break;
		}
		da->given |= UINT32_C(1) << index;
		if (row->parse == devargs_parse_repr)
			da->has_representor = true;
	}
	rte_kvargs_free(kvlist);
	if (ret == 0 && da->txq_inline_min > 0 &&
	    mlx5x_devargs_given(da, "txq_inline_max") &&
	    da->txq_inline_min > da->txq_inline_max) {
		snprintf(err, err_len,
			 "devargs txq_inline_min=%d and txq_inline_max=%d conflict: the minimum inline size cannot exceed the maximum",
			 da->txq_inline_min, da->txq_inline_max);
		ret = -EINVAL;
	}
	return ret;
}

bool
mlx5x_devargs_given(const struct mlx5x_devargs *da, const char *key)
{
	unsigned int index;

	if (devargs_row_find(key, &index) == NULL)
		return false;
	return (da->given & (UINT32_C(1) << index)) != 0;
}
