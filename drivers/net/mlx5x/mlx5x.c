/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PCI driver: ID table, probe and remove.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bus_pci_driver.h>
#include <ethdev_driver.h>
#include <ethdev_pci.h>
#include <rte_errno.h>
#include <rte_malloc.h>

#include "mlx5x.h"
#include "flow/mlx5x_flow.h"
#include "mlx5x_rxtx.h"
#include "mlx5x_dev.h"
#include "mlx5x_devargs.h"
#include "mlx5x_netdev.h"
#include "mlx5x_pci_ids.h"
#include "mlx5x_prm.h"

RTE_LOG_REGISTER(mlx5x_logtype_net, pmd.net.mlx5x, NOTICE);

static const struct rte_pci_id mlx5x_pci_id_map[] = {
#define MLX5X_PCI_ID_ROW(id, model, vf, name)                                  \
	{ RTE_PCI_DEVICE(MLX5X_PCI_VENDOR_MELLANOX, id) },
	MLX5X_PCI_DEVICES(MLX5X_PCI_ID_ROW)
#undef MLX5X_PCI_ID_ROW
		{ .vendor_id = 0 },
};

/* What one IB port of the device is, found at probe. */
struct mlx5x_ibport {
	uint32_t ib_port;
	enum mlx5x_port_role role;
	int pf;
	int vf;
	uint16_t vport;
	bool has_reg_c0;
	uint32_t reg_c0_value;
	uint32_t reg_c0_mask;
	struct mlx5x_netdev_info nd;
};

static const char *
mlx5x_role_name(enum mlx5x_port_role role)
{
	switch (role) {
	case MLX5X_PORT_ROLE_UPLINK:
		return "uplink";
	case MLX5X_PORT_ROLE_VF_REP:
		return "VF representor";
	case MLX5X_PORT_ROLE_PF_REP:
		return "PF representor";
	default:
		return "plain";
	}
}

/* Role from phys_port_name, as the kernel's mlx5 E-Switch names its ports. */
static void
mlx5x_ibport_role(struct mlx5x_ibport *p)
{
	const char *n = p->nd.phys_port_name;
	int pf, vf, len = 0;

	p->role = MLX5X_PORT_ROLE_PLAIN;
	p->pf = -1;
	p->vf = -1;
	if (sscanf(n, "pf%dvf%d%n", &pf, &vf, &len) == 2 && n[len] == '\0') {
		p->role = MLX5X_PORT_ROLE_VF_REP;
		p->pf = pf;
		p->vf = vf;
	} else if (sscanf(n, "pf%d%n", &pf, &len) == 1 && n[len] == '\0') {
		p->role = MLX5X_PORT_ROLE_PF_REP;
		p->pf = pf;
	} else if (sscanf(n, "p%d%n", &pf, &len) == 1 && n[len] == '\0') {
		p->role = MLX5X_PORT_ROLE_UPLINK;
		p->pf = pf;
	}
}

/* Describe IB port `port`: netdev, role, vport. 0 or -errno with why[]. */
static int
mlx5x_ibport_discover(struct mlx5x_dev_ctx *sh, uint32_t port,
		      struct mlx5x_ibport *p, char *why, size_t why_len)
{
	struct mlx5dv_port dv;
	char ifname[IF_NAMESIZE];
	int ret;

	memset(p, 0, sizeof(*p));
	p->ib_port = port;
	ret = mlx5x_netdev_of_ibport(sh->ibdev_name, sh->ibdev_path, port,
				     ifname, sizeof(ifname));
	if (ret < 0) {
		snprintf(why, why_len,
			 "%s port %u has no network device (netlink and %s/ports/%u/gid_attrs/ndevs/0): %s",
			 sh->ibdev_name, port, sh->ibdev_path, port,
			 strerror(-ret));
		return ret;
	}
	ret = mlx5x_netdev_query(sh->ibdev_path, ifname, &p->nd);
	if (ret < 0) {
		snprintf(why, why_len,
			 "%s port %u: cannot read network device %s: %s",
			 sh->ibdev_name, port, ifname, strerror(-ret));
		return ret;
	}
	mlx5x_ibport_role(p);
	p->vport = 0;
	ret = mlx5x_glue_dv_query_port(sh->ctx, port, &dv);
	if (ret == 0 && (dv.flags & MLX5DV_QUERY_PORT_VPORT))
		p->vport = dv.vport;
	if (ret == 0 && (dv.flags & MLX5DV_QUERY_PORT_VPORT_REG_C0)) {
		p->has_reg_c0 = true;
		p->reg_c0_value = dv.reg_c0.value;
		p->reg_c0_mask = dv.reg_c0.mask;
	} else if (p->role == MLX5X_PORT_ROLE_VF_REP) {
		snprintf(why, why_len,
			 "%s port %u (%s, %s): mlx5dv_query_port gives no vport",
			 sh->ibdev_name, port, ifname, p->nd.phys_port_name);
		return -ENOTSUP;
	}
	return 0;
}

