/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX under concurrency: control commands race traffic.
 * A second thread injects frames from the wire without pause while this
 * thread, round after round, creates an RQ and the steering to it, takes
 * completions and gives the WQEs back, inserts and deletes rules in a
 * second table, then tears everything down while frames keep arriving;
 * the emulator's engine thread runs as well. Every frame must be
 * accounted for exactly once (completed with a CQE carrying its round's
 * flow tag, or dropped and counted) and nothing may crash. devtools/
 * mlx5x-test runs it under ASan too, where a frame reaching a queue or a
 * rule already freed would be reported.
 *
 * The same rounds run on two adapters, each serviced by its own engine
 * thread (engine=0, engine=1), while a thread per adapter sends frames on
 * an SQ that the wire loops back: both engine threads, the control path
 * and the senders race.
 */
#include <endian.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "test_emu_lib.h"

#define STRESS_ROUNDS 150u
#define STRESS_LOG_RQ 6u	 /* 64 WQEs, and a CQ of 64 */
#define STRESS_RULES 32u	 /* set then deleted per round */
#define STRESS_POLLS 64u	 /* completion sweeps per round */
#define STRESS_YIELD_EVERY 8u	 /* frames between yields of the injector */
#define STRESS_ENGINE_ROUNDS 40u /* per adapter, two engine threads */
#define STRESS_LOG_SQ 6u	 /* 64 WQEs in flight per sender */

static const uint8_t stress_mac[6] = { 0x02, 0x15, 0xb3, 0x00, 0x00, 0x00 };

struct stress_injector {
	bool stop;     /* set by the control thread */
	uint64_t sent; /* frames the emulator accepted */
	uint64_t refused;
};

static void *
stress_inject(void *arg)
{
	struct stress_injector *in = arg;
	uint8_t frame[64];
	size_t len;
	uint32_t i = 0;

	len = emu_frame_udp4(frame, stress_mac, 0x0a000001, 0x0a000002, 1000,
			     2000, 18);
	while (!__atomic_load_n(&in->stop, __ATOMIC_ACQUIRE)) {
		if (emu.inject_wire(0, frame, len) == 0)
			in->sent++;
		else
			in->refused++;
		/* Let the control thread take the emulator's lock: a mutex
		 * is not fair, and this loop would otherwise keep it. */
		if (++i % STRESS_YIELD_EVERY == 0)
			sched_yield();
	}
	return NULL;
}

/* A NIC RX table that is not the root, with one group over the outer
 * destination IPv4 address; 0 when refused. */
