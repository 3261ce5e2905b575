/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Syndromes by name: every stable syndrome a command handler answers, one
 * table per PRM area, so the command trace can say why a command was
 * refused, not only with which number. Firmware's syndromes are opaque
 * numbers too; these are the emulator's own, one per check (emu/README.md),
 * and a handler keeps writing the literal: the style check
 * (style/emu-syndromes-named) holds the literals and these rows equal.
 */
#include "mlx5x_emu_cmd.h"

#include <stddef.h>

/* Memory objects (emu/core/mlx5x_emu_mem.c). */
static const struct emu_syndrome emu_syndromes_core[] = {
	{ 0x02e4f1, "pd_unknown", "DEALLOC_PD: no such PD" },
	{ 0x02e4f2, "td_unknown", "DEALLOC_TRANSPORT_DOMAIN: no such domain" },
	{ 0x1a0bc1, "pd_numbers_out", "ALLOC_PD: out of PD numbers" },
	{ 0x1a0bc2, "td_numbers_out",
	  "ALLOC_TRANSPORT_DOMAIN: out of numbers" },
};

/* Capabilities and queue counters (emu/cmd). */
static const struct emu_syndrome emu_syndromes_cmd[] = {
	{ 0x06a3e0, "cap_type_unknown", "capability type not modelled" },
	{ 0x06a3e1, "cap_fdb_not_manager",
	  "E-Switch flow table caps: not the E-Switch manager" },
	{ 0x06a3e2, "cap_esw_not_manager",
	  "E-Switch caps: not the E-Switch manager" },
	{ 0x771001, "q_counter_no_memory",
	  "no memory for the function's sets" },
	{ 0x771002, "q_counter_sets_out", "every set of the function taken" },
	{ 0x771010, "rq_q_counter_not_owned",
	  "the RQ names a set its function does not own" },
	{ 0x772001, "q_counter_not_owned", "not a set this context allocated" },
	{ 0x773001, "q_counter_unknown", "no such set" },
	{ 0x773002, "q_counter_other_vport",
	  "other vports' sets not modelled" },
};

/* Queues (emu/queue). */
static const struct emu_syndrome emu_syndromes_queue[] = {
	{ 0x1d6e01, "cq_not_umem", "CQ buffer or doorbell not in a umem" },
	{ 0x1d6e02, "cq_size_over_cap", "log_cq_size over log_max_cq_sz" },
	{ 0x1d6e03, "cq_cqe_size", "128-byte CQEs not modelled" },
	{ 0x1d6e04, "cq_umem_range", "CQ umem unknown or too small" },
	{ 0x1d6e05, "cq_no_resource", "no memory or CQ number for the CQ" },
	{ 0x1d6e06, "cq_compression",
	  "CQE compression not in the caps, or format and layout disagree" },
	{ 0x1d6e07, "cq_mini_format_cap",
	  "mini CQE format with stride index: not in the caps" },
	{ 0x1d6e10, "cq_unknown", "no such CQ" },
	{ 0x1d6e11, "cq_in_use", "queues still complete into the CQ" },
	{ 0x2a7e01, "wq_not_umem", "WQ buffer or doorbell not in a umem" },
	{ 0x2a7e02, "wq_size", "log_wq_stride or log_wq_sz out of range" },
	{ 0x2a7e03, "wq_pd_unknown", "WQ on an unknown PD" },
	{ 0x2a7e04, "wq_umem_range", "WQ umem unknown or too small" },
	{ 0x3b5e01, "queue_state_mismatch",
	  "the current state given is not the queue's" },
	{ 0x3b5e02, "queue_state_transition",
	  "a transition the queue state machine lacks" },
	{ 0x5c0e01, "sq_not_rst", "an SQ is created in RST" },
	{ 0x5c0e02, "sq_cq_unknown", "SQ on an unknown CQ" },
	{ 0x5c0e03, "sq_tis_unknown", "SQ on an unknown TIS" },
	{ 0x5c0e04, "sq_wq_type", "an SQ's WQ is cyclic" },
	{ 0x5c0e05, "sq_inline_mode", "reserved min_wqe_inline_mode" },
	{ 0x5c0e10, "sq_unknown", "no such SQ" },
	{ 0x6d0e01, "rq_not_rst", "an RQ is created in RST" },
	{ 0x6d0e02, "rq_mem_type", "RMP RQs not modelled" },
	{ 0x6d0e03, "rq_cq_unknown", "RQ on an unknown CQ" },
	{ 0x6d0e04, "rq_wq_type", "linked-list RQs not modelled" },
	{ 0x6d0e05, "rq_striding",
	  "striding RQ: not in the caps, or stride fields invalid" },
	{ 0x6d0e10, "rq_unknown", "no such RQ" },
	{ 0x6d0e11, "rq_in_use", "a TIR or RQT still uses the RQ" },
	{ 0x7a1501, "tis_td_unknown", "TIS on an unknown transport domain" },
	{ 0x7a1510, "tis_unknown", "no such TIS" },
	{ 0x8b2701, "rqt_size",
	  "RQT size 0, over rqt_max_size or the cap, or list cut short" },
	{ 0x8b2702, "rqt_rq_unknown", "an unknown RQ in the RQT's list" },
	{ 0x8b2703, "rqt_rq_other_function",
	  "an RQ of another function in the RQT's list" },
	{ 0x8b2710, "rqt_unknown", "no such RQT" },
	{ 0x8b2711, "rqt_in_use", "a TIR still spreads over the RQT" },
	{ 0x8b2712, "rqt_other_function", "the RQT is another function's" },
	{ 0x9c3001, "tir_td_unknown", "TIR on an unknown transport domain" },
	{ 0x9c3002, "tir_rq_unknown", "direct TIR on an unknown RQ" },
	{ 0x9c3003, "tir_rqt_unknown", "indirect TIR on an unknown RQT" },
	{ 0x9c3004, "tir_hash_fn", "hash function other than Toeplitz" },
	{ 0x9c3005, "tir_disp_type", "dispatcher type not direct or indirect" },
	{ 0x9c3006, "tir_rq_other_function",
	  "direct TIR on another function's RQ" },
	{ 0x9c3007, "tir_rqt_other_function",
	  "indirect TIR on another function's RQT" },
	{ 0x9c3010, "tir_unknown", "no such TIR" },
	{ 0x9c3011, "tir_in_use", "a flow entry still points at the TIR" },
};

