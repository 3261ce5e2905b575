/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, the RQT entry an RSS hash picks: hash modulo the
 * table's size, the model's rule (emu/README.md). Hardware tables are
 * powers of two, where the adapter takes the hash's low bits (the same
 * entry, without a division); a table of any other size must still
 * spread by the modulo, every entry in use. Each frame's CQE carries the
 * hash; the RQ it completed on must be the table's entry hash % size.
 * And a table names only RQs of the function that made it.
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"

#define SPREAD_MAX 8	 /* RQs (and table entries) at most */
#define SPREAD_FRAMES 96 /* frames per table size */
#define SPREAD_LOG_RING 7

static const uint8_t pf_mac[6] = { 0x02, 0x15, 0xb3, 0x00, 0x00, 0x00 };

/* The usual Toeplitz key (every bit of the hashed fields counts). */
static const uint8_t spread_key[40] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67,
	0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb,
	0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30,
	0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

/* The adapter (wire frames dropped) and n ready RQs of q, each with
 * 2^SPREAD_LOG_RING WQEs of 2048 bytes posted in *mem under *mr. */
static int
spread_rqs(struct emu_dev *d, struct emu_q *q, unsigned int n, uint8_t **mem,
	   struct ibv_mr **mr)
{
	const size_t ring_bytes = (size_t)2048 << SPREAD_LOG_RING;
	unsigned int i;

	TEST_ASSERT(emu_dev_open(d, "wire=drop") == 0, "open");
	*mem = calloc(n, ring_bytes);
	TEST_ASSERT(*mem != NULL, "buffers");
	*mr = emu.reg_mr(d->pd, *mem, n * ring_bytes, IBV_ACCESS_LOCAL_WRITE);
	TEST_ASSERT(*mr != NULL, "mr");
	for (i = 0; i < n; i++) {
		TEST_ASSERT(emu_q_create(d, &q[i], false, SPREAD_LOG_RING, 4) ==
				    0,
			    "rq %u", i);
		emu_rq_post(&q[i], *mem + i * ring_bytes, (*mr)->lkey,
			    1u << SPREAD_LOG_RING, 2048);
		q[i].pi = 1u << SPREAD_LOG_RING;
		TEST_ASSERT_EQ(emu_q_modify(&q[i], 0, 1), 0, "rq %u ready", i);
	}
	return MLX5X_TEST_PASS;
}

/* n RQs behind an RQT of n entries; SPREAD_FRAMES UDP frames of varied
 * ports; each lands on entry hash % n, and every entry gets some. */
static int
spread_check(unsigned int n)
{
	uint32_t rqn[SPREAD_MAX], per[SPREAD_MAX] = { 0 }, f;
	struct emu_q q[SPREAD_MAX];
	struct ibv_mr *mr;
	struct emu_steer s;
	struct emu_dev d;
	uint8_t frame[128];
	unsigned int i;
	uint8_t *mem;
	size_t len;

	TEST_ASSERT_EQ(spread_rqs(&d, q, n, &mem, &mr), MLX5X_TEST_PASS,
		       "%u ready RQs", n);
	for (i = 0; i < n; i++)
		rqn[i] = q[i].qn;
	TEST_ASSERT(emu_steer_rss(&d, &s, rqn, n, spread_key,
				  MLX5X_HASH_FIELD_SEL_SRC_IP |
					  MLX5X_HASH_FIELD_SEL_DST_IP |
					  MLX5X_HASH_FIELD_SEL_L4_SPORT |
					  MLX5X_HASH_FIELD_SEL_L4_DPORT,
				  true) == 0,
		    "RSS over an RQT of %u", n);
	for (f = 0; f < SPREAD_FRAMES; f++) {
		unsigned int got = n, k;
		uint32_t hash = 0;

		len = emu_frame_udp4(frame, pf_mac, 0x0a000001 + f * 7,
				     0x0a100002, 1024 + f * 13, 5000 + f, 18);
		TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "inject");
		for (k = 0; k < n; k++) {
			const struct mlx5_cqe64 *cqe = emu_q_poll_cqe(&q[k], 0);

			if (cqe == NULL)
				continue;
			TEST_ASSERT(got == n,
				    "frame %u completed on RQs %u and %u", f,
				    got, k);
			got = k;
			memcpy(&hash,
			       (const uint8_t *)cqe +
				       MLX5X_CQE_OFF_RSS_HASH_RESULT,
			       4);
			hash = be32toh(hash);
		}
		TEST_ASSERT(got < n, "frame %u completed nowhere", f);
		TEST_ASSERT_EQ(got, hash % n,
			       "RQT of %u, frame %u, hash 0x%08x: entry", n, f,
			       hash);
		per[got]++;
		q[got].dbr[0] = htobe32(++q[got].pi);
	}
	for (i = 0; i < n; i++)
		TEST_ASSERT(per[i] != 0, "RQT of %u: entry %u got no frame", n,
			    i);
	emu_steer_destroy(&s);
	for (i = 0; i < n; i++)
		emu_q_destroy(&q[i]);
	emu.dereg_mr(mr);
	free(mem);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* spread_check over each of n sizes, stopping at the first failure. */
