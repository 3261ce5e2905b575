/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target over the flow parser: every input is decoded into an
 * rte_flow attribute, pattern and action list (types the driver knows
 * and unknown ones, specs/masks/lasts of random bytes of the right size,
 * conf structs whose pointers always point at memory of the right size)
 * and goes through rte_flow_validate, rte_flow_create and
 * rte_flow_destroy on port 0 of an emulated ConnectX-5.
 *
 * Built and run by devtools/mlx5x-fuzz-flow (clang, -fsanitize=fuzzer);
 * not part of the meson build. Invariants, each an abort so libFuzzer
 * keeps the input: a refusal sets rte_flow_error with a message; create
 * after a successful validate succeeds or says why not; destroy
 * succeeds; every run leaves the adapter's object census as it found it;
 * at exit, closing the port leaves the census of before the probe.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_flow.h>
#include <rte_mbuf.h>

#include "mlx5x_emu.h"

#define FUZZ_PCI "0000:08:00.0"
#define FUZZ_EMU_CONFIG                                                        \
	"model=cx5,pci=" FUZZ_PCI ",vfs=2,esw=switchdev,wire=drop,vf_end=drop"
#define FUZZ_NB_RXQ 4
#define FUZZ_MAX_ITEMS 8
#define FUZZ_MAX_ACTIONS 8
#define FUZZ_CONF_MAX 128 /* largest spec/conf struct we fill */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input, read front to back; zeros once it is used up. */
struct fuzz_in {
	const uint8_t *p;
	size_t n;
};

static uint8_t
fuzz_u8(struct fuzz_in *in)
{
	uint8_t v = 0;

	if (in->n > 0) {
		v = *in->p++;
		in->n--;
	}
	return v;
}

static void
fuzz_bytes(struct fuzz_in *in, void *dst, size_t len)
{
	size_t k = len < in->n ? len : in->n;

	memcpy(dst, in->p, k);
	memset((uint8_t *)dst + k, 0, len - k);
	in->p += k;
	in->n -= k;
}

/* Item types and the size of their spec (0: no spec). */
static const struct {
	enum rte_flow_item_type type;
	size_t size;
} fuzz_items[] = {
	{ RTE_FLOW_ITEM_TYPE_VOID, 0 },
	{ RTE_FLOW_ITEM_TYPE_ETH, sizeof(struct rte_flow_item_eth) },
	{ RTE_FLOW_ITEM_TYPE_VLAN, sizeof(struct rte_flow_item_vlan) },
	{ RTE_FLOW_ITEM_TYPE_IPV4, sizeof(struct rte_flow_item_ipv4) },
	{ RTE_FLOW_ITEM_TYPE_IPV6, sizeof(struct rte_flow_item_ipv6) },
	{ RTE_FLOW_ITEM_TYPE_IPV6_FRAG_EXT,
	  sizeof(struct rte_flow_item_ipv6_frag_ext) },
	{ RTE_FLOW_ITEM_TYPE_UDP, sizeof(struct rte_flow_item_udp) },
	{ RTE_FLOW_ITEM_TYPE_TCP, sizeof(struct rte_flow_item_tcp) },
	{ RTE_FLOW_ITEM_TYPE_SCTP, sizeof(struct rte_flow_item_sctp) },
	{ RTE_FLOW_ITEM_TYPE_ICMP, sizeof(struct rte_flow_item_icmp) },
	{ RTE_FLOW_ITEM_TYPE_ICMP6, sizeof(struct rte_flow_item_icmp6) },
	{ RTE_FLOW_ITEM_TYPE_VXLAN, sizeof(struct rte_flow_item_vxlan) },
	{ RTE_FLOW_ITEM_TYPE_VXLAN_GPE,
	  sizeof(struct rte_flow_item_vxlan_gpe) },
	{ RTE_FLOW_ITEM_TYPE_GRE, sizeof(struct rte_flow_item_gre) },
	{ RTE_FLOW_ITEM_TYPE_GRE_KEY, sizeof(rte_be32_t) },
	{ RTE_FLOW_ITEM_TYPE_NVGRE, sizeof(struct rte_flow_item_nvgre) },
	{ RTE_FLOW_ITEM_TYPE_GENEVE, sizeof(struct rte_flow_item_geneve) },
	{ RTE_FLOW_ITEM_TYPE_GTP, sizeof(struct rte_flow_item_gtp) },
	{ RTE_FLOW_ITEM_TYPE_MARK, sizeof(struct rte_flow_item_mark) },
	{ RTE_FLOW_ITEM_TYPE_META, sizeof(struct rte_flow_item_meta) },
	{ RTE_FLOW_ITEM_TYPE_TAG, sizeof(struct rte_flow_item_tag) },
	{ RTE_FLOW_ITEM_TYPE_PORT_ID, sizeof(struct rte_flow_item_port_id) },
	{ RTE_FLOW_ITEM_TYPE_REPRESENTED_PORT,
	  sizeof(struct rte_flow_item_ethdev) },
	/* Known to DPDK, not to the driver: must be refused cleanly. */
	{ RTE_FLOW_ITEM_TYPE_MPLS, sizeof(struct rte_flow_item_mpls) },
	{ RTE_FLOW_ITEM_TYPE_ESP, sizeof(struct rte_flow_item_esp) },
	{ RTE_FLOW_ITEM_TYPE_RAW, 0 },
	{ RTE_FLOW_ITEM_TYPE_ANY, sizeof(struct rte_flow_item_any) },
};