/* The ethdev name of IB port p: the PCI name, with the VF for a
 * representor. */
static void
mlx5x_port_name(const struct rte_pci_device *pci_dev,
		const struct mlx5x_ibport *p, char *name, size_t len)
{
	if (p->role == MLX5X_PORT_ROLE_VF_REP)
		snprintf(name, len, "%s_representor_vf%d", pci_dev->device.name,
			 p->vf);
	else
		snprintf(name, len, "%s", pci_dev->device.name);
}

/* The ethdev of IB port p if an earlier probe created it. */
static struct rte_eth_dev *
mlx5x_port_existing(const struct rte_pci_device *pci_dev,
		    const struct mlx5x_ibport *p)
{
	char name[RTE_ETH_NAME_MAX_LEN];

	mlx5x_port_name(pci_dev, p, name, sizeof(name));
	return rte_eth_dev_allocated(name);
}

/* Allocate and fill one ethdev for IB port p. */
static struct rte_eth_dev *
mlx5x_port_spawn(struct rte_pci_device *pci_dev, struct mlx5x_dev_ctx *sh,
		 const struct mlx5x_ibport *p, const struct mlx5x_devargs *da,
		 bool switchdev, uint16_t backer_port_id, char *why,
		 size_t why_len)
{
	struct rte_eth_dev *dev;
	struct mlx5x_priv *priv;
	char name[RTE_ETH_NAME_MAX_LEN];
	bool devx;

	mlx5x_port_name(pci_dev, p, name, sizeof(name));
	dev = rte_eth_dev_allocate(name);
	if (dev == NULL) {
		snprintf(why, why_len, "cannot allocate ethdev %s", name);
		rte_errno = ENOMEM;
		return NULL;
	}
	priv = rte_zmalloc_socket(name, sizeof(*priv), RTE_CACHE_LINE_SIZE,
				  pci_dev->device.numa_node);
	if (priv == NULL) {
		snprintf(why, why_len, "%s: no memory for private data", name);
		rte_errno = ENOMEM;
		goto err_release_port;
	}
	dev->data->dev_private = priv;
	dev->data->mac_addrs =
		rte_zmalloc(name, MLX5X_MAC_MAX * sizeof(struct rte_ether_addr),
			    0);
	if (dev->data->mac_addrs == NULL) {
		snprintf(why, why_len, "%s: no memory for MAC addresses", name);
		rte_errno = ENOMEM;
		goto err_release_port; /* release_port frees dev_private */
	}
	dev->device = &pci_dev->device;
	rte_eth_copy_pci_info(dev, pci_dev);
	/* Link changes are reported by polling (mlx5x_ethdev.c), removal is
	 * not reported at all yet: claim only the first. */
	dev->data->dev_flags &= ~RTE_ETH_DEV_INTR_RMV;
	dev->data->dev_flags |= RTE_ETH_DEV_AUTOFILL_QUEUE_XSTATS;
	/* The flow engine takes its own lock (flow/mlx5x_flow.c). */
	dev->data->dev_flags |= RTE_ETH_DEV_FLOW_OPS_THREAD_SAFE;
	priv->sh = sh;
	priv->data = dev->data;
	/* dv_flow_en=0 asks for Verbs flows, which need Verbs queues; ports
	 * of a switchdev E-Switch keep DevX (their rules are refused). */
	devx = sh->devx && (da->dv_flow_en != 0 || switchdev);
	priv->qops = devx ? &mlx5x_queue_devx_ops : &mlx5x_queue_verbs_ops;
	priv->steer_ops = devx ? &mlx5x_steer_devx_ops : &mlx5x_steer_verbs_ops;
	priv->ib_port = p->ib_port;
	priv->role = p->role;
	priv->switchdev = switchdev;
	priv->domain_id = sh->switch_domain;
	priv->has_reg_c0 = p->has_reg_c0;
	priv->reg_c0_value = p->reg_c0_value;
	priv->reg_c0_mask = p->reg_c0_mask;
	priv->config = *da;
	priv->mtu = p->nd.mtu ? p->nd.mtu : RTE_ETHER_MTU;
	snprintf(priv->ifname, sizeof(priv->ifname), "%s", p->nd.ifname);
	if (p->role == MLX5X_PORT_ROLE_VF_REP) {
		priv->vport = p->vport;
		priv->representor_id = (uint16_t)p->vf;
		dev->data->dev_flags |= RTE_ETH_DEV_REPRESENTOR;
		dev->data->representor_id = (uint16_t)p->vf;
		dev->data->backer_port_id = backer_port_id;
	} else {
		priv->vport = switchdev ? MLX5X_VPORT_UPLINK : p->vport;
		priv->representor_id = UINT16_MAX;
		dev->data->backer_port_id = dev->data->port_id;
	}
	memcpy(dev->data->mac_addrs[0].addr_bytes, p->nd.mac,
	       RTE_ETHER_ADDR_LEN);
	dev->data->mtu = (uint16_t)priv->mtu;
	if (mlx5x_flow_port_init(dev) < 0) {
		snprintf(why, why_len, "%s: no memory for the flow engine",
			 name);
		rte_errno = ENOMEM;
		goto err_release_port;
	}
	dev->dev_ops = &mlx5x_dev_ops;
	dev->rx_pkt_burst = rte_eth_pkt_burst_dummy;
	dev->tx_pkt_burst = rte_eth_pkt_burst_dummy;
	sh->refcnt++;
	MLX5X_NET_LOG(INFO, "%s: port %u on %s IB port %u (%s %s, vport 0x%x)",
		      name, dev->data->port_id, sh->ibdev_name, p->ib_port,
		      mlx5x_role_name(p->role), p->nd.ifname, priv->vport);
	return dev;

err_release_port:
	rte_eth_dev_release_port(dev);
	return NULL;
}

