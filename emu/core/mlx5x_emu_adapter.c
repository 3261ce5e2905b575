/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One emulated adapter: its PCI function, its IB device and ports, its
 * vports (uplink, PF, VFs) and the tables of objects software creates.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_queue.h"
#include "mlx5x_emu_steer.h"
#include "mlx5x_emu_ends.h"
#include "mlx5x_emu_ring.h"
#include "mlx5x_emu_esw_vport.h"

#include <stdlib.h>
#include <string.h>

/* First object number of each type; distinct ranges make a number of the
 * wrong type an unknown resource (PRM: BAD_RESOURCE) rather than a hit. */
enum {
	EMU_BASE_PD = 0x10,
	EMU_BASE_TD = 0x20,
	EMU_BASE_CQ = 0x400,
	EMU_BASE_SQ = 0x1000,
	EMU_BASE_RQ = 0x2000,
	EMU_BASE_TIS = 0x3000,
	EMU_BASE_TIR = 0x4000,
	EMU_BASE_RQT = 0x5000,
	EMU_BASE_FT = 0x6000,
	EMU_BASE_FG = 0x7000,
	EMU_BASE_MR = 0x8000,
	EMU_BASE_UMEM = 0x9000,
	EMU_BASE_UAR = 0xa000,
};

static void
emu_vport_init(struct emu_vport *vp, unsigned int dev, uint16_t num,
	       const char *ifname, int ifindex)
{
	memset(vp, 0, sizeof(*vp));
	vp->num = num;
	snprintf(vp->ifname, sizeof(vp->ifname), "%s", ifname);
	vp->ifindex = ifindex;
	/* Locally administered MAC: 02:15:b3:<dev>:<vport>. */
	vp->mac[0] = 0x02;
	vp->mac[1] = 0x15;
	vp->mac[2] = 0xb3;
	vp->mac[3] = dev;
	vp->mac[4] = num >> 8;
	vp->mac[5] = num & 0xff;
	vp->mtu = 1500;
	/* reg_c_0 tag the E-Switch puts on frames it hands to the manager's
	 * RX: the source vport in the upper half, as rdma-core reports it in
	 * mlx5dv_query_port's reg_c0 value/mask. */
	vp->meta_tag = (uint32_t)(num == MLX5X_VPORT_UPLINK ? 0xffff : num + 1)
		       << 16;
}

/*
 * SR-IOV: VF k is a PCI function of its own on the PF's bus, at routing ID
 * PF + 2 + k (PF DDDD:BB:DD.F -> device DD + (F + 2 + k) / 8, function
 * (F + 2 + k) % 8: 0000:08:00.0 -> VF 0 at 0000:08:00.2 ... VF 5 at
 * 0000:08:00.7, VF 6 at 0000:08:01.0), with IB device
 * mlx5_<EMU_MAX_ADAPTERS + n * EMU_MAX_VFS + k> and netdev emu<n>v<k>.
 */
static void
emu_adapter_vf_functions(struct emu_adapter *ad, const char *sysfs_root)
{
	unsigned int dom = 0, bus = 0, dev = 0, fun = 0, k, m;

	sscanf(ad->cfg.pci, "%x:%x:%x.%x", &dom, &bus, &dev, &fun);
	for (k = 0; k < ad->cfg.nvfs; k++) {
		struct ibv_device *ib = &ad->vf_ibdev[k];
		unsigned int rid = dev * 8 + fun + 2 + k;

		snprintf(ad->vf_pci[k], sizeof(ad->vf_pci[k]),
			 "%04x:%02x:%02x.%u", dom & 0xffff, bus & 0xff,
			 (rid / 8) & 0x1f, rid % 8);
		snprintf(ad->vf_pci_dir[k], sizeof(ad->vf_pci_dir[k]),
			 "%s/bus/pci/devices/%s", sysfs_root, ad->vf_pci[k]);
		snprintf(ad->vf_ifname[k], sizeof(ad->vf_ifname[k]), "emu%uv%u",
			 ad->index, k);
		m = EMU_MAX_ADAPTERS + ad->index * EMU_MAX_VFS + k;
		ib->node_type = IBV_NODE_CA;
		ib->transport_type = IBV_TRANSPORT_IB;
		snprintf(ib->name, sizeof(ib->name), "mlx5_%u", m);
		snprintf(ib->dev_name, sizeof(ib->dev_name), "uverbs%u", m);
		snprintf(ib->dev_path, sizeof(ib->dev_path),
			 "%s/class/infiniband_verbs/uverbs%u", sysfs_root, m);
		snprintf(ib->ibdev_path, sizeof(ib->ibdev_path),
			 "%s/class/infiniband/mlx5_%u", sysfs_root, m);
	}
}