static uint32_t
stress_table(struct emu_dev *d, uint32_t *fg)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_flow_table_in)] = { 0 };
	uint8_t gin[MLX5X_ST_SZ_BYTES(create_flow_group_in)] = { 0 };
	uint8_t out[16] = { 0 };
	void *c = MLX5X_ADDR_OF(create_flow_table_in, in, flow_table_context);
	void *crit = MLX5X_ADDR_OF(create_flow_group_in, gin, match_criteria);
	uint32_t ft;

	MLX5X_SET(create_flow_table_in, in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_TABLE);
	MLX5X_SET(create_flow_table_in, in, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(flow_table_context, c, log_size, 10);
	MLX5X_SET(flow_table_context, c, level, 1);
	if (emu_cmd(d, in, sizeof(in), out, sizeof(out)) != 0)
		return 0;
	ft = MLX5X_GET(create_flow_table_out, out, table_id);
	MLX5X_SET(create_flow_group_in, gin, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_GROUP);
	MLX5X_SET(create_flow_group_in, gin, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(create_flow_group_in, gin, table_id, ft);
	MLX5X_SET(create_flow_group_in, gin, start_flow_index, 0);
	MLX5X_SET(create_flow_group_in, gin, end_flow_index, 1023);
	MLX5X_SET(create_flow_group_in, gin, match_criteria_enable,
		  MLX5X_MATCH_OUTER_HEADERS);
	MLX5X_SET(fte_match_param, crit,
		  outer_headers.dst_ipv4_dst_ipv6.ipv4_layout.ipv4, 0xffffffff);
	if (emu_cmd(d, gin, sizeof(gin), out, sizeof(out)) != 0)
		return 0;
	*fg = MLX5X_GET(create_flow_group_out, out, group_id);
	return ft;
}

static int
stress_table_destroy(struct emu_dev *d, uint32_t ft, uint32_t fg)
{
	uint8_t gin[MLX5X_ST_SZ_BYTES(destroy_flow_group_in)] = { 0 };
	uint8_t in[MLX5X_ST_SZ_BYTES(destroy_flow_table_in)] = { 0 };
	uint8_t out[16];

	MLX5X_SET(destroy_flow_group_in, gin, opcode,
		  MLX5X_CMD_OP_DESTROY_FLOW_GROUP);
	MLX5X_SET(destroy_flow_group_in, gin, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(destroy_flow_group_in, gin, table_id, ft);
	MLX5X_SET(destroy_flow_group_in, gin, group_id, fg);
	MLX5X_SET(destroy_flow_table_in, in, opcode,
		  MLX5X_CMD_OP_DESTROY_FLOW_TABLE);
	MLX5X_SET(destroy_flow_table_in, in, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(destroy_flow_table_in, in, table_id, ft);
	if (emu_cmd(d, gin, sizeof(gin), out, sizeof(out)) != 0)
		return -1;
	return emu_cmd(d, in, sizeof(in), out, sizeof(out));
}

/* Entry idx of (ft, fg): drop frames to 10.1.0.0 + idx. PRM status. */
static int
stress_rule(struct emu_dev *d, uint32_t ft, uint32_t fg, uint32_t idx, bool set)
{
	static uint8_t in[MLX5X_ST_SZ_BYTES(set_fte_in)];
	void *fc = MLX5X_ADDR_OF(set_fte_in, in, flow_context);
	void *v = MLX5X_ADDR_OF(flow_context, fc, match_value);
	uint8_t din[MLX5X_ST_SZ_BYTES(delete_fte_in)] = { 0 };
	uint8_t out[16];

	if (!set) {
		MLX5X_SET(delete_fte_in, din, opcode,
			  MLX5X_CMD_OP_DELETE_FLOW_TABLE_ENTRY);
		MLX5X_SET(delete_fte_in, din, table_type,
			  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
		MLX5X_SET(delete_fte_in, din, table_id, ft);
		MLX5X_SET(delete_fte_in, din, flow_index, idx);
		return emu_cmd(d, din, sizeof(din), out, sizeof(out));
	}
	memset(in, 0, sizeof(in));
	MLX5X_SET(set_fte_in, in, opcode, MLX5X_CMD_OP_SET_FLOW_TABLE_ENTRY);
	MLX5X_SET(set_fte_in, in, table_type, MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(set_fte_in, in, table_id, ft);
	MLX5X_SET(set_fte_in, in, flow_index, idx);
	MLX5X_SET(flow_context, fc, group_id, fg);
	MLX5X_SET(flow_context, fc, action, MLX5X_FLOW_CONTEXT_ACTION_DROP);
	MLX5X_SET(fte_match_param, v,
		  outer_headers.dst_ipv4_dst_ipv6.ipv4_layout.ipv4,
		  0x0a010000 + idx);
	return emu_cmd(d, in, sizeof(in), out, sizeof(out));
}

/* Completions waiting on q: each must carry tag; WQEs go back at once. */
static int
stress_reap(struct emu_q *q, uint32_t tag, uint64_t *done)
{
	struct mlx5_cqe64 *cqe;

	while ((cqe = emu_q_poll_cqe(q, 0)) != NULL) {
		TEST_ASSERT_EQ(cqe->op_own >> 4, MLX5_CQE_RESP_SEND,
			       "a responder CQE, not an error");
		TEST_ASSERT_EQ(be32toh(cqe->sop_drop_qpn) & 0xffffff, tag,
			       "flow tag of this round's steering");
		(*done)++;
		q->dbr[0] = htobe32(++q->pi);
	}
	return MLX5X_TEST_PASS;
}

/* One round: RQ and steering up, traffic taken, rules churned beside it,
 * everything down again while frames still arrive. */
static int
stress_round(struct emu_dev *d, uint32_t round, uint64_t *done)
{
	const uint32_t n = 1u << STRESS_LOG_RQ, tag = 0x100 + round;
	struct emu_steer s;
	struct ibv_mr *mr;
	struct emu_q q;
	uint32_t i, ft, fg;
	uint8_t *mem;

	TEST_ASSERT(emu_q_create(d, &q, false, STRESS_LOG_RQ, 4) == 0,
		    "round %u: rq", round);
	mem = calloc(n, 2048);
	TEST_ASSERT(mem != NULL, "buffers");
	mr = emu.reg_mr(d->pd, mem, (size_t)n * 2048, IBV_ACCESS_LOCAL_WRITE);
	TEST_ASSERT(mr != NULL, "mr");
	for (i = 0; i < n; i++) {
		struct mlx5_wqe_data_seg *ds =
			(struct mlx5_wqe_data_seg *)(q.buf + i * 16);

		ds->byte_count = htobe32(2048);
		ds->lkey = htobe32(mr->lkey);
		ds->addr = htobe64((uintptr_t)(mem + (size_t)i * 2048));
	}
	q.pi = n;
	q.dbr[0] = htobe32(n);
	TEST_ASSERT_EQ(emu_q_modify(&q, MLX5X_QUEUE_STATE_RST,
				    MLX5X_QUEUE_STATE_RDY),
		       0, "round %u: rq ready", round);
	TEST_ASSERT_EQ(emu_steer_direct(d, &s, q.qn, tag), 0,
		       "round %u: steering", round);
	ft = stress_table(d, &fg);
	TEST_ASSERT(ft != 0, "round %u: second table", round);
	for (i = 0; i < STRESS_POLLS; i++) {
		uint32_t r = i % STRESS_RULES;

		/* Set each rule on the first half of the sweeps, delete it
		 * on the second: rules come and go while frames flow. */
		TEST_ASSERT_EQ(stress_rule(d, ft, fg, r, i < STRESS_RULES), 0,
			       "round %u: rule %u %s", round, r,
			       i < STRESS_RULES ? "set" : "deleted");
		if (stress_reap(&q, tag, done) != MLX5X_TEST_PASS)
			return MLX5X_TEST_FAIL;
		sched_yield();
	}
	TEST_ASSERT_EQ(stress_table_destroy(d, ft, fg), 0,
		       "round %u: second table destroyed", round);
	/* Steering goes first: once it is gone no frame reaches the RQ, so
	 * what is on the CQ then is everything this round delivered. */
	emu_steer_destroy(&s);
	if (stress_reap(&q, tag, done) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	emu_q_destroy(&q);
	emu.dereg_mr(mr);
	free(mem);
	return MLX5X_TEST_PASS;
}

static int
test_stress_control_races_traffic(void)
{
	struct mlx5x_emu_counters up0, up1, pf0, pf1;
	struct stress_injector inj = { 0 };
	uint64_t done = 0;
	struct emu_dev d;
	pthread_t th;
	uint32_t round;
	int rc = MLX5X_TEST_PASS;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT_EQ(emu.counters(0, 0xffff, &up0), 0, "uplink counters");
	TEST_ASSERT_EQ(emu.counters(0, 0, &pf0), 0, "pf counters");
	TEST_ASSERT_EQ(pthread_create(&th, NULL, stress_inject, &inj), 0,
		       "injector thread");
	for (round = 0; round < STRESS_ROUNDS && rc == MLX5X_TEST_PASS; round++)
		rc = stress_round(&d, round, &done);
	__atomic_store_n(&inj.stop, true, __ATOMIC_RELEASE);
	pthread_join(th, NULL);
	if (rc != MLX5X_TEST_PASS)
		return rc;
	TEST_ASSERT_EQ(emu.counters(0, 0xffff, &up1), 0, "uplink counters");
	TEST_ASSERT_EQ(emu.counters(0, 0, &pf1), 0, "pf counters");
	printf("    %u rounds: %llu frames injected, %llu completed, %llu dropped\n",
	       STRESS_ROUNDS, (unsigned long long)inj.sent,
	       (unsigned long long)done,
	       (unsigned long long)(pf1.rx_dropped - pf0.rx_dropped));
	TEST_ASSERT_EQ(inj.refused, 0, "the emulator took every frame");
	TEST_ASSERT(done > 0, "frames reached the queues while they changed");
	TEST_ASSERT_EQ(up1.rx_packets - up0.rx_packets, inj.sent,
		       "every injected frame entered from the wire");
	TEST_ASSERT_EQ(pf1.rx_packets - pf0.rx_packets, done,
		       "every frame delivered completed once");
	TEST_ASSERT_EQ(pf1.rx_dropped - pf0.rx_dropped, inj.sent - done,
		       "every other frame dropped and counted");
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* A sender: frames on an SQ of adapter dev (wire=loop brings each back
 * in from the wire), one WQE per free slot, until told to stop; then it
 * waits for the completion of everything it posted. */
struct stress_sender {
	struct emu_dev *d;
	unsigned int dev;
	bool stop;
	uint32_t sent, done;
	const char *why;
};

static void *
stress_send(void *arg)
{
	const uint32_t n = 1u << STRESS_LOG_SQ;
	struct stress_sender *s = arg;
	uint8_t mac[6], *mem;
	struct ibv_mr *mr;
	struct emu_q q;
	size_t len = 0;
	uint32_t i;

	memcpy(mac, stress_mac, sizeof(mac));
	mac[3] = (uint8_t)s->dev;
	mem = calloc(n, 128);
	mr = mem != NULL ? emu.reg_mr(s->d->pd, mem, (size_t)n * 128, 0) : NULL;
	if (mr == NULL || emu_q_create(s->d, &q, true, STRESS_LOG_SQ, 6) != 0 ||
	    emu_q_modify(&q, MLX5X_QUEUE_STATE_RST, MLX5X_QUEUE_STATE_RDY) !=
		    0) {
		s->why = "SQ set-up";
		free(mem);
		return NULL;
	}
	for (i = 0; i < n; i++)
		len = emu_frame_udp4(mem + (size_t)i * 128, mac, 0x0a000001,
				     0x0a000002, 1000, 2000 + i, 18);
	while (!__atomic_load_n(&s->stop, __ATOMIC_ACQUIRE)) {
		while (emu_q_poll_cqe(&q, 0) != NULL)
			s->done++;
		if (s->sent - s->done < n) {
			emu_wqe_send(q.buf, n, q.qn, (uint16_t)s->sent,
				     mem + (size_t)(s->sent % n) * 128,
				     (uint32_t)len, mr->lkey);
			s->sent++;
			__atomic_store_n(&q.dbr[MLX5X_SND_DBR],
					 htobe32(s->sent & 0xffff),
					 __ATOMIC_RELEASE);
		} else {
			sched_yield();
		}
	}
	/* The adapter's engine thread owes a completion per WQE: a wait
	 * that ends means one never came (the bound is not a timing). */
	while (s->done < s->sent && emu_q_poll_cqe(&q, 10000) != NULL)
		s->done++;
	if (s->done != s->sent)
		s->why = "a WQE never completed";
	emu_q_destroy(&q);
	emu.dereg_mr(mr);
	free(mem);
	return NULL;
}

static int
test_stress_two_engines_race_control(void)
{
	struct mlx5x_emu_counters up0[2], up1[2], pf0[2], pf1[2];
	struct stress_sender snd[2] = { { 0 } };
	struct emu_dev d[2];
	uint64_t done[2] = { 0, 0 };
	pthread_t th[2];
	uint32_t round;
	unsigned int k;
	int rc = MLX5X_TEST_PASS;

	TEST_ASSERT(emu_dev_open(&d[0], "wire=loop,engine=0;"
					"wire=loop,engine=1") == 0,
		    "open adapter 0");
	TEST_ASSERT(emu_dev_open_name(&d[1], "mlx5_1") == 0, "open adapter 1");
	for (k = 0; k < 2; k++) {
		TEST_ASSERT_EQ(emu.counters(k, 0xffff, &up0[k]), 0,
			       "adapter %u uplink counters", k);
		TEST_ASSERT_EQ(emu.counters(k, 0, &pf0[k]), 0,
			       "adapter %u pf counters", k);
		snd[k].d = &d[k];
		snd[k].dev = k;
		TEST_ASSERT_EQ(pthread_create(&th[k], NULL, stress_send,
					      &snd[k]),
			       0, "sender %u", k);
	}
	for (round = 0; round < STRESS_ENGINE_ROUNDS && rc == MLX5X_TEST_PASS;
	     round++)
		for (k = 0; k < 2 && rc == MLX5X_TEST_PASS; k++)
			rc = stress_round(&d[k], round, &done[k]);
	for (k = 0; k < 2; k++) {
		__atomic_store_n(&snd[k].stop, true, __ATOMIC_RELEASE);
		pthread_join(th[k], NULL);
	}
	if (rc != MLX5X_TEST_PASS)
		return rc;
	/* Frames the wire still holds go in now, to no queue: dropped. */
	emu.poll();
	for (k = 0; k < 2; k++) {
		TEST_ASSERT(snd[k].why == NULL, "adapter %u sender: %s", k,
			    snd[k].why);
		TEST_ASSERT_EQ(emu.counters(k, 0xffff, &up1[k]), 0,
			       "adapter %u uplink counters", k);
		TEST_ASSERT_EQ(emu.counters(k, 0, &pf1[k]), 0,
			       "adapter %u pf counters", k);
		printf("    adapter %u: %u frames sent, %llu completed, %llu dropped\n",
		       k, snd[k].sent, (unsigned long long)done[k],
		       (unsigned long long)(pf1[k].rx_dropped -
					    pf0[k].rx_dropped));
		TEST_ASSERT(done[k] > 0,
			    "adapter %u: frames reached the queues", k);
		TEST_ASSERT_EQ(up1[k].rx_packets - up0[k].rx_packets,
			       snd[k].sent,
			       "adapter %u: every frame came back by the wire",
			       k);
		TEST_ASSERT_EQ(pf1[k].rx_packets - pf0[k].rx_packets, done[k],
			       "adapter %u: every frame delivered completed once",
			       k);
		TEST_ASSERT_EQ(pf1[k].rx_dropped - pf0[k].rx_dropped,
			       snd[k].sent - done[k],
			       "adapter %u: every other frame dropped", k);
	}
	emu_dev_close(&d[1]);
	emu_dev_close(&d[0]);
	return MLX5X_TEST_PASS;
}

/* A command on an adapter from a thread of its own (a flow table and
 * group made and destroyed); done once it has been answered. */
struct stress_cmd {
	struct emu_dev *d;
	bool done;
	int status;
};

static void *
stress_cmd_run(void *arg)
{
	struct stress_cmd *c = arg;
	uint32_t fg = 0, ft = stress_table(c->d, &fg);

	c->status = ft != 0 ? stress_table_destroy(c->d, ft, fg) : -1;
	__atomic_store_n(&c->done, true, __ATOMIC_RELEASE);
	return NULL;
}

/* The next CQE of q, running no engine pass in this thread: the engine
 * threads owe it. A wait that ends means it never came (the bound is not
 * a timing). */
static struct mlx5_cqe64 *
stress_wait_cqe(struct emu_q *q)
{
	struct mlx5_cqe64 *cqe = NULL;
	unsigned int i;

	for (i = 0; i < 10000 && cqe == NULL; i++) {
		cqe = emu_q_poll_cqe(q, 0);
		if (cqe == NULL)
			usleep(1000);
	}
	return cqe;
}

/* Whether a thread of this process is called name (/proc/self/task/N/comm):
 * how top -H and perf tell the engine threads apart. */
static bool
stress_thread_named(const char *name)
{
	char path[64], comm[32];
	struct dirent *e;
	bool found = false;
	DIR *dir = opendir("/proc/self/task");

	if (dir == NULL)
		return false;
	while (!found && (e = readdir(dir)) != NULL) {
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/self/task/%.20s/comm",
			 e->d_name);
		f = fopen(path, "r");
		if (f == NULL)
			continue;
		if (fgets(comm, sizeof(comm), f) != NULL) {
			comm[strcspn(comm, "\n")] = '\0';
			found = strcmp(comm, name) == 0;
		}
		fclose(f);
	}
	closedir(dir);
	return found;
}

/* Two adapters, two engine threads: while this thread holds adapter 1's
 * data path (as a thread in the middle of a burst into it would), adapter
 * 0's engine sends and a command on adapter 0 is answered; adapter 1
 * sends nothing until released, then its frame goes too. One lock for
 * every adapter (the world's) would hold adapter 0 back as well. */
static int
test_stress_engines_run_at_once(void)
{
	const uint32_t n = 1u << STRESS_LOG_SQ;
	struct stress_cmd cmd = { 0 };
	struct mlx5_cqe64 *cqe0, *cqe1;
	struct ibv_mr *mr[2] = { NULL, NULL };
	uint8_t *mem[2] = { NULL, NULL }, mac[6], out[256];
	bool started, cmd_done = false, sent1_held;
	struct emu_dev d[2];
	struct emu_q q[2];
	size_t len = 0;
	pthread_t th;
	unsigned int k;

	TEST_ASSERT(emu_dev_open(&d[0], "wire=drop,engine=0;"
					"wire=drop,engine=1") == 0,
		    "open adapter 0");
	TEST_ASSERT(emu_dev_open_name(&d[1], "mlx5_1") == 0, "open adapter 1");
	cmd.d = &d[0];
	memcpy(mac, stress_mac, sizeof(mac));
	for (k = 0; k < 2; k++) {
		mem[k] = calloc(1, 128);
		TEST_ASSERT(mem[k] != NULL, "buffer %u", k);
		mr[k] = emu.reg_mr(d[k].pd, mem[k], 128, 0);
		TEST_ASSERT(mr[k] != NULL, "mr %u", k);
		TEST_ASSERT(emu_q_create(&d[k], &q[k], true, STRESS_LOG_SQ,
					 6) == 0,
			    "adapter %u sq", k);
		TEST_ASSERT_EQ(emu_q_modify(&q[k], MLX5X_QUEUE_STATE_RST,
					    MLX5X_QUEUE_STATE_RDY),
			       0, "adapter %u sq ready", k);
		mac[3] = (uint8_t)k;
		len = emu_frame_udp4(mem[k], mac, 0x0a000001, 0x0a000002, 1000,
				     2000, 18);
	}
	/* From here to the release nothing returns early: a hold left
	 * behind would stop every later case on adapter 1. */
	TEST_ASSERT_EQ(emu.hold(1, 1), 0, "hold adapter 1");
	for (k = 0; k < 2; k++) {
		emu_wqe_send(q[k].buf, n, q[k].qn, 0, mem[k], (uint32_t)len,
			     mr[k]->lkey);
		__atomic_store_n(&q[k].dbr[MLX5X_SND_DBR], htobe32(1),
				 __ATOMIC_RELEASE);
	}
	cqe0 = stress_wait_cqe(&q[0]);
	started = pthread_create(&th, NULL, stress_cmd_run, &cmd) == 0;
	if (started) {
		unsigned int i;

		for (i = 0;
		     i < 10000 && !__atomic_load_n(&cmd.done, __ATOMIC_ACQUIRE);
		     i++)
			usleep(1000);
		cmd_done = __atomic_load_n(&cmd.done, __ATOMIC_ACQUIRE);
	}
	sent1_held = emu_q_poll_cqe(&q[1], 0) != NULL;
	TEST_ASSERT_EQ(emu.hold(1, 0), 0, "release adapter 1");
	if (started)
		pthread_join(th, NULL);
	TEST_ASSERT(cqe0 != NULL,
		    "adapter 0's engine sent while adapter 1 was held");
	TEST_ASSERT_EQ(cqe0->op_own >> 4, MLX5_CQE_REQ,
		       "adapter 0: a requester CQE, not an error");
	TEST_ASSERT(cmd_done, "a command on adapter 0 was answered while "
			      "adapter 1 was held");
	TEST_ASSERT_EQ(cmd.status, 0, "that command succeeded");
	TEST_ASSERT(!sent1_held, "adapter 1 sent nothing while held");
	cqe1 = stress_wait_cqe(&q[1]);
	TEST_ASSERT(cqe1 != NULL, "adapter 1 sent once released");
	TEST_ASSERT_EQ(cqe1->op_own >> 4, MLX5_CQE_REQ,
		       "adapter 1: a requester CQE, not an error");
	TEST_ASSERT(stress_thread_named("mlx5x-emu-eng0") &&
			    stress_thread_named("mlx5x-emu-eng1"),
		    "the two engine threads are named by their number");
	for (k = 0; k < 2; k++) {
		TEST_ASSERT_EQ(emu.capture_wire(k, out, sizeof(out)), (int)len,
			       "adapter %u: its frame left by the wire", k);
		TEST_ASSERT(memcmp(out, mem[k], len) == 0,
			    "adapter %u: the bytes it sent", k);
	}
	TEST_ASSERT_EQ(emu.hold(1, 0), -EPERM, "no hold left to release");
	for (k = 0; k < 2; k++) {
		emu_q_destroy(&q[k]);
		emu.dereg_mr(mr[k]);
		free(mem[k]);
	}
	emu_dev_close(&d[1]);
	emu_dev_close(&d[0]);
	return MLX5X_TEST_PASS;
}

/* The engine keys are checked like every other: a bad value, or one
 * engine thread given two CPUs, creates nothing. */
static int
test_stress_engine_keys_checked(void)
{
	static const char *const bad[] = {
		"engine=8",
		"engine=x",
		"engine_cpu=-1",
		"engine=1,engine_cpu=0;engine=1,engine_cpu=1",
	};
	struct emu_dev d;
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		TEST_ASSERT(emu_dev_open(&d, bad[i]) != 0, "'%s' refused",
			    bad[i]);
	TEST_ASSERT(emu_dev_open(&d, "engine=7,engine_cpu=0;engine=2") == 0,
		    "engine 7 pinned to CPU 0, engine 2 unpinned");
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_stress_suite, "emu_stress", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_stress_control_races_traffic),
		 MLX5X_TEST_CASE(test_stress_two_engines_race_control),
		 MLX5X_TEST_CASE(test_stress_engines_run_at_once),
		 MLX5X_TEST_CASE(test_stress_engine_keys_checked))
