/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef E2E_FRAME_H
#define E2E_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The next number of a xorshift64 sequence whose state is *s. */
uint32_t e2e_rand(uint64_t *s);

/*
 * One flow's frame of len bytes into p (cap bytes, zeroed first):
 * Ethernet to dst (with a VLAN tag whose id is the flow's low 12 bits),
 * IPv4 or IPv6 and TCP or UDP with addresses and ports taken from flow,
 * payload bytes fill + offset; checksums right unless bad_ip / bad_l4.
 */
void e2e_frame_build(uint8_t *p, size_t cap, const uint8_t *dst, uint16_t len,
		     bool vlan, bool v6, bool tcp, uint32_t flow, bool bad_ip,
		     bool bad_l4, uint8_t fill);

#endif /* E2E_FRAME_H */