static int
spread_sizes(const unsigned int *sizes, unsigned int n)
{
	unsigned int i;
	int rc;

	for (i = 0; i < n; i++) {
		rc = spread_check(sizes[i]);
		if (rc != MLX5X_TEST_PASS)
			return rc;
	}
	return MLX5X_TEST_PASS;
}

/* 3, 5, 6 and 7 entries: no mask gives these (the low bits of a hash
 * never pick entry 1 of 3 by hash & 2, and overrun the table by
 * hash & 3); the modulo spreads over all. */
static int
test_rqt_other_sizes_spread_by_modulo(void)
{
	static const unsigned int sizes[] = { 3, 5, 6, 7 };

	return spread_sizes(sizes, sizeof(sizes) / sizeof(sizes[0]));
}

/* 1, 2, 4 and 8 entries: the low bits, which are the modulo. */
static int
test_rqt_power_of_two_sizes_take_low_bits(void)
{
	static const unsigned int sizes[] = { 1, 2, 4, 8 };

	return spread_sizes(sizes, sizeof(sizes) / sizeof(sizes[0]));
}

/* One frame from the wire; the index of the RQ of q[0..n) it completed on,
 * n if none, n + 1 if more than one (its WQE given back). */
static unsigned int
spread_one(struct emu_q *q, unsigned int n, uint16_t sport)
{
	unsigned int got = n, k;
	uint8_t frame[128];
	size_t len;

	len = emu_frame_udp4(frame, pf_mac, 0x0a000001, 0x0a100002, sport, 5000,
			     18);
	if (emu.inject_wire(0, frame, len) != 0)
		return n + 1;
	for (k = 0; k < n; k++) {
		if (emu_q_poll_cqe(&q[k], 0) == NULL)
			continue;
		if (got != n)
			return n + 1;
		got = k;
		q[k].dbr[0] = htobe32(++q[k].pi);
	}
	return got;
}

/* MODIFY_RQT on a table a TIR spreads over: the TIR's next frames go to
 * the new list's RQs, none to the old one's (the RQ that left the list
 * stays ready, with WQEs posted). */