struct emu_adapter *
emu_adapter_create(unsigned int index, const struct emu_dev_config *cfg,
		   const char *sysfs_root)
{
	struct emu_adapter *ad = calloc(1, sizeof(*ad));
	char name[32];
	unsigned int k;

	if (ad == NULL)
		return NULL;
	ad->scratch = calloc(1, sizeof(*ad->scratch));
	if (ad->scratch == NULL) {
		fprintf(stderr,
			"mlx5x-emu: adapter %u: no memory for its data-path scratch\n",
			index);
		free(ad);
		return NULL;
	}
	ad->index = index;
	/* The fused Rx path has no plan yet (its gen is 0). */
	ad->rx_gen = 1;
	ad->cfg = *cfg;
	/* Every reader of the caps goes through cfg.model: the overrides
	 * apply to all of them at once. */
	ad->model = *cfg->model;
	if (cfg->cap_striding_rq >= 0)
		ad->model.striding_rq = cfg->cap_striding_rq != 0;
	if (cfg->cap_ext_stride >= 0)
		ad->model.ext_stride_num_range = cfg->cap_ext_stride != 0;
	if (cfg->cap_esw_manager >= 0)
		ad->model.eswitch_manager = cfg->cap_esw_manager != 0;
	if (cfg->cap_log_max_rqt_size >= 0)
		ad->model.log_max_rqt_size = (uint8_t)cfg->cap_log_max_rqt_size;
	ad->cfg.model = &ad->model;
	emu_ends_init(ad);
	/* No TAP end is open until emu_tap_open_all. */
	ad->wire_tap_fd = -1;
	for (k = 0; k < EMU_MAX_VFS; k++)
		ad->vf_tap_fd[k] = -1;
	ad->trace_on = getenv(MLX5X_EMU_TRACE_ENV) != NULL &&
		       strcmp(getenv(MLX5X_EMU_TRACE_ENV), "1") == 0;
	ad->cmd_trace_on = getenv(MLX5X_EMU_CMD_TRACE_ENV) != NULL &&
			   strcmp(getenv(MLX5X_EMU_CMD_TRACE_ENV), "1") == 0;
	ad->nports = cfg->esw == EMU_ESW_SWITCHDEV ? 1 + cfg->nvfs : 1;
	snprintf(ad->pci_dir, sizeof(ad->pci_dir), "%s/bus/pci/devices/%s",
		 sysfs_root, cfg->pci);
	ad->ibdev.node_type = IBV_NODE_CA;
	ad->ibdev.transport_type = IBV_TRANSPORT_IB;
	snprintf(ad->ibdev.name, sizeof(ad->ibdev.name), "mlx5_%u", index);
	snprintf(ad->ibdev.dev_name, sizeof(ad->ibdev.dev_name), "uverbs%u",
		 index);
	snprintf(ad->ibdev.dev_path, sizeof(ad->ibdev.dev_path),
		 "%s/class/infiniband_verbs/uverbs%u", sysfs_root, index);
	snprintf(ad->ibdev.ibdev_path, sizeof(ad->ibdev.ibdev_path),
		 "%s/class/infiniband/mlx5_%u", sysfs_root, index);
	memcpy(ad->switch_id, "\x5b\x3e\x00\x00\x00\x00\x00", 7);
	ad->switch_id[7] = index;
	if (cfg->esw == EMU_ESW_SWITCHDEV)
		snprintf(name, sizeof(name), "emu%up0", index);
	else
		snprintf(name, sizeof(name), "emu%u", index);
	emu_vport_init(&ad->pf, index, 0, name, 100 + index * 64);
	emu_vport_init(&ad->uplink, index, MLX5X_VPORT_UPLINK, "", 0);
	/* Switchdev with vport metadata matching: mlx5_core has the FDB pass
	 * reg_c_0 (source vport tag) and reg_c_1 to the manager's NIC RX
	 * (esw_vport_context.fdb_to_vport_reg_c_id of vport 0). */
	if (cfg->esw == EMU_ESW_SWITCHDEV)
		ad->pf.fdb_to_vport_reg_c_id = EMU_FDB_TO_VPORT_REG_C_CAP;
	for (k = 0; k < cfg->nvfs; k++) {
		if (cfg->esw == EMU_ESW_SWITCHDEV)
			snprintf(name, sizeof(name), "emu%upf0vf%u", index, k);
		else
			name[0] = '\0';
		emu_vport_init(&ad->vf[k], index, k + 1, name,
			       name[0] ? 100 + index * 64 + 1 + k : 0);
	}
	emu_adapter_vf_functions(ad, sysfs_root);
	ad->pds.base = EMU_BASE_PD;
	ad->tds.base = EMU_BASE_TD;
	ad->cqs.base = EMU_BASE_CQ;
	ad->sqs.base = EMU_BASE_SQ;
	ad->rqs.base = EMU_BASE_RQ;
	ad->tiss.base = EMU_BASE_TIS;
	ad->tirs.base = EMU_BASE_TIR;
	ad->rqts.base = EMU_BASE_RQT;
	ad->fts.base = EMU_BASE_FT;
	ad->fgs.base = EMU_BASE_FG;
	ad->mrs.base = EMU_BASE_MR;
	ad->umems.base = EMU_BASE_UMEM;
	ad->uars.base = EMU_BASE_UAR;
	return ad;
}