/*
 * Check every requested representor exists before creating any port, so a
 * bad list fails probe without leaving half the ports behind. Fills rep[]
 * with the IB port index (into ports[]) of each requested VF.
 */
static int
mlx5x_representors_match(const char *pci_name, const struct mlx5x_devargs *da,
			 const struct mlx5x_ibport *ports, unsigned int nb,
			 bool switchdev, unsigned int *rep, char *why,
			 size_t why_len)
{
	char have[256] = "";
	size_t have_len = 0;
	unsigned int i, j;

	for (j = 0; j < nb; j++)
		if (ports[j].role == MLX5X_PORT_ROLE_VF_REP &&
		    have_len < sizeof(have))
			have_len += snprintf(have + have_len,
					     sizeof(have) - have_len, "%s%s",
					     have_len ? " " : "",
					     ports[j].nd.phys_port_name);
	for (i = 0; i < da->representor.nb; i++) {
		int pf = da->representor.pf;
		int vf = da->representor.vf[i];

		if (!switchdev) {
			snprintf(why, why_len,
				 "representor=: VF representor %d does not exist on %s: its E-Switch is not in switchdev mode (no representor ports); set it with 'devlink dev eswitch set pci/%s mode switchdev'",
				 vf, pci_name, pci_name);
			return -ENODEV;
		}
		for (j = 0; j < nb; j++)
			if (ports[j].role == MLX5X_PORT_ROLE_VF_REP &&
			    ports[j].vf == vf && (pf < 0 || ports[j].pf == pf))
				break;
		if (j == nb) {
			if (pf < 0)
				pf = 0;
			snprintf(why, why_len,
				 "representor=: VF representor pf%dvf%d does not exist on %s (it has: %s)",
				 pf, vf, pci_name, have_len ? have : "none");
			return -ENODEV;
		}
		rep[i] = j;
	}
	return 0;
}