static int
test_modify_rqt_moves_the_tirs_frames(void)
{
	static const uint8_t key[40] = { 0x6d, 0x5a, 0x56, 0xda };
	uint8_t in[MLX5X_ST_SZ_BYTES(modify_rqt_in) + 4 * 2] = { 0 };
	void *rc = MLX5X_ADDR_OF(modify_rqt_in, in, rqt_context);
	uint8_t *list = MLX5X_ADDR_OF(rqtc, rc, rq_num);
	uint8_t out[16] = { 0 };
	struct emu_q q[3];
	struct ibv_mr *mr;
	struct emu_steer s;
	struct emu_dev d;
	unsigned int i, f;
	uint8_t *mem;

	TEST_ASSERT_EQ(spread_rqs(&d, q, 3, &mem, &mr), MLX5X_TEST_PASS,
		       "3 ready RQs");
	TEST_ASSERT(emu_steer_rss(&d, &s, &q[0].qn, 1, key,
				  MLX5X_HASH_FIELD_SEL_SRC_IP |
					  MLX5X_HASH_FIELD_SEL_L4_SPORT,
				  true) == 0,
		    "RSS over RQ 0");
	TEST_ASSERT_EQ(spread_one(q, 3, 1000), 0u, "before: RQ 0");
	MLX5X_SET(modify_rqt_in, in, opcode, MLX5X_CMD_OP_MODIFY_RQT);
	MLX5X_SET(modify_rqt_in, in, rqtn, s.rqtn);
	MLX5X_SET(rqtc, rc, rqt_max_size, 2);
	MLX5X_SET(rqtc, rc, rqt_actual_size, 2);
	MLX5X_SET(rq_num, list, rq_num, q[1].qn);
	MLX5X_SET(rq_num, list + 4, rq_num, q[2].qn);
	TEST_ASSERT_EQ(emu.obj_modify(s.rqt, in, sizeof(in), out, sizeof(out)),
		       0, "MODIFY_RQT to RQs 1 and 2");
	for (f = 0; f < 16; f++) {
		unsigned int got = spread_one(q, 3, 1000 + f);

		TEST_ASSERT(got == 1 || got == 2,
			    "after: frame %u on RQ %u, not 1 or 2", f, got);
	}
	emu_steer_destroy(&s);
	for (i = 0; i < 3; i++)
		emu_q_destroy(&q[i]);
	emu.dereg_mr(mr);
	free(mem);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* Frames VP_BURST at a time, by the wire's burst entry. */
#define VP_BURST 16u
#define VP_RQS 4u

/* VP_BURST frames of varied ports (from sport on) in one burst; per[k]
 * counts those that completed on q[k] (their WQEs given back). The
 * number that completed anywhere. */
static unsigned int
vp_burst(struct emu_q *q, uint16_t sport, unsigned int *per)
{
	static uint8_t f[VP_BURST][128];
	const void *fp[VP_BURST];
	size_t lens[VP_BURST];
	unsigned int i, k, got = 0;

	for (i = 0; i < VP_BURST; i++) {
		lens[i] = emu_frame_udp4(f[i], pf_mac, 0x0a000001 + i,
					 0x0a100002, sport + i * 7, 5000, 18);
		fp[i] = f[i];
	}
	if (emu.inject_wire_burst(0, fp, lens, VP_BURST) != 0)
		return 0;
	for (k = 0; k < VP_RQS; k++)
		while (emu_q_poll_cqe(&q[k], 0) != NULL) {
			per[k]++;
			got++;
			q[k].dbr[0] = htobe32(++q[k].pi);
		}
	return got;
}

/* Vport v's received frames, UINT64_MAX if the query failed. */
static uint64_t
vp_rx(uint16_t v)
{
	struct mlx5x_emu_counters c;

	return emu.counters(0, v, &c) == 0 ? c.rx_packets : UINT64_MAX;
}

/* CREATE_TIR on d, direct to rqn: the PRM status; *syn the syndrome. */
static int
fn_direct_tir(struct emu_dev *d, uint32_t rqn, uint32_t *syn)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_tir_in)] = { 0 };
	uint8_t out[16] = { 0 };
	void *c = MLX5X_ADDR_OF(create_tir_in, in, ctx);
	int st;

	MLX5X_SET(create_tir_in, in, opcode, MLX5X_CMD_OP_CREATE_TIR);
	MLX5X_SET(tirc, c, disp_type, MLX5X_TIRC_DISP_TYPE_DIRECT);
	MLX5X_SET(tirc, c, inline_rqn, rqn);
	MLX5X_SET(tirc, c, transport_domain, d->tdn);
	st = emu_cmd(d, in, sizeof(in), out, sizeof(out));
	*syn = MLX5X_GET(mbox_out, out, syndrome);
	return st;
}

/* CREATE_RQT on d of the n RQs rqn: the PRM status; *syn the syndrome. */
static int
fn_rqt(struct emu_dev *d, const uint32_t *rqn, unsigned int n, uint32_t *syn)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_rqt_in) + 4 * VP_RQS] = { 0 };
	uint8_t out[16] = { 0 };
	void *rc = MLX5X_ADDR_OF(create_rqt_in, in, rqt_context);
	uint8_t *list = MLX5X_ADDR_OF(rqtc, rc, rq_num);
	unsigned int i;
	int st;

	MLX5X_SET(create_rqt_in, in, opcode, MLX5X_CMD_OP_CREATE_RQT);
	MLX5X_SET(rqtc, rc, rqt_max_size, n);
	MLX5X_SET(rqtc, rc, rqt_actual_size, n);
	for (i = 0; i < n; i++)
		MLX5X_SET(rq_num, list + i * 4, rq_num, rqn[i]);
	st = emu_cmd(d, in, MLX5X_ST_SZ_BYTES(create_rqt_in) + 4 * n, out,
		     sizeof(out));
	*syn = MLX5X_GET(mbox_out, out, syndrome);
	return st;
}

