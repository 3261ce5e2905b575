/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * LD_PRELOAD helper that makes mlx5x the driver of ConnectX devices in a
 * process that also links DPDK's own mlx5 PMD.
 *
 * Why: Debian's dpdk-testpmd links librte_net_mlx5 (for its testpmd
 * commands), so DPDK's mlx5_pci registers with the PCI bus before any -d
 * library loads. The PCI bus offers a device to drivers in registration
 * order and stops at the first one whose probe fails, so mlx5_pci, which
 * looks for the device through the system rdma-core, refuses an emulated
 * ConnectX and mlx5x is never asked. This library stands in for
 * rte_pci_register() and leaves out the drivers named in MLX5X_PREFER_SKIP
 * (default "mlx5_pci"); every other driver registers unchanged.
 *
 * Used by devtools/mlx5x-emu and the scripted testpmd runs; on real hardware
 * the same applies to any application linking net_mlx5 (see README).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bus_pci_driver.h>

void rte_pci_register(struct rte_pci_driver *driver);
void rte_pci_unregister(struct rte_pci_driver *driver);

/* Drivers left out, so that their own unregister at exit is a no-op too
 * (removing a never-inserted list element would corrupt the bus list). */
static struct rte_pci_driver *skipped[8];
static unsigned int nb_skipped;

static void *
prefer_real(const char *symbol)
{
	void *fn = dlvsym(RTLD_NEXT, symbol, "INTERNAL");

	if (fn == NULL)
		fn = dlsym(RTLD_NEXT, symbol);
	if (fn == NULL) {
		fprintf(stderr, "mlx5x-prefer: cannot find DPDK's %s: %s\n",
			symbol, dlerror());
		abort();
	}
	return fn;
}

static int
prefer_skip(const char *name)
{
	const char *list = getenv("MLX5X_PREFER_SKIP");
	size_t n = strlen(name);
	const char *p;

	if (list == NULL)
		list = "mlx5_pci";
	for (p = list; *p != '\0';) {
		size_t len = strcspn(p, ",");

		if (len == n && strncmp(p, name, n) == 0)
			return 1;
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

void
rte_pci_register(struct rte_pci_driver *driver)
{
	void (*real)(struct rte_pci_driver *);

	if (driver->driver.name != NULL && prefer_skip(driver->driver.name) &&
	    nb_skipped < sizeof(skipped) / sizeof(skipped[0])) {
		skipped[nb_skipped++] = driver;
		if (getenv("MLX5X_PREFER_QUIET") == NULL)
			fprintf(stderr,
				"mlx5x-prefer: PCI driver %s left unregistered so that mlx5x drives ConnectX devices\n",
				driver->driver.name);
		return;
	}
	real = (void (*)(struct rte_pci_driver *))prefer_real(
		"rte_pci_register");
	real(driver);
}

void
rte_pci_unregister(struct rte_pci_driver *driver)
{
	void (*real)(struct rte_pci_driver *);
	unsigned int i;

	for (i = 0; i < nb_skipped; i++)
		if (skipped[i] == driver)
			return;
	real = (void (*)(struct rte_pci_driver *))prefer_real(
		"rte_pci_unregister");
	real(driver);
}