/* The PF of VF pci_dev (its sysfs physfn link), or a placeholder. */
static void
mlx5x_vf_physfn(const struct rte_pci_device *pci_dev, char *pf, size_t len)
{
	char path[PATH_MAX], target[PATH_MAX];
	const char *base;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/%s/physfn", rte_pci_get_sysfs_path(),
		 pci_dev->name);
	n = readlink(path, target, sizeof(target) - 1);
	if (n <= 0) {
		snprintf(pf, len, "<PF PCI address>");
		return;
	}
	target[n] = '\0';
	base = strrchr(target, '/');
	snprintf(pf, len, "%s", base != NULL ? base + 1 : target);
}

static int
mlx5x_pci_probe(struct rte_pci_driver *drv, struct rte_pci_device *pci_dev)
{
	const struct mlx5x_pci_device *info;
	struct mlx5x_devargs da;
	struct mlx5x_ibport *ports = NULL;
	unsigned int *rep = NULL;
	struct rte_eth_dev **devs = NULL;
	struct rte_eth_dev *pf;
	struct mlx5x_dev_ctx *sh;
	struct ibv_device **list;
	struct ibv_device *ibdev;
	unsigned int nb_ports, nb_devs = 0, main_port = 0, i;
	bool switchdev = false;
	char why[512];
	int ret;

	RTE_SET_USED(drv);
	info = mlx5x_pci_device_lookup(pci_dev->id.vendor_id,
				       pci_dev->id.device_id);
	if (info == NULL) {
		MLX5X_NET_LOG(ERR, "%s: PCI ID %04x:%04x is not a ConnectX",
			      pci_dev->name, pci_dev->id.vendor_id,
			      pci_dev->id.device_id);
		rte_errno = ENOTSUP;
		return -rte_errno;
	}
	ret = mlx5x_devargs_parse(pci_dev->device.devargs != NULL
					  ? pci_dev->device.devargs->args
					  : NULL,
				  &da, why, sizeof(why));
	if (ret != 0) {
		MLX5X_NET_LOG(ERR, "%s: %s", pci_dev->name, why);
		rte_errno = EINVAL;
		return -rte_errno;
	}
#ifdef RTE_ARCH_ARM64
	/* mlx5's txqs_min_inline default for a BlueField driven from its
	 * own Arm cores (16 there, 8 everywhere else). */
	if (info->model == MLX5X_MODEL_BF &&
	    !mlx5x_devargs_given(&da, "txqs_min_inline"))
		da.txqs_min_inline = MLX5X_TXQS_MIN_INLINE_BLUEFIELD;
#endif
	/* A VF is a plain port: its representor lives on the PF, the
	 * E-Switch manager. */
	if (info->is_vf && da.representor.nb > 0) {
		char pf_name[PATH_MAX];

		mlx5x_vf_physfn(pci_dev, pf_name, sizeof(pf_name));
		MLX5X_NET_LOG(ERR,
			      "%s: representor=: %s is a %s Virtual Function, which has no representors; representors are created on the PF (the E-Switch manager): -a %s,representor=[...]",
			      pci_dev->name, pci_dev->name,
			      mlx5x_model_name(info->model), pf_name);
		rte_errno = EINVAL;
		return -rte_errno;
	}
	list = mlx5x_dev_find_ibdev(&pci_dev->addr, &ibdev, why, sizeof(why));
	if (list == NULL) {
		MLX5X_NET_LOG(ERR, "%s (%s%s): %s", pci_dev->name,
			      mlx5x_model_name(info->model),
			      info->is_vf ? " VF" : "", why);
		return -rte_errno;
	}
	sh = mlx5x_dev_ctx_get(ibdev, why, sizeof(why));
	mlx5x_glue->free_device_list(list);
	if (sh == NULL) {
		ret = -rte_errno;
		MLX5X_NET_LOG(ERR, "%s: %s", pci_dev->name, why);
		return ret;
	}
	nb_ports = sh->nb_ib_ports;
	ports = calloc(nb_ports, sizeof(*ports));
	rep = calloc(da.representor.nb + 1, sizeof(*rep));
	devs = calloc(da.representor.nb + 1, sizeof(*devs));
	if (ports == NULL || rep == NULL || devs == NULL) {
		ret = -ENOMEM;
		MLX5X_NET_LOG(ERR, "%s: no memory to describe %u IB ports",
			      pci_dev->name, nb_ports);
		goto err_free_tables;
	}
	for (i = 0; i < nb_ports; i++) {
		ret = mlx5x_ibport_discover(sh, i + 1, &ports[i], why,
					    sizeof(why));
		if (ret < 0) {
			MLX5X_NET_LOG(ERR, "%s: %s", pci_dev->name, why);
			goto err_free_tables;
		}
		if (ports[i].role == MLX5X_PORT_ROLE_UPLINK) {
			switchdev = ports[i].nd.phys_switch_id[0] != '\0';
			main_port = i;
		}
	}
	ret = mlx5x_representors_match(pci_dev->name, &da, ports, nb_ports,
				       switchdev, rep, why, sizeof(why));
	if (ret < 0) {
		MLX5X_NET_LOG(ERR, "%s: %s", pci_dev->name, why);
		goto err_free_tables;
	}
	if (!sh->devx && da.representor.nb > 0) {
		ret = -ENOTSUP;
		MLX5X_NET_LOG(ERR,
			      "%s: representor=: representors need DevX (E-Switch steering), which %s does not offer",
			      pci_dev->name, sh->ibdev_name);
		goto err_free_tables;
	}
	if (switchdev && !sh->has_switch_domain) {
		ret = rte_eth_switch_domain_alloc(&sh->switch_domain);
		if (ret != 0) {
			MLX5X_NET_LOG(ERR,
				      "%s: cannot allocate a switch domain: %s",
				      pci_dev->name, strerror(-ret));
			goto err_free_tables;
		}
		sh->has_switch_domain = true;
	}
	/* Probing again (hotplug of more representors) keeps the ports that
	 * exist and adds the missing ones. */
	pf = mlx5x_port_existing(pci_dev, &ports[main_port]);
	if (pf == NULL) {
		pf = mlx5x_port_spawn(pci_dev, sh, &ports[main_port], &da,
				      switchdev, 0, why, sizeof(why));
		if (pf == NULL) {
			ret = -rte_errno;
			MLX5X_NET_LOG(ERR, "%s: %s", pci_dev->name, why);
			goto err_close_ports;
		}
		devs[nb_devs++] = pf;
	}
	for (i = 0; i < da.representor.nb; i++) {
		if (mlx5x_port_existing(pci_dev, &ports[rep[i]]) != NULL)
			continue;
		devs[nb_devs] =
			mlx5x_port_spawn(pci_dev, sh, &ports[rep[i]], &da,
					 switchdev, pf->data->port_id, why,
					 sizeof(why));
		if (devs[nb_devs] == NULL) {
			ret = -rte_errno;
			MLX5X_NET_LOG(ERR, "%s: %s", pci_dev->name, why);
			goto err_close_ports;
		}
		nb_devs++;
	}
	for (i = 0; i < nb_devs; i++)
		rte_eth_dev_probing_finish(devs[i]);
	/* Every port holds its own reference; drop the probe's. */
	mlx5x_dev_ctx_put(sh);
	free(devs);
	free(rep);
	free(ports);
	return 0;

err_close_ports:
	while (nb_devs > 0) {
		struct rte_eth_dev *dev = devs[--nb_devs];

		mlx5x_dev_close(dev);
		rte_eth_dev_release_port(dev);
	}
err_free_tables:
	free(devs);
	free(rep);
	free(ports);
	if (sh->refcnt == 1 && sh->has_switch_domain) {
		rte_eth_switch_domain_free(sh->switch_domain);
		sh->has_switch_domain = false;
	}
	mlx5x_dev_ctx_put(sh);
	rte_errno = -ret;
	return ret;
}

