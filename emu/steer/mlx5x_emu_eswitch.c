/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The E-Switch: where a frame goes between uplink, PF and VFs.
 *
 * Switchdev (the PF is the E-Switch manager): FDB rules decide first. On an
 * FDB miss the default paths are those of the kernel's switchdev mode:
 * a frame from the wire or from VF k goes to the manager's NIC RX tagged
 * with the source vport (misc source_port, reg_c_0 meta tag), which is how
 * the uplink representor and representor k receive; a frame the manager
 * sends leaves through the wire unless an FDB rule sends it to a vport
 * (representor k Tx: a rule on its SQ number forwarding to vport k + 1).
 *
 * Legacy: forwarding by destination MAC between PF and VFs; anything else
 * leaves through the wire, and frames from the wire reach the PF.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_queue.h"
#include "mlx5x_emu_steer.h"
#include "mlx5x_emu_ends.h"

#include <string.h>

#include "mlx5x_emu_vport_count.h"

/* Whether an FDB root is set: without one every frame takes the default
 * path, and the FDB walk (a call per frame) is skipped. */
static inline bool
emu_fdb_set(const struct emu_adapter *ad)
{
	return ad->root[MLX5X_FLOW_TABLE_TYPE_FDB] != 0;
}

/* An FDB rule's destination. A vport's NIC RX (the manager's, or VF k's
 * while a context is open on its function) gets the registers its vport
 * context lets through; registers never leave by the wire or a VF end. */
void
emu_eswitch_to_vport(struct emu_adapter *ad, uint16_t vport,
		     const uint8_t *frame, uint32_t len,
		     const struct emu_regc *regc)
{
	if (vport == MLX5X_VPORT_UPLINK) {
		emu_trace(ad, "eswitch -> uplink");
		emu_wire_out(ad, frame, len);
	} else if (emu_eswitch_vport_nic_rx(ad, vport)) {
		if (vport == 0)
			emu_trace(ad, "eswitch -> pf nic rx");
		else
			emu_trace(ad, "eswitch -> vf %u function nic rx",
				  vport - 1);
		emu_steering_rx_regc(ad, vport, frame, len, vport, regc);
	} else if (vport - 1u < ad->cfg.nvfs) {
		emu_trace(ad, "eswitch -> vf %u", vport - 1);
		emu_vf_out(ad, vport - 1, frame, len);
	}
}

void
emu_eswitch_from_wire(struct emu_adapter *ad, const uint8_t *frame,
		      uint32_t len)
{
	int vf;

	emu_vport_count_rx(&ad->uplink, frame, len);
	emu_trace(ad, "wire rx %u bytes", len);
	if (ad->cfg.esw == EMU_ESW_SWITCHDEV) {
		if (emu_fdb_set(ad) &&
		    emu_steering_fdb(ad, frame, len, MLX5X_VPORT_UPLINK, 0))
			return;
		emu_steering_rx(ad, frame, len, MLX5X_VPORT_UPLINK);
		return;
	}
	vf = emu_eswitch_vf_by_mac(ad, frame);
	if (vf >= 0)
		emu_vf_out(ad, vf, frame, len);
	else
		emu_steering_rx(ad, frame, len, 0);
}

void
emu_eswitch_from_vf(struct emu_adapter *ad, unsigned int vf,
		    const uint8_t *frame, uint32_t len)
{
	uint16_t vport = vf + 1;
	int dst;

	emu_trace(ad, "vf %u tx %u bytes", vf, len);
	emu_vport_count(&ad->vf[vf], false, frame, len);
	if (ad->cfg.esw == EMU_ESW_SWITCHDEV) {
		if (emu_fdb_set(ad) &&
		    emu_steering_fdb(ad, frame, len, vport, 0))
			return;
		/* Default: to representor vf, i.e. the manager's NIC RX. */
		emu_steering_rx(ad, frame, len, vport);
		return;
	}
	if (memcmp(frame, ad->pf.mac, 6) == 0 || (frame[0] & 1)) {
		emu_steering_rx(ad, frame, len, vport);
		return;
	}
	dst = emu_eswitch_vf_by_mac(ad, frame);
	if (dst >= 0 && (unsigned int)dst != vf)
		emu_vf_out(ad, dst, frame, len);
	else
		emu_wire_out(ad, frame, len);
}

void
emu_eswitch_from_sq(struct emu_adapter *ad, struct emu_sq *sq,
		    const uint8_t *frame, uint32_t len)
{
	int vf;

	if (ad->cfg.esw == EMU_ESW_SWITCHDEV) {
		if (emu_fdb_set(ad) &&
		    emu_steering_fdb(ad, frame, len, 0, sq->sqn))
			return;
		emu_wire_out(ad, frame, len);
		return;
	}
	vf = emu_eswitch_vf_by_mac(ad, frame);
	if (vf >= 0)
		emu_vf_out(ad, vf, frame, len);
	else
		emu_wire_out(ad, frame, len);
}
