/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, pcap wire end: the frames of pcap_in arrive once the
 * port listens (a NIC RX root table exists), and a frame sent leaves into
 * pcap_out as a record with its exact bytes.
 */
#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "test_emu_lib.h"

static int
write_pcap(const char *path, uint8_t frames[][128], const size_t *lens,
	   unsigned int n)
{
	uint32_t hdr[6] = { 0xa1b2c3d4, 0x00040002, 0, 0, 65535, 1 };
	FILE *f = fopen(path, "wb");
	unsigned int i;

	if (f == NULL)
		return -1;
	fwrite(hdr, sizeof(hdr), 1, f);
	for (i = 0; i < n; i++) {
		uint32_t rec[4] = { 1, i, (uint32_t)lens[i],
				    (uint32_t)lens[i] };

		fwrite(rec, sizeof(rec), 1, f);
		fwrite(frames[i], 1, lens[i], f);
	}
	return fclose(f);
}

static int
test_pcap_in_and_out(void)
{
	static uint8_t frames[3][128];
	char in_path[] = "/tmp/mlx5x-emu-pcap-in-XXXXXX";
	char out_path[] = "/tmp/mlx5x-emu-pcap-out-XXXXXX";
	uint8_t file[512], *mem;
	struct mlx5_wqe_ctrl_seg *ctrl;
	struct mlx5_wqe_eth_seg *eth;
	struct mlx5_wqe_data_seg *ds;
	char cfg[256];
	size_t lens[3], got;
	struct emu_steer s;
	struct ibv_mr *mr, *rmr;
	struct emu_q rq, sq;
	struct emu_dev d;
	unsigned int i;
	uint32_t rec_len;
	FILE *f;

	int fd_in = mkstemp(in_path), fd_out = mkstemp(out_path);

	TEST_ASSERT(fd_in >= 0 && fd_out >= 0, "tmp");
	close(fd_in);
	close(fd_out);
	for (i = 0; i < 3; i++)
		lens[i] = emu_frame_udp4(frames[i],
					 (const uint8_t
						  *)"\x02\x15\xb3\x00\x00\x00",
					 1, 2, 3, 4, 20 + i);
	TEST_ASSERT(write_pcap(in_path, frames, lens, 3) == 0, "pcap_in");
	snprintf(cfg, sizeof(cfg), "wire=pcap,pcap_in=%s,pcap_out=%s", in_path,
		 out_path);
	TEST_ASSERT(emu_dev_open(&d, cfg) == 0, "open");
	TEST_ASSERT(emu_q_create(&d, &rq, false, 3, 4) == 0, "rq");
	mem = calloc(8, 2048);
	rmr = emu.reg_mr(d.pd, mem, 8 * 2048, IBV_ACCESS_LOCAL_WRITE);
	for (i = 0; i < 8; i++) {
		ds = (struct mlx5_wqe_data_seg *)(rq.buf + i * 16);
		ds->byte_count = htobe32(2048);
		ds->lkey = htobe32(rmr->lkey);
		ds->addr = htobe64((uintptr_t)(mem + i * 2048));
	}
	rq.dbr[0] = htobe32(8);
	TEST_ASSERT_EQ(emu_q_modify(&rq, 0, 1), 0, "rq ready");
	emu.poll();
	TEST_ASSERT(emu_q_poll_cqe(&rq, 0) == NULL,
		    "nothing arrives before a root table listens");
	TEST_ASSERT(emu_steer_direct(&d, &s, rq.qn, 0) == 0, "steering");
	for (i = 0; i < 3; i++) {
		struct mlx5_cqe64 *cqe = emu_q_poll_cqe(&rq, 50);

		TEST_ASSERT(cqe != NULL, "frame %u of pcap_in", i);
		TEST_ASSERT_EQ(be32toh(cqe->byte_cnt), lens[i], "length %u", i);
		TEST_ASSERT(memcmp(mem + i * 2048, frames[i], lens[i]) == 0,
			    "bytes %u", i);
	}
	/* Send frame 2 back out. */
	TEST_ASSERT(emu_q_create(&d, &sq, true, 4, 6) == 0 &&
			    emu_q_modify(&sq, 0, 1) == 0,
		    "sq");
	mr = emu.reg_mr(d.pd, frames[2], 128, 0);
	memset(sq.buf, 0, 64);
	ctrl = (struct mlx5_wqe_ctrl_seg *)sq.buf;
	eth = (struct mlx5_wqe_eth_seg *)(sq.buf + 16);
	ds = (struct mlx5_wqe_data_seg *)(sq.buf + 32);
	ctrl->opmod_idx_opcode = htobe32(MLX5_OPCODE_SEND);
	ctrl->qpn_ds = htobe32(sq.qn << 8 | 3);
	ctrl->fm_ce_se = MLX5_WQE_CTRL_CQ_UPDATE;
	eth->inline_hdr_sz = htobe16(2);
	memcpy(eth->inline_hdr_start, frames[2], 2);
	ds->byte_count = htobe32(lens[2] - 2);
	ds->lkey = htobe32(mr->lkey);
	ds->addr = htobe64((uintptr_t)(frames[2] + 2));
	sq.dbr[MLX5X_SND_DBR] = htobe32(1);
	TEST_ASSERT(emu_q_poll_cqe(&sq, 100) != NULL, "sent");
	f = fopen(out_path, "rb");
	TEST_ASSERT(f != NULL, "pcap_out");
	got = fread(file, 1, sizeof(file), f);
	fclose(f);
	TEST_ASSERT(got >= 24 + 16 + lens[2], "one record, %zu bytes", got);
	TEST_ASSERT_EQ(((uint32_t *)file)[0], 0xa1b2c3d4, "pcap magic");
	TEST_ASSERT_EQ(((uint32_t *)file)[5], 1, "Ethernet link type");
	memcpy(&rec_len, file + 24 + 8, 4);
	TEST_ASSERT_EQ(rec_len, lens[2], "record length");
	TEST_ASSERT(memcmp(file + 40, frames[2], lens[2]) == 0, "record bytes");
	emu.dereg_mr(mr);
	emu_q_destroy(&sq);
	emu_steer_destroy(&s);
	emu.dereg_mr(rmr);
	free(mem);
	emu_q_destroy(&rq);
	emu_dev_close(&d);
	unlink(in_path);
	unlink(out_path);
	TEST_ASSERT(emu.setup("wire=pcap,pcap_in=/nonexistent/in.pcap", NULL) !=
			    0,
		    "missing pcap_in refused");
	TEST_ASSERT(emu.setup("wire=loop,pcap_out=/tmp/x.pcap", NULL) != 0,
		    "pcap_out without wire=pcap refused");
	emu.teardown();
	return MLX5X_TEST_PASS;
}

