/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The ConnectX ID table against the PCI ID repository Debian ships, and the
 * lookups probe relies on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mlx5x_pci_ids.h"
#include "test.h"

#define PCI_IDS_PATH "/usr/share/misc/pci.ids"

/* The name pci.ids gives device_id of vendor 15b3, or NULL. */
static char *
pci_ids_name(FILE *f, uint16_t device_id, char *buf, size_t len)
{
	char line[512];
	bool in_vendor = false;

	rewind(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		unsigned int id;

		if (line[0] != '\t' && line[0] != '#' && line[0] != '\n') {
			in_vendor = strncmp(line, "15b3 ", 5) == 0;
			continue;
		}
		if (!in_vendor || line[0] != '\t' || line[1] == '\t')
			continue;
		if (sscanf(line + 1, "%4x", &id) != 1 || id != device_id)
			continue;
		line[strcspn(line, "\n")] = '\0';
		snprintf(buf, len, "%s", line + 7); /* "\tXXXX  name" */
		return buf;
	}
	return NULL;
}

static int
test_ids_match_pci_ids_repository(void)
{
	const struct mlx5x_pci_device *d;
	char name[512];
	FILE *f = fopen(PCI_IDS_PATH, "r");
	unsigned int n = 0;

	if (f == NULL)
		TEST_SKIP("%s not installed (Debian package pci.ids)",
			  PCI_IDS_PATH);
	for (d = mlx5x_pci_devices; d->device_id != 0; d++, n++) {
		const char *got =
			pci_ids_name(f, d->device_id, name, sizeof(name));
		const char *open, *close;

		if (got == NULL) {
			fclose(f);
			TEST_ASSERT(got != NULL, "15b3:%04x is not in %s",
				    d->device_id, PCI_IDS_PATH);
		}
		/* "MT27800 Family [ConnectX-5]": compare the bracketed part
		 * exactly; names without brackets must end the line
		 * ("MT416842 BlueField integrated ..."). */
		open = strchr(got, '[');
		close = open != NULL ? strchr(open, ']') : NULL;
		if (open != NULL && close != NULL &&
		    strncmp(got, "ConnectX Family", 15) != 0) {
			size_t len = (size_t)(close - open - 1);

			if (strlen(d->name) != len ||
			    strncmp(open + 1, d->name, len) != 0) {
				fclose(f);
				TEST_ASSERT(false,
					    "15b3:%04x is \"%s\" in pci.ids, table says \"%s\"",
					    d->device_id, got, d->name);
			}
		} else if (strlen(got) < strlen(d->name) ||
			   strcmp(got + strlen(got) - strlen(d->name),
				  d->name) != 0) {
			fclose(f);
			TEST_ASSERT(false,
				    "15b3:%04x is \"%s\" in pci.ids, table says \"%s\"",
				    d->device_id, got, d->name);
		}
		/* A VF entry must say so in the repository too. */
		if (d->is_vf && strstr(got, "Virtual Function") == NULL &&
		    strstr(got, " VF") == NULL) {
			fclose(f);
			TEST_ASSERT(false,
				    "15b3:%04x marked VF but pci.ids says \"%s\"",
				    d->device_id, got);
		}
	}
	fclose(f);
	TEST_ASSERT_EQ(n, 17,
		       "every ConnectX-4..7 and BlueField/BlueField-2 PF and VF");
	return MLX5X_TEST_PASS;
}

static int
test_every_generation_has_pf_and_vf(void)
{
	static const enum mlx5x_model pf_models[] = {
		MLX5X_MODEL_CX4,   MLX5X_MODEL_CX4LX, MLX5X_MODEL_CX5,
		MLX5X_MODEL_CX5EX, MLX5X_MODEL_CX6,   MLX5X_MODEL_CX6DX,
		MLX5X_MODEL_CX6LX, MLX5X_MODEL_CX7,   MLX5X_MODEL_BF,
		MLX5X_MODEL_BF2,
	};
	unsigned int i;

	for (i = 0; i < sizeof(pf_models) / sizeof(pf_models[0]); i++) {
		const struct mlx5x_pci_device *d;
		bool pf = false;

		for (d = mlx5x_pci_devices; d->device_id != 0; d++)
			pf |= d->model == pf_models[i] && !d->is_vf;
		TEST_ASSERT(pf, "no PF ID for %s",
			    mlx5x_model_name(pf_models[i]));
	}
	/* CX6 Dx, CX6 Lx, CX7 and BlueField-2 VFs all use 15b3:101e. */
	TEST_ASSERT(mlx5x_pci_device_lookup(0x15b3, 0x101e) != NULL &&
			    mlx5x_pci_device_lookup(0x15b3, 0x101e)->is_vf,
		    "generic mlx5 VF ID");
	return MLX5X_TEST_PASS;
}

static int
test_lookup_refuses_what_is_not_ours(void)
{
	const struct mlx5x_pci_device *d;

	d = mlx5x_pci_device_lookup(0x15b3, 0x1017);
	TEST_ASSERT(d != NULL && d->model == MLX5X_MODEL_CX5 && !d->is_vf,
		    "15b3:1017 is a ConnectX-5 PF");
	TEST_ASSERT(strcmp(mlx5x_model_name(d->model), "ConnectX-5") == 0,
		    "model name");
	/* ConnectX-3 (mlx4), another vendor, a flash-recovery ID: not ours. */
	TEST_ASSERT(mlx5x_pci_device_lookup(0x15b3, 0x1003) == NULL, "CX3");
	TEST_ASSERT(mlx5x_pci_device_lookup(0x8086, 0x1017) == NULL, "vendor");
	TEST_ASSERT(mlx5x_pci_device_lookup(0x15b3, 0x020d) == NULL,
		    "flash recovery");
	TEST_ASSERT(mlx5x_pci_device_lookup(0x15b3, 0) == NULL,
		    "the table terminator is not a device");
	return MLX5X_TEST_PASS;
}

static int
test_pmdinfo_lists_driver_and_ids(void)
{
	return mlx5x_test_run_script("pmdinfo.sh");
}

MLX5X_TEST_SUITE(pci_ids_suite, "pci_ids", "unit", NULL, NULL,
		 MLX5X_TEST_CASE(test_ids_match_pci_ids_repository),
		 MLX5X_TEST_CASE(test_every_generation_has_pf_and_vf),
		 MLX5X_TEST_CASE(test_lookup_refuses_what_is_not_ours),
		 MLX5X_TEST_CASE(test_pmdinfo_lists_driver_and_ids))