/* Action types and the size of their conf (0: none or built below). */
static const struct {
	enum rte_flow_action_type type;
	size_t size;
} fuzz_actions[] = {
	{ RTE_FLOW_ACTION_TYPE_VOID, 0 },
	{ RTE_FLOW_ACTION_TYPE_DROP, 0 },
	{ RTE_FLOW_ACTION_TYPE_FLAG, 0 },
	{ RTE_FLOW_ACTION_TYPE_COUNT, sizeof(struct rte_flow_action_count) },
	{ RTE_FLOW_ACTION_TYPE_QUEUE, sizeof(struct rte_flow_action_queue) },
	{ RTE_FLOW_ACTION_TYPE_RSS, 0 },
	{ RTE_FLOW_ACTION_TYPE_MARK, sizeof(struct rte_flow_action_mark) },
	{ RTE_FLOW_ACTION_TYPE_JUMP, sizeof(struct rte_flow_action_jump) },
	{ RTE_FLOW_ACTION_TYPE_SET_META,
	  sizeof(struct rte_flow_action_set_meta) },
	{ RTE_FLOW_ACTION_TYPE_SET_TAG,
	  sizeof(struct rte_flow_action_set_tag) },
	{ RTE_FLOW_ACTION_TYPE_PORT_ID,
	  sizeof(struct rte_flow_action_port_id) },
	{ RTE_FLOW_ACTION_TYPE_REPRESENTED_PORT,
	  sizeof(struct rte_flow_action_ethdev) },
	{ RTE_FLOW_ACTION_TYPE_OF_POP_VLAN, 0 },
	{ RTE_FLOW_ACTION_TYPE_OF_PUSH_VLAN,
	  sizeof(struct rte_flow_action_of_push_vlan) },
	{ RTE_FLOW_ACTION_TYPE_OF_SET_VLAN_VID,
	  sizeof(struct rte_flow_action_of_set_vlan_vid) },
	{ RTE_FLOW_ACTION_TYPE_OF_SET_VLAN_PCP,
	  sizeof(struct rte_flow_action_of_set_vlan_pcp) },
	{ RTE_FLOW_ACTION_TYPE_SET_MAC_SRC,
	  sizeof(struct rte_flow_action_set_mac) },
	{ RTE_FLOW_ACTION_TYPE_SET_MAC_DST,
	  sizeof(struct rte_flow_action_set_mac) },
	{ RTE_FLOW_ACTION_TYPE_SET_IPV4_SRC,
	  sizeof(struct rte_flow_action_set_ipv4) },
	{ RTE_FLOW_ACTION_TYPE_SET_IPV4_DST,
	  sizeof(struct rte_flow_action_set_ipv4) },
	{ RTE_FLOW_ACTION_TYPE_SET_IPV6_SRC,
	  sizeof(struct rte_flow_action_set_ipv6) },
	{ RTE_FLOW_ACTION_TYPE_SET_IPV6_DST,
	  sizeof(struct rte_flow_action_set_ipv6) },
	{ RTE_FLOW_ACTION_TYPE_SET_IPV4_DSCP,
	  sizeof(struct rte_flow_action_set_dscp) },
	{ RTE_FLOW_ACTION_TYPE_SET_IPV6_DSCP,
	  sizeof(struct rte_flow_action_set_dscp) },
	{ RTE_FLOW_ACTION_TYPE_SET_TP_SRC,
	  sizeof(struct rte_flow_action_set_tp) },
	{ RTE_FLOW_ACTION_TYPE_SET_TP_DST,
	  sizeof(struct rte_flow_action_set_tp) },
	{ RTE_FLOW_ACTION_TYPE_SET_TTL,
	  sizeof(struct rte_flow_action_set_ttl) },
	{ RTE_FLOW_ACTION_TYPE_DEC_TTL, 0 },
	{ RTE_FLOW_ACTION_TYPE_INC_TCP_SEQ, sizeof(rte_be32_t) },
	{ RTE_FLOW_ACTION_TYPE_DEC_TCP_SEQ, sizeof(rte_be32_t) },
	{ RTE_FLOW_ACTION_TYPE_INC_TCP_ACK, sizeof(rte_be32_t) },
	{ RTE_FLOW_ACTION_TYPE_DEC_TCP_ACK, sizeof(rte_be32_t) },
	{ RTE_FLOW_ACTION_TYPE_VXLAN_DECAP, 0 },
	{ RTE_FLOW_ACTION_TYPE_NVGRE_DECAP, 0 },
	{ RTE_FLOW_ACTION_TYPE_VXLAN_ENCAP, 0 },
	{ RTE_FLOW_ACTION_TYPE_NVGRE_ENCAP, 0 },
	{ RTE_FLOW_ACTION_TYPE_RAW_ENCAP, 0 },
	{ RTE_FLOW_ACTION_TYPE_RAW_DECAP, 0 },
	/* Known to DPDK, not to the driver. */
	{ RTE_FLOW_ACTION_TYPE_METER, sizeof(struct rte_flow_action_meter) },
	{ RTE_FLOW_ACTION_TYPE_SAMPLE, 0 },
	{ RTE_FLOW_ACTION_TYPE_AGE, sizeof(struct rte_flow_action_age) },
};

