/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * MLX5X_EMU_CONFIG: "model=cx5,pci=0000:08:00.0,vfs=4,esw=switchdev,
 * wire=loop,vf_end=loop", several devices separated by ';'. Every key is
 * checked; a bad one is named on stderr and nothing is created.
 */
#include "mlx5x_emu_core.h"

#include <sched.h>
#include <stdlib.h>
#include <string.h>

static const char emu_config_keys[] =
	"model, pci, vfs, esw, wire, vf_end, vf_tap, pcap_in, pcap_out, devx, "
	"striding_rq, ext_stride_num_range, eswitch_manager, log_max_rqt_size, "
	"engine, engine_cpu";

static void
emu_config_defaults(struct emu_dev_config *c, unsigned int index)
{
	memset(c, 0, sizeof(*c));
	c->model = emu_model_find("cx5");
	snprintf(c->pci, sizeof(c->pci), "0000:%02x:00.0", 8 + index);
	c->nvfs = 0;
	c->esw = EMU_ESW_SWITCHDEV;
	c->wire = EMU_END_LOOP;
	c->vf_end = EMU_END_LOOP;
	snprintf(c->vf_tap, sizeof(c->vf_tap), "emu%uvf", index);
	c->devx = true;
	c->cap_striding_rq = -1;
	c->cap_ext_stride = -1;
	c->cap_esw_manager = -1;
	c->cap_log_max_rqt_size = -1;
	c->engine = 0;
	c->engine_cpu = -1;
}

static int
emu_config_bad(const char *key, const char *val, const char *allowed)
{
	fprintf(stderr,
		"mlx5x-emu: " MLX5X_EMU_CONFIG_ENV
		": bad value '%s' for key '%s' (allowed: %s)\n",
		val, key, allowed);
	return -1;
}

/* A general HCA cap bit the configuration overrides: "0" or "1". */
static int
emu_config_cap(const char *key, const char *val, int8_t *cap)
{
	if (strcmp(val, "0") != 0 && strcmp(val, "1") != 0)
		return emu_config_bad(key, val, "0, 1");
	*cap = (int8_t)(val[0] == '1');
	return 0;
}

static int
emu_config_end(const char *key, const char *val, enum emu_end_mode *m,
	       bool pcap_ok)
{
	if (strcmp(val, "loop") == 0)
		*m = EMU_END_LOOP;
	else if (strcmp(val, "drop") == 0)
		*m = EMU_END_DROP;
	else if (pcap_ok && strcmp(val, "pcap") == 0)
		*m = EMU_END_PCAP;
	else if (!pcap_ok && strcmp(val, "tap") == 0)
		*m = EMU_END_TAP;
	else
		return emu_config_bad(key, val,
				      pcap_ok ? "loop, drop, pcap, tap:NAME"
					      : "loop, drop, tap");
	return 0;
}

static int
emu_config_pci_ok(const char *v)
{
	unsigned int d, b, s, f;
	char tail;

	if (strlen(v) != 12)
		return 0;
	if (sscanf(v, "%4x:%2x:%2x.%1x%c", &d, &b, &s, &f, &tail) != 4)
		return 0;
	return s < 32 && f < 8;
}