/* Steering, vports and the E-Switch (emu/steer). */
static const struct emu_syndrome emu_syndromes_steer[] = {
	{ 0x3a0b71, "vport_other_not_manager",
	  "other_vport: not the E-Switch manager" },
	{ 0x3a0b72, "vport_unknown", "no such vport" },
	{ 0x3e5701, "esw_vport_other_not_manager",
	  "E-Switch vport context of another vport: not the manager" },
	{ 0x3e5702, "esw_vport_unknown",
	  "E-Switch vport context: no such vport" },
	{ 0x3e5703, "esw_vport_vlan",
	  "vport VLAN strip/insert: not in the caps" },
	{ 0x3e5704, "esw_vport_reg_c_not_manager",
	  "fdb_to_vport_reg_c_id: not the E-Switch manager" },
	{ 0x3e5705, "esw_vport_reg_c_cap",
	  "fdb_to_vport_reg_c_id: a register the caps do not pass" },
	{ 0x4e1d40, "vport_mtu", "MTU outside 68..9216 (plus overhead)" },
	{ 0x4e1d41, "vport_mac_multicast", "a multicast permanent address" },
	{ 0xa00001, "ft_other_vport",
	  "other_vport: not the manager, or an FDB table" },
	{ 0xa00002, "ft_unknown", "no such flow table of that type and vport" },
	{ 0xa00003, "ft_in_use", "flow table still referenced or not empty" },
	{ 0xa00004, "fg_unknown", "no such flow group in the table" },
	{ 0xa00005, "fg_in_use", "entries remain in the flow group" },
	{ 0xa00006, "fte_unknown", "no flow entry at that index" },
	{ 0xa00007, "ft_fdb_not_manager", "FDB: not the E-Switch manager" },
	{ 0xa00008, "ft_vport_unknown", "other_vport: no such NIC vport" },
	{ 0xa10001, "ft_type", "flow table type not available" },
	{ 0xa10002, "ft_level_size",
	  "level over max_ft_level, or log_size over 20" },
	{ 0xa10003, "ft_miss_table_unknown", "table_miss_id: no such table" },
	{ 0xa20001, "fg_range", "group start after end, or beyond the table" },
	{ 0xa20002, "fg_overlap", "group overlaps another group" },
	{ 0xa20003, "fg_criteria_cap", "a match field the caps leave out" },
	{ 0xa30001, "fte_group_unknown", "flow entry: no such group" },
	{ 0xa30002, "fte_index_outside_group", "index outside its group" },
	{ 0xa30003, "fte_drop_and_forward", "drop together with forward" },
	{ 0xa30004, "fte_action", "an action not modelled" },
	{ 0xa30005, "fte_dest_count", "destination list size 0 or over 8" },
	{ 0xa30006, "fte_index_in_use", "an entry holds that index" },
	{ 0xa30007, "fte_dest_bad",
	  "a destination unknown or of a wrong type" },
	{ 0xa30008, "fte_lists_short", "destination list not all in the box" },
	{ 0xa30009, "fte_counter_count", "flow counter list size 0 or over 4" },
	{ 0xa3000a, "fte_counter_unknown", "an unknown flow counter" },
	{ 0xa3000b, "fte_duplicate",
	  "value equal under the group's mask to an entry's" },
	{ 0xa3000c, "fte_value_outside_criteria",
	  "a value bit outside the group's criteria" },
	{ 0xa3000d, "fte_dest_table_level",
	  "forward to a table not at a higher level (no ignore_flow_level)" },
	{ 0xa30021, "fte_decap_on_tx", "decap on a transmit table" },
	{ 0xa30022, "fte_mhdr_unknown", "unknown modify_header_id" },
	{ 0xa30023, "fte_mhdr_table_type",
	  "modify header made for another table type" },
	{ 0xa30024, "fte_reformat_unknown", "unknown packet_reformat_id" },
	{ 0xa30025, "fte_reformat_table_type",
	  "packet reformat not on this table type" },
	{ 0xa30026, "fte_reformat_and_decap",
	  "L3 tunnel decap reformat together with decap" },
	{ 0xa40001, "mhdr_table_type", "modify header: table type" },
	{ 0xa40002, "mhdr_num_actions", "num_of_actions 0 or over the caps" },
	{ 0xa40003, "mhdr_list_short", "action list not all in the box" },
	{ 0xa40004, "mhdr_unknown", "no such modify header context" },
	{ 0xa40005, "mhdr_in_use", "flow entries still use the context" },
	{ 0xa40010, "mhdr_action_type", "unknown action type" },
	{ 0xa40011, "mhdr_field", "unknown field" },
	{ 0xa40012, "mhdr_offset_length",
	  "offset and length beyond the field" },
	{ 0xa40013, "mhdr_add_field", "add on a field that takes no add" },
	{ 0xa40014, "mhdr_register_table_type",
	  "a metadata register this table type lacks" },
	{ 0xa50001, "reformat_type", "reformat type not supported" },
	{ 0xa50002, "reformat_size", "reformat_data_size for the type" },
	{ 0xa50003, "reformat_data_short", "reformat data not all in the box" },
	{ 0xa50004, "reformat_unknown", "no such packet reformat context" },
	{ 0xa50005, "reformat_in_use", "flow entries still use the context" },
	{ 0xfc0001, "fc_bulk_size", "flow counter bulk over 2^16" },
	{ 0xfc0002, "fc_unknown", "a flow counter of the range unknown" },
	{ 0xfc0003, "fc_dump_range",
	  "dump mkey unknown, address outside or no local write" },
	{ 0xfc0004, "fc_out_short", "out box too short for the counters" },
	{ 0xfc0010, "fc_not_allocation", "not an id an ALLOC returned" },
};

#define EMU_SYNDROME_AREA(t)                                                   \
	{                                                                      \
		t, sizeof(t) / sizeof((t)[0])                                  \
	}

static const struct {
	const struct emu_syndrome *row;
	size_t n;
} emu_syndrome_areas[] = {
	EMU_SYNDROME_AREA(emu_syndromes_core),
	EMU_SYNDROME_AREA(emu_syndromes_cmd),
	EMU_SYNDROME_AREA(emu_syndromes_queue),
	EMU_SYNDROME_AREA(emu_syndromes_steer),
};

const struct emu_syndrome *
emu_syndrome_find(uint32_t syndrome)
{
	size_t a, i;

	/* Only a failing command's trace line asks: a walk is enough. */
	for (a = 0;
	     a < sizeof(emu_syndrome_areas) / sizeof(emu_syndrome_areas[0]);
	     a++)
		for (i = 0; i < emu_syndrome_areas[a].n; i++)
			if (emu_syndrome_areas[a].row[i].value == syndrome)
				return &emu_syndrome_areas[a].row[i];
	return NULL;
}