/* Everything one input points into; static so a run allocates nothing. */
static struct fuzz_flow {
	struct rte_flow_attr attr;
	struct rte_flow_item items[FUZZ_MAX_ITEMS + 1];
	uint8_t item_buf[FUZZ_MAX_ITEMS][3][FUZZ_CONF_MAX];
	struct rte_flow_action actions[FUZZ_MAX_ACTIONS + 1];
	uint8_t act_buf[FUZZ_MAX_ACTIONS][FUZZ_CONF_MAX];
	struct rte_flow_action_rss rss[FUZZ_MAX_ACTIONS];
	uint16_t rss_queue[FUZZ_MAX_ACTIONS][16];
	uint8_t rss_key[FUZZ_MAX_ACTIONS][64];
	struct rte_flow_action_raw_encap raw[FUZZ_MAX_ACTIONS];
	uint8_t raw_data[FUZZ_MAX_ACTIONS][128];
	struct rte_flow_action_vxlan_encap tun[FUZZ_MAX_ACTIONS];
	struct rte_flow_item tun_items[FUZZ_MAX_ACTIONS][5];
	uint8_t tun_buf[FUZZ_MAX_ACTIONS][4][FUZZ_CONF_MAX];
} ff;

static uint16_t fuzz_port;
static struct rte_mempool *fuzz_mp;
static struct mlx5x_emu_census fuzz_census_probe; /* before the probe */
static char fuzz_sysfs[] = "/tmp/mlx5x-fuzz-sysfs-XXXXXX";
/* How many rules validate accepted and create made, printed at exit so a
 * run that never reaches the driver's deeper checks shows it. */