static int
emu_config_kv(struct emu_dev_config *c, char *kv)
{
	char *eq = strchr(kv, '=');
	const char *key = kv, *val;
	char *end;

	if (eq == NULL) {
		fprintf(stderr,
			"mlx5x-emu: " MLX5X_EMU_CONFIG_ENV
			": '%s' is not key=value (keys: %s)\n",
			kv, emu_config_keys);
		return -1;
	}
	*eq = '\0';
	val = eq + 1;
	if (strcmp(key, "model") == 0) {
		c->model = emu_model_find(val);
		if (c->model == NULL)
			return emu_config_bad(key, val, emu_model_names());
	} else if (strcmp(key, "pci") == 0) {
		if (!emu_config_pci_ok(val))
			return emu_config_bad(key, val, "DDDD:BB:DD.F");
		snprintf(c->pci, sizeof(c->pci), "%s", val);
	} else if (strcmp(key, "vfs") == 0) {
		unsigned long n = strtoul(val, &end, 10);

		if (*val == '\0' || *end != '\0' || n > EMU_MAX_VFS)
			return emu_config_bad(key, val, "0..32");
		c->nvfs = n;
	} else if (strcmp(key, "esw") == 0) {
		if (strcmp(val, "switchdev") == 0)
			c->esw = EMU_ESW_SWITCHDEV;
		else if (strcmp(val, "legacy") == 0)
			c->esw = EMU_ESW_LEGACY;
		else
			return emu_config_bad(key, val, "switchdev, legacy");
	} else if (strcmp(key, "wire") == 0 && strncmp(val, "tap:", 4) == 0) {
		/* Linux interface names: 1..15 characters, no '/' or blank. */
		size_t n = strlen(val + 4);

		if (n == 0 || n >= sizeof(c->wire_tap) ||
		    strpbrk(val + 4, "/ \t:") != NULL)
			return emu_config_bad(key, val,
					      "tap:NAME, NAME 1..15 chars");
		c->wire = EMU_END_TAP;
		snprintf(c->wire_tap, sizeof(c->wire_tap), "%s", val + 4);
	} else if (strcmp(key, "wire") == 0) {
		return emu_config_end(key, val, &c->wire, true);
	} else if (strcmp(key, "vf_end") == 0) {
		return emu_config_end(key, val, &c->vf_end, false);
	} else if (strcmp(key, "vf_tap") == 0) {
		/* Room for the VF number (up to two digits). */
		if (*val == '\0' || strlen(val) >= sizeof(c->vf_tap) ||
		    strpbrk(val, "/ \t:") != NULL)
			return emu_config_bad(key, val, "PREFIX, 1..11 chars");
		snprintf(c->vf_tap, sizeof(c->vf_tap), "%s", val);
	} else if (strcmp(key, "devx") == 0) {
		if (strcmp(val, "0") != 0 && strcmp(val, "1") != 0)
			return emu_config_bad(key, val, "0, 1");
		c->devx = val[0] == '1';
	} else if (strcmp(key, "striding_rq") == 0) {
		return emu_config_cap(key, val, &c->cap_striding_rq);
	} else if (strcmp(key, "ext_stride_num_range") == 0) {
		return emu_config_cap(key, val, &c->cap_ext_stride);
	} else if (strcmp(key, "eswitch_manager") == 0) {
		return emu_config_cap(key, val, &c->cap_esw_manager);
	} else if (strcmp(key, "log_max_rqt_size") == 0) {
		/* The cap is 5 bits; an RQT needs at least one entry, and no
		 * model offers more than 2^16. */
		unsigned long n = strtoul(val, &end, 10);

		if (*val == '\0' || *end != '\0' || n < 1 || n > 16)
			return emu_config_bad(key, val, "1..16");
		c->cap_log_max_rqt_size = (int8_t)n;
	} else if (strcmp(key, "engine") == 0) {
		unsigned long n = strtoul(val, &end, 10);

		if (*val == '\0' || *end != '\0' || n >= EMU_MAX_ADAPTERS)
			return emu_config_bad(key, val, "0..7");
		c->engine = (uint8_t)n;
	} else if (strcmp(key, "engine_cpu") == 0) {
		unsigned long n = strtoul(val, &end, 10);

		if (*val == '\0' || *end != '\0' || n >= CPU_SETSIZE)
			return emu_config_bad(key, val, "a CPU number");
		c->engine_cpu = (int16_t)n;
	} else if (strcmp(key, "pcap_in") == 0 ||
		   strcmp(key, "pcap_out") == 0) {
		char *dst = key[5] == 'i' ? c->pcap_in : c->pcap_out;

		if (strlen(val) >= sizeof(c->pcap_in))
			return emu_config_bad(key, val, "a shorter path");
		snprintf(dst, sizeof(c->pcap_in), "%s", val);
	} else {
		fprintf(stderr,
			"mlx5x-emu: " MLX5X_EMU_CONFIG_ENV
			": unknown key '%s' (keys: %s)\n",
			key, emu_config_keys);
		return -1;
	}
	return 0;
}

/* PCI routing ID (device * 8 + function) and domain:bus of an address. */
static unsigned int
emu_config_rid(const struct emu_dev_config *c, unsigned int *dombus)
{
	unsigned int dom = 0, bus = 0, dev = 0, fun = 0;

	sscanf(c->pci, "%x:%x:%x.%x", &dom, &bus, &dev, &fun);
	*dombus = dom << 8 | bus;
	return dev * 8 + fun;
}