static void
emu_adapter_free_all(struct emu_objtab *t)
{
	uint32_t i;

	for (i = 0; i < t->cap; i++)
		free(t->slot[i]);
	emu_objtab_free(t);
}

void
emu_adapter_destroy(struct emu_adapter *ad)
{
	unsigned int k;
	uint32_t i;

	if (ad == NULL)
		return;
	emu_steering_free(ad);
	emu_modify_hdr_free_all(ad);
	emu_reformat_free_all(ad);
	free(ad->cmd_trace);
	emu_pcap_close(ad);
	emu_tap_close_all(ad);
	free(ad->fc);
	for (i = 0; i < ad->cqs.cap; i++) {
		struct emu_cq *cq = ad->cqs.slot[i];

		if (cq != NULL) {
			free(cq->own_buf);
			free(cq->own_dbrec);
		}
	}
	for (i = 0; i < ad->uars.cap; i++) {
		struct emu_uar *u = ad->uars.slot[i];

		if (u != NULL)
			free(u->page);
	}
	emu_adapter_free_all(&ad->uars);
	emu_adapter_free_all(&ad->umems);
	emu_adapter_free_all(&ad->mrs);
	emu_adapter_free_all(&ad->rqts);
	emu_adapter_free_all(&ad->tirs);
	emu_adapter_free_all(&ad->tiss);
	emu_adapter_free_all(&ad->rqs);
	emu_adapter_free_all(&ad->sqs);
	emu_adapter_free_all(&ad->cqs);
	/* Transport domains hold a shared token, not an allocation. */
	emu_objtab_free(&ad->tds);
	emu_adapter_free_all(&ad->pds);
	emu_ring_free(&ad->wire_out);
	for (k = 0; k < EMU_MAX_VFS; k++)
		emu_ring_free(&ad->vf_out[k]);
	free(ad->scratch);
	free(ad);
}

struct emu_vport *
emu_adapter_vport(struct emu_adapter *ad, uint16_t num)
{
	if (num == 0)
		return &ad->pf;
	if (num == MLX5X_VPORT_UPLINK)
		return &ad->uplink;
	if (num - 1u < ad->cfg.nvfs)
		return &ad->vf[num - 1];
	return NULL;
}

/* IB port p: 1 is the PF (uplink representor in switchdev), 1 + k the
 * representor of VF k. */
struct emu_vport *
emu_adapter_port_vport(struct emu_adapter *ad, unsigned int port)
{
	if (port == 1)
		return &ad->pf;
	if (port >= 2 && port <= ad->nports)
		return &ad->vf[port - 2];
	return NULL;
}