/* Stop (ethdev refuses to close a started port) and close one port. */
static int
mlx5x_port_remove(uint16_t port_id)
{
	int ret = 0;

	if (rte_eth_devices[port_id].data->dev_started)
		ret = rte_eth_dev_stop(port_id);
	return rte_eth_dev_close(port_id) | ret;
}

static int
mlx5x_pci_remove(struct rte_pci_device *pci_dev)
{
	uint16_t port_id;
	int ret = 0;

	/* Representors first, the port they are backed by last. */
	RTE_ETH_FOREACH_DEV_OF(port_id, &pci_dev->device)
	{
		if (rte_eth_devices[port_id].data->dev_flags &
		    RTE_ETH_DEV_REPRESENTOR)
			ret |= mlx5x_port_remove(port_id);
	}
	RTE_ETH_FOREACH_DEV_OF(port_id, &pci_dev->device)
	{
		ret |= mlx5x_port_remove(port_id);
	}
	return ret == 0 ? 0 : -EIO;
}

/* The shared context behind a PCI device, through any of its ports. */
static struct mlx5x_dev_ctx *
mlx5x_pci_dev_ctx(struct rte_pci_device *pci_dev)
{
	uint16_t port_id;

	RTE_ETH_FOREACH_DEV_OF(port_id, &pci_dev->device)
	{
		struct mlx5x_priv *priv =
			rte_eth_devices[port_id].data->dev_private;

		if (priv != NULL && priv->sh != NULL)
			return priv->sh;
	}
	return NULL;
}