/*
 * RQ numbers are a function's own (firmware resolves them in the issuing
 * vhca's namespace): the PF's RQT may not name VF 0's RQs. RQs 0 and 2
 * made on the PF's context, 1 and 3 on VF 0's; the PF's RSS TIR spreads
 * over RQs 0 and 2. MODIFY_RQT to all four is refused (bad resource,
 * syndrome rqt_rq_other_function) and changes nothing: the frames keep
 * landing on the PF's RQs only, counted on the PF's vport (and on the
 * uplink), none on VF 0's, the fused path taking them all (switchdev, no
 * FDB root: NIC RX takes the wire's frames). So does CREATE_RQT naming a
 * VF's RQ, and a direct TIR on one; on VF 0's own context the same
 * numbers are good.
 */
static int
test_rqt_names_only_its_functions_rqs(void)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(modify_rqt_in) + 4 * VP_RQS] = { 0 };
	void *rc = MLX5X_ADDR_OF(modify_rqt_in, in, rqt_context);
	uint8_t *list = MLX5X_ADDR_OF(rqtc, rc, rq_num);
	const size_t ring_bytes = (size_t)2048 << SPREAD_LOG_RING;
	unsigned int per[VP_RQS] = { 0 }, k, b, total = 0;
	struct mlx5dv_devx_obj *o = NULL;
	uint32_t rqn[2], vf_rqn[2], syn;
	uint8_t out[16] = { 0 };
	struct emu_q q[VP_RQS];
	struct emu_steer s;
	struct emu_dev d, v;
	struct ibv_mr *mr;
	uint64_t fused = 0;
	uint8_t *mem;

	TEST_ASSERT(emu_dev_open(&d, "vfs=1,vf_end=drop,wire=drop") == 0,
		    "open");
	TEST_ASSERT(emu_dev_open_name(&v, "mlx5_8") == 0, "open VF 0");
	mem = calloc(VP_RQS, ring_bytes);
	TEST_ASSERT(mem != NULL, "buffers");
	mr = emu.reg_mr(d.pd, mem, VP_RQS * ring_bytes, IBV_ACCESS_LOCAL_WRITE);
	TEST_ASSERT(mr != NULL, "mr");
	for (k = 0; k < VP_RQS; k++) {
		TEST_ASSERT(emu_q_create(k % 2 ? &v : &d, &q[k], false,
					 SPREAD_LOG_RING, 4) == 0,
			    "rq %u", k);
		emu_rq_post(&q[k], mem + k * ring_bytes, mr->lkey,
			    1u << SPREAD_LOG_RING, 2048);
		q[k].pi = 1u << SPREAD_LOG_RING;
		TEST_ASSERT_EQ(emu_q_modify(&q[k], 0, 1), 0, "rq %u ready", k);
	}
	rqn[0] = q[0].qn;
	rqn[1] = q[2].qn;
	vf_rqn[0] = q[1].qn;
	vf_rqn[1] = q[3].qn;
	TEST_ASSERT(emu_steer_rss(&d, &s, rqn, 2, spread_key,
				  MLX5X_HASH_FIELD_SEL_SRC_IP |
					  MLX5X_HASH_FIELD_SEL_DST_IP |
					  MLX5X_HASH_FIELD_SEL_L4_SPORT |
					  MLX5X_HASH_FIELD_SEL_L4_DPORT,
				  true) == 0,
		    "RSS over the PF's RQs");
	MLX5X_SET(modify_rqt_in, in, opcode, MLX5X_CMD_OP_MODIFY_RQT);
	MLX5X_SET(modify_rqt_in, in, rqtn, s.rqtn);
	MLX5X_SET(rqtc, rc, rqt_max_size, VP_RQS);
	MLX5X_SET(rqtc, rc, rqt_actual_size, VP_RQS);
	for (k = 0; k < VP_RQS; k++)
		MLX5X_SET(rq_num, list + 4 * k, rq_num, q[k].qn);
	TEST_ASSERT(emu.obj_modify(s.rqt, in, sizeof(in), out, sizeof(out)) !=
			    0,
		    "MODIFY_RQT naming VF 0's RQs: refused");
	TEST_ASSERT_EQ(MLX5X_GET(mbox_out, out, status),
		       MLX5X_CMD_STAT_BAD_RES_ERR, "status: bad resource");
	TEST_ASSERT_EQ(MLX5X_GET(mbox_out, out, syndrome), 0x8b2703u,
		       "syndrome: an RQ of another function");
	for (b = 0; b < 4; b++)
		total += vp_burst(q, (uint16_t)(3000 + b * VP_BURST * 7), per);
	TEST_ASSERT_EQ(total, 4 * VP_BURST, "every frame landed");
	TEST_ASSERT(per[0] != 0 && per[2] != 0,
		    "the table still spreads over the PF's two RQs");
	TEST_ASSERT_EQ(per[1] + per[3], 0u, "none on VF 0's RQs");
	TEST_ASSERT_EQ(vp_rx(0), per[0] + per[2], "the PF's vport counts them");
	TEST_ASSERT_EQ(vp_rx(1), 0, "none on VF 0's vport");
	TEST_ASSERT_EQ(vp_rx(0xffff), total, "every frame on the uplink");
	TEST_ASSERT_EQ(emu.rx_fused(0, -1, &fused), 0, "hook");
	TEST_ASSERT_EQ(fused, total, "the fused path took them all");

	TEST_ASSERT_EQ(fn_rqt(&d, vf_rqn, 2, &syn), MLX5X_CMD_STAT_BAD_RES_ERR,
		       "CREATE_RQT on the PF naming VF 0's RQs: refused");
	TEST_ASSERT_EQ(syn, 0x8b2703u, "syndrome: another function's RQ");
	TEST_ASSERT_EQ(fn_rqt(&v, rqn, 2, &syn), MLX5X_CMD_STAT_BAD_RES_ERR,
		       "CREATE_RQT on VF 0 naming the PF's RQs: refused");
	TEST_ASSERT_EQ(syn, 0x8b2703u, "syndrome: another function's RQ");
	TEST_ASSERT_EQ(fn_direct_tir(&d, vf_rqn[0], &syn),
		       MLX5X_CMD_STAT_BAD_RES_ERR,
		       "a direct TIR of the PF on VF 0's RQ: refused");
	TEST_ASSERT_EQ(syn, 0x9c3006u, "syndrome: another function's RQ");
	TEST_ASSERT_EQ(fn_direct_tir(&v, rqn[0], &syn),
		       MLX5X_CMD_STAT_BAD_RES_ERR,
		       "a direct TIR of VF 0 on the PF's RQ: refused");
	TEST_ASSERT(emu_rqt_make(&v, vf_rqn, 2, &o) != 0,
		    "CREATE_RQT on VF 0 naming its own RQs");
	emu.obj_destroy(o);
	TEST_ASSERT_EQ(emu_tir_rss_make(&v, s.rqtn, spread_key,
					MLX5X_L3_PROT_TYPE_IPV4,
					MLX5X_L4_PROT_TYPE_UDP,
					MLX5X_HASH_FIELD_SEL_SRC_IP, &o),
		       0u,
		       "an indirect TIR of VF 0 over the PF's RQT: refused");
	memset(in, 0, sizeof(in));
	MLX5X_SET(obj_in, in, opcode, MLX5X_CMD_OP_DESTROY_RQT);
	MLX5X_SET(obj_in, in, obj_id, s.rqtn);
	TEST_ASSERT_EQ(emu_cmd(&v, in, MLX5X_ST_SZ_BYTES(obj_in), out,
			       sizeof(out)),
		       MLX5X_CMD_STAT_BAD_RES_ERR,
		       "DESTROY_RQT of the PF's RQT from VF 0: refused");
	TEST_ASSERT_EQ(MLX5X_GET(mbox_out, out, syndrome), 0x8b2712u,
		       "syndrome: another function's RQT");
	emu_steer_destroy(&s);
	for (k = 0; k < VP_RQS; k++)
		emu_q_destroy(&q[k]);
	emu.dereg_mr(mr);
	free(mem);
	emu_dev_close(&v);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_rqt_spread_suite, "emu_rqt_spread", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_rqt_other_sizes_spread_by_modulo),
		 MLX5X_TEST_CASE(test_rqt_power_of_two_sizes_take_low_bits),
		 MLX5X_TEST_CASE(test_modify_rqt_moves_the_tirs_frames),
		 MLX5X_TEST_CASE(test_rqt_names_only_its_functions_rqs))
