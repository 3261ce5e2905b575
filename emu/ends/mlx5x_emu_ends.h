/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What frames leave and enter by (emu/ends): the wire and VF ends, the
 * pcap and TAP ends, and the sysfs tree.
 */
#ifndef MLX5X_EMU_ENDS_H
#define MLX5X_EMU_ENDS_H

#include <stdbool.h>
#include <stdint.h>

#include "mlx5x_emu_core.h"

/* Sysfs tree (mlx5x_emu_sysfs.c). */
int emu_sysfs_write_adapter(struct emu_adapter *ad, const char *root);
int emu_sysfs_update_netdev(const struct emu_adapter *ad,
			    const struct emu_vport *vp);
int emu_sysfs_remove_tree(const char *root);
/* VF k's own netdev (its PCI function's), after a vport context change. */
int emu_sysfs_update_vf_netdev(const struct emu_adapter *ad, unsigned int k);

/* Wire end (mlx5x_emu_wire.c): the ends' frame rings sized for their
 * modes (before the first frame); frames out, and those waiting to come
 * back in at any end. */
void emu_ends_init(struct emu_adapter *ad);
void emu_wire_out(struct emu_adapter *ad, const uint8_t *frame, uint32_t len);
unsigned int emu_wire_service(struct emu_adapter *ad);

/* VF ends (mlx5x_emu_vf_end.c): a frame arriving at VF vf; loop ends'
 * frames going back in (one engine pass's worth), n taken in before by
 * the same service: how many in all. */
void emu_vf_out(struct emu_adapter *ad, unsigned int vf, const uint8_t *frame,
		uint32_t len);
unsigned int emu_vf_loop_service(struct emu_adapter *ad, unsigned int n);

/* pcap wire end (mlx5x_emu_pcap.c). */
int emu_pcap_open(struct emu_adapter *ad);
void emu_pcap_close(struct emu_adapter *ad);
void emu_pcap_write(struct emu_adapter *ad, const uint8_t *frame, uint32_t len);
unsigned int emu_pcap_feed(struct emu_adapter *ad);

/* TAP ends (mlx5x_emu_tap.c). */
int emu_tap_open_all(struct emu_adapter *ad);
void emu_tap_close_all(struct emu_adapter *ad);
bool emu_tap_any(const struct emu_adapter *ad);
void emu_tap_write(struct emu_adapter *ad, int fd, const uint8_t *frame,
		   uint32_t len);
unsigned int emu_tap_feed(struct emu_adapter *ad);

#endif /* MLX5X_EMU_ENDS_H */