/* The link comes up when the port can receive, not when a root table
 * appears: with a ready RQ and an empty NIC RX root table set, no frame of
 * pcap_in is spent; once an entry leads to the RQ, all of them arrive. */
static int
test_pcap_waits_for_a_receiving_port(void)
{
	static uint8_t frames[3][128];
	char in_path[] = "/tmp/mlx5x-emu-pcap-in-XXXXXX";
	uint8_t tin[MLX5X_ST_SZ_BYTES(create_flow_table_in)] = { 0 };
	uint8_t rin[MLX5X_ST_SZ_BYTES(set_flow_table_root_in)] = { 0 };
	uint8_t out[16] = { 0 };
	struct mlx5_wqe_data_seg *ds;
	struct emu_steer s;
	struct ibv_mr *rmr;
	struct emu_q rq;
	struct emu_dev d;
	char cfg[256];
	size_t lens[3];
	unsigned int i;
	uint32_t ft;
	uint8_t *mem;
	int fd_in = mkstemp(in_path);

	TEST_ASSERT(fd_in >= 0, "tmp");
	close(fd_in);
	for (i = 0; i < 3; i++)
		lens[i] = emu_frame_udp4(frames[i],
					 (const uint8_t
						  *)"\x02\x15\xb3\x00\x00\x00",
					 1, 2, 3, 4, 30 + i);
	TEST_ASSERT(write_pcap(in_path, frames, lens, 3) == 0, "pcap_in");
	snprintf(cfg, sizeof(cfg), "wire=pcap,pcap_in=%s", in_path);
	TEST_ASSERT(emu_dev_open(&d, cfg) == 0, "open");
	TEST_ASSERT(emu_q_create(&d, &rq, false, 3, 4) == 0, "rq");
	mem = calloc(8, 2048);
	rmr = emu.reg_mr(d.pd, mem, 8 * 2048, IBV_ACCESS_LOCAL_WRITE);
	TEST_ASSERT(mem != NULL && rmr != NULL, "buffers");
	for (i = 0; i < 8; i++) {
		ds = (struct mlx5_wqe_data_seg *)(rq.buf + i * 16);
		ds->byte_count = htobe32(2048);
		ds->lkey = htobe32(rmr->lkey);
		ds->addr = htobe64((uintptr_t)(mem + i * 2048));
	}
	rq.dbr[0] = htobe32(8);
	TEST_ASSERT_EQ(emu_q_modify(&rq, 0, 1), 0, "rq ready");
	/* An empty root table: the port listens to nothing yet. */
	MLX5X_SET(create_flow_table_in, tin, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_TABLE);
	MLX5X_SET(create_flow_table_in, tin, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	TEST_ASSERT_EQ(emu_cmd(&d, tin, sizeof(tin), out, sizeof(out)), 0,
		       "empty table");
	ft = MLX5X_GET(create_flow_table_out, out, table_id);
	MLX5X_SET(set_flow_table_root_in, rin, opcode,
		  MLX5X_CMD_OP_SET_FLOW_TABLE_ROOT);
	MLX5X_SET(set_flow_table_root_in, rin, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(set_flow_table_root_in, rin, table_id, ft);
	TEST_ASSERT_EQ(emu_cmd(&d, rin, sizeof(rin), out, sizeof(out)), 0,
		       "empty root");
	for (i = 0; i < 4; i++)
		emu.poll();
	TEST_ASSERT(emu_q_poll_cqe(&rq, 0) == NULL, "nothing arrived yet");
	TEST_ASSERT(emu_steer_direct(&d, &s, rq.qn, 0) == 0, "steering");
	for (i = 0; i < 3; i++) {
		struct mlx5_cqe64 *cqe = emu_q_poll_cqe(&rq, 50);

		TEST_ASSERT(cqe != NULL, "frame %u of pcap_in kept until then",
			    i);
		TEST_ASSERT_EQ(be32toh(cqe->byte_cnt), lens[i], "length %u", i);
	}
	/* The empty table is no root any more: it goes. */
	MLX5X_SET(set_flow_table_root_in, rin, opcode,
		  MLX5X_CMD_OP_DESTROY_FLOW_TABLE);
	TEST_ASSERT_EQ(emu_cmd(&d, rin, sizeof(rin), out, sizeof(out)), 0,
		       "empty table destroyed");
	emu_steer_destroy(&s);
	emu.dereg_mr(rmr);
	free(mem);
	emu_q_destroy(&rq);
	emu_dev_close(&d);
	unlink(in_path);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_pcap_suite, "emu_pcap", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_pcap_in_and_out),
		 MLX5X_TEST_CASE(test_pcap_waits_for_a_receiving_port))