static uint64_t fuzz_validated, fuzz_created;

/* A random byte, or one of the values the driver gives meaning to. */
static uint32_t
fuzz_small(struct fuzz_in *in, uint32_t bound)
{
	return fuzz_u8(in) % bound;
}

static void
fuzz_item(struct fuzz_in *in, unsigned int i, struct rte_flow_item *it)
{
	uint8_t sel = fuzz_u8(in);
	uint8_t which = fuzz_u8(in);
	size_t size;
	int k;

	memset(it, 0, sizeof(*it));
	if (sel == 0xff) {
		/* Unknown to DPDK too: a type past the end of the enum. */
		it->type = (enum rte_flow_item_type)(0x7f000000u + which);
		return;
	}
	sel %= RTE_DIM(fuzz_items);
	it->type = fuzz_items[sel].type;
	size = fuzz_items[sel].size;
	if (size == 0)
		return;
	/* which: bit 0 spec, bit 1 mask, bit 2 last. */
	for (k = 0; k < 3; k++) {
		if (!(which & (1u << k)))
			continue;
		fuzz_bytes(in, ff.item_buf[i][k], size);
		if (k == 0)
			it->spec = ff.item_buf[i][k];
		else if (k == 1)
			it->mask = ff.item_buf[i][k];
		else
			it->last = ff.item_buf[i][k];
	}
}

static void
fuzz_rss(struct fuzz_in *in, unsigned int i)
{
	struct rte_flow_action_rss *r = &ff.rss[i];
	unsigned int q;

	memset(r, 0, sizeof(*r));
	r->func = (enum rte_eth_hash_function)fuzz_small(in, 5);
	r->level = fuzz_small(in, 4);
	fuzz_bytes(in, &r->types, sizeof(r->types));
	r->key_len = fuzz_small(in, 65);
	fuzz_bytes(in, ff.rss_key[i], r->key_len);
	r->key = fuzz_u8(in) & 1 ? ff.rss_key[i] : NULL;
	if (r->key == NULL && fuzz_u8(in) & 1)
		r->key_len = 0;
	r->queue_num = fuzz_small(in, 17);
	for (q = 0; q < r->queue_num; q++)
		ff.rss_queue[i][q] = fuzz_small(in, FUZZ_NB_RXQ + 2);
	r->queue = r->queue_num ? ff.rss_queue[i] : NULL;
}

/* A VXLAN/NVGRE encapsulation definition: a short item list. */
static void
fuzz_tunnel(struct fuzz_in *in, unsigned int i)
{
	unsigned int n = 1 + fuzz_small(in, 4), k;
	struct rte_flow_item it;

	for (k = 0; k < n; k++) {
		uint8_t sel = fuzz_small(in, RTE_DIM(fuzz_items));

		memset(&it, 0, sizeof(it));
		it.type = fuzz_items[sel].type;
		if (fuzz_items[sel].size != 0 && fuzz_u8(in) & 1) {
			fuzz_bytes(in, ff.tun_buf[i][k], fuzz_items[sel].size);
			it.spec = ff.tun_buf[i][k];
		}
		ff.tun_items[i][k] = it;
	}
	memset(&ff.tun_items[i][n], 0, sizeof(ff.tun_items[i][n]));
	ff.tun_items[i][n].type = RTE_FLOW_ITEM_TYPE_END;
	ff.tun[i].definition = ff.tun_items[i];
}

