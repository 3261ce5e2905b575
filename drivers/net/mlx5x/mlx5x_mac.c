/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What a port accepts and how big: unicast MAC addresses, promiscuous and
 * allmulticast modes, MTU. The software state is the truth; the started
 * port's steering (mlx5x_steer.c) and, for the PF, its NIC vport context
 * follow it.
 */
#include <errno.h>
#include <string.h>

#include <ethdev_driver.h>

#include "mlx5x.h"
#include "mlx5x_netdev.h"
#include "mlx5x_rxtx.h"

/* The PF's own NIC vport; a representor's state is the driver's only (its
 * vport context belongs to the VF). Without DevX the vport context is the
 * kernel netdev's: promiscuous and allmulticast are Verbs flow rules, the
 * MTU follows the netdev. */
static bool
mac_owns_vport(const struct mlx5x_priv *priv)
{
	return priv->role != MLX5X_PORT_ROLE_VF_REP && priv->sh->devx;
}

static int
mac_apply_modes(struct rte_eth_dev *dev, bool promisc, bool allmulti)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	bool old_promisc = priv->promisc, old_allmulti = priv->allmulti;
	int ret;

	priv->promisc = promisc;
	priv->allmulti = allmulti;
	if (mac_owns_vport(priv)) {
		ret = mlx5x_devx_vport_set_promisc(priv->sh->ctx, false, 0,
						   promisc, allmulti, promisc);
		if (ret < 0)
			goto err_restore;
	}
	ret = mlx5x_steer_refresh(dev);
	if (ret < 0)
		goto err_restore;
	return 0;

err_restore:
	MLX5X_NET_LOG(ERR,
		      "port %u: cannot set promiscuous %s, allmulticast %s",
		      dev->data->port_id, promisc ? "on" : "off",
		      allmulti ? "on" : "off");
	priv->promisc = old_promisc;
	priv->allmulti = old_allmulti;
	mlx5x_steer_refresh(dev);
	return ret;
}

int
mlx5x_promiscuous_enable(struct rte_eth_dev *dev)
{
	return mac_apply_modes(dev, true, MLX5X_PRIV(dev)->allmulti);
}

int
mlx5x_promiscuous_disable(struct rte_eth_dev *dev)
{
	return mac_apply_modes(dev, false, MLX5X_PRIV(dev)->allmulti);
}

int
mlx5x_allmulticast_enable(struct rte_eth_dev *dev)
{
	return mac_apply_modes(dev, MLX5X_PRIV(dev)->promisc, true);
}

int
mlx5x_allmulticast_disable(struct rte_eth_dev *dev)
{
	return mac_apply_modes(dev, MLX5X_PRIV(dev)->promisc, false);
}

/* ethdev writes mac_addrs[] after these return 0: steer with the new list
 * by writing it first, and put it back on failure. */
int
mlx5x_mac_addr_add(struct rte_eth_dev *dev, struct rte_ether_addr *mac,
		   uint32_t index, uint32_t vmdq)
{
	struct rte_ether_addr old;
	int ret;

	RTE_SET_USED(vmdq);
	if (index >= MLX5X_MAC_MAX)
		return -EINVAL;
	if (rte_is_multicast_ether_addr(mac)) {
		MLX5X_NET_LOG(ERR,
			      "port %u: " RTE_ETHER_ADDR_PRT_FMT
			      " is multicast; use set_mc_addr_list or allmulticast",
			      dev->data->port_id, RTE_ETHER_ADDR_BYTES(mac));
		return -EINVAL;
	}
	old = dev->data->mac_addrs[index];
	dev->data->mac_addrs[index] = *mac;
	ret = mlx5x_steer_refresh(dev);
	if (ret < 0) {
		dev->data->mac_addrs[index] = old;
		mlx5x_steer_refresh(dev);
	}
	return ret;
}

void
mlx5x_mac_addr_remove(struct rte_eth_dev *dev, uint32_t index)
{
	if (index >= MLX5X_MAC_MAX)
		return;
	memset(&dev->data->mac_addrs[index], 0, sizeof(struct rte_ether_addr));
	if (mlx5x_steer_refresh(dev) < 0)
		MLX5X_NET_LOG(WARNING,
			      "port %u: steering not updated after removing MAC %u",
			      dev->data->port_id, index);
}

int
mlx5x_mac_addr_set(struct rte_eth_dev *dev, struct rte_ether_addr *mac)
{
	return mlx5x_mac_addr_add(dev, mac, 0, 0);
}

int
mlx5x_mtu_set(struct rte_eth_dev *dev, uint16_t mtu)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	uint16_t i;
	int ret;

	if (mtu < RTE_ETHER_MIN_MTU || mtu > MLX5X_MTU_MAX) {
		MLX5X_NET_LOG(ERR, "port %u: MTU %u out of range %u..%u",
			      dev->data->port_id, mtu, RTE_ETHER_MIN_MTU,
			      MLX5X_MTU_MAX);
		return -EINVAL;
	}
	/* Frames at the new MTU must fit the Rx queues set up already. */
	for (i = 0; i < dev->data->nb_rx_queues; i++) {
		const struct mlx5x_rxq *rxq = dev->data->rx_queues[i];
		uint32_t frame = (uint32_t)mtu + RTE_ETHER_HDR_LEN +
				 RTE_ETHER_CRC_LEN + 2 * RTE_VLAN_HLEN;

		if (rxq != NULL && (rxq->buf_len << rxq->log_sges) < frame) {
			MLX5X_NET_LOG(ERR,
				      "port %u: MTU %u needs %u bytes per frame, Rx queue %u holds %u: set the queues up again (scatter or bigger mbufs) first",
				      dev->data->port_id, mtu, frame, i,
				      rxq->buf_len << rxq->log_sges);
			return -EINVAL;
		}
	}
	if (mac_owns_vport(priv)) {
		/* The vport context MTU is the hardware MTU: the L3 MTU plus
		 * Ethernet header, one VLAN tag and FCS (22 bytes, as the
		 * kernel's mlx5e converts it). */
		ret = mlx5x_devx_vport_set_mtu(priv->sh->ctx, false, 0,
					       (uint16_t)(mtu +
							  RTE_ETHER_HDR_LEN +
							  RTE_VLAN_HLEN +
							  RTE_ETHER_CRC_LEN));
		if (ret < 0) {
			MLX5X_NET_LOG(ERR, "port %u: the device refused MTU %u",
				      dev->data->port_id, mtu);
			return ret;
		}
	}
	/* Keep the kernel netdev in step; it is not fatal when it cannot
	 * follow (no permission, netdev gone), the port's MTU is set. */
	ret = mlx5x_netdev_set_mtu(priv->sh->ibdev_path, priv->ifname, mtu);
	if (ret < 0)
		MLX5X_NET_LOG(WARNING,
			      "port %u: netdev %s MTU not updated to %u: %s",
			      dev->data->port_id, priv->ifname, mtu,
			      strerror(-ret));
	priv->mtu = mtu;
	return 0;
}
