/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The fake sysfs tree of the emulated adapters:
 *  - <root>/bus/pci/devices/<pci>/ as DPDK's PCI scan reads it (IDs, class,
 *    BARs, a driver link to mlx5_core, SR-IOV counts);
 *  - <root>/class/infiniband/mlx5_<n>/ with a device link to the PCI
 *    directory and ports/<p>/gid_attrs/ndevs/0 naming each port's netdev;
 *  - <pci>/net/<ifname>/ with the attributes a netdev shows (ifindex,
 *    address, mtu, operstate, carrier, phys_port_name, phys_switch_id), and
 *    <root>/class/net/<ifname> links to them;
 *  - each VF's own PCI function (physfn / virtfn<k> links), IB device and
 *    netdev (README: VF functions).
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_ends.h"

#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int __attribute__((format(printf, 3, 4)))
emu_sysfs_path(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

static int
emu_sysfs_mkdirs(const char *path)
{
	char tmp[PATH_MAX];
	char *p;

	if (emu_sysfs_path(tmp, sizeof(tmp), "%s", path) != 0)
		return -ENAMETOOLONG;
	for (p = tmp + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
		return -errno;
	return 0;
}

static int __attribute__((format(printf, 3, 4)))
emu_sysfs_put(const char *dir, const char *name, const char *fmt, ...)
{
	char path[PATH_MAX];
	va_list ap;
	FILE *f;

	if (emu_sysfs_path(path, sizeof(path), "%s/%s", dir, name) != 0)
		return -ENAMETOOLONG;
	f = fopen(path, "w");
	if (f == NULL)
		return -errno;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	return fclose(f) == 0 ? 0 : -errno;
}

static int
emu_sysfs_link(const char *target, const char *link)
{
	unlink(link);
	return symlink(target, link) == 0 ? 0 : -errno;
}

static int
emu_sysfs_netdev(const struct emu_adapter *ad, const char *pci_dir,
		 const struct emu_vport *vp, const char *ifname,
		 const uint8_t *mac, const char *port_name)
{
	const char *root = emu_world.sysfs_root;
	char dir[PATH_MAX], link[PATH_MAX];
	int ret;

	emu_sysfs_path(dir, sizeof(dir), "%s/net/%s", pci_dir, ifname);
	ret = emu_sysfs_mkdirs(dir);
	if (ret != 0)
		return ret;
	ret |= emu_sysfs_put(dir, "ifindex", "%d", vp->ifindex);
	ret |= emu_sysfs_put(dir, "address", "%02x:%02x:%02x:%02x:%02x:%02x",
			     mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	ret |= emu_sysfs_put(dir, "mtu", "%u", vp->mtu);
	ret |= emu_sysfs_put(dir, "operstate", "up");
	ret |= emu_sysfs_put(dir, "carrier", "1");
	ret |= emu_sysfs_put(dir, "flags", "0x1003");
	/* The netdev's port on its PCI function: every function here has
	 * one physical port (rdma-core/DPDK map IB port 1 to dev_port 0). */
	ret |= emu_sysfs_put(dir, "dev_port", "0");
	ret |= emu_sysfs_put(dir, "dev_id", "0x0");
	if (port_name != NULL) {
		ret |= emu_sysfs_put(dir, "phys_port_name", "%s", port_name);
		ret |= emu_sysfs_put(dir, "phys_switch_id",
				     "%02x%02x%02x%02x%02x%02x%02x%02x",
				     ad->switch_id[0], ad->switch_id[1],
				     ad->switch_id[2], ad->switch_id[3],
				     ad->switch_id[4], ad->switch_id[5],
				     ad->switch_id[6], ad->switch_id[7]);
	}
	emu_sysfs_path(link, sizeof(link), "%s/class/net", root);
	ret |= emu_sysfs_mkdirs(link);
	emu_sysfs_path(link, sizeof(link), "%s/class/net/%s", root, ifname);
	ret |= emu_sysfs_link(dir, link);
	return ret;
}

int
emu_sysfs_update_netdev(const struct emu_adapter *ad,
			const struct emu_vport *vp)
{
	char dir[PATH_MAX];
	const uint8_t *m = vp->mac;

	if (vp->ifname[0] == '\0')
		return 0;
	emu_sysfs_path(dir, sizeof(dir), "%s/net/%s", ad->pci_dir, vp->ifname);
	return emu_sysfs_put(dir, "mtu", "%u", vp->mtu) |
	       emu_sysfs_put(dir, "address", "%02x:%02x:%02x:%02x:%02x:%02x",
			     m[0], m[1], m[2], m[3], m[4], m[5]);
}

/* VF k's own netdev: the VF's vport MAC and MTU, no phys_port_name nor
 * phys_switch_id (a VF netdev has neither). */
static void
emu_sysfs_vf_vport(const struct emu_adapter *ad, unsigned int k,
		   struct emu_vport *v)
{
	*v = ad->vf[k];
	v->ifindex = 100 + ad->index * 64 + 1 + EMU_MAX_VFS + k;
}

int
emu_sysfs_update_vf_netdev(const struct emu_adapter *ad, unsigned int k)
{
	char dir[PATH_MAX];
	const uint8_t *m = ad->vf[k].mac;

	emu_sysfs_path(dir, sizeof(dir), "%s/net/%s", ad->vf_pci_dir[k],
		       ad->vf_ifname[k]);
	return emu_sysfs_put(dir, "mtu", "%u", ad->vf[k].mtu) |
	       emu_sysfs_put(dir, "address", "%02x:%02x:%02x:%02x:%02x:%02x",
			     m[0], m[1], m[2], m[3], m[4], m[5]);
}

static int
emu_sysfs_pci(const struct emu_adapter *ad, const char *root, const char *d,
	      const char *pci, uint16_t device_id, const char *ibdev)
{
	char drv[PATH_MAX];
	int ret;

	emu_sysfs_path(drv, sizeof(drv), "%s/bus/pci/drivers/mlx5_core", root);
	ret = emu_sysfs_mkdirs(drv);
	ret |= emu_sysfs_mkdirs(d);
	if (ret != 0)
		return ret;
	ret |= emu_sysfs_put(d, "vendor", "0x15b3");
	ret |= emu_sysfs_put(d, "device", "0x%04x", device_id);
	ret |= emu_sysfs_put(d, "subsystem_vendor", "0x15b3");
	ret |= emu_sysfs_put(d, "subsystem_device", "0x0007");
	ret |= emu_sysfs_put(d, "class", "0x020000");
	ret |= emu_sysfs_put(d, "numa_node", "0");
	if (d == ad->pci_dir) { /* SR-IOV capability: the PF's */
		ret |= emu_sysfs_put(d, "max_vfs", "%u", ad->cfg.nvfs);
		ret |= emu_sysfs_put(d, "sriov_numvfs", "%u", ad->cfg.nvfs);
		ret |= emu_sysfs_put(d, "sriov_totalvfs", "%u", EMU_MAX_VFS);
	}
	/* BAR 0: 32 MB, 64-bit prefetchable memory, as a ConnectX shows. */
	ret |= emu_sysfs_put(d, "resource",
			     "0x00000000e0000000 0x00000000e1ffffff 0x000000000014220c\n"
			     "0x0000000000000000 0x0000000000000000 0x0000000000000000\n"
			     "0x0000000000000000 0x0000000000000000 0x0000000000000000\n"
			     "0x0000000000000000 0x0000000000000000 0x0000000000000000\n"
			     "0x0000000000000000 0x0000000000000000 0x0000000000000000\n"
			     "0x0000000000000000 0x0000000000000000 0x0000000000000000");
	ret |= emu_sysfs_put(d, "uevent", "DRIVER=mlx5_core\nPCI_SLOT_NAME=%s",
			     pci);
	emu_sysfs_path(drv, sizeof(drv), "%s/driver", d);
	ret |= emu_sysfs_link("../../drivers/mlx5_core", drv);
	emu_sysfs_path(drv, sizeof(drv), "%s/infiniband/%s", d, ibdev);
	ret |= emu_sysfs_mkdirs(drv);
	return ret;
}

/* VF k's PCI function (physfn link to the PF, the PF's virtfn<k> link to
 * it), its IB device with one port and its netdev. */
static int
emu_sysfs_vf(struct emu_adapter *ad, const char *root, unsigned int k)
{
	const char *d = ad->vf_pci_dir[k];
	const char *ib = ad->vf_ibdev[k].ibdev_path;
	char path[PATH_MAX], target[PATH_MAX];
	struct emu_vport v;
	int ret;

	ret = emu_sysfs_pci(ad, root, d, ad->vf_pci[k],
			    ad->cfg.model->vf_device_id, ad->vf_ibdev[k].name);
	emu_sysfs_path(path, sizeof(path), "%s/physfn", d);
	emu_sysfs_path(target, sizeof(target), "../%s", ad->cfg.pci);
	ret |= emu_sysfs_link(target, path);
	emu_sysfs_path(path, sizeof(path), "%s/virtfn%u", ad->pci_dir, k);
	emu_sysfs_path(target, sizeof(target), "../%s", ad->vf_pci[k]);
	ret |= emu_sysfs_link(target, path);
	ret |= emu_sysfs_mkdirs(ib);
	if (ret != 0)
		return ret;
	emu_sysfs_path(path, sizeof(path), "%s/device", ib);
	ret |= emu_sysfs_link(d, path);
	ret |= emu_sysfs_put(ib, "node_type", "1: CA");
	ret |= emu_sysfs_put(ib, "fw_ver", "%s", ad->cfg.model->fw_ver);
	emu_sysfs_path(path, sizeof(path), "%s/ports/1/gid_attrs/ndevs", ib);
	ret |= emu_sysfs_mkdirs(path);
	ret |= emu_sysfs_put(path, "0", "%s", ad->vf_ifname[k]);
	emu_sysfs_path(path, sizeof(path), "%s/ports/1", ib);
	ret |= emu_sysfs_put(path, "state", "4: ACTIVE");
	ret |= emu_sysfs_put(path, "link_layer", "Ethernet");
	emu_sysfs_vf_vport(ad, k, &v);
	ret |= emu_sysfs_netdev(ad, d, &v, ad->vf_ifname[k], v.mac, NULL);
	return ret;
}

int
emu_sysfs_write_adapter(struct emu_adapter *ad, const char *root)
{
	const char *ib = ad->ibdev.ibdev_path;
	char path[PATH_MAX];
	unsigned int p;
	int ret;

	ret = emu_sysfs_pci(ad, root, ad->pci_dir, ad->cfg.pci,
			    ad->cfg.model->pf_device_id, ad->ibdev.name);
	ret |= emu_sysfs_mkdirs(ib);
	if (ret != 0)
		return ret;
	emu_sysfs_path(path, sizeof(path), "%s/device", ib);
	ret |= emu_sysfs_link(ad->pci_dir, path);
	ret |= emu_sysfs_put(ib, "node_type", "1: CA");
	ret |= emu_sysfs_put(ib, "fw_ver", "%s", ad->cfg.model->fw_ver);
	for (p = 1; p <= ad->nports; p++) {
		struct emu_vport *vp = emu_adapter_port_vport(ad, p);
		char pname[32];
		uint8_t mac[6];

		emu_sysfs_path(path, sizeof(path),
			       "%s/ports/%u/gid_attrs/ndevs", ib, p);
		ret |= emu_sysfs_mkdirs(path);
		ret |= emu_sysfs_put(path, "0", "%s", vp->ifname);
		emu_sysfs_path(path, sizeof(path), "%s/ports/%u", ib, p);
		ret |= emu_sysfs_put(path, "state", "4: ACTIVE");
		ret |= emu_sysfs_put(path, "link_layer", "Ethernet");
		memcpy(mac, vp->mac, 6);
		if (ad->cfg.esw == EMU_ESW_LEGACY) {
			ret |= emu_sysfs_netdev(ad, ad->pci_dir, vp, vp->ifname,
						mac, NULL);
			continue;
		}
		if (p == 1) {
			emu_sysfs_path(pname, sizeof(pname), "p0");
		} else {
			emu_sysfs_path(pname, sizeof(pname), "pf0vf%u", p - 2);
			/* A representor has its own MAC, not its VF's. */
			mac[4] = 0x80;
		}
		ret |= emu_sysfs_netdev(ad, ad->pci_dir, vp, vp->ifname, mac,
					pname);
	}
	for (p = 0; p < ad->cfg.nvfs; p++)
		ret |= emu_sysfs_vf(ad, root, p);
	return ret;
}

static int
emu_sysfs_rm_one(const char *path, const struct stat *sb, int flag,
		 struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if (flag == FTW_DP)
		return rmdir(path) == 0 ? 0 : -1;
	return unlink(path) == 0 ? 0 : -1;
}

int
emu_sysfs_remove_tree(const char *root)
{
	if (root == NULL || root[0] == '\0' || strcmp(root, "/") == 0)
		return -EINVAL;
	return nftw(root, emu_sysfs_rm_one, 16, FTW_DEPTH | FTW_PHYS) == 0
		       ? 0
		       : -errno;
}