/* Whether routing ID rid on dombus is one of adapter c's functions (the PF
 * or a VF at PF + 2 + k). */
static bool
emu_config_owns(const struct emu_dev_config *c, unsigned int dombus,
		unsigned int rid)
{
	unsigned int db, pf = emu_config_rid(c, &db);

	return db == dombus &&
	       (rid == pf || (rid >= pf + 2 && rid < pf + 2 + c->nvfs));
}

/* Adapter i's VF functions must fit on its bus (device <= 31) and no
 * function may be another adapter's. */
static int
emu_config_rid_check(const struct emu_dev_config *cfg, int n, int i)
{
	unsigned int db, pf = emu_config_rid(&cfg[i], &db), k;
	int j;

	if (pf + 2 + cfg[i].nvfs > 256) {
		fprintf(stderr,
			"mlx5x-emu: " MLX5X_EMU_CONFIG_ENV
			": key 'vfs': %u VFs of %s do not fit on its bus (VF k is function PF + 2 + k)\n",
			cfg[i].nvfs, cfg[i].pci);
		return -1;
	}
	for (j = 0; j < n; j++) {
		if (j == i)
			continue;
		for (k = 0; k < 2 + cfg[i].nvfs; k++) {
			if (k == 1)
				continue;
			if (emu_config_owns(&cfg[j], db, pf + k)) {
				fprintf(stderr,
					"mlx5x-emu: " MLX5X_EMU_CONFIG_ENV
					": key 'pci': the PCI functions of %s and %s (PF, VFs at PF + 2 + k) overlap\n",
					cfg[i].pci, cfg[j].pci);
				return -1;
			}
		}
	}
	return 0;
}

int
emu_config_parse(const char *str, struct emu_dev_config *cfg, unsigned int max)
{
	char *copy, *dev, *save_dev = NULL;
	unsigned int n = 0, i, j;
	int ret = -1;

	copy = strdup(str != NULL ? str : "");
	if (copy == NULL)
		return -1;
	for (dev = strtok_r(copy, ";", &save_dev); dev != NULL;
	     dev = strtok_r(NULL, ";", &save_dev)) {
		char *kv, *save_kv = NULL;

		if (n == max) {
			fprintf(stderr,
				"mlx5x-emu: " MLX5X_EMU_CONFIG_ENV
				": more than %u devices\n",
				max);
			goto out;
		}
		emu_config_defaults(&cfg[n], n);
		for (kv = strtok_r(dev, ",", &save_kv); kv != NULL;
		     kv = strtok_r(NULL, ",", &save_kv))
			if (emu_config_kv(&cfg[n], kv) != 0)
				goto out;
		if (cfg[n].wire != EMU_END_PCAP &&
		    (cfg[n].pcap_in[0] != '\0' || cfg[n].pcap_out[0] != '\0')) {
			fprintf(stderr, "mlx5x-emu: " MLX5X_EMU_CONFIG_ENV
					": pcap_in/pcap_out need wire=pcap\n");
			goto out;
		}
		n++;
	}
	if (n == 0)
		emu_config_defaults(&cfg[n++], 0);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (strcmp(cfg[i].pci, cfg[j].pci) == 0) {
				fprintf(stderr,
					"mlx5x-emu: " MLX5X_EMU_CONFIG_ENV
					": key 'pci': %s named twice\n",
					cfg[i].pci);
				goto out;
			}
	for (i = 0; i < n; i++)
		if (emu_config_rid_check(cfg, n, i) != 0)
			goto out;
	/* One engine thread runs on one CPU (or on any). */
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (cfg[i].engine == cfg[j].engine &&
			    cfg[i].engine_cpu != cfg[j].engine_cpu) {
				fprintf(stderr,
					"mlx5x-emu: " MLX5X_EMU_CONFIG_ENV
					": key 'engine_cpu': %s and %s share engine %u but not its CPU\n",
					cfg[i].pci, cfg[j].pci, cfg[i].engine);
				goto out;
			}
	ret = n;
out:
	free(copy);
	return ret;
}
