/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * NIC vport context and vport counters. other_vport lets the E-Switch
 * manager address a VF's context (vport_number k + 1) or the uplink; a
 * plain function may only address itself. A change of MTU or MAC shows in
 * the port's netdev files, as the kernel's netdev would.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_queue.h"
#include "mlx5x_emu_steer.h"
#include "mlx5x_emu_cmd.h"
#include "mlx5x_emu_ends.h"
#include "mlx5x_emu_vport_count.h"

#include <string.h>

/* The vport MTU counts what the port carries around the IP packet:
 * Ethernet header, one VLAN tag and FCS (14 + 4 + 4), as mlx5_core
 * converts between the netdev MTU and the vport MTU. */
#define EMU_HW_MTU_OVERHEAD 22

static struct emu_vport *
emu_vport_pick(struct emu_ctx *ctx, bool other, uint16_t num,
	       uint32_t *syndrome, int *status)
{
	struct emu_adapter *ad = ctx->ad;
	struct emu_vport *vp;

	/* A function's own vport: the PF's, or VF k's (k + 1) on a context
	 * opened on VF k's own IB device. */
	if (!other)
		return emu_fn_vport(ad, ctx->fn);
	if (!emu_hca_cap_esw_manager(ad, ctx->fn)) {
		/* Only the E-Switch manager may address other vports. */
		*syndrome = 0x3a0b71;
		*status = MLX5X_CMD_STAT_BAD_PARAM_ERR;
		return NULL;
	}
	vp = emu_adapter_vport(ad, num);
	if (vp == NULL) {
		*syndrome = 0x3a0b72;
		*status = MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	return vp;
}

int
emu_vport_query_ctx(struct emu_ctx *ctx, const void *in, size_t inlen,
		    void *out, size_t outlen, uint32_t *syndrome,
		    struct emu_cmd_result *res)
{
	struct emu_vport *vp;
	void *c = MLX5X_ADDR_OF(query_nic_vport_context_out, out,
				nic_vport_context);
	void *mac = MLX5X_ADDR_OF(nic_vport_context, c, permanent_address);
	int status = 0;

	(void)inlen;
	(void)outlen;
	(void)res;
	vp = emu_vport_pick(ctx,
			    MLX5X_GET(query_nic_vport_context_in, in,
				      other_vport),
			    MLX5X_GET(query_nic_vport_context_in, in,
				      vport_number),
			    syndrome, &status);
	if (vp == NULL)
		return status;
	MLX5X_SET(nic_vport_context, c, min_wqe_inline_mode,
		  ctx->ad->cfg.model->wqe_inline_mode ==
				  MLX5X_CAP_INLINE_MODE_VPORT_CONTEXT
			  ? 1 /* L2 */
			  : 0);
	MLX5X_SET(nic_vport_context, c, mtu, vp->mtu + EMU_HW_MTU_OVERHEAD);
	MLX5X_SET(nic_vport_context, c, promisc_uc, vp->promisc_uc);
	MLX5X_SET(nic_vport_context, c, promisc_mc, vp->promisc_mc);
	MLX5X_SET(nic_vport_context, c, promisc_all, vp->promisc_all);
	MLX5X_SET(mac_address_layout, mac, mac_addr_47_32,
		  vp->mac[0] << 8 | vp->mac[1]);
	MLX5X_SET(mac_address_layout, mac, mac_addr_31_0,
		  (uint32_t)vp->mac[2] << 24 | vp->mac[3] << 16 |
			  vp->mac[4] << 8 | vp->mac[5]);
	return MLX5X_CMD_STAT_OK;
}

int
emu_vport_modify_ctx(struct emu_ctx *ctx, const void *in, size_t inlen,
		     void *out, size_t outlen, uint32_t *syndrome,
		     struct emu_cmd_result *res)
{
	const void *sel =
		MLX5X_ADDR_OF(modify_nic_vport_context_in, in, field_select);
	const void *c = MLX5X_ADDR_OF(modify_nic_vport_context_in, in,
				      nic_vport_context);
	const void *mac =
		MLX5X_ADDR_OF(nic_vport_context, c, permanent_address);
	struct emu_vport *vp;
	int status = 0;

	(void)inlen;
	(void)out;
	(void)outlen;
	(void)res;
	vp = emu_vport_pick(ctx,
			    MLX5X_GET(modify_nic_vport_context_in, in,
				      other_vport),
			    MLX5X_GET(modify_nic_vport_context_in, in,
				      vport_number),
			    syndrome, &status);
	if (vp == NULL)
		return status;
	if (MLX5X_GET(modify_nic_vport_field_select, sel, mtu)) {
		uint32_t mtu = MLX5X_GET(nic_vport_context, c, mtu);

		/* 68 is IPv4's minimum MTU, 9216 the largest the port
		 * takes. */
		if (mtu < 68 + EMU_HW_MTU_OVERHEAD ||
		    mtu > 9216 + EMU_HW_MTU_OVERHEAD) {
			*syndrome = 0x4e1d40;
			return MLX5X_CMD_STAT_BAD_PARAM_ERR;
		}
		vp->mtu = mtu - EMU_HW_MTU_OVERHEAD;
	}
	if (MLX5X_GET(modify_nic_vport_field_select, sel, promisc)) {
		vp->promisc_uc = MLX5X_GET(nic_vport_context, c, promisc_uc);
		vp->promisc_mc = MLX5X_GET(nic_vport_context, c, promisc_mc);
		vp->promisc_all = MLX5X_GET(nic_vport_context, c, promisc_all);
	}
	if (MLX5X_GET(modify_nic_vport_field_select, sel, permanent_address)) {
		uint32_t hi =
			MLX5X_GET(mac_address_layout, mac, mac_addr_47_32);
		uint32_t lo = MLX5X_GET(mac_address_layout, mac, mac_addr_31_0);

		if (hi & 0x100) { /* multicast bit of the first byte */
			*syndrome = 0x4e1d41;
			return MLX5X_CMD_STAT_BAD_PARAM_ERR;
		}
		vp->mac[0] = hi >> 8;
		vp->mac[1] = hi;
		vp->mac[2] = lo >> 24;
		vp->mac[3] = lo >> 16;
		vp->mac[4] = lo >> 8;
		vp->mac[5] = lo;
	}
	if (ctx->fn != 0)
		emu_sysfs_update_vf_netdev(ctx->ad, ctx->fn - 1);
	else
		emu_sysfs_update_netdev(ctx->ad, vp);
	return MLX5X_CMD_STAT_OK;
}

/* Out of line for the paths that count off the beaten track (group
 * frames, the general ways): inlined there it would crowd their loops. */
__attribute__((noinline)) void
emu_vport_count(struct emu_vport *vp, bool rx, const uint8_t *frame,
		uint32_t len)
{
	emu_vport_count_inl(vp, rx, frame, len);
}

/* A frame to a group address: broadcast or multicast by its bytes. */
void
emu_vport_count_group(struct emu_vport *vp, bool rx, const uint8_t *frame,
		      uint32_t len)
{
	struct emu_vport_counters *c = &vp->cnt;
	bool bcast = memcmp(frame, "\xff\xff\xff\xff\xff\xff", 6) == 0;

	if (rx) {
		c->rx_packets++;
		c->rx_bytes += len;
		c->rx_bcast += bcast;
		c->rx_mcast += !bcast;
	} else {
		c->tx_packets++;
		c->tx_bytes += len;
		c->tx_bcast += bcast;
		c->tx_mcast += !bcast;
	}
}

static void
emu_vport_counter_put(void *out, size_t off_bits, uint64_t pkts, uint64_t bytes)
{
	mlx5x_prm_set64(out, off_bits, pkts);
	mlx5x_prm_set64(out, off_bits + 64, bytes);
}

int
emu_vport_query_counter(struct emu_ctx *ctx, const void *in, size_t inlen,
			void *out, size_t outlen, uint32_t *syndrome,
			struct emu_cmd_result *res)
{
	struct emu_vport *vp;
	struct emu_vport_counters *c;
	int status = 0;

	(void)inlen;
	(void)outlen;
	(void)res;
	vp = emu_vport_pick(ctx,
			    MLX5X_GET(query_vport_counter_in, in, other_vport),
			    MLX5X_GET(query_vport_counter_in, in, vport_number),
			    syndrome, &status);
	if (vp == NULL)
		return status;
	emu_rxf_tally_sync(ctx->ad);
	c = &vp->cnt;
	emu_vport_counter_put(out,
			      MLX5X_BIT_OFF(query_vport_counter_out,
					    received_errors),
			      c->rx_errors, 0);
	emu_vport_counter_put(out,
			      MLX5X_BIT_OFF(query_vport_counter_out,
					    transmit_errors),
			      c->tx_errors, 0);
	emu_vport_counter_put(out,
			      MLX5X_BIT_OFF(query_vport_counter_out,
					    received_eth_unicast),
			      c->rx_ucast, 0);
	emu_vport_counter_put(out,
			      MLX5X_BIT_OFF(query_vport_counter_out,
					    received_eth_multicast),
			      c->rx_mcast, 0);
	emu_vport_counter_put(out,
			      MLX5X_BIT_OFF(query_vport_counter_out,
					    received_eth_broadcast),
			      c->rx_bcast, 0);
	emu_vport_counter_put(out,
			      MLX5X_BIT_OFF(query_vport_counter_out,
					    transmitted_eth_unicast),
			      c->tx_ucast, 0);
	emu_vport_counter_put(out,
			      MLX5X_BIT_OFF(query_vport_counter_out,
					    transmitted_eth_multicast),
			      c->tx_mcast, 0);
	emu_vport_counter_put(out,
			      MLX5X_BIT_OFF(query_vport_counter_out,
					    transmitted_eth_broadcast),
			      c->tx_bcast, 0);
	/* Byte counts are kept per class only in total; report them on the
	 * unicast lines where software sums them. */
	mlx5x_prm_set64(out,
			MLX5X_BIT_OFF(query_vport_counter_out,
				      received_eth_unicast.octets),
			c->rx_bytes);
	mlx5x_prm_set64(out,
			MLX5X_BIT_OFF(query_vport_counter_out,
				      transmitted_eth_unicast.octets),
			c->tx_bytes);
	if (MLX5X_GET(query_vport_counter_in, in, clear))
		memset(c, 0, sizeof(*c));
	return MLX5X_CMD_STAT_OK;
}