/* rte_dev_dma_map: external memory the application will put packets in. */
static int
mlx5x_pci_dma_map(struct rte_pci_device *pci_dev, void *addr, uint64_t iova,
		  size_t len)
{
	struct mlx5x_dev_ctx *sh = mlx5x_pci_dev_ctx(pci_dev);
	int ret;

	RTE_SET_USED(iova);
	if (sh == NULL) {
		MLX5X_NET_LOG(ERR, "%s: DMA map of %p: the device has no port",
			      pci_dev->name, addr);
		rte_errno = ENODEV;
		return -rte_errno;
	}
	ret = mlx5x_mr_map(&sh->mr, addr, len);
	if (ret < 0) {
		MLX5X_NET_LOG(ERR, "%s: DMA map of %p (%zu bytes) failed: %s",
			      pci_dev->name, addr, len, strerror(-ret));
		rte_errno = -ret;
	}
	return ret;
}

static int
mlx5x_pci_dma_unmap(struct rte_pci_device *pci_dev, void *addr, uint64_t iova,
		    size_t len)
{
	struct mlx5x_dev_ctx *sh = mlx5x_pci_dev_ctx(pci_dev);
	int ret;

	RTE_SET_USED(iova);
	if (sh == NULL) {
		rte_errno = ENODEV;
		return -rte_errno;
	}
	ret = mlx5x_mr_unmap(&sh->mr, addr, len);
	if (ret < 0) {
		MLX5X_NET_LOG(ERR,
			      "%s: DMA unmap of %p (%zu bytes): not mapped",
			      pci_dev->name, addr, len);
		rte_errno = -ret;
	}
	return ret;
}

static struct rte_pci_driver mlx5x_pci_driver = {
	.driver = {
		.name = MLX5X_PCI_DRIVER_NAME,
	},
	.id_table = mlx5x_pci_id_map,
	.probe = mlx5x_pci_probe,
	.remove = mlx5x_pci_remove,
	.dma_map = mlx5x_pci_dma_map,
	.dma_unmap = mlx5x_pci_dma_unmap,
	.drv_flags = RTE_PCI_DRV_INTR_LSC | RTE_PCI_DRV_INTR_RMV |
		     RTE_PCI_DRV_PROBE_AGAIN,
};

/*
 * Two names, as upstream mlx5 has mlx5_pci and its ethdev driver: the PCI
 * driver "mlx5x_pci" is what EAL's probe log and rte_eth_dev_info's
 * driver_name show; the PMD is exported as net_mlx5x, the name
 * dpdk-pmdinfo.py lists with the ID table, kernel modules and devargs.
 * RTE_PMD_REGISTER_PCI would give both the same name, so the PCI driver is
 * registered here and the PMD name exported beside it.
 */
RTE_INIT(mlx5x_pci_register)
{
	rte_pci_register(&mlx5x_pci_driver);
}

RTE_FINI(mlx5x_pci_unregister)
{
	rte_pci_unregister(&mlx5x_pci_driver);
}

RTE_PMD_EXPORT_NAME(net_mlx5x, __COUNTER__);
RTE_PMD_REGISTER_PCI_TABLE(net_mlx5x, mlx5x_pci_id_map);
RTE_PMD_REGISTER_KMOD_DEP(net_mlx5x, "* ib_uverbs & mlx5_core & mlx5_ib");
RTE_PMD_REGISTER_PARAM_STRING(net_mlx5x, MLX5X_DEVARGS_PARAMS);