static void
fuzz_action(struct fuzz_in *in, unsigned int i, struct rte_flow_action *a)
{
	uint8_t sel = fuzz_u8(in);
	size_t len;

	memset(a, 0, sizeof(*a));
	if (sel == 0xff) {
		a->type =
			(enum rte_flow_action_type)(0x7f000000u + fuzz_u8(in));
		return;
	}
	sel %= RTE_DIM(fuzz_actions);
	a->type = fuzz_actions[sel].type;
	switch (a->type) {
	case RTE_FLOW_ACTION_TYPE_RSS:
		fuzz_rss(in, i);
		a->conf = &ff.rss[i];
		return;
	case RTE_FLOW_ACTION_TYPE_RAW_ENCAP:
	case RTE_FLOW_ACTION_TYPE_RAW_DECAP:
		len = fuzz_u8(in) % (sizeof(ff.raw_data[i]) + 1);
		fuzz_bytes(in, ff.raw_data[i], len);
		ff.raw[i].data = len || fuzz_u8(in) & 1 ? ff.raw_data[i] : NULL;
		ff.raw[i].preserve = NULL;
		ff.raw[i].size = len;
		a->conf = &ff.raw[i];
		return;
	case RTE_FLOW_ACTION_TYPE_VXLAN_ENCAP:
	case RTE_FLOW_ACTION_TYPE_NVGRE_ENCAP:
		/* Same layout for both: one definition pointer. */
		fuzz_tunnel(in, i);
		a->conf = &ff.tun[i];
		return;
	default:
		break;
	}
	if (fuzz_actions[sel].size != 0 && !(fuzz_u8(in) == 0xfe)) {
		fuzz_bytes(in, ff.act_buf[i], fuzz_actions[sel].size);
		/* Queue and port indexes mostly in range, so the deeper
		 * checks run too. */
		if (a->type == RTE_FLOW_ACTION_TYPE_QUEUE)
			((struct rte_flow_action_queue *)ff.act_buf[i])->index %=
				FUZZ_NB_RXQ + 2;
		a->conf = ff.act_buf[i];
	}
}

static void
fuzz_decode(struct fuzz_in *in)
{
	unsigned int ni, na, i;
	uint8_t f = fuzz_u8(in);

	memset(&ff.attr, 0, sizeof(ff.attr));
	ff.attr.ingress = f & 1;
	ff.attr.egress = !!(f & 2);
	ff.attr.transfer = !!(f & 4);
	ff.attr.group = f & 8 ? fuzz_u8(in) : 0;
	ff.attr.priority = f & 16 ? fuzz_u8(in) : 0;
	if (f & 32)
		fuzz_bytes(in, &ff.attr.group, sizeof(ff.attr.group));
	ni = fuzz_small(in, FUZZ_MAX_ITEMS + 1);
	for (i = 0; i < ni; i++)
		fuzz_item(in, i, &ff.items[i]);
	memset(&ff.items[ni], 0, sizeof(ff.items[ni]));
	ff.items[ni].type = RTE_FLOW_ITEM_TYPE_END;
	na = fuzz_small(in, FUZZ_MAX_ACTIONS + 1);
	for (i = 0; i < na; i++)
		fuzz_action(in, i, &ff.actions[i]);
	memset(&ff.actions[na], 0, sizeof(ff.actions[na]));
	ff.actions[na].type = RTE_FLOW_ACTION_TYPE_END;
}

static void
fuzz_fail(const char *what, const struct rte_flow_error *err)
{
	fprintf(stderr, "mlx5x-fuzz-flow: %s (error type %d, message %s)\n",
		what, err->type, err->message ? err->message : "(none)");
	abort();
}

