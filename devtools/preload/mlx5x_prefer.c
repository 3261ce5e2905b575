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
#include <link.h>
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

/* dl_iterate_phdr callback: the path of the loaded librte_bus_pci. */
static int
prefer_find_bus_pci(struct dl_phdr_info *info, size_t size, void *data)
{
	const char **path = data;

	(void)size;
	if (info->dlpi_name != NULL &&
	    strstr(info->dlpi_name, "librte_bus_pci.so") != NULL) {
		*path = info->dlpi_name;
		return 1;
	}
	return 0;
}

/*
 * An application that does not link librte_bus_pci (dpdk-test-flow-perf,
 * ovs-vswitchd) gets it from EAL, which dlopen()s its plugin directory
 * with local symbols: RTLD_NEXT cannot see it then. Find it among the
 * loaded objects and ask it directly (RTLD_NOLOAD: never load a copy).
 */
static void *
prefer_bus_pci_sym(const char *symbol)
{
	const char *path = NULL;
	void *h, *fn;

	dl_iterate_phdr(prefer_find_bus_pci, &path);
	if (path == NULL)
		return NULL;
	h = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
	if (h == NULL)
		return NULL;
	fn = dlvsym(h, symbol, "INTERNAL");
	if (fn == NULL)
		fn = dlsym(h, symbol);
	/* Keeps the reference: the bus library stays for the process. */
	return fn;
}

static void *
prefer_real(const char *symbol)
{
	void *fn = dlvsym(RTLD_NEXT, symbol, "INTERNAL");

	if (fn == NULL)
		fn = dlsym(RTLD_NEXT, symbol);
	if (fn == NULL)
		fn = prefer_bus_pci_sym(symbol);
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