static void
fuzz_census_check(const struct mlx5x_emu_census *before, const char *when)
{
	struct mlx5x_emu_census now;
	char a[512], b[512];

	if (mlx5x_emu_census(0, &now) != 0)
		return;
	now.reclaimed = before->reclaimed;
	/* DR domains are the adapter's, kept until the port closes (the
	 * E-Switch's FDB domain comes with the first transfer rule and
	 * stays); the e2e suites' close census counts them. */
	now.dr_domain = before->dr_domain;
	if (memcmp(&now, before, sizeof(now)) == 0)
		return;
	mlx5x_emu_census_format(before, a, sizeof(a));
	mlx5x_emu_census_format(&now, b, sizeof(b));
	fprintf(stderr,
		"mlx5x-fuzz-flow: %s left PRM objects behind:\n"
		"  before: %s\n  after:  %s\n",
		when, a, b);
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct mlx5x_emu_census before;
	struct rte_flow_error err;
	struct rte_flow *flow;
	int ret;

	if (mlx5x_emu_census(0, &before) != 0)
		abort();
	fuzz_decode(&in);
	memset(&err, 0, sizeof(err));
	ret = rte_flow_validate(fuzz_port, &ff.attr, ff.items, ff.actions,
				&err);
	if (ret != 0) {
		if (ret > 0 || err.message == NULL)
			fuzz_fail("validate refused without a message", &err);
	} else {
		fuzz_validated++;
		memset(&err, 0, sizeof(err));
		flow = rte_flow_create(fuzz_port, &ff.attr, ff.items,
				       ff.actions, &err);
		if (flow == NULL && err.message == NULL)
			fuzz_fail("create after validate failed silently",
				  &err);
		/* A rule validate accepts should be made: list the ones the
		 * create refuses (MLX5X_FUZZ_SHOW_CREATE_REFUSED=1). */
		if (flow == NULL && getenv("MLX5X_FUZZ_SHOW_CREATE_REFUSED"))
			fprintf(stderr,
				"mlx5x-fuzz-flow: validated, create refused: %s\n",
				err.message);
		if (flow != NULL) {
			fuzz_created++;
			memset(&err, 0, sizeof(err));
			if (rte_flow_destroy(fuzz_port, flow, &err) != 0)
				fuzz_fail("destroy failed", &err);
		}
	}
	/* A create without validate must refuse the same rules cleanly. */
	if (ret != 0) {
		memset(&err, 0, sizeof(err));
		flow = rte_flow_create(fuzz_port, &ff.attr, ff.items,
				       ff.actions, &err);
		if (flow == NULL && err.message == NULL)
			fuzz_fail("create refused without a message", &err);
		if (flow != NULL &&
		    rte_flow_destroy(fuzz_port, flow, &err) != 0)
			fuzz_fail("destroy failed", &err);
	}
	fuzz_census_check(&before, "one rule's create/destroy");
	return 0;
}

static void
fuzz_down(void)
{
	char cmd[512];
	int ret;

	rte_eth_dev_stop(fuzz_port);
	ret = rte_eal_hotplug_remove("pci", FUZZ_PCI);
	if (ret != 0) {
		fprintf(stderr, "mlx5x-fuzz-flow: removing %s failed: %d\n",
			FUZZ_PCI, ret);
		_exit(1);
	}
	fuzz_census_check(&fuzz_census_probe, "closing the port");
	rte_mempool_free(fuzz_mp);
	rte_eal_cleanup();
	mlx5x_emu_teardown();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fuzz_sysfs);
	if (system(cmd) != 0)
		fprintf(stderr, "mlx5x-fuzz-flow: cannot remove %s\n",
			fuzz_sysfs);
	fprintf(stderr,
		"mlx5x-fuzz-flow: %" PRIu64 " rules validated, %" PRIu64
		" created and destroyed; port closed, census clean\n",
		fuzz_validated, fuzz_created);
}

static int
fuzz_port_start(void)
{
	struct rte_eth_conf conf;
	uint16_t q;
	int ret;

	memset(&conf, 0, sizeof(conf));
	fuzz_mp = rte_pktmbuf_pool_create("fuzz_mbufs", 2048, 0, 0,
					  RTE_MBUF_DEFAULT_BUF_SIZE,
					  SOCKET_ID_ANY);
	if (fuzz_mp == NULL)
		return -rte_errno;
	ret = rte_eth_dev_configure(fuzz_port, FUZZ_NB_RXQ, 1, &conf);
	for (q = 0; ret == 0 && q < FUZZ_NB_RXQ; q++)
		ret = rte_eth_rx_queue_setup(fuzz_port, q, 256, SOCKET_ID_ANY,
					     NULL, fuzz_mp);
	if (ret == 0)
		ret = rte_eth_tx_queue_setup(fuzz_port, 0, 256, SOCKET_ID_ANY,
					     NULL);
	if (ret == 0)
		ret = rte_eth_dev_start(fuzz_port);
	return ret;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static char eal_args[][64] = {
		"mlx5x-fuzz-flow",
		"--no-huge",
		"-m",
		"256",
		"--no-shconf",
		"-l",
		"0",
		"-a",
		FUZZ_PCI ",representor=[0-1]",
		"--log-level=pmd.net.mlx5x:emerg",
		"--log-level=pmd.common.mlx5x:emerg",
		"--log-level=lib.eal:error",
		"--log-level=lib.ethdev:emerg",
	};
	char *eargv[RTE_DIM(eal_args) + 1];
	char glue[4096], devices[256];
	const char *build = getenv("MLX5X_BUILD_ROOT");
	int eargc = (int)RTE_DIM(eal_args);
	int i, ret;

	RTE_SET_USED(argc);
	RTE_SET_USED(argv);
	for (i = 0; i < eargc; i++)
		eargv[i] = eal_args[i];
	eargv[eargc] = NULL;
	if (build == NULL) {
		fprintf(stderr, "mlx5x-fuzz-flow: set MLX5X_BUILD_ROOT\n");
		exit(2);
	}
	snprintf(glue, sizeof(glue), "%s/emu/libmlx5x_emu.so", build);
	if (mkdtemp(fuzz_sysfs) == NULL) {
		perror("mlx5x-fuzz-flow: mkdtemp");
		exit(2);
	}
	ret = mlx5x_emu_setup(FUZZ_EMU_CONFIG, fuzz_sysfs);
	if (ret < 0) {
		fprintf(stderr, "mlx5x-fuzz-flow: mlx5x_emu_setup: %s\n",
			strerror(-ret));
		exit(2);
	}
	snprintf(devices, sizeof(devices), "%s/bus/pci/devices", fuzz_sysfs);
	setenv("SYSFS_PCI_DEVICES", devices, 1);
	setenv("MLX5X_GLUE_LIB", glue, 1);
	if (mlx5x_emu_census(0, &fuzz_census_probe) != 0)
		memset(&fuzz_census_probe, 0, sizeof(fuzz_census_probe));
	if (rte_eal_init(eargc, eargv) < 0) {
		fprintf(stderr, "mlx5x-fuzz-flow: rte_eal_init: %s\n",
			rte_strerror(rte_errno));
		exit(2);
	}
	fuzz_port = 0;
	if (!rte_eth_dev_is_valid_port(fuzz_port)) {
		fprintf(stderr, "mlx5x-fuzz-flow: %s was not probed\n",
			FUZZ_PCI);
		exit(2);
	}
	ret = fuzz_port_start();
	if (ret != 0) {
		fprintf(stderr, "mlx5x-fuzz-flow: port start: %s\n",
			rte_strerror(-ret));
		exit(2);
	}
	atexit(fuzz_down);
	return 0;
}
